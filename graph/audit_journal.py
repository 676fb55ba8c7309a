"""Audit entries committed to a local journal, then copied into the graph (journal mode).

The request path waits only for the journal: entries are prepared (RFC 8785 body, leaf
hash), placed on the Merkle frontier by this process — the single sequencer — and written
inline, then acknowledged once an fsync taken after them has returned. One fsync, run in
a thread, commits every entry written while the previous one ran (group commit), so the
event loop never waits on the disk. A replicator copies committed entries into the graph
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
from core.errors import CreditError
from graph import audit_store

log = logging.getLogger("credit.audit")

#: A journal larger than this is emptied once the graph holds all of it.
ROTATE_BYTES = 8 * 1024 * 1024


class AuditJournalFailed(CreditError):
    """The journal could not be synced: whether entries reached the disk is unknown, so
    nothing more is acknowledged (and no answer leaves) until the process restarts."""

    code = "AUDIT_UNAVAILABLE"


def _journal_lines(placed: list[tuple[int, audit_store.Row]]) -> list[JournalLine]:
    """The journal lines of entries placed at these indexes."""
    return [
        JournalLine(index, row.leaf.hex(), row.body, row.at, row.fields, row.subjects)
        for index, row in placed
    ]


class JournalAuditWriter:
    """Inline commit to the journal; asynchronous, ordered copy into the graph."""

    def __init__(
        self,
        driver: AsyncDriver,
        database: str,
        path: Path,
        gather_s: float = 0.5,
        copy_batch: int = 2000,
    ) -> None:
        self.driver = driver
        self.database = database
        self.journal = Journal(path)
        #: Entries per graph transaction when copying (a few MB of bodies at most).
        self.copy_batch = copy_batch
        self._frontier: merkle.Frontier | None = None  # after every committed entry
        self._copied: merkle.Frontier | None = None  # the graph's head
        self._unreplicated: list[audit_store.Row] = []
        self._epoch = ""
        self._wake = asyncio.Event()
        self._urgent = asyncio.Event()  # a reader waits: copy now
        #: How long replication lets entries accumulate (fewer, larger graph transactions).
        self.gather_s = gather_s
        self._progress = asyncio.Event()  # set after each copy: flush re-checks
        self._tasks: list[asyncio.Task[None]] = []
        self._started = asyncio.Lock()
        self._placing = asyncio.Lock()  # placing entries on the frontier, journal written
        #: The log size up to which the journal is on disk; entries past it are written
        #: but not yet committed, and are neither acknowledged nor copied.
        self._durable_size = 0
        #: Bumped when the journal is rewritten or replaced: waits from before are over.
        self._generation = 0
        self._dirty = asyncio.Event()  # entries written since the last fsync began
        self._round: asyncio.Future[None] | None = None  # resolved by the next fsync
        self._failed: BaseException | None = None

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
            self._durable_size = frontier.size
            if self._unreplicated:
                self._wake.set()
            self._tasks = [
                asyncio.create_task(self._replicate_loop()),
                asyncio.create_task(self._sync_loop()),
            ]

    async def append(self, entry: Mapping[str, Any]) -> audit_store.AppendResult:
        """Append one entry; returns once it is durable in the journal.

        The entry is placed and its line written inline, without yielding to the event
        loop, so the journal's order is the log's order. Then it waits for the next fsync
        round: every entry written before that round began is committed by it.
        """
        if not self._tasks:
            await self._start()
        if self._failed is not None:
            raise AuditJournalFailed("the audit journal could not be synced") from self._failed
        row = audit_store.prepare(entry)
        # Taking a free asyncio lock does not yield: it only waits while a resync moves
        # the frontier.
        async with self._placing:
            try:
                result = self._place(row)
            except OSError as exc:
                raise AuditJournalFailed("the audit journal could not be written") from exc
            generation = self._generation
            if self._round is None:
                self._round = asyncio.get_running_loop().create_future()
            committed = self._round
            self._dirty.set()
        await asyncio.shield(committed)
        if generation == self._generation and self._durable_size < result.size:
            raise AuditJournalFailed("the audit entry was not committed")
        return result

    def _place(self, row: audit_store.Row) -> audit_store.AppendResult:
        assert self._frontier is not None
        frontier, placed = audit_store.rows_after(self._frontier, [row])
        self.journal.write(_journal_lines(placed))
        self._frontier = frontier
        self._unreplicated.append(row)
        return audit_store.AppendResult(placed[0][0], row.leaf, frontier.root(), frontier.size)

    async def _sync_loop(self) -> None:
        """Group commit: one fsync, in a thread, for everything written before it began."""
        while True:
            await self._dirty.wait()
            self._dirty.clear()
            assert self._frontier is not None
            target, generation = self._frontier.size, self._generation
            done, self._round = self._round, None
            try:
                await asyncio.to_thread(self.journal.syncer())
            except Exception as exc:  # the disk state is unknown: acknowledge nothing more
                log.exception("the audit journal could not be synced")
                self._failed = exc
                if done is not None:
                    done.set_exception(AuditJournalFailed("the audit journal could not be synced"))
                    done.exception()  # retrieved: every waiter re-raises it
                return
            if generation == self._generation:
                self._durable_size = max(self._durable_size, target)
            if done is not None:
                done.set_result(None)
            self._wake.set()  # committed entries may now be copied

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
        frontier, placed = audit_store.rows_after(head, self._unreplicated)
        self.journal.rewrite(self._epoch, _journal_lines(placed))
        self._copied, self._frontier = head, frontier
        self._durable_size, self._generation = frontier.size, self._generation + 1

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
        self._durable_size, self._generation = head.size, self._generation + 1
        self._unreplicated.clear()
        self._progress.set()

    async def _replicate(self) -> None:
        # Only what is committed and waiting now: entries appended meanwhile wait for the
        # next round, so under steady load each round is one transaction of gather_s worth
        # of entries.
        assert self._copied is not None
        pending = min(len(self._unreplicated), self._durable_size - self._copied.size)
        while pending > 0:
            rows = self._unreplicated[: min(self.copy_batch, pending)]
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
            pending -= len(rows)
            self._progress.set()
        # Appends run on this loop without yielding, so nothing is written between this
        # check and the rotation: only a journal the graph holds entirely is emptied.
        if not self._unreplicated and self.journal.size() > ROTATE_BYTES:
            self.journal.rotate(self._epoch)

    async def flush(self) -> None:
        """Wait until the graph holds every entry acknowledged before this call (those the
        journal has committed: an entry still waiting for its fsync was not acknowledged,
        and one whose fsync failed never will be)."""
        if not self._tasks:
            await self._start()
        target = self._durable_size
        while self._copied is not None and self._copied.size < target:
            self._progress.clear()
            self._urgent.set()
            self._wake.set()
            await self._progress.wait()
            # A replaced log (new epoch) starts again below the old target.
            target = min(target, self._durable_size)

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
