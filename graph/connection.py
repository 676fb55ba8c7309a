"""One way to reach the graph, whether the project runs Neo4j itself or uses an external one.

With ``NEO4J_URI`` set the platform talks to that server and needs no Java; otherwise
it reaches the named local instance that ``graph.server`` starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from core.errors import Neo4jUnavailable
from core.settings import Settings
from graph import server

#: Server notifications (e.g. "label does not exist" on an empty graph) are not errors.
_OPTIONS: dict[str, Any] = {"notifications_min_severity": "OFF"}


@dataclass
class Graph:
    """A driver bound to the database the platform uses; always pass ``database_``."""

    driver: Driver
    database: str

    def close(self) -> None:
        self.driver.close()

    def run(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run one auto-committed read or write and return its rows as dicts."""
        records, _, _ = self.driver.execute_query(query, params, database_=self.database)
        return [r.data() for r in records]

    def write(self, work: Any, *args: Any) -> Any:
        """Run ``work(tx, *args)`` in one managed write transaction (retried if transient)."""
        with self.driver.session(database=self.database) as session:
            return session.execute_write(work, *args)

    def read(self, work: Any, *args: Any) -> Any:
        with self.driver.session(database=self.database) as session:
            return session.execute_read(work, *args)


def connect(settings: Settings, *, start_local: bool = False) -> Graph:
    """Open a driver on the configured server and check it answers.

    ``start_local`` starts the named local instance first when no external server is set.
    """
    if settings.external is not None:
        ext = settings.external
        driver = GraphDatabase.driver(ext.uri, auth=(ext.user, ext.password), **_OPTIONS)
        where = f"{ext.uri} (NEO4J_URI)"
        database = ext.database
    else:
        cfg = settings.local
        if start_local:
            server.start(cfg)
        if not cfg.password_file.exists():
            raise Neo4jUnavailable(
                f"the local Neo4j instance {cfg.name!r} has never been started: run "
                f"`credit neo4j start --instance {cfg.name}` (or `make up`)"
            )
        driver = GraphDatabase.driver(cfg.uri, auth=(cfg.user, server.password(cfg)), **_OPTIONS)
        where = f"{cfg.uri} (local instance {cfg.name!r})"
        database = cfg.database
    try:
        driver.verify_connectivity()
    except AuthError as exc:
        driver.close()
        raise Neo4jUnavailable(
            f"Neo4j at {where} refused the credentials: check NEO4J_USER / NEO4J_PASSWORD"
        ) from exc
    except (ServiceUnavailable, OSError) as exc:
        driver.close()
        raise Neo4jUnavailable(
            f"Neo4j at {where} is not reachable ({exc}): start it with "
            "`credit neo4j start` or check NEO4J_URI"
        ) from exc
    return Graph(driver, database)


@contextmanager
def session_graph(settings: Settings, *, start_local: bool = False) -> Iterator[Graph]:
    """``connect`` as a context manager that closes the driver."""
    graph = connect(settings, start_local=start_local)
    try:
        yield graph
    finally:
        graph.close()
