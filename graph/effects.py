"""Graph logic written once, run by the sync or the async driver.

Domain functions that need several queries inside one transaction are written as
generators: they ``yield (query, params)`` and receive the rows back. ``run_sync`` and
``run_async`` drive such a generator inside a managed transaction, so the ingest (used
by the CLI and the seed loader) and the GraphQL API (one async driver per process)
share the same code and the same Cypher.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar

from neo4j import AsyncManagedTransaction, AsyncResult, AsyncSession, ManagedTransaction

T = TypeVar("T")
Rows = list[dict[str, Any]]
Query = tuple[str, dict[str, Any]]
Work = Generator[Query, Rows, T]


def run_sync(tx: ManagedTransaction, work: Work[T]) -> T:
    """Drive ``work`` with a sync transaction."""
    try:
        query, params = next(work)
        while True:
            rows = [record.data() for record in tx.run(query, params)]
            query, params = work.send(rows)
    except StopIteration as stop:
        result: T = stop.value
        return result


async def run_async(tx: AsyncManagedTransaction, work: Work[T]) -> T:
    """Drive ``work`` with an async transaction."""
    try:
        query, params = next(work)
        while True:
            result = await tx.run(query, params)
            rows = [record.data() async for record in result]
            query, params = work.send(rows)
    except StopIteration as stop:
        value: T = stop.value
        return value


async def read_auto_commit(session: AsyncSession, work: Work[T]) -> T:
    """Drive read-only ``work`` with auto-commit queries in a READ session: each query
    is one Bolt round trip (RUN and PULL pipelined) where a managed transaction adds a
    BEGIN and a COMMIT, and rows are taken as they arrive (maps and scalars; a read
    that returns nodes gets them as ``neo4j.graph.Node``, which reads like a mapping).
    Neo4j reads at read-committed isolation either way, so a work of several queries
    sees what it would have seen in one transaction. The caller retries transient
    failures by driving a fresh ``work``."""
    try:
        query, params = next(work)
        while True:
            result = await session.run(query, params)
            keys = result.keys()
            rows = [dict(zip(keys, record.values(), strict=True)) async for record in result]
            release_result(result)
            query, params = work.send(rows)
    except StopIteration as stop:
        value: T = stop.value
        return value


def release_result(result: AsyncResult) -> None:
    """Drop the state of a fully read auto-commit ``result`` so that reference counting
    frees it at once.

    The driver (6.x) builds every result in reference cycles: the result wraps its
    connection in an error handler holding the result's own bound method, and its
    hydration scope and graph hydrator keep dictionaries of their own bound methods.
    Only the cyclic collector could free them, about 50 objects a query, and at the
    API's request rate its young collections came often and paused every request in
    flight (the slowest answers). A result whose records have all been read has told
    its session it is closed (the session no longer refers to it), so nothing reads
    its state again. ``tests/test_driver_cycles.py`` checks that a read leaves no
    cycle, and fails when a driver upgrade moves these attributes. (Nodes a query
    returns share a ``neo4j.graph.Graph`` that refers back to them, the driver's data
    model: the API's queries project maps.)
    """
    state = vars(result)
    scope = state.get("_hydration_scope")
    if scope is not None:
        hydrator = vars(scope).get("_graph_hydrator")
        if hydrator is not None:
            vars(hydrator).clear()
        vars(scope).clear()
    state.clear()


async def execute_write(session: AsyncSession, work: Callable[..., Awaitable[T]], *args: Any) -> T:
    """``session.execute_write(work, *args)``, and once the transaction has committed,
    the state of the transaction and of every result it ran is dropped as
    ``release_result`` drops a read's: a write's parameters (an audit copy carries
    hundreds of entries) are then freed at once instead of waiting in the driver's
    reference cycles for a full collection, whose pause grew with them. A transaction
    that failed is left as it is (its session may still refer to it)."""
    transactions: list[AsyncManagedTransaction] = []
    results: list[AsyncResult] = []

    async def recorded(tx: AsyncManagedTransaction, *args: Any) -> T:
        transactions.append(tx)
        run = tx.run

        async def recording_run(*run_args: Any, **run_kwargs: Any) -> AsyncResult:
            result = await run(*run_args, **run_kwargs)
            results.append(result)
            return result

        tx.run = recording_run  # type: ignore[method-assign]
        return await work(tx, *args)

    value = await session.execute_write(recorded, *args)
    for result in results:
        release_result(result)
    for tx in transactions:
        vars(tx).clear()
    return value
