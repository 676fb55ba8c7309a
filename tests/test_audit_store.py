"""Integration tests of the audit log on the tests' own real Neo4j (no mocks).

The store is async (the API has one async driver per process); each test runs its
coroutines with ``asyncio.run`` on a driver opened and closed inside that run. Tampering
is done the way an intruder with database access would: Cypher straight on the graph.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from neo4j import AsyncDriver, AsyncManagedTransaction

from audit import merkle
from audit.canonical import AuditEntryInvalid
from audit.checkpoint import verify_checkpoint
from core.errors import NotFound
from core.settings import Settings
from graph import audit_store
from graph.connection import Graph
from tests.async_graph import run
from tests.audit_fixtures import WIPE_AUDIT

pytestmark = pytest.mark.integration

T = TypeVar("T")
ORIGIN = "credit.test/audit"
SUBJECTS = ["audit-test:alice", "audit-test:bob", "audit-test:carol"]
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def entry(i: int, **extra: Any) -> dict[str, Any]:
    return {
        "at": T0 + timedelta(minutes=i),
        "actor": "agency-a" if i % 2 == 0 else "agency-b",
        "channel": "GOV_SHARING",
        "purpose": "ADMINISTRATIVE_LICENSING",
        "operation": "creditFile",
        "subjects": [SUBJECTS[i % 3]],
        "fields": ["name", "records"],
        "n": i,
        **extra,
    }


async def append_all(
    driver: AsyncDriver, database: str, entries: list[dict[str, Any]]
) -> list[audit_store.AppendResult]:
    return [await audit_store.append_entry(driver, database, e) for e in entries]


def test_inclusion_proof_of_every_entry_verifies(
    audit_graph: Graph, test_settings: Settings, key: Ed25519PrivateKey
) -> None:
    async def work(driver: AsyncDriver, db: str) -> None:
        results = await append_all(driver, db, [entry(i) for i in range(10)])
        assert [r.index for r in results] == list(range(10))
        assert [r.size for r in results] == list(range(1, 11))
        head = results[-1].root
        for r in results:
            proof, size, root = await audit_store.inclusion(driver, db, r.index)
            assert (size, root) == (10, head)
            assert merkle.verify_inclusion(r.leaf_hash, r.index, size, proof, root)
        # A proof against an older tree size verifies against that size's root.
        proof, size, root = await audit_store.inclusion(driver, db, 2, size=5)
        assert (size, root) == (5, results[4].root)
        assert merkle.verify_inclusion(results[2].leaf_hash, 2, 5, proof, root)
        with pytest.raises(NotFound):
            await audit_store.inclusion(driver, db, 10)
        with pytest.raises(NotFound):
            await audit_store.inclusion(driver, db, 0, size=11)
        report = await audit_store.verify(driver, db, key.public_key())
        assert report.ok, report.problems
        assert report.size == 10

    run(test_settings, work)


def test_concurrent_appends_get_consecutive_indexes(
    audit_graph: Graph,
    test_settings: Settings,
    key: Ed25519PrivateKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(audit_store, "VERIFY_WINDOW", 3)

    async def work(driver: AsyncDriver, db: str) -> None:
        results = await asyncio.gather(
            *(audit_store.append_entry(driver, db, entry(i)) for i in range(20))
        )
        assert sorted(r.index for r in results) == list(range(20))
        assert sorted(r.size for r in results) == list(range(1, 21))
        report = await audit_store.verify(driver, db, key.public_key())
        assert report.ok, report.problems
        assert report.size == 20

    run(test_settings, work)


def test_a_rolled_back_append_leaves_no_gap(
    audit_graph: Graph, test_settings: Settings, key: Ed25519PrivateKey
) -> None:
    """The caller's transaction decides: its access entry and its own writes commit together."""

    async def work(driver: AsyncDriver, db: str) -> None:
        async def refused(tx: AsyncManagedTransaction) -> None:
            await audit_store.append(tx, entry(0))
            raise RuntimeError("the response could not be built")

        async with driver.session(database=db) as session:
            with pytest.raises(RuntimeError):
                await session.execute_write(refused)
        with pytest.raises(AuditEntryInvalid):
            await audit_store.append_entry(driver, db, {"actor": 7})
        result = await audit_store.append_entry(driver, db, entry(1))
        assert result.index == 0
        assert (await audit_store.verify(driver, db, key.public_key())).ok

    run(test_settings, work)


def test_checkpoints_are_consistent_as_the_log_grows(
    audit_graph: Graph, test_settings: Settings, key: Ed25519PrivateKey
) -> None:
    async def work(driver: AsyncDriver, db: str) -> None:
        public = key.public_key()
        await append_all(driver, db, [entry(i) for i in range(5)])
        first = await audit_store.checkpoint(driver, db, key, ORIGIN)
        assert (first.size, first.origin) == (5, ORIGIN)
        assert verify_checkpoint(public, first)
        # Idempotent per size: the first signature of a size is kept.
        assert await audit_store.checkpoint(driver, db, key, ORIGIN) == first

        results = await append_all(driver, db, [entry(i) for i in range(5, 12)])
        second = await audit_store.checkpoint(driver, db, key, ORIGIN)
        assert (second.size, second.root) == (12, results[-1].root)
        proof = await audit_store.consistency(driver, db, 5, 12)
        assert merkle.verify_consistency(5, 12, first.root, second.root, proof)
        assert not merkle.verify_consistency(5, 12, merkle.EMPTY_ROOT, second.root, proof)
        assert await audit_store.verify_checkpoints(driver, db, public, 5, 12)
        assert not await audit_store.verify_checkpoints(driver, db, public, 5, 11)
        other = Ed25519PrivateKey.generate().public_key()
        assert not await audit_store.verify_checkpoints(driver, db, other, 5, 12)
        report = await audit_store.verify(driver, db, public)
        assert report.ok, report.problems

    run(test_settings, work)


def test_an_edited_entry_is_named_by_verify(
    audit_graph: Graph,
    test_settings: Settings,
    key: Ed25519PrivateKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(audit_store, "VERIFY_WINDOW", 4)  # read the log in several windows
    public = key.public_key()

    async def setup(driver: AsyncDriver, db: str) -> None:
        await append_all(driver, db, [entry(i) for i in range(6)])
        await audit_store.checkpoint(driver, db, key, ORIGIN)

    run(test_settings, setup)
    # The body of entry 3 says another purpose now; entry 4 now names another actor.
    audit_graph.run(
        "MATCH (e:AuditEntry {index: 3}) "
        "SET e.body = replace(e.body, 'ADMINISTRATIVE_LICENSING', 'CREDIT_SERVICE')"
    )
    audit_graph.run("MATCH (e:AuditEntry {index: 4}) SET e.actor = 'someone-else'")

    report = run(test_settings, lambda d, db: audit_store.verify(d, db, public))
    assert not report.ok
    assert any("entry 3" in p and "body was changed" in p for p in report.problems)
    assert any("entry 4" in p and "actor" in p for p in report.problems)
    assert len(report.problems) == 2, report.problems


def test_deleted_leaves_and_entries_are_detected(
    audit_graph: Graph, test_settings: Settings, key: Ed25519PrivateKey
) -> None:
    public = key.public_key()

    async def setup(driver: AsyncDriver, db: str) -> None:
        await append_all(driver, db, [entry(i) for i in range(6)])
        await audit_store.checkpoint(driver, db, key, ORIGIN)

    run(test_settings, setup)
    audit_graph.run("MATCH (n) WHERE (n:AuditLeaf OR n:AuditEntry) AND n.index = 2 DETACH DELETE n")
    report = run(test_settings, lambda d, db: audit_store.verify(d, db, public))
    assert not report.ok
    assert "leaf 2 is missing (deleted?)" in report.problems
    assert "entry 2 is missing (deleted?)" in report.problems


def test_a_truncated_log_with_a_rebuilt_head_is_caught_by_its_checkpoint(
    audit_graph: Graph, test_settings: Settings, key: Ed25519PrivateKey
) -> None:
    """Dropping the newest entry and rewinding the head leaves a self-consistent tree:
    only the checkpoint signed before shows that entries were removed."""
    public = key.public_key()

    async def setup(driver: AsyncDriver, db: str) -> list[audit_store.AppendResult]:
        results = await append_all(driver, db, [entry(i) for i in range(6)])
        await audit_store.checkpoint(driver, db, key, ORIGIN)
        return results

    results = run(test_settings, setup)
    audit_graph.run("MATCH (n) WHERE (n:AuditLeaf OR n:AuditEntry) AND n.index = 5 DETACH DELETE n")
    frontier = merkle.Frontier.of([r.leaf_hash for r in results[:5]])
    audit_graph.run(
        "MATCH (h:AuditLog) SET h.size = 5, h.frontier = $frontier, h.root = $root",
        frontier=[h.hex() for h in frontier.subtrees],
        root=frontier.root().hex(),
    )
    report = run(test_settings, lambda d, db: audit_store.verify(d, db, public))
    assert report.problems == ["checkpoint 6 is beyond the log's 5 entries: log truncated"]


def test_a_rewritten_history_is_caught_by_its_checkpoint(
    audit_graph: Graph, test_settings: Settings, key: Ed25519PrivateKey
) -> None:
    """Rewriting an entry and every hash above it fools the root, not the signed checkpoint."""
    public = key.public_key()

    async def setup(driver: AsyncDriver, db: str) -> None:
        await append_all(driver, db, [entry(i) for i in range(4)])
        await audit_store.checkpoint(driver, db, key, ORIGIN)

    run(test_settings, setup)
    # Replace all four entries the sequencer's way, as an intruder running its code would.
    audit_graph.run(WIPE_AUDIT.replace("OR n:AuditCheckpoint", ""))

    async def rewrite(driver: AsyncDriver, db: str) -> audit_store.VerifyReport:
        await append_all(driver, db, [entry(i, n=100 + i) for i in range(4)])
        return await audit_store.verify(driver, db, public)

    report = run(test_settings, rewrite)
    assert report.problems == [
        "checkpoint 4 is not consistent with the tree: the log was rewritten"
    ]


def test_redaction_removes_the_body_and_links_but_keeps_the_tree(
    audit_graph: Graph, test_settings: Settings, key: Ed25519PrivateKey
) -> None:
    public = key.public_key()

    async def work(driver: AsyncDriver, db: str) -> None:
        results = await append_all(driver, db, [entry(i, subjects=SUBJECTS[:2]) for i in range(4)])
        await audit_store.checkpoint(driver, db, key, ORIGIN)
        await audit_store.redact(driver, db, 1)
        await audit_store.redact(driver, db, 1)  # idempotent
        with pytest.raises(NotFound):
            await audit_store.redact(driver, db, 99)
        report = await audit_store.verify(driver, db, public)
        assert report.ok, report.problems
        page = await audit_store.entries(driver, db)
        assert [(e.index, e.body is None) for e in page] == [
            (3, False),
            (2, False),
            (1, True),
            (0, False),
        ]
        assert page[2].leaf_hash == results[1].leaf_hash
        of_alice = await audit_store.entries(driver, db, subject_key=SUBJECTS[0])
        assert [e.index for e in of_alice] == [3, 2, 0]
        proof, size, root = await audit_store.inclusion(driver, db, 1)
        assert merkle.verify_inclusion(results[1].leaf_hash, 1, size, proof, root)

    run(test_settings, work)
    rows = audit_graph.run(
        "MATCH (e:AuditEntry {index: 1}) "
        "RETURN e.body AS body, e.redacted AS redacted, COUNT { (e)-[:CONCERNS]->() } AS links"
    )
    assert rows == [{"body": None, "redacted": True, "links": 0}]
    assert audit_graph.run("MATCH (l:AuditLeaf {index: 1}) RETURN count(l) AS n") == [{"n": 1}]


def test_entries_filter_by_actor_subject_and_time_newest_first(
    audit_graph: Graph, test_settings: Settings
) -> None:
    async def work(driver: AsyncDriver, db: str) -> None:
        results = await append_all(
            driver, db, [entry(i) for i in range(9)] + [entry(9, subjects=["unknown:key"])]
        )
        everything = await audit_store.entries(driver, db)
        assert [e.index for e in everything] == list(range(9, -1, -1))
        assert everything[0].at == T0 + timedelta(minutes=9)
        assert everything[0].leaf_hash == results[9].leaf_hash
        assert everything[0].body is not None
        assert everything[0].body["subjects"] == ["unknown:key"]

        by_a = await audit_store.entries(driver, db, actor="agency-a")
        assert [e.index for e in by_a] == [8, 6, 4, 2, 0]
        of_bob = await audit_store.entries(driver, db, subject_key=SUBJECTS[1])
        assert [e.index for e in of_bob] == [7, 4, 1]
        of_bob_by_b = await audit_store.entries(
            driver, db, subject_key=SUBJECTS[1], actor="agency-b"
        )
        assert [e.index for e in of_bob_by_b] == [7, 1]
        window = await audit_store.entries(
            driver, db, since=T0 + timedelta(minutes=3), until=T0 + timedelta(minutes=6)
        )
        assert [e.index for e in window] == [5, 4, 3]

        pages: list[list[int]] = []
        cursor: int | None = None
        while True:
            page = await audit_store.entries(driver, db, after_index=cursor, limit=4)
            if not page:
                break
            pages.append([e.index for e in page])
            cursor = page[-1].index
        assert pages == [[9, 8, 7, 6], [5, 4, 3, 2], [1, 0]]
        with pytest.raises(ValueError, match="aware"):
            await audit_store.entries(driver, db, since=datetime(2026, 1, 1))

    run(test_settings, work)
    assert audit_graph.run(
        "MATCH (e:AuditEntry {index: 9}) RETURN COUNT { (e)-[:CONCERNS]->() } AS n"
    ) == [{"n": 0}]


def test_group_commit_keeps_order_gaps_and_proofs(
    audit_graph: Graph, test_settings: Settings, key: Ed25519PrivateKey
) -> None:
    from graph.audit_writer import AuditWriter

    async def work(driver: AsyncDriver, db: str) -> None:
        writer = AuditWriter(driver, db, max_batch=8)
        results = await asyncio.gather(*(writer.append(entry(i)) for i in range(40)))
        await writer.close()
        assert sorted(r.index for r in results) == list(range(40))
        report = await audit_store.verify(driver, db, key.public_key())
        assert report.ok, report.problems
        for r in results[:5]:
            proof, size, root = await audit_store.inclusion(driver, db, r.index)
            assert merkle.verify_inclusion(r.leaf_hash, r.index, size, proof, root)

    run(test_settings, work)


def test_two_writers_as_two_processes_keep_one_sequence(
    audit_graph: Graph, test_settings: Settings, key: Ed25519PrivateKey
) -> None:
    """Each writer caches the head; when the other one moved it, the conditional append
    writes nothing and the writer places its entries again."""
    from graph.audit_writer import AuditWriter

    async def work(driver: AsyncDriver, db: str) -> None:
        one, two = AuditWriter(driver, db, max_batch=4), AuditWriter(driver, db, max_batch=4)
        results = await asyncio.gather(
            *(
                w.append(entry(i))
                for i in range(30)
                for w in (one, two)
                if (i % 2 == 0) == (w is one)
            )
        )
        await one.close()
        await two.close()
        assert sorted(r.index for r in results) == list(range(30))
        report = await audit_store.verify(driver, db, key.public_key())
        assert report.ok, report.problems

    run(test_settings, work)
