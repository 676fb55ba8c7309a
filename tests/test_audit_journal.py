"""Journal mode (Art. 56): entries commit to an fsync'd local journal, reach the graph log
in order, survive a crash before replication, and never feed a replaced log."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from neo4j import AsyncDriver

from audit import merkle
from audit.journal import Journal
from core.settings import Settings
from graph import audit_store
from graph.audit_journal import AuditJournalFailed, JournalAuditWriter
from graph.connection import Graph
from tests.test_audit_store import entry, run

pytestmark = pytest.mark.integration


def _count(graph: Graph) -> int:
    return int(graph.run("MATCH (e:AuditEntry) RETURN count(e) AS n")[0]["n"])


def test_acknowledged_entries_are_in_the_journal_then_in_the_graph(
    audit_graph: Graph, test_settings: Settings, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "journal.jsonl"

    async def work(driver: AsyncDriver, db: str) -> None:
        writer = JournalAuditWriter(driver, db, path, copy_batch=8)
        results = await asyncio.gather(*(writer.append(entry(i)) for i in range(40)))
        _, lines = Journal(path).read()
        assert sorted(line.index for line in lines) == list(range(40))
        await writer.flush()
        assert sorted(r.index for r in results) == list(range(40))
        report = await audit_store.verify(driver, db, key.public_key())
        assert report.ok and report.size == 40, report.problems
        for r in results[:3]:
            proof, size, root = await audit_store.inclusion(driver, db, r.index)
            assert merkle.verify_inclusion(r.leaf_hash, r.index, size, proof, root)
        await writer.close()

    run(test_settings, work)
    assert _count(audit_graph) == 40


def test_concurrent_entries_share_fsyncs_and_wait_for_one(
    audit_graph: Graph,
    test_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Group commit: an entry is acknowledged only after an fsync that began after its
    line was written, and entries written meanwhile share that fsync."""
    path = tmp_path / "journal.jsonl"
    synced: list[int] = []  # journal bytes on disk after each fsync
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        real_fsync(fd)
        synced.append(os.fstat(fd).st_size)

    monkeypatch.setattr("audit.journal.os.fsync", fsync)

    async def work(driver: AsyncDriver, db: str) -> None:
        writer = JournalAuditWriter(driver, db, path)
        await writer.append(entry(0))

        async def acknowledged(i: int) -> bool:
            r = await writer.append(entry(i))
            data = path.read_bytes()
            line_end = data.index(b"\n", data.index(b'{"i": %d,' % r.index)) + 1
            return bool(synced) and line_end <= synced[-1]  # on disk when acknowledged

        assert all(await asyncio.gather(*(acknowledged(i) for i in range(1, 41))))
        await writer.close()

    run(test_settings, work)
    _, lines = Journal(path).read()
    assert len(lines) == 41
    assert 2 <= len(synced) < 41, synced  # shared, not one per entry


def test_a_failed_fsync_acknowledges_nothing_more(
    audit_graph: Graph,
    test_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "journal.jsonl"

    async def work(driver: AsyncDriver, db: str) -> None:
        writer = JournalAuditWriter(driver, db, path)
        await writer.append(entry(0))
        await writer.flush()

        def broken(fd: int) -> None:
            raise OSError(5, "Input/output error")

        monkeypatch.setattr("audit.journal.os.fsync", broken)
        with pytest.raises(AuditJournalFailed):
            await asyncio.wait_for(writer.append(entry(1)), 10)
        monkeypatch.undo()
        with pytest.raises(AuditJournalFailed):  # the disk state is unknown: still refused
            await asyncio.wait_for(writer.append(entry(2)), 10)
        await writer.close()

    run(test_settings, work)
    assert _count(audit_graph) == 1  # the unacknowledged entries never reach the graph


def test_an_append_waiting_for_a_resync_is_refused_once_the_journal_failed(
    audit_graph: Graph, test_settings: Settings, tmp_path: Path
) -> None:
    """An append that passed the first check, then waited while a resync held the
    frontier, must not be handed to a committer whose fsync failed meanwhile: it would
    wait forever, or be acknowledged without being on disk."""
    path = tmp_path / "journal.jsonl"

    async def work(driver: AsyncDriver, db: str) -> None:
        writer = JournalAuditWriter(driver, db, path)
        await writer.append(entry(0))
        async with writer._placing:  # a resync holds the frontier
            waiting = asyncio.create_task(writer.append(entry(1)))
            await asyncio.sleep(0.1)  # past the first check, waiting for the lock
            writer._committed(writer._committed_lines, OSError(5, "EIO"), True)  # fsync failed
        with pytest.raises(AuditJournalFailed):
            await asyncio.wait_for(waiting, 10)
        await writer.close()

    run(test_settings, work)
    assert _count(audit_graph) == 1


def test_a_failed_write_refuses_its_entries_and_the_next_follow_the_last_committed(
    audit_graph: Graph,
    test_settings: Settings,
    key: Ed25519PrivateKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full disk: the cut-off write refuses its entries, and the entries after them are
    placed again after the last committed one, so the log has no hole."""
    from tests.test_journal_file import half_then_full

    path = tmp_path / "journal.jsonl"

    async def work(driver: AsyncDriver, db: str) -> None:
        writer = JournalAuditWriter(driver, db, path)
        await writer.append(entry(0))
        monkeypatch.setattr("audit.journal.os.write", half_then_full)
        with pytest.raises(AuditJournalFailed):
            await asyncio.wait_for(writer.append(entry(1)), 10)
        monkeypatch.undo()
        result = await asyncio.wait_for(writer.append(entry(2)), 10)
        assert result.index == 1
        await writer.flush()
        report = await audit_store.verify(driver, db, key.public_key())
        assert report.ok and report.size == 2, report.problems
        await writer.close()

    run(test_settings, work)
    _, lines = Journal(path).read()
    assert [line.index for line in lines] == [0, 1]
    bodies = [json.loads(r["b"])["n"] for r in audit_graph.run(
        "MATCH (e:AuditEntry) RETURN e.body AS b ORDER BY e.index")]  # fmt: skip
    assert bodies == [0, 2]


def test_a_crash_before_replication_loses_nothing(
    audit_graph: Graph, test_settings: Settings, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "journal.jsonl"

    async def crash(driver: AsyncDriver, db: str) -> None:
        writer = JournalAuditWriter(driver, db, path)
        await writer.append(entry(0))
        await writer.flush()
        writer._tasks[0].cancel()  # the replicator dies: the process crashed
        for i in range(1, 6):
            await writer.append(entry(i))
        writer.journal.close()

    async def restart(driver: AsyncDriver, db: str) -> None:
        writer = JournalAuditWriter(driver, db, path)
        await writer.flush()  # replays what the graph lacks
        result = await writer.append(entry(6))
        await writer.close()
        assert result.index == 6
        report = await audit_store.verify(driver, db, key.public_key())
        assert report.ok and report.size == 7, report.problems

    run(test_settings, crash)
    assert _count(audit_graph) == 1
    with path.open("ab") as f:
        f.write(b'{"i": 99, "h": "torn')  # a write cut short: never acknowledged
    run(test_settings, restart)
    assert _count(audit_graph) == 7


def test_a_journal_of_another_log_is_set_aside(
    audit_graph: Graph, test_settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "journal.jsonl"
    stale = {"i": 0, "h": "00" * 32, "b": "{}", "at": "x", "f": {}, "s": []}
    path.write_text(json.dumps({"epoch": "another"}) + "\n" + json.dumps(stale) + "\n")

    async def work(driver: AsyncDriver, db: str) -> None:
        writer = JournalAuditWriter(driver, db, path)
        result = await writer.append(entry(0))
        await writer.close()
        assert result.index == 0

    run(test_settings, work)
    assert _count(audit_graph) == 1
    assert list(tmp_path.glob("journal.jsonl.*.old"))


def test_another_writer_on_the_log_moves_pending_entries_after_its_own(
    audit_graph: Graph, test_settings: Settings, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    from graph.audit_writer import AuditWriter

    path = tmp_path / "journal.jsonl"

    async def work(driver: AsyncDriver, db: str) -> None:
        journal = JournalAuditWriter(driver, db, path)
        await journal.append(entry(0))
        await journal.flush()
        journal._tasks[0].cancel()  # hold replication while the other process writes
        for i in range(1, 4):
            await journal.append(entry(i))
        other = AuditWriter(driver, db)
        await other.append(entry(100))
        await other.close()
        journal._tasks[0] = asyncio.create_task(journal._replicate_loop())
        await journal.flush()
        await journal.close()
        report = await audit_store.verify(driver, db, key.public_key())
        assert report.ok and report.size == 5, report.problems
        _, lines = Journal(path).read()
        assert all(line.index >= 2 for line in lines)  # rewritten after the other's entry

    run(test_settings, work)
    bodies = [json.loads(r["b"])["n"] for r in audit_graph.run(
        "MATCH (e:AuditEntry) RETURN e.body AS b ORDER BY e.index")]  # fmt: skip
    assert bodies == [0, 100, 1, 2, 3]
