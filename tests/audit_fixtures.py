"""Fixtures of the audit log tests (graph mode and journal mode): an empty log with three
subjects to link entries to, and a checkpoint key."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from graph.connection import Graph

SUBJECTS = ["audit-test:alice", "audit-test:bob", "audit-test:carol"]

WIPE_AUDIT = """
MATCH (n) WHERE n:AuditLog OR n:AuditLeaf OR n:AuditEntry OR n:AuditCheckpoint
DETACH DELETE n
"""


@pytest.fixture
def audit_graph(graph: Graph) -> Graph:
    """The test graph with an empty audit log and three subjects to link entries to."""
    graph.run(WIPE_AUDIT)
    graph.run("MATCH (s:Subject) WHERE s.key STARTS WITH 'audit-test:' DETACH DELETE s")
    graph.run("UNWIND $keys AS k CREATE (:Subject:Person {key: k})", keys=SUBJECTS)
    return graph


@pytest.fixture(scope="module")
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()
