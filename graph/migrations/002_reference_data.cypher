// The catalog (Art. 13, 14): items are versioned by year, keyed code@year.
CREATE CONSTRAINT catalog_version_year IF NOT EXISTS FOR (v:CatalogVersion) REQUIRE v.year IS UNIQUE;
CREATE CONSTRAINT catalog_item_key IF NOT EXISTS FOR (c:CatalogItem) REQUIRE c.key IS UNIQUE;
CREATE INDEX catalog_item_code IF NOT EXISTS FOR (c:CatalogItem) ON (c.code);
// Sectors and their authorities (Art. 5), providers (Art. 9).
CREATE CONSTRAINT sector_code IF NOT EXISTS FOR (s:Sector) REQUIRE s.code IS UNIQUE;
CREATE CONSTRAINT provider_id IF NOT EXISTS FOR (p:Provider) REQUIRE p.id IS UNIQUE;
// Measure lists (Art. 33-35) and commitment items (Art. 32).
CREATE CONSTRAINT measure_code IF NOT EXISTS FOR (m:Measure) REQUIRE m.code IS UNIQUE;
CREATE CONSTRAINT commitment_item_code IF NOT EXISTS FOR (c:CommitmentItem) REQUIRE c.code IS UNIQUE;
// Written consents (Art. 20) and serious-dishonesty listings (Art. 29-31).
CREATE CONSTRAINT consent_key IF NOT EXISTS FOR (c:Consent) REQUIRE c.key IS UNIQUE;
CREATE CONSTRAINT listing_id IF NOT EXISTS FOR (l:Listing) REQUIRE l.id IS UNIQUE;
CREATE CONSTRAINT responsibility_key IF NOT EXISTS FOR (r:Responsibility) REQUIRE r.key IS UNIQUE;
