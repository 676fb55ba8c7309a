"""Test session fixtures: a Neo4j instance of the tests' own (own port, own data folder).

The "test" instance never touches the demo data. It is started once per session (the
jars are cached) and stopped at the end unless ``CREDIT_TEST_KEEP_NEO4J=1``. An external
server is used only when ``CREDIT_TEST_NEO4J_URI`` is set, because the tests wipe it.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core import settings as settings_module
from core.settings import ExternalNeo4j, Settings
from graph import migrate, server
from graph.connection import Graph, connect
from seed.load import load_reference

#: Records every scenario, writes the executable-regulation report, gates coverage.
pytest_plugins = ("livingdoc.pytest_plugin", "tests.audit_fixtures")

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
    # Apps a test builds for itself are extra processes on the shared log: graph mode.
    # The session's API (the ``api`` fixture) runs the default journal mode.
    base = dataclasses.replace(base, api=dataclasses.replace(base.api, audit_mode="graph"))
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


@dataclasses.dataclass
class ApiClient:
    """Calls the real GraphQL endpoint over HTTP with a persona's token."""

    base_url: str
    tokens: Any
    audit_key_path: Any = None
    app: Any = None
    journal: Any = None
    #: The sandbox clock: the day every request names in ``Credit-As-Of`` (None: today).
    as_of: date | None = None

    @property
    def today(self) -> date:
        """The day the API judges requests on."""
        return self.as_of or date.today()

    def flush_audit(self) -> None:
        """Wait until the graph holds every audit entry the API acknowledged (journal mode),
        for tests that read the graph log directly."""
        import asyncio

        state = self.app.state
        asyncio.run_coroutine_threadsafe(state.services.audit.flush(), state.loop).result(10)

    def resync_audit(self) -> None:
        """After a test wiped the graph log: the API follows the new log."""
        import asyncio

        state = self.app.state
        asyncio.run_coroutine_threadsafe(state.services.audit.resync(), state.loop).result(10)

    def token(self, persona: str, subject: str | None = None, **overrides: Any) -> str:
        from api.personas import PERSONAS

        p = PERSONAS[persona]
        claims: dict[str, Any] = {
            "organization": p.organization,
            "sector": p.sector,
            "purposes": p.purposes,
            "subject_key": subject,
        }
        claims.update(overrides)
        return str(self.tokens.issue(f"{persona}-{subject or p.organization}", p.role, **claims))

    def post(
        self,
        query: str,
        *,
        persona: str | None = None,
        token: str | None = None,
        channel: str | None = None,
        purpose: str | None = None,
        authorization: str | None = None,
        subject: str | None = None,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        import httpx

        sent = {"content-type": "application/json", **(headers or {})}
        if self.as_of is not None:
            sent.setdefault("credit-as-of", self.as_of.isoformat())
        if persona is not None:
            token = self.token(persona, subject)
        if token is not None:
            sent["authorization"] = f"Bearer {token}"
        for name, value in (
            ("credit-channel", channel),
            ("credit-purpose", purpose),
            ("credit-authorization", authorization),
        ):
            if value is not None:
                sent[name] = value
        response = httpx.post(
            f"{self.base_url}/graphql",
            headers=sent,
            timeout=30,
            json={"query": query, "variables": variables or {}},
        )
        return response


@pytest.fixture(scope="session")
def api(
    graph: Graph, test_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiClient]:
    """The real API served by uvicorn on a free port, on the test Neo4j."""
    from api.app import create_app
    from api.identity import TokenService, load_or_create_key
    from tools.live_server import serving

    keys = tmp_path_factory.mktemp("keys")
    api_settings = dataclasses.replace(
        test_settings.api,
        mode="development",
        signing_key=keys / "jwt.pem",
        audit_key=keys / "audit.pem",
        rate_per_s=1000.0,
        rate_burst=1000,
        # Checkpoints are signed by the tests themselves, with keys they know.
        checkpoint_every_s=0,
        audit_mode="journal",
        audit_journal=keys / "audit-journal.jsonl",
        revoked_tokens=keys / "revoked-jti.txt",
    )
    settings = dataclasses.replace(test_settings, api=api_settings)
    app = create_app(settings)
    with serving(app) as base:
        tokens = TokenService(
            load_or_create_key(api_settings.signing_key), api_settings.issuer, api_settings.audience
        )
        yield ApiClient(base, tokens, api_settings.audit_key, app, api_settings.audit_journal)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (its own download is not used)."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CREDIT_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(executable):
        pytest.fail(f"no Chromium at {executable}: run `make install` (it installs Debian's)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page (its own context: no cookies or storage from another test)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save the page under reports/browser/NAME.png (for reviewers; CI keeps reports/)."""
    target = Path(__file__).resolve().parent.parent / "reports" / "browser" / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    return target
