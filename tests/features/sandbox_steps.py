"""zh-CN steps of the audit sandbox's replay checks (issue 15), and the sandbox target.

The steps drive a real API in sandbox mode over HTTP (its own issuer, audience and keys)
on the test Neo4j: accesses are made and recorded in the audit log, then a proposed
policy is uploaded to the sandbox-only ``replayPolicy`` mutation, which re-decides them.

``--spec-target=sandbox`` (``make spec TARGET=sandbox``) runs every feature against the
*running* sandbox instead (``credit sandbox up``): the ``test_settings``, ``graph``,
``api`` and ``sandbox_api`` fixtures below then point at the sandbox's Neo4j and its API
over HTTP, with tokens signed by the sandbox's own key (the harness runs beside it), and
the living documentation is written to ``<runtime>/sandbox/spec``, served at ``/spec``.
The scenarios replace the city's subjects with their own; ``credit sandbox reset`` puts
the seed back. The sandbox's audit log is kept (never wiped).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from pytest_bdd import given, parsers, then, when

from api.policy import POLICY_DIR
from core import settings as settings_module
from core.settings import SANDBOX_AUDIENCE, SANDBOX_ISSUER, Settings
from graph import migrate
from graph.connection import Graph, connect
from seed.load import load_reference
from tests.conftest import ApiClient

#: ``--spec-target``: the tests' own instance, or the running sandbox.
SPEC_TARGETS = ("test", "sandbox")

REPLAY = """mutation($policy: String!) { replayPolicy(policy: $policy) {
  accesses decisions violations
  changes { role channel purpose resource gained accesses line article violations } } }"""
RECORDS = "{ records(first: 5) { totalCount edges { node { record { kind } } } } }"


@dataclass
class SandboxClient:
    """Calls a sandbox-mode API over HTTP with tokens the sandbox mints itself."""

    base_url: str
    _tokens: dict[str, str] = field(default_factory=dict)

    def token(self, persona: str) -> str | None:
        if persona == "public":
            return None
        if persona not in self._tokens:
            answer = httpx.post(f"{self.base_url}/sandbox/token", json={"persona": persona})
            answer.raise_for_status()
            self._tokens[persona] = answer.json()["token"]
        return self._tokens[persona]

    def post(
        self,
        query: str,
        *,
        persona: str = "public",
        channel: str | None = None,
        purpose: str | None = None,
        variables: dict[str, Any] | None = None,
        token: str | None = None,
    ) -> httpx.Response:
        headers = {"content-type": "application/json"}
        bearer = token or self.token(persona)
        if bearer:
            headers["authorization"] = f"Bearer {bearer}"
        if channel:
            headers["credit-channel"] = channel
        if purpose:
            headers["credit-purpose"] = purpose
        return httpx.post(
            f"{self.base_url}/graphql",
            headers=headers,
            json={"query": query, "variables": variables or {}},
            timeout=60,
        )


def sandbox_settings(base: Settings, folder: Any) -> Settings:
    """Sandbox-mode settings on the test Neo4j: the sandbox's issuer and audience, keys of
    its own; graph audit mode, as for every extra process on the shared test log."""
    api = dataclasses.replace(
        base.api,
        mode="sandbox",
        issuer=SANDBOX_ISSUER,
        audience=SANDBOX_AUDIENCE,
        signing_key=folder / "jwt.pem",
        audit_key=folder / "audit.pem",
        webhook_key=folder / "webhook.pem",
        revoked_tokens=folder / "revoked-jti.txt",
        audit_journal=folder / "journal.jsonl",
        audit_mode="graph",
        checkpoint_every_s=0,
        rate_per_s=1000.0,
        rate_burst=1000,
    )
    return dataclasses.replace(base, api=api)


def spec_target(config: pytest.Config) -> str:
    return str(config.getoption("spec_target", default="test") or "test")


def running_sandbox() -> Settings:
    """The running sandbox's settings (``credit sandbox up``), or a failure saying so."""
    from api import sandbox_runtime

    settings = settings_module.load("sandbox")
    if sandbox_runtime.api_pid(settings) is None:
        pytest.fail("--spec-target=sandbox runs against the running sandbox: `make sandbox` first")
    return settings


@pytest.fixture(scope="session")
def test_settings(test_settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """The tests' settings, or the running sandbox's with ``--spec-target=sandbox``."""
    return running_sandbox() if spec_target(request.config) == "sandbox" else test_settings


@pytest.fixture(scope="session")
def graph(request: pytest.FixtureRequest, test_settings: Settings) -> Iterator[Graph]:
    """The test graph; on the sandbox target, the sandbox's graph, migrated and with the
    reference data, its audit log kept (the running API's journal follows it)."""
    if spec_target(request.config) != "sandbox":
        yield request.getfixturevalue("graph")
        return
    g = connect(test_settings)
    migrate.apply(g)
    load_reference(g)
    yield g
    g.close()


@dataclass
class SandboxTarget(ApiClient):
    """The running sandbox's API, called over HTTP (no app in this process)."""

    graph: Graph | None = None

    def flush_audit(self) -> None:
        """Wait until the sandbox's graph log holds every entry its journal committed."""
        import time

        from audit.journal import Journal

        _, lines = Journal(self.journal).read()
        wanted = lines[-1].index if lines else -1
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert self.graph is not None
            rows = self.graph.run("MATCH (e:AuditEntry) RETURN max(e.index) AS last")
            if rows[0]["last"] is not None and rows[0]["last"] >= wanted:
                return
            time.sleep(0.1)
        raise AssertionError("the sandbox's graph log did not catch up with its journal")


@pytest.fixture(scope="session")
def api(
    request: pytest.FixtureRequest, graph: Graph, test_settings: Settings
) -> Iterator[ApiClient]:
    """The tests' API; on the sandbox target, the running sandbox's."""
    if spec_target(request.config) != "sandbox":
        yield request.getfixturevalue("api")
        return
    from api import sandbox_runtime
    from api.identity import TokenService, load_or_create_key

    cfg = test_settings.api
    tokens = TokenService(load_or_create_key(cfg.signing_key), cfg.issuer, cfg.audience)
    yield SandboxTarget(
        sandbox_runtime.base_url(test_settings), tokens, cfg.audit_key, None, cfg.audit_journal,
        graph=graph,
    )  # fmt: skip


@pytest.fixture(scope="session")
def sandbox_api(
    request: pytest.FixtureRequest,
    graph: Graph,
    test_settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[SandboxClient]:
    """A real API in sandbox mode, served by uvicorn, on the test Neo4j (on the sandbox
    target: the running sandbox)."""
    from api.app import create_app
    from api.sandbox_runtime import base_url
    from tools.live_server import serving

    if spec_target(request.config) == "sandbox":
        yield SandboxClient(base_url(test_settings))
        return
    settings = sandbox_settings(test_settings, tmp_path_factory.mktemp("sandbox"))
    with serving(create_app(settings)) as base:
        yield SandboxClient(base)


@dataclass
class ReplayScene:
    """State of a replay scenario: the proposed policy text and the report."""

    client: SandboxClient
    policy: str = ""
    report: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def replay_scene(sandbox_api: SandboxClient) -> ReplayScene:
    return ReplayScene(sandbox_api, (POLICY_DIR / "credit_policy.csv").read_text("utf-8"))


@given(parsers.parse('审计沙箱记录了"{persona}"以"{channel}"渠道、"{purpose}"用途的查询'))
def given_recorded(replay_scene: ReplayScene, persona: str, channel: str, purpose: str) -> None:
    answer = replay_scene.client.post(RECORDS, persona=persona, channel=channel, purpose=purpose)
    body = answer.json()
    assert body.get("extensions", {}).get("decisions"), body


@given("审计沙箱记录了社会公众以依法公开渠道的查询")
def given_recorded_public(replay_scene: ReplayScene) -> None:
    body = replay_scene.client.post(RECORDS).json()
    assert body.get("extensions", {}).get("decisions"), body


def _line(text: str) -> str:
    return text.strip()


@given(parsers.parse('拟议策略把策略行"{old}"改为"{new}"'))
def given_changed_line(replay_scene: ReplayScene, old: str, new: str) -> None:
    lines = replay_scene.policy.splitlines()
    hits = [i for i, line in enumerate(lines) if line.strip() == _line(old)]
    assert len(hits) == 1, f"the policy in force has no single line {old!r}"
    lines[hits[0]] = _line(new)
    replay_scene.policy = "\n".join(lines) + "\n"


@given(parsers.parse('拟议策略删除策略行"{old}"'))
def given_removed_line(replay_scene: ReplayScene, old: str) -> None:
    lines = replay_scene.policy.splitlines()
    assert sum(line.strip() == _line(old) for line in lines) == 1, old
    replay_scene.policy = "\n".join(x for x in lines if x.strip() != _line(old)) + "\n"


@given(parsers.parse('拟议策略在"{section}"一节新增策略行"{new}"'))
def given_added_line(replay_scene: ReplayScene, section: str, new: str) -> None:
    lines = replay_scene.policy.splitlines()
    hits = [i for i, line in enumerate(lines) if line.startswith("#") and section in line]
    assert hits, f"no comment naming {section!r} in the policy"
    lines.insert(hits[0] + 1, _line(new))
    replay_scene.policy = "\n".join(lines) + "\n"


@given(parsers.parse('拟议策略在文件末尾另起一段新增没有注释的策略行"{new}"'))
def given_uncommented_line(replay_scene: ReplayScene, new: str) -> None:
    replay_scene.policy = replay_scene.policy.rstrip("\n") + "\n\n" + _line(new) + "\n"


@when("审计员在沙箱中按拟议策略回放已记录的访问")
def when_replay(replay_scene: ReplayScene) -> None:
    body = replay_scene.client.post(REPLAY, variables={"policy": replay_scene.policy}).json()
    assert not body.get("errors"), body
    replay_scene.report = body["data"]["replayPolicy"]


def _change(scene: ReplayScene, role: str, channel: str, resource: str) -> dict[str, Any]:
    found = [
        c
        for c in scene.report["changes"]
        if (c["role"], c["channel"], c["resource"]) == (role, channel, resource)
    ]
    assert found, f"no change for {role} {channel} {resource}: {scene.report['changes']}"
    return found[0]


@then(parsers.parse('回放报告指出拟议策略违反第{article:d}条（"{check}"）'))
def then_violation(replay_scene: ReplayScene, article: int, check: str) -> None:
    flagged = [v for v in replay_scene.report["violations"] if v.startswith(f"Art. {article} ")]
    assert any(f"[{check}]" in v for v in flagged), replay_scene.report["violations"]


@then(parsers.parse('"{role}"经"{channel}"渠道获得"{resource}"，被标为违反第{article:d}条'))
def then_flagged_change(
    replay_scene: ReplayScene, role: str, channel: str, resource: str, article: int
) -> None:
    change = _change(replay_scene, role, channel, resource)
    assert change["gained"] and change["accesses"] >= 1, change
    assert any(v.startswith(f"Art. {article} ") for v in change["violations"]), change


@then(parsers.parse('"{role}"经"{channel}"渠道失去"{resource}"，只是变化而非违规'))
def then_lost_change(replay_scene: ReplayScene, role: str, channel: str, resource: str) -> None:
    change = _change(replay_scene, role, channel, resource)
    assert not change["gained"] and change["accesses"] >= 1, change
    assert change["violations"] == [], change


@then("回放报告没有指出任何违规")
def then_no_violation(replay_scene: ReplayScene) -> None:
    assert replay_scene.report["violations"] == [], replay_scene.report["violations"]
    assert all(c["violations"] == [] for c in replay_scene.report["changes"])


# A public name: the features' conftest star-imports this module's fixtures.
@pytest.fixture(autouse=True)
def sandbox_target_credentials(request: pytest.FixtureRequest) -> None:
    """On the sandbox target, steps that open their own driver (the audit verification of
    Art. 56) use the sandbox's Neo4j credentials, not the test instance's."""
    if spec_target(request.config) != "sandbox":
        return
    from graph import server

    cfg = running_sandbox().local
    scene = request.getfixturevalue("api_scene")
    scene.names["auth"] = (cfg.user, server.password(cfg))
