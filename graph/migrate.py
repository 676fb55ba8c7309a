"""Numbered, idempotent schema migrations (constraints and indexes).

Each ``graph/migrations/NNN_name.cypher`` file is a list of ``;``-separated statements
that are safe to run again (``IF NOT EXISTS``). An applied migration is remembered as a
``(:Migration {id, checksum})`` node; a changed file is an error, never silently re-run.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

from core.errors import ConfigurationError
from graph.connection import Graph

_APPLIED = "MATCH (m:Migration) RETURN m.id AS id, m.checksum AS checksum"
_RECORD = """
MERGE (m:Migration {id: $id})
ON CREATE SET m.checksum = $checksum, m.appliedAt = datetime()
"""


@dataclass(frozen=True)
class Migration:
    """One migration file."""

    id: str
    statements: tuple[str, ...]
    checksum: str


def available() -> list[Migration]:
    """The migration files shipped with the package, in order."""
    folder = resources.files("graph.migrations")
    found: list[Migration] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".cypher"):
            continue
        text = entry.read_text(encoding="utf-8")
        body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
        statements = tuple(s.strip() for s in body.split(";") if s.strip())
        checksum = hashlib.sha256(text.encode()).hexdigest()
        found.append(Migration(entry.name.removesuffix(".cypher"), statements, checksum))
    return found


def apply(graph: Graph) -> list[str]:
    """Apply the migrations not yet applied; returns their ids."""
    applied = {row["id"]: row["checksum"] for row in graph.run(_APPLIED)}
    done: list[str] = []
    for migration in available():
        if migration.id in applied:
            if applied[migration.id] != migration.checksum:
                raise ConfigurationError(
                    f"migration {migration.id} changed after it was applied: add a new "
                    "numbered migration instead of editing an applied one"
                )
            continue
        for statement in migration.statements:
            graph.run(statement)
        graph.run(_RECORD, id=migration.id, checksum=migration.checksum)
        done.append(migration.id)
    return done
