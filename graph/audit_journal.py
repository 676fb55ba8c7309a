"""Audit entries committed to a local journal, then copied into the graph (journal mode).

The request path waits only for the journal: entries are prepared (RFC 8785 body, leaf
hash) and placed on the Merkle frontier by this process — the single sequencer — without
yielding, so the journal's order is the log's order. Their lines go to a committer
thread (``audit.committer``) that writes and fsyncs everything handed over since its
last round at once (group commit); an entry is acknowledged when the round holding it
reports back, so the event loop never waits on the disk. A replicator copies committed
entries into the graph log in larger batches right after, where they answer access
logs, proofs, checkpoints and ``credit audit verify``; readers of the log call ``flush``
first, so an API answer never misses an entry that was acknowledged. On start the
journal is replayed: whatever the graph does not hold yet is copied before new entries
are taken.

Use it when one API process writes the log (``credit serve``); with several processes,
``CREDIT_AUDIT_MODE=graph`` makes the graph's head lock the sequencer instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import deque
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver

from audit import merkle
from audit.committer import JournalCommitter
from audit.journal import Journal, JournalLine, encode
from core.errors import CreditError
from graph import audit_store
from graph.effects import execute_write

log = logging.getLogger("credit.audit")

#: A journal larger than this is emptied once the graph holds all of it.
ROTATE_BYTES = 8 * 1024 * 1024


class AuditJournalFailed(CreditError):
    """The journal could not be written or synced: whether entries reached the disk is
    unknown, so nothing more is acknowledged (and no answer leaves) until the process
    restarts."""

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
        self._placing = asyncio.Lock()  # placing entries on the frontier
        self._committer: JournalCommitter | None = None
        #: Lines the committer has reported on disk (numbered by submission, from 1).
        self._committed_lines = 0
        #: Appends waiting for their line to be committed, in submission order.
        self._waiters: deque[tuple[int, asyncio.Future[None]]] = deque()
        self._failed: BaseException | None = None
        self._closed = False
        #: Counters for the benchmark: entries appended, fsync rounds, graph copies.
        self.stats = {"entries": 0, "syncs": 0, "copies": 0}

    @property
    def _durable_size(self) -> int:
        """The log size up to which the journal is on disk: entries past it are placed
        but not yet committed, and are neither acknowledged nor copied."""
        assert self._frontier is not None
        submitted = self._committer.submitted if self._committer else 0
        return self._frontier.size - (submitted - self._committed_lines)

    async def _start(self) -> None:
        async with self._started:
            if self._tasks:
                return
            async with self.driver.session(database=self.database) as session:
                epoch, head = await execute_write(
                    session, audit_store.head_and_epoch, uuid.uuid4().hex
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
            loop = asyncio.get_running_loop()

            def report(upto: int, error: BaseException | None, final: bool) -> None:
                with contextlib.suppress(RuntimeError):  # the loop has closed
                    loop.call_soon_threadsafe(self._committed, upto, error, final)

            self._committer = JournalCommitter(self.journal, report)
            if self._unreplicated:
                self._wake.set()
            self._tasks = [asyncio.create_task(self._replicate_loop())]

    async def append(self, entry: Mapping[str, Any]) -> audit_store.AppendResult:
        """Append one entry; returns once it is durable in the journal.

        The entry is placed and its line handed to the committer inline, without
        yielding to the event loop, so the journal's order is the log's order. Then it
        waits for the committer's round that wrote and synced that line.
        """
        if not self._tasks:
            await self._start()
        self._check_open()
        row = audit_store.prepare(entry)
        # Taking a free asyncio lock does not yield: it only waits while a resync moves
        # the frontier (and the journal may fail or close meanwhile: checked again).
        async with self._placing:
            self._check_open()
            result, number = self._place(row)
            committed = asyncio.get_running_loop().create_future()
            self._waiters.append((number, committed))
        await committed
        return result

    def _check_open(self) -> None:
        if self._failed is not None:
            raise AuditJournalFailed("the audit journal could not be synced") from self._failed
        if self._closed:
            raise AuditJournalFailed("the audit journal is closed")

    def _place(self, row: audit_store.Row) -> tuple[audit_store.AppendResult, int]:
        assert self._frontier is not None and self._committer is not None
        frontier, placed = audit_store.rows_after(self._frontier, [row])
        number = self._committer.submit(encode(_journal_lines(placed))[0])
        self._frontier = frontier
        self._unreplicated.append(row)
        self.stats["entries"] += 1
        return audit_store.AppendResult(placed[0][0], row.leaf, frontier), number

    def _committed(self, upto: int, error: BaseException | None, final: bool = False) -> None:
        """The committer's report: every line up to ``upto`` is on disk. With ``error``,
        the lines after it are not; if ``final``, none will ever be."""
        self.stats["syncs"] += 1
        self._committed_lines = max(self._committed_lines, upto)
        while self._waiters and self._waiters[0][0] <= self._committed_lines:
            _, waiter = self._waiters.popleft()
            if not waiter.done():  # a request that timed out no longer waits
                waiter.set_result(None)
        if error is not None and self._failed is None:
            if final:
                log.error("the audit journal could not be synced", exc_info=error)
                self._failed = error
            else:
                log.error("the audit journal could not be written: entries refused", exc_info=error)
                self._rewind()
        if self._failed is not None or error is not None:
            self._refuse_waiters()
        self._wake.set()  # committed entries may now be copied

    def _refuse_waiters(self) -> None:
        """Every append still waiting gets ``AuditJournalFailed``: its line is not on disk."""
        while self._waiters:
            _, waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(AuditJournalFailed("the audit journal could not be written"))
                waiter.exception()  # retrieved: the waiting append re-raises it

    def _rewind(self) -> None:
        """A write failed and was cut off: the entries placed since the last committed
        line are given up (their requests get no answer), and the frontier goes back to
        where the journal ends, so the next entry follows the last committed one."""
        assert self._committer is not None and self._copied is not None
        with self._committer.exclusive(resume=True):  # drops the lines not written
            lost = self._committer.submitted - self._committed_lines
            del self._unreplicated[len(self._unreplicated) - lost :]
            self._frontier, _ = audit_store.rows_after(self._copied, self._unreplicated)
            self._committed_lines = self._committer.submitted

    def _all_committed(self) -> None:
        """Every line submitted so far is on disk (the journal was rewritten with them),
        unless an fsync failed: then the disk vouches for nothing and they are refused."""
        assert self._committer is not None
        if self._failed is None:
            self._committed(self._committer.submitted, None)
        else:
            self._refuse_waiters()

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
                epoch, head = await execute_write(
                    session, audit_store.head_and_epoch, uuid.uuid4().hex
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
        assert self._committer is not None
        frontier, placed = audit_store.rows_after(head, self._unreplicated)
        # Lines not written yet are among the pending entries: the rewrite holds them.
        with self._committer.exclusive():
            self.journal.rewrite(self._epoch, _journal_lines(placed))
        self._copied, self._frontier = head, frontier
        self._all_committed()

    def _follow(self, epoch: str, head: merkle.Frontier) -> None:
        log.error(
            "the graph audit log was replaced (epoch %s, was %s): %d entries not copied stay "
            "in the previous journal file",
            epoch,
            self._epoch,
            len(self._unreplicated),
        )
        assert self._committer is not None
        with self._committer.exclusive() as unwritten:
            # The previous file keeps every entry placed on the previous log, unless a
            # write failed (its lines were cut off) or these cannot be added: then the
            # waiting appends are refused rather than acknowledged.
            kept = not self._committer.paused
            try:
                self.journal.write_encoded(unwritten)
                self.journal.sync()
            except OSError:
                log.exception(
                    "%d entries could not be added to the previous journal", len(unwritten)
                )
                kept = False
            self.journal.start(epoch)
        self._epoch, self._copied, self._frontier = epoch, head, head
        self._unreplicated.clear()
        if kept:
            self._all_committed()
        else:
            self._refuse_waiters()
        self._committed_lines = self._committer.submitted  # nothing left to commit
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
                actual, results = await execute_write(session, write)
            if results is None:
                raise audit_store.AuditLogCorrupt(
                    f"the graph log moved to {actual.size if actual else 0} while this "
                    "process sequences it: run a single writer or CREDIT_AUDIT_MODE=graph"
                )
            self._copied = actual
            self.stats["copies"] += 1
            del self._unreplicated[: len(rows)]
            pending -= len(rows)
            self._progress.set()
        # Appends run on this loop without yielding, so nothing is placed between this
        # check and the rotation, and an entry not copied yet has no line waiting for the
        # committer: only a journal the graph holds entirely is emptied.
        if not self._unreplicated and self.journal.size() > ROTATE_BYTES:
            assert self._committer is not None
            with self._committer.exclusive():
                self.journal.rotate(self._epoch)

    async def flush(self) -> None:
        """Wait until the graph holds every entry acknowledged before this call (those the
        journal has committed: an entry still waiting for its round was not acknowledged,
        and one whose round failed never will be)."""
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
        self._closed = True
        if self._committer is not None:
            await asyncio.to_thread(self._committer.stop, 5)
            with self._committer.exclusive():  # a round still running ends first
                self.journal.close()
        else:
            self.journal.close()
        self._refuse_waiters()
