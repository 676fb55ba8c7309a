"""Audit entries committed to a local journal, then copied into the graph (journal mode).

The request path waits only for the journal: entries are prepared (RFC 8785 body, leaf
hash), placed on the Merkle frontier by this process — the single sequencer — written and
fsync'd in groups, and acknowledged. A replicator copies committed entries into the graph
log in larger batches right after, where they answer access logs, proofs, checkpoints
and ``credit audit verify``; readers of the log call ``flush`` first, so an API answer
never misses an entry that was acknowledged. On start the journal is replayed: whatever
the graph does not hold yet is copied before new entries are taken.

Use it when one API process writes the log (``credit serve``); with several processes,
``CREDIT_AUDIT_MODE=graph`` makes the graph's head lock the sequencer instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver

from audit import merkle
from audit.journal import Journal, JournalLine
from graph import audit_store
from graph.audit_writer import Waiter, group_commit

log = logging.getLogger("credit.audit")

#: A journal larger than this is emptied once the graph holds all of it.
ROTATE_BYTES = 8 * 1024 * 1024


class JournalAuditWriter:
    """Group commit to the journal; asynchronous, ordered copy into the graph."""

    def __init__(
        self,
        driver: AsyncDriver,
        database: str,
        path: Path,
        max_batch: int = 256,
        gather_s: float = 0.05,
    ) -> None:
        self.driver = driver
        self.database = database
        self.journal = Journal(path)
        self.max_batch = max_batch
        self._queue: asyncio.Queue[Waiter] = asyncio.Queue()
        self._frontier: merkle.Frontier | None = None  # after every committed entry
        self._copied: merkle.Frontier | None = None  # the graph's head
        self._unreplicated: list[audit_store.Row] = []
        self._epoch = ""
        self._wake = asyncio.Event()
        self._urgent = asyncio.Event()  # a reader waits: copy now
        #: How long replication lets entries accumulate (fewer, larger graph transactions).
        self.gather_s = gather_s
        self._idle = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._started = asyncio.Lock()
        self._placing = asyncio.Lock()  # placing entries on the frontier, journal written

    async def _start(self) -> None:
        async with self._started:
            if self._tasks:
                return
            async with self.driver.session(database=self.database) as session:
                epoch, head = await session.execute_write(
                    audit_store.head_and_epoch, uuid.uuid4().hex
                )
            self._epoch = epoch
            self._copied = head
            journal_epoch, lines = self.journal.read()
            frontier = head
            if journal_epoch != epoch:
                self.journal.start(epoch)
                lines = []
            for line in (x for x in lines if x.index >= head.size):
                if line.index != frontier.size:
                    raise audit_store.AuditLogCorrupt(
                        f"journal line {line.index} does not follow the log at {frontier.size}"
                    )
                frontier = frontier.append(bytes.fromhex(line.leaf))
                self._unreplicated.append(
                    audit_store.Row(
                        line.body, bytes.fromhex(line.leaf), line.at, line.fields, line.subjects
                    )
                )
            self._frontier = frontier
            self._idle.set() if not self._unreplicated else self._wake.set()
            self._tasks = [
                asyncio.create_task(self._commit_loop()),
                asyncio.create_task(self._replicate_loop()),
            ]

    async def append(self, entry: Mapping[str, Any]) -> audit_store.AppendResult:
        """Append one entry; returns once it is durable in the journal."""
        if not self._tasks:
            await self._start()
        future: asyncio.Future[audit_store.AppendResult] = (
            asyncio.get_running_loop().create_future()
        )
        await self._queue.put((entry, future))
        return await future

    async def _commit_loop(self) -> None:
        await group_commit(self._queue, self.max_batch, self._commit)

    async def _commit(self, entries: list[Mapping[str, Any]]) -> list[audit_store.AppendResult]:
        rows = [audit_store.prepare(entry) for entry in entries]
        async with self._placing:
            return await self._place(rows)

    async def _place(self, rows: list[audit_store.Row]) -> list[audit_store.AppendResult]:
        assert self._frontier is not None
        frontier = self._frontier
        lines, placed = [], []
        for row in rows:
            frontier = frontier.append(row.leaf)
            index = frontier.size - 1
            lines.append(JournalLine(index, row.leaf.hex(), row.body, row.at, row.fields,
                                     row.subjects))  # fmt: skip
            placed.append((index, row))
        await asyncio.to_thread(self.journal.append, lines)
        self._frontier = frontier
        self._unreplicated.extend(rows)
        self._idle.clear()
        self._wake.set()
        root = frontier.root()
        return [audit_store.AppendResult(i, row.leaf, root, frontier.size) for i, row in placed]

    async def _replicate_loop(self) -> None:
        while True:
            await self._wake.wait()
            if not self._urgent.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._urgent.wait(), self.gather_s)
            self._wake.clear()
            self._urgent.clear()
            try:
                await self._replicate()
            except audit_store.AuditLogCorrupt:
                try:
                    await self._resynced()
                except Exception:
                    log.exception("the graph log cannot be followed yet; retrying")
                    await asyncio.sleep(1.0)
                self._wake.set()
            except Exception:
                log.exception("audit entries could not be copied to the graph yet; retrying")
                await asyncio.sleep(1.0)
                self._wake.set()

    async def _resynced(self) -> None:
        """The graph log is not where this journal left it. Another sequencer appended
        (a process in graph mode): the entries not copied yet are placed after its head
        and the journal is rewritten with them, so a restart replays them where they now
        belong. The log was wiped or replaced (a new epoch): follow the new log with a new
        journal; the old file, with anything the graph never got, is kept aside."""
        async with self._placing:
            async with self.driver.session(database=self.database) as session:
                epoch, head = await session.execute_write(
                    audit_store.head_and_epoch, uuid.uuid4().hex
                )
            if epoch == self._epoch:
                self._rebase(head)
            else:
                self._follow(epoch, head)

    def _rebase(self, head: merkle.Frontier) -> None:
        if self._copied is not None and head.size == self._copied.size:
            return  # nothing moved
        log.warning(
            "another writer appended to the graph log (now %d entries): %d pending entries "
            "are placed after it",
            head.size,
            len(self._unreplicated),
        )
        frontier, lines = head, []
        for row in self._unreplicated:
            frontier = frontier.append(row.leaf)
            lines.append(JournalLine(frontier.size - 1, row.leaf.hex(), row.body, row.at,
                                     row.fields, row.subjects))  # fmt: skip
        self.journal.rewrite(self._epoch, lines)
        self._copied, self._frontier = head, frontier

    def _follow(self, epoch: str, head: merkle.Frontier) -> None:
        log.error(
            "the graph audit log was replaced (epoch %s, was %s): %d entries not copied stay "
            "in the previous journal file",
            epoch,
            self._epoch,
            len(self._unreplicated),
        )
        self.journal.start(epoch)
        self._epoch, self._copied, self._frontier = epoch, head, head
        self._unreplicated.clear()
        self._idle.set()

    async def _replicate(self) -> None:
        while self._unreplicated:
            rows = self._unreplicated[: self.max_batch]
            head = self._copied
            assert head is not None

            async def write(
                tx: Any, rows: list[audit_store.Row] = rows, head: merkle.Frontier = head
            ) -> Any:
                return await audit_store.append_rows_at(tx, head, rows)

            async with self.driver.session(database=self.database) as session:
                actual, results = await session.execute_write(write)
            if results is None:
                raise audit_store.AuditLogCorrupt(
                    f"the graph log moved to {actual.size if actual else 0} while this "
                    "process sequences it: run a single writer or CREDIT_AUDIT_MODE=graph"
                )
            self._copied = actual
            del self._unreplicated[: len(rows)]
        if self.journal.size() > ROTATE_BYTES:
            await asyncio.to_thread(self.journal.rotate, self._epoch)
        self._idle.set()

    async def flush(self) -> None:
        """Wait until the graph holds every acknowledged entry."""
        if not self._tasks:
            await self._start()
        if self._unreplicated:
            self._idle.clear()
            self._urgent.set()
            self._wake.set()
            await self._idle.wait()

    async def resync(self) -> None:
        """The graph log was restored or replaced by an operator: follow the new log from
        its head."""
        if not self._tasks:
            await self._start()
        await self._resynced()

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.flush(), timeout=5)
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.journal.close()
