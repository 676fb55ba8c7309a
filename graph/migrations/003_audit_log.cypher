// Audit log: one sequencer head, so its id is unique and appends serialize on its lock.
CREATE CONSTRAINT audit_log_id IF NOT EXISTS FOR (h:AuditLog) REQUIRE h.id IS UNIQUE;
// One leaf hash and one entry per position of the Merkle tree: a second writer at the same index fails.
CREATE CONSTRAINT audit_leaf_index IF NOT EXISTS FOR (l:AuditLeaf) REQUIRE l.index IS UNIQUE;
CREATE CONSTRAINT audit_entry_index IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.index IS UNIQUE;
// Checkpoints are idempotent per tree size.
CREATE CONSTRAINT audit_checkpoint_size IF NOT EXISTS FOR (c:AuditCheckpoint) REQUIRE c.size IS UNIQUE;
// Who used the files, and when: the access log is read by actor and by time.
CREATE INDEX audit_entry_actor IF NOT EXISTS FOR (e:AuditEntry) ON (e.actor);
CREATE INDEX audit_entry_at IF NOT EXISTS FOR (e:AuditEntry) ON (e.at);
