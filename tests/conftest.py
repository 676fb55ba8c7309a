"""Test session fixtures: a Neo4j instance of the tests' own (own port, own data folder).

The "test" instance never touches the demo data. It is started once per session (the
jars are cached) and stopped at the end unless ``CREDIT_TEST_KEEP_NEO4J=1``. An external
server is used only when ``CREDIT_TEST_NEO4J_URI`` is set, because the tests wipe it.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator

import pytest

from core import settings as settings_module
from core.settings import ExternalNeo4j, Settings
from graph import migrate, server
from graph.connection import Graph, connect
from seed.load import load_reference

#: Data the tests create; reference data (catalog, providers, ...) stays between tests.
_CLEAN = """
MATCH (n) WHERE n:Subject OR n:Record OR n:BasisDocument OR n:Consent OR n:Listing
   OR n:Responsibility OR n:Mark OR n:SeedRun
DETACH DELETE n
"""


def pytest_configure(config: pytest.Config) -> None:
    """Register one marker per article, so features tag scenarios ``@art_31`` strictly."""
    for article in range(1, 59):
        config.addinivalue_line("markers", f"art_{article}: encodes article {article}")


def _test_settings() -> Settings:
    base = settings_module.load("test")
    uri = os.environ.get("CREDIT_TEST_NEO4J_URI", "").strip()
    if uri:
        external = ExternalNeo4j(
            uri=uri,
            user=os.environ.get("CREDIT_TEST_NEO4J_USER", "neo4j"),
            password=os.environ.get("CREDIT_TEST_NEO4J_PASSWORD", ""),
            database=os.environ.get("CREDIT_TEST_NEO4J_DATABASE", "neo4j"),
        )
        return dataclasses.replace(base, external=external)
    return dataclasses.replace(base, external=None)


@pytest.fixture(scope="session")
def test_settings() -> Settings:
    return _test_settings()


@pytest.fixture(scope="session")
def graph(test_settings: Settings) -> Iterator[Graph]:
    """The test graph: started, wiped, migrated, reference data loaded."""
    started_here = False
    if test_settings.external is None:
        cfg = test_settings.local
        if not server.status(cfg).reachable:
            server.start(cfg)
            started_here = True
    g = connect(test_settings)
    g.run("MATCH (n) DETACH DELETE n")
    migrate.apply(g)
    load_reference(g)
    yield g
    g.close()
    if started_here and os.environ.get("CREDIT_TEST_KEEP_NEO4J") != "1":
        server.stop(test_settings.local)


@pytest.fixture
def clean_graph(graph: Graph) -> Graph:
    """The test graph without any subject data, reference data kept."""
    graph.run(_CLEAN)
    return graph
