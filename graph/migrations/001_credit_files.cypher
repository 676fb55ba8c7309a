// Credit files (Art. 10): one file per subject, keyed by its identifier.
CREATE CONSTRAINT subject_key IF NOT EXISTS FOR (s:Subject) REQUIRE s.key IS UNIQUE;
CREATE CONSTRAINT organization_uscc IF NOT EXISTS FOR (o:Organization) REQUIRE o.uscc IS UNIQUE;
CREATE INDEX person_number IF NOT EXISTS FOR (p:Person) ON (p.number);
CREATE INDEX subject_name IF NOT EXISTS FOR (s:Subject) ON (s.name);
// Records: unique by id, and by provider + the provider's source id so ingest is idempotent.
CREATE CONSTRAINT record_id IF NOT EXISTS FOR (r:Record) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT record_source IF NOT EXISTS FOR (r:Record) REQUIRE r.sourceKey IS UNIQUE;
CREATE INDEX record_kind_status IF NOT EXISTS FOR (r:Record) ON (r.kind, r.status);
CREATE INDEX record_subject IF NOT EXISTS FOR (r:Record) ON (r.subjectKey);
CREATE INDEX record_occurred IF NOT EXISTS FOR (r:Record) ON (r.occurredAt);
CREATE INDEX record_public_until IF NOT EXISTS FOR (r:Record) ON (r.publicUntil);
// Basis documents (Art. 16), keyed by issuer and number.
CREATE CONSTRAINT basis_key IF NOT EXISTS FOR (b:BasisDocument) REQUIRE b.key IS UNIQUE;
// Dated roles (Art. 31): unique per provider source id so re-submission merges.
CREATE CONSTRAINT role_source_lr IF NOT EXISTS FOR ()-[r:LEGAL_REPRESENTATIVE_OF]-() REQUIRE r.sourceKey IS UNIQUE;
CREATE CONSTRAINT role_source_pr IF NOT EXISTS FOR ()-[r:PRINCIPAL_OF]-() REQUIRE r.sourceKey IS UNIQUE;
CREATE CONSTRAINT role_source_ac IF NOT EXISTS FOR ()-[r:ACTUAL_CONTROLLER_OF]-() REQUIRE r.sourceKey IS UNIQUE;
CREATE CONSTRAINT role_source_di IF NOT EXISTS FOR ()-[r:DIRECTOR_OF]-() REQUIRE r.sourceKey IS UNIQUE;
CREATE CONSTRAINT role_source_sh IF NOT EXISTS FOR ()-[r:SHAREHOLDER_OF]-() REQUIRE r.sourceKey IS UNIQUE;
