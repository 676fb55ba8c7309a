"""The API's reads and writes on the test graph leave nothing for the cyclic collector
(whose pauses were the API's slowest answers), and read sessions are borrowed and given
back."""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver, AsyncManagedTransaction, Record

from core.errors import NotFound
from core.settings import Settings
from graph.connection import Graph
from graph.effects import Rows, Work, execute_write, read_auto_commit
from graph.read_sessions import ReadSessions
from tests.async_graph import cyclic_garbage_types_async, run


def _catalog_read() -> Work[list[object]]:
    """Two queries, the second returning maps, lists and dates (what the API's reads
    return: they project maps, never nodes, whose ``Graph`` refers back to them)."""
    rows: Rows = yield ("MATCH (c:CatalogItem) RETURN count(c) AS n", {})
    items: Rows = yield (
        "MATCH (c:CatalogItem) RETURN c {.code, at: date(), tags: [c.code]} AS c LIMIT $n",
        {"n": min(rows[0]["n"], 3)},
    )
    return [row["c"]["code"] for row in items]


def _missing() -> Work[None]:
    yield ("RETURN 1 AS one", {})
    raise NotFound("no such subject")


def test_a_read_leaves_no_reference_cycle(graph: Graph, test_settings: Settings) -> None:
    # The driver builds each result, its hydration scope and each session's config in
    # reference cycles; a read must free them by reference counting alone. This fails
    # when a driver upgrade moves what graph.effects.release_result clears.
    async def work(driver: AsyncDriver, database: str) -> tuple[list[str], list[object]]:
        sessions = ReadSessions(driver, database)

        async def read() -> list[object]:
            async with sessions.session() as session:
                return await read_auto_commit(session, _catalog_read())

        codes = await read()  # the connection pool and the session are made
        garbage = await cyclic_garbage_types_async(read)
        await sessions.close()
        return garbage, codes

    garbage, codes = run(test_settings, work)
    assert codes and all(isinstance(code, str) for code in codes)
    assert garbage == []


def test_a_session_is_given_back_and_one_that_failed_is_closed(
    graph: Graph, test_settings: Settings
) -> None:
    async def work(driver: AsyncDriver, database: str) -> None:
        sessions = ReadSessions(driver, database, keep=1)
        async with sessions.session() as first:
            await read_auto_commit(first, _catalog_read())
        assert sessions.idle == 1
        async with sessions.session() as second:
            assert second is first
            assert sessions.idle == 0
            async with sessions.session() as third:  # none idle: a new one
                assert third is not first
        assert sessions.idle == 1  # keeps one: the other was closed
        with pytest.raises(NotFound):
            async with sessions.session() as failing:
                await read_auto_commit(failing, _missing())
        assert sessions.idle == 0 and failing.closed()
        async with sessions.session() as fresh:
            assert fresh is not failing
            assert isinstance(await (await fresh.run("RETURN 1 AS one")).single(), Record)
        await sessions.close()
        assert sessions.idle == 0 and fresh.closed()

    run(test_settings, work)


#: The objects of a hydration scope and its graph hydrator (bound methods in dicts).
_MESSAGE_SCOPE = {
    "HydrationScopeBolt",
    "_GraphHydrator",
    "Graph",
    "EntitySetView",
    "dict",
    "method",
}


def test_a_committed_write_leaves_only_the_drivers_message_scopes(
    graph: Graph, test_settings: Settings
) -> None:
    # An audit copy's parameters (hundreds of entries) stayed in the driver's cycles
    # (the result keeps its parameters) until a full collection: execute_write drops
    # the transaction's and its results' state once committed.
    rows = [{"index": i, "body": "x" * 50, "subjects": [f"K{i}"]} for i in range(200)]

    async def copy(tx: AsyncManagedTransaction, batch: list[dict[str, object]]) -> int:
        result = await tx.run("UNWIND $rows AS row RETURN count(row) AS n", rows=batch)
        record = await result.single(strict=True)
        return int(record["n"])

    async def work(driver: AsyncDriver, database: str) -> tuple[list[str], int]:
        async with driver.session(database=database) as session:
            await execute_write(session, copy, rows)  # the connection is made

            async def write() -> int:
                return await execute_write(session, copy, rows)

            return await cyclic_garbage_types_async(write), await write()

    garbage, counted = run(test_settings, work)
    assert counted == len(rows)
    # What is left: the hydration scopes the driver makes for the BEGIN and the COMMIT
    # message (its own, out of reach, a dozen objects each, no parameters in them).
    assert garbage.count("HydrationScopeBolt") <= 2
    assert set(garbage) <= _MESSAGE_SCOPE, set(garbage) - _MESSAGE_SCOPE
