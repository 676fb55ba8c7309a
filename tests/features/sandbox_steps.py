"""zh-CN steps of the audit sandbox's replay checks (issue 15).

They drive a real API in sandbox mode over HTTP (its own issuer, audience and keys) on
the test Neo4j: accesses are made and recorded in the audit log, then a proposed policy
is uploaded to the sandbox-only ``replayPolicy`` mutation, which re-decides them.
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
from core.settings import SANDBOX_AUDIENCE, SANDBOX_ISSUER, Settings
from graph.connection import Graph

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


@pytest.fixture(scope="session")
def sandbox_api(
    graph: Graph, test_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SandboxClient]:
    """A real API in sandbox mode, served by uvicorn, on the test Neo4j."""
    from api.app import create_app
    from tools.live_server import serving

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
