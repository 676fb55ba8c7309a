"""The audit sandbox (issue 15): isolation of its tokens, decision traces, replay."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from api.identity import AuthenticationError, TokenService, load_or_create_key
from api.policy import POLICY_DIR, PolicyEngine, parse_lines
from api.sandbox_seed import _plain, _typed
from audit import replay_report
from audit.policy_violations import policy_violations
from audit.replay import accesses_of, engine_for, replay
from core import settings as settings_module
from core.settings import SANDBOX_AUDIENCE, SANDBOX_ISSUER
from graph.connection import Graph
from seed import catalog
from tests import api_data
from tests.conftest import ApiClient
from tests.features.sandbox_steps import RECORDS, REPLAY, SandboxClient, sandbox_api

__all__ = ["sandbox_api"]  # the fixture, shared with the zh-CN steps

_ENV = (
    "CREDIT_MODE", "CREDIT_JWT_ISSUER", "CREDIT_JWT_AUDIENCE", "CREDIT_JWT_KEY_FILE",
    "CREDIT_API_PORT", "CREDIT_AUDIT_JOURNAL", "CREDIT_AUDIT_KEY_FILE",
)  # fmt: skip


def test_sandbox_settings_have_their_own_issuer_audience_keys_journal_and_port(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    sandbox, demo = settings_module.load("sandbox"), settings_module.load("demo")
    assert sandbox.api.mode == "sandbox" and demo.api.mode == "development"
    assert (sandbox.api.issuer, sandbox.api.audience) == (SANDBOX_ISSUER, SANDBOX_AUDIENCE)
    assert sandbox.api.issuer != demo.api.issuer and sandbox.api.audience != demo.api.audience
    assert sandbox.api.signing_key != demo.api.signing_key
    assert sandbox.api.audit_key != demo.api.audit_key
    assert sandbox.api.audit_journal != demo.api.audit_journal
    assert 8200 <= sandbox.api.port <= 8299 and sandbox.local.port != demo.local.port


def test_tokens_of_one_are_refused_by_the_other(tmp_path: Path) -> None:
    sandbox = TokenService(
        load_or_create_key(tmp_path / "sandbox.pem"), SANDBOX_ISSUER, SANDBOX_AUDIENCE
    )
    production = TokenService(
        load_or_create_key(tmp_path / "prod.pem"), "credit-platform", "credit-api"
    )
    mine = sandbox.issue("reviewer", "AUDITOR", purposes=["AUDIT"])
    theirs = production.issue("agency", "AUDITOR", purposes=["AUDIT"])
    assert sandbox.verify(mine).role == "AUDITOR"
    with pytest.raises(AuthenticationError):
        production.verify(mine)
    with pytest.raises(AuthenticationError):
        sandbox.verify(theirs)


@pytest.fixture
def city(graph: Graph) -> api_data.City:
    return api_data.build(graph, catalog.load())


def _code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


@pytest.mark.integration
def test_live_apis_refuse_each_others_tokens(
    api: ApiClient, sandbox_api: SandboxClient, city: api_data.City
) -> None:
    sandbox_token = sandbox_api.token("tax-authority")
    declared = {"channel": "BY_AUTHORITY", "purpose": "SUPERVISION"}
    refused = api.post(RECORDS, token=sandbox_token, **declared).json()
    assert _code(refused) == "UNAUTHENTICATED", refused
    development_token = api.token("tax-authority")
    refused = sandbox_api.post(RECORDS, token=development_token, **declared).json()
    assert _code(refused) == "UNAUTHENTICATED", refused
    accepted = sandbox_api.post(RECORDS, token=sandbox_token, **declared).json()
    assert "errors" not in accepted and accepted["data"]["records"]["totalCount"] >= 1


@pytest.mark.integration
def test_sandbox_features_answer_in_sandbox_mode_only(api: ApiClient) -> None:
    import httpx

    assert httpx.get(f"{api.base_url}/sandbox").status_code == 404
    assert (
        httpx.post(f"{api.base_url}/sandbox/token", json={"persona": "auditor"}).status_code == 404
    )
    body = api.post(REPLAY, variables={"policy": "p, *, PUBLIC, NONE, catalog, allow, 13\n"}).json()
    assert _code(body) == "SANDBOX_ONLY", body


@pytest.mark.integration
def test_sandbox_response_carries_the_complete_decision_trace(
    sandbox_api: SandboxClient, city: api_data.City
) -> None:
    body = sandbox_api.post(RECORDS, persona="tax-authority", channel="BY_AUTHORITY",
                            purpose="SUPERVISION").json()  # fmt: skip
    ext = body["extensions"]
    assert ext["requestId"]
    decided = {d["resource"]: d for d in ext["decisions"]}
    assert {"record:DISHONEST", "record:MARKET", "listing", "field:TAX_AMOUNT"} <= set(decided)
    for d in ext["decisions"]:
        assert d["rule"] and d["line"] and d["article"] and d["comment"], d
    tax = decided["field:TAX_AMOUNT"]
    assert not tax["allowed"] and tax["article"] == 20 and "Art. 20" in tax["comment"]
    trace = ext["trace"]
    assert (trace["role"], trace["channel"], trace["purpose"]) == (
        "SECTOR_AUTHORITY", "BY_AUTHORITY", "SUPERVISION",
    )  # fmt: skip
    assert trace["policy"].startswith("sha256:")
    hidden = {h["category"]: h for h in trace["scope"]["hidden"]}
    assert hidden["TAX_AMOUNT"]["article"] == 20 and hidden["TAX_AMOUNT"]["line"] == tax["line"]
    assert "taxPaid" in trace["scope"]["hiddenFields"]
    assert any("sector TAX" in f for f in trace["scope"]["filters"])
    public = sandbox_api.post(RECORDS).json()["extensions"]["trace"]["scope"]
    assert {m["category"] for m in public["masked"]} == {"NAME", "ID_NUMBER"}


def test_the_policy_in_force_has_no_violation() -> None:
    assert policy_violations(PolicyEngine()) == []


def test_a_line_comment_is_the_block_above_its_run() -> None:
    text = (
        "# header\n#\n# --- PUBLIC (Art. 23)\np, *, PUBLIC, NONE, a, allow, 23\n"
        "\np, x, y, z, w, allow, 99\n"
    )
    first, second = parse_lines(text)
    assert (first.number, first.comment, first.article) == (4, "PUBLIC (Art. 23)", 23)
    assert (second.comment, second.article) == ("", None)


def _proposed(tmp_path: Path, edit: Any) -> PolicyEngine:
    text = (POLICY_DIR / "credit_policy.csv").read_text("utf-8")
    (tmp_path / "credit_policy.csv").write_text(edit(text), "utf-8")
    (tmp_path / "credit_model.conf").write_text(
        (POLICY_DIR / "credit_model.conf").read_text("utf-8"), "utf-8"
    )
    return engine_for(tmp_path)


def _entry(request_id: str, role: str, channel: str, purpose: str, *resources: str) -> Any:
    trace = [{"resource": r, "allowed": False, "line": "x", "article": 22} for r in resources]
    body = {"requestId": request_id, "role": role, "channel": channel, "purpose": purpose,
            "trace": trace}  # fmt: skip
    return ("2026-01-01T00:00:00Z", body)


def test_replay_counts_the_accesses_each_change_affects(tmp_path: Path) -> None:
    baseline = PolicyEngine()
    proposed = _proposed(tmp_path, lambda t: t.replace(
        "p, *, PUBLIC, NONE, record:POSITIVE, allow, 23\n", ""
    ))  # fmt: skip
    entries = [
        _entry("a", "PUBLIC", "PUBLIC", "NONE", "record:POSITIVE", "record:BASIC"),
        _entry("b", "PUBLIC", "PUBLIC", "NONE", "record:POSITIVE", "purpose"),
        _entry("c", "SUBJECT", "SELF", "SELF_CHECK", "record:POSITIVE"),
        ("2026-01-01T00:00:00Z", {"requestId": "d", "outcome": "not an access"}),
    ]
    report = replay(accesses_of(entries, baseline), baseline, proposed)
    assert (report.accesses, report.decisions) == (3, 4)
    [change] = report.changes
    assert (change.role, change.resource, change.gained, change.accesses) == (
        "PUBLIC", "record:POSITIVE", False, 2,
    )  # fmt: skip
    assert change.examples == ["a", "b"] and change.violations == []
    assert [x.fields[3] for x in report.removed] == ["record:POSITIVE"] and not report.added


def test_replay_names_added_lines_no_recorded_access_exercises(tmp_path: Path) -> None:
    baseline = PolicyEngine()
    proposed = _proposed(tmp_path, lambda t: t + (
        "\n# Proposals (Art. 23, 40)\np, *, PUBLIC, NONE, record:OTHER, allow, 23\n"
        "p, SUBJECT, SELF, *, op:neverCalled, allow, 40\n"
    ))  # fmt: skip
    entries = [_entry("a", "PUBLIC", "PUBLIC", "NONE", "record:OTHER")]
    report = replay(accesses_of(entries, baseline), baseline, proposed)
    assert [x.fields[3] for x in report.added] == ["record:OTHER", "op:neverCalled"]
    assert [x.fields[3] for x in report.unexercised] == ["op:neverCalled"]
    assert "no recorded access exercises it" in replay_report.as_html(report)


def test_replay_report_renders_json_table_and_escaped_html(tmp_path: Path) -> None:
    baseline = PolicyEngine()
    proposed = _proposed(tmp_path, lambda t: t.replace(
        "p, *, BY_AUTHORITY, *, field:TAX_AMOUNT, deny, 20",
        "# <script>alert(1)</script>\np, *, BY_AUTHORITY, *, field:TAX_AMOUNT, allow, 24",
    ))  # fmt: skip
    entries = [_entry("a", "SECTOR_AUTHORITY", "BY_AUTHORITY", "SUPERVISION", "field:TAX_AMOUNT")]
    report = replay(accesses_of(entries, baseline), baseline, proposed)
    data = replay_report.as_json(report)
    json.dumps(data)
    [change] = data["changes"]
    assert change["change"] == "gained" and change["violations"][0]["article"] == 20
    assert any(v["check"] == "person-only-amounts" for v in data["violations"])
    html = replay_report.as_html(report)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert len(replay_report.as_table(report)) == 3


def test_snapshot_values_keep_their_types() -> None:
    moment = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    for value in (date(2026, 3, 1), moment, ["a", "b"], 3, 1.5, True, "文本"):
        assert _typed(json.loads(json.dumps(_plain(value)))) == value


def _contents(snapshot: Any) -> tuple[list[str], list[str]]:
    """A snapshot as comparable text: nodes, and relationships by their end nodes."""
    nodes = [json.dumps([labels, {k: _plain(v) for k, v in p.items()}], sort_keys=True)
             for labels, p in snapshot.nodes]  # fmt: skip
    rels = [
        json.dumps([nodes[a], nodes[b], kind, {k: _plain(v) for k, v in p.items()}], sort_keys=True)
        for a, b, kind, p in snapshot.rels
    ]
    return sorted(nodes), sorted(rels)


@pytest.mark.integration
def test_a_reset_puts_back_exactly_the_seeded_graph(graph: Graph, city: api_data.City) -> None:
    import time

    from api import sandbox_seed

    seeded = sandbox_seed.take(graph, 3, 2026)
    graph.run("MATCH (r:Record) WITH r LIMIT 1 DETACH DELETE r")
    graph.run("CREATE (:Subject {key: 'X:reviewer-made', name: '试用'})")
    assert _contents(sandbox_seed.take(graph, 3, 2026)) != _contents(seeded)
    began = time.perf_counter()
    # The audit log is kept here (the session's API writes it); the sandbox wipes it too.
    sandbox_seed.restore(graph, seeded, keep_audit=True)
    assert time.perf_counter() - began < 30
    assert _contents(sandbox_seed.take(graph, 3, 2026)) == _contents(seeded)


@pytest.mark.integration
def test_every_example_of_the_page_runs_and_is_decided(
    sandbox_api: SandboxClient, city: api_data.City
) -> None:
    from api.sandbox_examples import EXAMPLES

    for example in EXAMPLES:
        body = sandbox_api.post(
            example.query, persona=example.persona, channel=example.channel,
            purpose=example.purpose or None, variables=example.variables,
        ).json()  # fmt: skip
        codes = {e["extensions"]["code"] for e in body.get("errors") or []}
        # A refusal is an answer the example shows; a broken query is not.
        assert codes <= {"ACCESS_DENIED"}, (example.title, body)
        assert body["extensions"]["decisions"], example.title


@pytest.mark.integration
def test_the_replay_command_reports_a_journal_as_json_and_html(
    api: ApiClient, city: api_data.City, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from cli.main import app

    answer = api.post(RECORDS, persona="tax-authority", channel="BY_AUTHORITY",
                      purpose="SUPERVISION").json()  # fmt: skip
    request_id = answer["extensions"]["requestId"]
    proposed = tmp_path / "proposed"
    proposed.mkdir()
    _proposed(proposed, lambda t: t.replace(
        "p, *, BY_AUTHORITY, *, field:TAX_AMOUNT, deny, 20",
        "p, *, BY_AUTHORITY, *, field:TAX_AMOUNT, allow, 24",
    ))  # fmt: skip
    args = ["sandbox", "replay", "--policy", str(proposed), "--journal", str(api.journal)]
    result = CliRunner().invoke(app, [*args, "--format", "json", "--since", "2020-01-01"])
    assert result.exit_code == 2, result.output  # a violation of the regulation
    report = json.loads(result.stdout)
    [change] = [c for c in report["changes"] if c["resource"] == "field:TAX_AMOUNT"
                and c["role"] == "SECTOR_AUTHORITY"]  # fmt: skip
    assert request_id in change["examples"] or change["accesses"] > len(change["examples"])
    assert change["violations"][0]["article"] == 20
    html = tmp_path / "report.html"
    result = CliRunner().invoke(app, [*args, "--format", "html", "--out", str(html)])
    assert result.exit_code == 2 and "person-only-amounts" in html.read_text("utf-8")
    future = CliRunner().invoke(app, [*args, "--format", "json", "--since", "2999-01-01"])
    assert json.loads(future.stdout)["accesses"] == 0


@pytest.mark.integration
def test_explain_prints_each_decision_of_a_past_request_with_its_line_and_why(
    api: ApiClient, city: api_data.City
) -> None:
    from typer.testing import CliRunner

    from cli.main import app

    answer = api.post(RECORDS, persona="tax-authority", channel="BY_AUTHORITY",
                      purpose="SUPERVISION").json()  # fmt: skip
    request_id = answer["extensions"]["requestId"]
    args = ["sandbox", "explain", request_id, "--journal", str(api.journal)]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "SECTOR_AUTHORITY" in result.stderr and "BY_AUTHORITY" in result.stderr
    tax = next(line for line in out.splitlines() if "field:TAX_AMOUNT" in line)
    assert "deny" in tax and "field:TAX_AMOUNT, deny, 20" in tax and "Real estate" in tax
    assert "default deny" in out  # e.g. income: no line allows it
    missing = CliRunner().invoke(
        app, ["sandbox", "explain", "0" * 32, "--journal", str(api.journal)]
    )
    assert missing.exit_code == 1
