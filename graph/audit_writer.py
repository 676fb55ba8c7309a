"""Group commit for the audit log: concurrent requests share one append transaction.

Each request still waits until its own entry is committed before its response leaves
(audit before disclosure); what it no longer waits for is every other request's
separate lock, write and commit. One writer task per process is the sequencer's
client; across processes the log head's lock keeps appends serial.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

from neo4j import AsyncDriver

from audit import merkle
from graph import audit_store
from graph.effects import execute_write

Waiter = tuple[Mapping[str, Any], "asyncio.Future[audit_store.AppendResult]"]


async def group_commit(
    queue: asyncio.Queue[Waiter],
    max_batch: int,
    commit: Callable[[list[Mapping[str, Any]]], Awaitable[list[audit_store.AppendResult]]],
) -> None:
    """Take whatever entries are waiting (up to ``max_batch``), commit them together, and
    tell each waiter its result — or the error, so nobody is told it was written."""
    while True:
        batch = [await queue.get()]
        while len(batch) < max_batch and not queue.empty():
            batch.append(queue.get_nowait())
        try:
            results = await commit([entry for entry, _ in batch])
        except Exception as exc:
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            continue
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)


class AuditSink(Protocol):
    """Where the API appends its entries (graph sequencer or local journal)."""

    async def append(self, entry: Mapping[str, Any]) -> audit_store.AppendResult: ...

    async def flush(self) -> None: ...

    async def resync(self) -> None: ...

    async def close(self) -> None: ...


class AuditWriter:
    """Appends entries in batches of up to ``max_batch`` per transaction."""

    def __init__(self, driver: AsyncDriver, database: str, max_batch: int = 128) -> None:
        self.driver = driver
        self.database = database
        self.max_batch = max_batch
        self._queue: asyncio.Queue[Waiter] | None = None
        self._task: asyncio.Task[None] | None = None
        self._head: merkle.Frontier | None = None  # the log head as of the last commit

    async def append(self, entry: Mapping[str, Any]) -> audit_store.AppendResult:
        """Append one entry; returns once it is committed (raises if it could not be)."""
        if self._task is None or self._task.done():
            self._queue = asyncio.Queue()
            self._task = asyncio.create_task(self._run())
        assert self._queue is not None
        future: asyncio.Future[audit_store.AppendResult] = (
            asyncio.get_running_loop().create_future()
        )
        await self._queue.put((entry, future))
        return await future

    async def _run(self) -> None:
        assert self._queue is not None
        await group_commit(self._queue, self.max_batch, self._write)

    async def _write(self, entries: list[Mapping[str, Any]]) -> list[audit_store.AppendResult]:
        """One round trip when this process's view of the head is current; if another
        process appended meanwhile, learn the head and place the entries again."""
        async with self.driver.session(database=self.database) as session:
            for _ in range(8):
                head = self._head
                if head is None:
                    head = await execute_write(session, audit_store.read_head)

                async def attempt(tx: Any, head: Any = head) -> Any:
                    return await audit_store.append_at(tx, head, entries)

                outcome: tuple[
                    merkle.Frontier, list[audit_store.AppendResult] | None
                ] = await execute_write(session, attempt)
                actual, results = outcome
                self._head = actual
                if results is not None:
                    return results
        raise RuntimeError("the audit log head kept moving: too many concurrent writers")

    async def flush(self) -> None:
        """Entries are in the graph when ``append`` returns: nothing to wait for."""

    async def resync(self) -> None:
        """Forget the cached head (the log was restored or replaced)."""
        self._head = None

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
