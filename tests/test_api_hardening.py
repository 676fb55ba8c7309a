"""Endpoint hardening (OWASP GraphQL cheat sheet): one test per protection."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import httpx
import pytest
from starlette.testclient import TestClient

from api.app import build_schema, create_app
from core.settings import Settings
from tests.conftest import ApiClient

pytestmark = pytest.mark.integration


def _ext(response: httpx.Response) -> dict[str, object]:
    body = response.json()
    assert body.get("errors"), body
    return dict(body["errors"][0].get("extensions") or {})


def test_every_type_field_and_argument_is_described(test_settings: Settings) -> None:
    schema = build_schema(test_settings)._schema
    missing = []
    for name, gtype in schema.type_map.items():
        if name.startswith("__") or name in (
            "String",
            "Int",
            "Boolean",
            "Float",
            "ID",
            "Date",
            "JSON",
        ):
            continue
        if not getattr(gtype, "description", None):
            missing.append(name)
        for fname, fdef in getattr(gtype, "fields", {}).items():
            if not fdef.description:
                missing.append(f"{name}.{fname}")
            for aname, adef in getattr(fdef, "args", {}).items():
                if not adef.description:
                    missing.append(f"{name}.{fname}({aname})")
    assert missing == []


def test_depth_limit(strict: TestClient) -> None:
    shallow = "{ catalog { edges { node { code } } } }"
    assert "errors" not in strict.post("/graphql", json={"query": shallow}).json()
    deep = "{ catalog { edges { node { fields { name } } } } }"
    assert "depth" in strict.post("/graphql", json={"query": deep}).json()["errors"][0]["message"]


def test_alias_limit(api: ApiClient) -> None:
    aliases = " ".join(f"a{i}: catalog {{ totalCount }}" for i in range(20))
    assert "aliases" in api.post("{ " + aliases + " }").json()["errors"][0]["message"]


def test_token_limit(api: ApiClient) -> None:
    query = "{ catalog { totalCount " + " ".join(["totalCount"] * 2100) + " } }"
    assert "token" in api.post(query).json()["errors"][0]["message"].lower()


def test_cost_limit_is_pagination_aware(strict: TestClient) -> None:
    few = "{ catalog(first: 5) { edges { node { code name kind } } } }"
    assert "errors" not in strict.post("/graphql", json={"query": few}).json()
    many = "{ catalog(first: 100) { edges { node { code name kind } } } }"
    body = strict.post("/graphql", json={"query": many}).json()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_batching_is_capped(api: ApiClient) -> None:
    ops = [{"query": "{ catalog { totalCount } }"}] * 6
    response = httpx.post(f"{api.base_url}/graphql", json=ops)
    assert response.status_code == 400
    ok = httpx.post(f"{api.base_url}/graphql", json=ops[:2])
    assert ok.status_code == 200 and len(ok.json()) == 2


def test_no_queries_or_mutations_over_get(api: ApiClient) -> None:
    response = httpx.get(
        f"{api.base_url}/graphql",
        params={"query": 'mutation { revokeAuthorization(id: "x") { id } }'},
    )
    assert response.status_code in (400, 405)
    assert "revokeAuthorization" not in response.text or "data" not in response.text


def test_only_json_bodies(api: ApiClient) -> None:
    for ctype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = httpx.post(
            f"{api.base_url}/graphql",
            content=b'{"query":"{__typename}"}',
            headers={"content-type": ctype},
        )
        assert response.status_code == 415
    ok = httpx.post(
        f"{api.base_url}/graphql",
        content=b'{"query":"{__typename}"}',
        headers={"content-type": "application/graphql-response+json"},
    )
    assert ok.status_code == 200


def test_coded_errors_pass_through_unexpected_masked(api: ApiClient) -> None:
    coded = api.post(
        '{ creditFile(idType: "RIC", number: "110105198403090010") { subject { name } } }'
    )
    assert _ext(coded)["code"] in ("INVALID_CITIZEN_ID", "NOT_FOUND")
    broken = api.post('{ records(first: 1, after: "!!notacursor!!") { totalCount } }')
    assert _ext(broken)["code"] == "BAD_ARGUMENT"


@pytest.fixture
def strict(test_settings: Settings) -> Iterator[TestClient]:
    """An app with small depth and cost limits."""
    settings = dataclasses.replace(
        test_settings,
        api=dataclasses.replace(test_settings.api, max_depth=3, max_cost=100, rate_burst=1000),
    )
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def production(test_settings: Settings) -> Iterator[TestClient]:
    settings = dataclasses.replace(
        test_settings,
        api=dataclasses.replace(
            test_settings.api, mode="production", rate_per_s=0.001, rate_burst=3, timeout_s=5
        ),
    )
    with TestClient(create_app(settings)) as client:
        yield client


def test_production_mode_hides_introspection_ide_and_suggestions(production: TestClient) -> None:
    intro = production.post("/graphql", json={"query": "{ __schema { types { name } } }"})
    assert "introspection" in intro.text.lower()
    typo = production.post("/graphql", json={"query": "{ catalogg { totalCount } }"})
    assert "Did you mean" not in typo.text
    ide = production.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code in (404, 405) and "graphiql" not in ide.text.lower()


def test_rate_limit_per_actor(production: TestClient) -> None:
    codes = []
    for _ in range(5):
        body = production.post("/graphql", json={"query": "{ catalog { totalCount } }"}).json()
        codes.append((body.get("errors") or [{}])[0].get("extensions", {}).get("code"))
    assert codes[:3] == [None, None, None] and codes[3:] == ["RATE_LIMITED", "RATE_LIMITED"]


def test_request_timeout(test_settings: Settings) -> None:
    settings = dataclasses.replace(
        test_settings,
        api=dataclasses.replace(test_settings.api, mode="production", timeout_s=0.000001),
    )
    with TestClient(create_app(settings)) as client:
        body = client.post("/graphql", json={"query": "{ catalog { totalCount } }"}).json()
    assert body["errors"][0]["extensions"]["code"] == "TIMEOUT"


def test_production_judges_every_request_on_the_real_date(production: TestClient) -> None:
    body = production.post(
        "/graphql",
        json={"query": "{ catalog { totalCount } }"},
        headers={"credit-as-of": "2030-01-04"},
    ).json()
    assert body["data"] is None and _ext_of(body)["code"] == "BAD_CLOCK"
    assert "real date" in body["errors"][0]["message"]


def _ext_of(body: dict[str, object]) -> dict[str, object]:
    errors = body.get("errors")
    assert isinstance(errors, list) and errors, body
    return dict(errors[0].get("extensions") or {})
