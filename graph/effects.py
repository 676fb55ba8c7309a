"""Graph logic written once, run by the sync or the async driver.

Domain functions that need several queries inside one transaction are written as
generators: they ``yield (query, params)`` and receive the rows back. ``run_sync`` and
``run_async`` drive such a generator inside a managed transaction, so the ingest (used
by the CLI and the seed loader) and the GraphQL API (one async driver per process)
share the same code and the same Cypher.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, TypeVar

from neo4j import AsyncManagedTransaction, AsyncSession, ManagedTransaction

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
            query, params = work.send(rows)
    except StopIteration as stop:
        value: T = stop.value
        return value
