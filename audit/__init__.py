"""The tamper-evident audit log: who read or changed which credit file, for what purpose.

Entries are canonical JSON (RFC 8785) hashed into an RFC 6962 Merkle tree; a single
sequencer appends them, and Ed25519-signed checkpoints let a subject check that its
entries are in the log (inclusion proofs) and an auditor check that nothing logged
before a checkpoint was rewritten or dropped since (consistency proofs). This package is
pure (no database); ``graph.audit_store`` keeps the log in Neo4j.
"""
