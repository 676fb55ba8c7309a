// The records list (graph/reads.py record_search_query) reads each visible family and kind
// as its own index seek: PUBLIC records of the kinds a channel sees, MARKET records when it
// sees market information. Without this index the family test made the planner scan every
// record once per branch.
CREATE INDEX record_family_kind IF NOT EXISTS FOR (r:Record) ON (r.family, r.kind);
