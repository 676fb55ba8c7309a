"""Idle READ sessions kept for the API's next read.

A session opened per read cost the API more than its construction: the driver (6.x)
builds each session's ``SessionConfig`` through recursive closures, a reference cycle
that only the cyclic collector frees, and at the API's request rate those collections
paused every request in flight. A session that has finished its work holds no
connection (it went back to the driver's pool when its last result was read), so
keeping it idle costs nothing, and the next read borrows it: one read at a time per
session, as the driver requires. A session whose work raised is closed, never reused.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from neo4j import READ_ACCESS, AsyncDriver, AsyncSession

#: Idle sessions kept at most (more than the reads a process runs at once is waste).
KEEP_IDLE = 64


class ReadSessions:
    """A stack of idle READ sessions on one database, borrowed one read at a time."""

    def __init__(self, driver: AsyncDriver, database: str, keep: int = KEEP_IDLE) -> None:
        self._driver = driver
        self._database = database
        self._keep = keep
        self._idle: list[AsyncSession] = []
        self._closed = False

    @property
    def idle(self) -> int:
        """Sessions waiting for a read."""
        return len(self._idle)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A READ session for one read: an idle one, or a new one when none is idle."""
        if self._idle:
            session = self._idle.pop()
        else:
            session = self._driver.session(database=self._database, default_access_mode=READ_ACCESS)
        try:
            yield session
        except BaseException:
            await session.close()
            raise
        if self._closed or len(self._idle) >= self._keep:
            await session.close()
        else:
            self._idle.append(session)

    async def close(self) -> None:
        """Close the idle sessions; sessions borrowed now are closed when given back."""
        self._closed = True
        idle, self._idle = self._idle, []
        for session in idle:
            await session.close()
