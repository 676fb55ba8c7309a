// The audit log grows by one entry per request: every index on it is paid on each copy.
// Entries are found by index, actor, time, or from a subject; the channel is filtered after
// the subject's CONCERNS relationships are followed (repairs, withdrawals), so an index on
// five channel values only cost writes.
DROP INDEX audit_entry_channel IF EXISTS;
