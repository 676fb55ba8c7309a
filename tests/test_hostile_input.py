"""Hostile and careless input against the running API: every probe ends in a clear,
coded refusal, nothing is written, responses and audit entries stay bounded, and the
server keeps answering. One test per probe."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import jwt
import pytest
from starlette.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from graph.connection import Graph
from seed import catalog
from tests import builders
from tests.conftest import ApiClient

pytestmark = pytest.mark.integration

SUBMIT = """mutation($r: [RecordInput!]!) { submitRecords(records: $r) {
  written refused { code article item field } } }"""
PROVIDER = {"persona": "market-provider", "channel": "SUBMIT", "purpose": "DATA_SUBMISSION"}


def _code(body: dict[str, Any]) -> str:
    errors = body.get("errors") or []
    assert errors, body
    return str(errors[0]["extensions"]["code"])


def _nodes(graph: Graph) -> int:
    return int(
        graph.run(
            "MATCH (n) WHERE none(l IN labels(n) WHERE l STARTS WITH 'Audit') RETURN count(n) AS n"
        )[0]["n"]
    )


def _last_entry(api: ApiClient) -> tuple[dict[str, Any], int]:
    """The newest audit entry and the size of its stored line in bytes, read from the
    journal (the commit point: the entry is there when the response arrives, whether or
    not another test replaced the graph log meanwhile)."""
    line = api.journal.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1]
    return json.loads(json.loads(line)["b"]), len(line)


def _record(**subject: str) -> dict[str, Any]:
    record = builders.record_input(builders.record(catalog.load(), "N-DIS-ADMIN-PENALTY"))
    record["subject"].update(subject)
    return record


# -- request limits ------------------------------------------------------------------------


def test_a_long_string_literal_is_refused_and_the_audit_entry_stays_small(api: ApiClient) -> None:
    huge = "1" * 900_000
    body = api.post(f'{{ creditFile(idType: "RIC", number: "{huge}") {{ subject {{ name }} }} }}')
    assert _code(body.json()) == "INPUT_TOO_LARGE"
    assert len(body.content) < 2_000
    entry, size = _last_entry(api)
    assert entry["outcome"] == "refused" and size < 4_000, size


def test_an_error_that_quotes_an_argument_is_cut_and_hashed(api: ApiClient) -> None:
    quoted = "x" * 15_000  # under the string limit, so graphql-core's coercion quotes it
    response = api.post(
        "query($n: Int!) { catalog(first: $n) { totalCount } }", variables={"n": quoted}
    )
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] != "INTERNAL", error
    assert "Int cannot represent" in error["message"] and len(error["message"]) < 700, error
    _, size = _last_entry(api)
    assert size < 4_000, size


def test_fragment_fan_out_is_refused_before_validation_and_others_are_served(
    api: ApiClient,
) -> None:
    k = 22
    fragments = " ".join(
        f"fragment F{i} on CatalogConnection {{ ...F{i + 1} ...F{i + 1} }}" for i in range(k)
    )
    query = (
        f"{{ catalog {{ ...F0 }} }} {fragments} fragment F{k} on CatalogConnection {{ totalCount }}"
    )
    answers: dict[str, Any] = {}

    def heavy() -> None:
        answers["heavy"] = api.post(query).json()

    thread = threading.Thread(target=heavy)
    thread.start()
    # The server answers others meanwhile (a busy event loop would make this time out).
    health = httpx.get(f"{api.base_url}/healthz", timeout=5)
    thread.join(timeout=30)
    assert health.status_code == 200
    assert _code(answers["heavy"]) == "QUERY_TOO_COMPLEX"


def test_a_fragment_cycle_is_refused(api: ApiClient) -> None:
    query = (
        "{ catalog { ...A } } fragment A on CatalogConnection { totalCount ...B } "
        "fragment B on CatalogConnection { ...A }"
    )
    assert _code(api.post(query).json()) == "QUERY_TOO_COMPLEX"


PAGE = "records(first: $n) { edges { node { record { catalogCode fields { label value } } } } }"
PAGES = " ".join(f"p{i}: {PAGE}" for i in range(15))


@pytest.fixture
def small_cost(test_settings: Settings) -> Iterator[TestClient]:
    settings = dataclasses.replace(
        test_settings,
        api=dataclasses.replace(test_settings.api, max_cost=5_000, rate_burst=1000),
    )
    with TestClient(create_app(settings)) as client:
        yield client


def test_the_cost_uses_the_variables_values(small_cost: TestClient) -> None:
    variable = small_cost.post(
        "/graphql", json={"query": f"query($n: Int!) {{ {PAGES} }}", "variables": {"n": 100}}
    ).json()
    literal = small_cost.post(
        "/graphql", json={"query": "{ " + PAGES.replace("$n", "100") + " }"}
    ).json()
    assert _code(variable) == _code(literal) == "QUERY_TOO_COSTLY"
    assert variable["errors"][0]["extensions"]["cost"] == literal["errors"][0]["extensions"]["cost"]
    small = small_cost.post(
        "/graphql", json={"query": f"query($n: Int!) {{ {PAGES} }}", "variables": {"n": 2}}
    ).json()
    assert "errors" not in small, small


def test_the_page_cap_applies_to_variables(api: ApiClient) -> None:
    body = api.post(
        "query($n: Int!) { catalog(first: $n) { totalCount } }", variables={"n": 1000}
    ).json()
    assert _code(body) in ("BAD_ARGUMENT", "QUERY_TOO_COSTLY")


@pytest.mark.parametrize("value", [10**30, 1e999, "NaN"])
def test_huge_and_non_finite_numbers_in_arguments_are_refused(api: ApiClient, value: Any) -> None:
    raw = json.dumps({"query": "query($n: Int!) { catalog(first: $n) { totalCount } }"})[:-1]
    # json.dumps writes 1e999 as Infinity, which is not JSON: send the literal text.
    literal = {10**30: "1" + "0" * 30, 1e999: "1e999", "NaN": '"NaN"'}[value]
    response = httpx.post(
        f"{api.base_url}/graphql",
        content=f'{raw}, "variables": {{"n": {literal}}}}}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code < 500
    assert response.json()["errors"], response.text


# -- tokens and declarations ---------------------------------------------------------------


def test_a_revoked_jti_is_refused_within_seconds_without_a_restart(api: ApiClient) -> None:
    token = api.token("auditor")
    query = "{ auditLog(first: 1) { totalCount } }"
    audit = {"channel": "AUDIT", "purpose": "AUDIT"}
    assert "errors" not in api.post(query, token=token, **audit).json()
    claims = jwt.decode(token, options={"verify_signature": False})
    path = api.app.state.services.settings.api.revoked_tokens
    with path.open("a", encoding="utf-8") as f:
        f.write(f"{claims['jti']}  # leaked in a test\n")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        body = api.post(query, token=token, **audit).json()
        if body.get("errors"):
            break
        time.sleep(0.2)
    assert _code(body) == "UNAUTHENTICATED"
    # A new token string carrying the revoked jti is refused too.
    claims["exp"] = int(time.time()) + 600
    again = jwt.encode(claims, api.tokens.private_key, algorithm="EdDSA", headers={"typ": "at+jwt"})
    assert _code(api.post(query, token=again, **audit).json()) == "UNAUTHENTICATED"


# -- submitted data ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("name", "王\x00测试"),
        ("name", "王\ud800测试"),
        ("number", "11010519850517\x000072"),
        ("sourceId", "T-\x00-1"),
        ("caseName", "案件\x07名称"),
    ],
)
def test_control_characters_and_lone_surrogates_are_refused(
    api: ApiClient, graph: Graph, where: str, value: str
) -> None:
    record = _record()
    if where in ("name", "number"):
        record["subject"][where] = value
    elif where == "sourceId":
        record["sourceId"] = value
    else:
        record["fields"][where] = value
    before = _nodes(graph)
    # Sent as ASCII JSON, so a lone surrogate travels as the escape a JSON body allows.
    payload = {"query": SUBMIT, "variables": {"r": [record]}}
    headers = {
        "content-type": "application/json",
        "authorization": f"Bearer {api.token('market-provider')}",
        "credit-channel": "SUBMIT",
        "credit-purpose": "DATA_SUBMISSION",
    }
    response = httpx.post(
        f"{api.base_url}/graphql", content=json.dumps(payload), headers=headers, timeout=30
    )
    body = response.json()
    assert _code(body) == "INVALID_TEXT", body
    assert _nodes(graph) == before


def test_a_long_subject_name_is_refused(api: ApiClient, graph: Graph) -> None:
    before = _nodes(graph)
    body = api.post(SUBMIT, variables={"r": [_record(name="名" * 900_000)]}, **PROVIDER)
    assert body.status_code == 413 or _code(body.json()) == "INPUT_TOO_LARGE"
    mid = api.post(SUBMIT, variables={"r": [_record(name="名" * 5_000)]}, **PROVIDER).json()
    refused = mid["data"]["submitRecords"]["refused"]
    assert {"code": "TEXT_TOO_LONG", "article": 18, "item": 0, "field": "subject.name"} in refused
    assert _nodes(graph) == before


def test_records_per_call_are_capped(api: ApiClient, graph: Graph) -> None:
    limit = api.app.state.services.settings.api.max_records
    one = _record()
    records = [{**one, "sourceId": f"cap-{i}"} for i in range(limit + 1)]
    before = _nodes(graph)
    body = api.post(SUBMIT, variables={"r": records}, **PROVIDER).json()
    assert _code(body) == "BATCH_TOO_LARGE"
    assert f"{limit} records or fewer" in body["errors"][0]["message"]
    assert _nodes(graph) == before


def test_full_width_identifiers_find_the_same_file(api: ApiClient, graph: Graph) -> None:
    number = builders.citizen_id(date(1990, 1, 2))
    wide = "".join(chr(ord(c) + 0xFEE0) for c in number)
    for n in (number, wide):
        record = _record(number=n, name="全角测试")
        body = api.post(SUBMIT, variables={"r": [record]}, **PROVIDER).json()
        assert body["data"]["submitRecords"]["written"], body
    rows = graph.run(
        "MATCH (s:Subject) WHERE s.name = '全角测试' RETURN s.key AS key, s.number AS number"
    )
    assert rows == [{"key": f"RIC:{number}", "number": number}], rows


# -- the graph agrees with the answer ------------------------------------------------------


@pytest.fixture
def slow_answers(
    test_settings: Settings, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, ApiClient]]:
    """An API whose request timeout (0.3 s) passes after a submission has committed: the
    real write to the test Neo4j, then a second's delay before its answer is built."""
    from api import schema
    from api.identity import TokenService, load_or_create_key

    real = schema.submit_async

    async def committed_then_late(*args: Any, **kwargs: Any) -> Any:
        report = await real(*args, **kwargs)
        await asyncio.sleep(1.0)
        return report

    monkeypatch.setattr(schema, "submit_async", committed_then_late)
    api_settings = dataclasses.replace(
        test_settings.api,
        mode="development",
        timeout_s=0.3,
        rate_burst=1000,
        signing_key=tmp_path / "jwt.pem",
        audit_key=tmp_path / "audit.pem",
        audit_journal=tmp_path / "audit-journal.jsonl",
    )
    settings = dataclasses.replace(test_settings, api=api_settings)
    with TestClient(create_app(settings)) as client:
        key = load_or_create_key(api_settings.signing_key)
        tokens = TokenService(key, api_settings.issuer, api_settings.audience)
        yield client, ApiClient("", tokens)


def test_a_write_that_committed_is_answered_as_written_after_the_timeout(
    slow_answers: tuple[TestClient, ApiClient], graph: Graph
) -> None:
    client, tokens = slow_answers
    record = _record(number=builders.citizen_id(date(1991, 3, 4)), name="超时写入")
    before = _nodes(graph)
    body = client.post(
        "/graphql",
        json={"query": SUBMIT, "variables": {"r": [record]}},
        headers={
            "authorization": f"Bearer {tokens.token('market-provider')}",
            "credit-channel": "SUBMIT",
            "credit-purpose": "DATA_SUBMISSION",
        },
    ).json()
    assert _nodes(graph) > before  # the write committed ...
    assert body.get("data") and body["data"]["submitRecords"]["written"] == 1, (
        body
    )  # ... and says so
