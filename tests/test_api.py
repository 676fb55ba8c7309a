"""The GraphQL API over real HTTP against the test Neo4j: channels, audit, hardening."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from graph.connection import Graph
from seed import catalog
from tests import api_data
from tests.conftest import ApiClient

pytestmark = pytest.mark.integration

FILE = """
query($t: String!, $n: String!) {
  creditFile(idType: $t, number: $n, first: 50) {
    subject { key name number type }
    records { totalCount edges { node { id catalogCode status fields { name value } } } }
    listings { id }
  }
}
"""


@pytest.fixture(scope="module")
def city(graph: Graph) -> Iterator[api_data.City]:
    yield api_data.build(graph, catalog.load())


def _file(api: ApiClient, city: api_data.City, **kw: Any) -> Any:
    return api.post(FILE, variables={"t": "RIC", "n": city.person.number}, **kw).json()


def _codes(body: Any) -> list[str]:
    edges = body["data"]["creditFile"]["records"]["edges"]
    return sorted(e["node"]["catalogCode"] for e in edges)


def _error(body: Any) -> dict[str, Any]:
    assert body.get("errors"), body
    return dict(body["errors"][0]["extensions"])


def test_public_sees_public_items_desensitized(api: ApiClient, city: api_data.City) -> None:
    body = _file(api, city)
    subject = body["data"]["creditFile"]["subject"]
    assert subject["name"] == "王**" and subject["key"] is None
    assert subject["number"].startswith(city.person.number[:3]) and "*" in subject["number"]
    # only the penalty still within its publicity period; not tax, income or the old one
    assert _codes(body) == ["N-DIS-ADMIN-PENALTY"]


def test_gov_sharing_sees_shared_items_not_market_or_tax(
    api: ApiClient, city: api_data.City
) -> None:
    body = _file(
        api, city, persona="housing-user", channel="GOV_SHARING", purpose="ADMINISTRATIVE_LICENSING"
    )
    assert _codes(body) == ["N-DIS-ADMIN-PENALTY", "N-DIS-ADMIN-PENALTY"]
    assert body["data"]["creditFile"]["subject"]["name"] == "王测试"


def test_purpose_outside_token_refused(api: ApiClient, city: api_data.City) -> None:
    ext = _error(
        _file(api, city, persona="housing-user", channel="GOV_SHARING", purpose="SUPERVISION")
    )
    assert ext["code"] == "ACCESS_DENIED" and ext["article"] == 24


def test_unknown_channel_refused(api: ApiClient, city: api_data.City) -> None:
    ext = _error(_file(api, city, persona="housing-user", channel="LEAK", purpose="X"))
    assert ext == {"code": "BAD_DECLARATION", "article": 22}


def test_self_sees_everything_own(api: ApiClient, city: api_data.City) -> None:
    body = _file(
        api, city, persona="subject", subject=city.person_key, channel="SELF", purpose="SELF_CHECK"
    )
    assert _codes(body) == [
        "L-OTHER-TAX-PAID",
        "M-INCOME",
        "N-DIS-ADMIN-PENALTY",
        "N-DIS-ADMIN-PENALTY",
    ]
    other = api.post(
        FILE,
        variables={"t": "RIC", "n": city.other.number},
        persona="subject",
        subject=city.person_key,
        channel="SELF",
        purpose="SELF_CHECK",
    ).json()
    assert _error(other)["code"] == "NOT_FOUND"


def test_bad_token_refused(api: ApiClient, city: api_data.City) -> None:
    ext = _error(_file(api, city, token="not-a-token", channel="PUBLIC"))
    assert ext["code"] == "UNAUTHENTICATED"


def test_every_access_audited_before_response(
    api: ApiClient, city: api_data.City, graph: Graph
) -> None:
    api.flush_audit()
    before = graph.run("MATCH (e:AuditEntry) RETURN count(e) AS n")[0]["n"]
    body = _file(
        api, city, persona="housing-user", channel="GOV_SHARING", purpose="ADMINISTRATIVE_LICENSING"
    )
    # The commit point is the journal: the entry is on disk when the response arrives.
    last = api.journal.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1]
    assert b"GOV_SHARING" in last and city.person.number.encode() in last
    api.flush_audit()
    rows = graph.run(
        "MATCH (e:AuditEntry) WITH e ORDER BY e.index DESC LIMIT 1 "
        "RETURN e.body AS body, count { (e)-[:CONCERNS]->() } AS concerns"
    )
    assert graph.run("MATCH (e:AuditEntry) RETURN count(e) AS n")[0]["n"] == before + 1
    import json

    entry = json.loads(rows[0]["body"])
    assert entry["channel"] == "GOV_SHARING" and entry["purpose"] == "ADMINISTRATIVE_LICENSING"
    assert entry["subjects"] == [city.person_key] and rows[0]["concerns"] == 1
    assert any("credit_policy.csv" in d for d in entry["decisions"])
    assert body["extensions"]["requestId"] == entry["requestId"]


def test_no_data_when_audit_cannot_be_written(api: ApiClient, city: api_data.City) -> None:
    # The journal is the commit point: when it cannot be written (disk full, say), the
    # response carries no data.
    journal = api.app.state.services.audit.journal
    original = journal.write_encoded

    def disk_full(lines: object) -> None:
        raise OSError(28, "No space left on device")

    journal.write_encoded = disk_full  # type: ignore[method-assign]
    try:
        body = _file(
            api,
            city,
            persona="housing-user",
            channel="GOV_SHARING",
            purpose="ADMINISTRATIVE_LICENSING",
        )
    finally:
        journal.write_encoded = original  # type: ignore[method-assign]
    assert body.get("data") is None
    assert _error(body)["code"] == "AUDIT_UNAVAILABLE"
    # The full disk refused that access only: once there is room, answers go on.
    body = _file(
        api, city, persona="housing-user", channel="GOV_SHARING", purpose="ADMINISTRATIVE_LICENSING"
    )
    assert body.get("data") is not None, body


def test_subject_access_log_with_inclusion_proofs(api: ApiClient, city: api_data.City) -> None:
    _file(
        api, city, persona="housing-user", channel="GOV_SHARING", purpose="ADMINISTRATIVE_LICENSING"
    )
    query = """{ myAccessLog(first: 5) { edges { node { index entry leafHash inclusionProof
                 treeSize rootHash } } } }"""
    body = api.post(
        query, persona="subject", subject=city.person_key, channel="SELF", purpose="SELF_CHECK"
    ).json()
    from audit import canonical, merkle

    nodes = [e["node"] for e in body["data"]["myAccessLog"]["edges"]]
    assert any(n["entry"]["organization"] == "P-HOUSING" for n in nodes)
    for n in nodes:
        leaf = merkle.leaf_hash(canonical.canonical_bytes(n["entry"]))
        assert leaf.hex() == n["leafHash"]
        assert merkle.verify_inclusion(
            leaf,
            n["index"],
            n["treeSize"],
            [bytes.fromhex(p) for p in n["inclusionProof"]],
            bytes.fromhex(n["rootHash"]),
        )


def test_submit_records_over_graphql(api: ApiClient, city: api_data.City) -> None:
    mutation = """mutation($r: [RecordInput!]!) { submitRecords(records: $r) {
        written created refused { code article item field } } }"""
    record = {
        "sourceId": "api-1",
        "catalogCode": "N-DIS-ADMIN-PENALTY",
        "subject": {"idType": "RIC", "number": city.other.number, "name": "李对照"},
        "occurredAt": "2026-01-05",
        "fields": {"religion": "x"},
    }
    body = api.post(
        mutation,
        persona="market-provider",
        channel="SUBMIT",
        purpose="DATA_SUBMISSION",
        variables={"r": [record]},
    ).json()
    report = body["data"]["submitRecords"]
    assert report["written"] is False
    assert {
        "code": "FORBIDDEN_CATEGORY",
        "article": 20,
        "item": 0,
        "field": "fields.religion",
    } in report["refused"]


def test_market_provider_cannot_read_by_submitting(api: ApiClient, city: api_data.City) -> None:
    ext = _error(
        _file(api, city, persona="market-provider", channel="SUBMIT", purpose="DATA_SUBMISSION")
    )
    assert ext["code"] == "BAD_DECLARATION"


def test_measure_lists_are_paginated(api: ApiClient) -> None:
    body = api.post(
        '{ measures(first: 2, list: "PUNISHMENT") { totalCount edges { node { code } } '
        "pageInfo { hasNextPage } } }"
    ).json()
    page = body["data"]["measures"]
    assert page["totalCount"] > 2 and len(page["edges"]) == 2 and page["pageInfo"]["hasNextPage"]


def test_sandbox_clock_sets_the_day_and_the_audit_entry_says_so(
    api: ApiClient, city: api_data.City
) -> None:
    from datetime import date

    bad = api.post("{ catalog { totalCount } }", headers={"credit-as-of": "04/01/2030"}).json()
    assert _error(bad)["code"] == "BAD_CLOCK" and "YYYY-MM-DD" in bad["errors"][0]["message"]
    api.as_of = date(2030, 1, 4)
    try:
        body = _file(
            api, city, persona="housing-user", channel="GOV_SHARING",
            purpose="ADMINISTRATIVE_LICENSING",
        )  # fmt: skip
    finally:
        api.as_of = None
    assert body["data"]["creditFile"], body
    last = json.loads(api.journal.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1])
    assert json.loads(last["b"])["asOf"] == "2030-01-04"
    plain = _file(api, city)
    assert plain["data"]["creditFile"], plain
    last = api.journal.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1]
    assert b"asOf" not in last
