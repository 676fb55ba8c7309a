"""Async helpers for tests: a fresh async driver to the test graph, and a count of the
objects only the cyclic collector would free."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase

from core.settings import Settings
from graph import server

T = TypeVar("T")


def run(settings: Settings, work: Callable[[AsyncDriver, str], Coroutine[Any, Any, T]]) -> T:
    """Run ``work(driver, database)`` on a fresh async driver to the test graph."""

    async def main() -> T:
        if settings.external is not None:
            uri, user, password = (
                settings.external.uri,
                settings.external.user,
                settings.external.password,
            )
        else:
            cfg = settings.local
            uri, user, password = cfg.uri, cfg.user, server.password(cfg)
        async with AsyncGraphDatabase.driver(
            uri, auth=(user, password), notifications_min_severity="OFF"
        ) as driver:
            return await work(driver, settings.database)

    return asyncio.run(main())


def cyclic_garbage(work: Callable[[], object]) -> int:
    """Objects that only the cyclic collector frees once ``work`` has run (0: all of
    them were freed by reference counting as they went out of use)."""
    gc.collect()
    gc.disable()
    try:
        work()
        return gc.collect()
    finally:
        gc.enable()


async def cyclic_garbage_types_async(work: Callable[[], Awaitable[object]]) -> list[str]:
    """The type names of the objects only the cyclic collector frees once the awaited
    ``work`` has run (empty: reference counting freed everything)."""
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        await work()
        gc.collect()
        return [type(o).__qualname__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
