"""The sandbox's audit log as the replay and ``explain`` read it.

The graph copy of the log is the one every mode has (in journal mode the graph follows
the journal within moments; in graph mode it is the log): entries are read from it page
by page, oldest first. Journals set aside by a reset are read from their files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver

from audit.journal import Journal
from graph import audit_store

PAGE = 2000


async def graph_entries(
    driver: AsyncDriver,
    database: str,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[tuple[str, dict[str, object]]]:
    """The ``(at, body)`` entries of the graph log in ``[since, until)``, oldest first
    (redacted entries, which have no body any more, are left out)."""
    found: list[tuple[str, dict[str, object]]] = []
    after: int | None = None
    while True:
        page = await audit_store.entries(
            driver, database, since=since, until=until, after_index=after, limit=PAGE
        )
        found.extend((e.at.isoformat(), e.body) for e in page if e.body is not None)
        if len(page) < PAGE:
            break
        after = page[-1].index
    found.reverse()
    return found


async def find_in_graph(
    driver: AsyncDriver, database: str, request_id: str
) -> dict[str, Any] | None:
    """The entry of one request in the graph log."""
    for at, body in await graph_entries(driver, database):
        if body.get("requestId") == request_id:
            return {**body, "at": at}
    return None


def find_in_journals(journals: list[Path], request_id: str) -> dict[str, Any] | None:
    """The entry of one request in journal files (the first that holds it)."""
    for path in journals:
        _, lines = Journal(path).read()
        for line in lines:
            body = json.loads(line.body)
            if body.get("requestId") == request_id:
                return {**body, "at": line.at}
    return None


def journal_files(folder: Path) -> Iterator[Path]:
    """Journals set aside by resets, newest first."""
    return iter(sorted(folder.glob("*.jsonl"), reverse=True))
