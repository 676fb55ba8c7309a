"""Steps that drive the real GraphQL API over HTTP (channels, purposes, audit)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from graph.connection import Graph
from seed import catalog
from tests import api_data
from tests.conftest import ApiClient
from tests.features.deadlines import due_after, first_past_calendar, working_days_before

FILE_QUERY = """
query($t: String!, $n: String!) {
  creditFile(idType: $t, number: $n, first: 50) {
    subject { name number }
    records { totalCount edges { node { catalogCode status holdReasons underObjection
              fields { name value }
              history { action by reason } } } }
  }
}"""
GRANT = """mutation($a: AuthorizationInput!) { grantAuthorization(authorization: $a) {
  id validTo } }"""
REVOKE = "mutation($id: String!) { revokeAuthorization(id: $id) { id revokedOn } }"
LOG = """{ myAccessLog(first: 20) { edges { node { index entry leafHash inclusionProof
  treeSize rootHash } } } }"""


@dataclass
class ApiScene:
    """State of an API scenario."""

    api: ApiClient
    graph: Graph
    city: api_data.City | None = None
    body: dict[str, Any] = field(default_factory=dict)
    authorization_id: str | None = None
    names: dict[str, Any] = field(default_factory=dict)

    def subject(self, name: str) -> Any:
        assert self.city is not None
        return {
            "王测试": self.city.person,
            "样本测试科技有限公司": self.city.org,
            "李对照": self.city.other,
        }[name]


def _as_self(ref: Any) -> dict[str, str]:
    """Request arguments of the subject itself over the SELF channel."""
    return {
        "persona": "subject",
        "subject": f"{ref.id_type}:{ref.number}",
        "channel": "SELF",
        "purpose": "SELF_CHECK",
    }


@pytest.fixture
def api_scene(api: ApiClient, graph: Graph) -> Iterator[ApiScene]:
    api.as_of = None
    try:
        yield ApiScene(api, graph)
    finally:
        api.as_of = None


@given("平台中有测试城市的信用档案")
def given_city(api_scene: ApiScene) -> None:
    api_scene.city = api_data.build(api_scene.graph, catalog.load())


def _query_file(scene: ApiScene, name: str, query: str = FILE_QUERY, **kw: Any) -> None:
    ref = scene.subject(name)
    scene.body = scene.api.post(query, variables={"t": ref.id_type, "n": ref.number}, **kw).json()


BASIS_QUERY = """query($t: String!, $n: String!) { creditFile(idType: $t, number: $n, first: 50) {
  records { edges { node { catalogCode basis { type number issuer legalBasis } } } } } }"""


@when(parsers.parse('"{persona}"以"{channel}"渠道、"{purpose}"用途查询"{name}"各记录的认定依据'))
def when_bases(api_scene: ApiScene, persona: str, channel: str, purpose: str, name: str) -> None:
    _query_file(api_scene, name, BASIS_QUERY, persona=persona, channel=channel, purpose=purpose)


@then(parsers.parse('"{code}"记录的认定依据是"{kind}"文书，法律依据写明"{legal_basis}"'))
def then_basis(api_scene: ApiScene, code: str, kind: str, legal_basis: str) -> None:
    bases = [r["basis"] for r in _records(api_scene) if r["catalogCode"] == code]
    assert bases and all(b and b["type"] == kind for b in bases), api_scene.body
    assert {b["legalBasis"] for b in bases} == {legal_basis}, bases


@when(parsers.parse('社会公众不带令牌查询"{name}"的信用档案'))
def when_public(api_scene: ApiScene, name: str) -> None:
    _query_file(api_scene, name)


@when(parsers.parse('"{persona}"以"{channel}"渠道、"{purpose}"用途查询"{name}"的信用档案'))
def when_persona(api_scene: ApiScene, persona: str, channel: str, purpose: str, name: str) -> None:
    _query_file(api_scene, name, persona=persona, channel=channel, purpose=purpose)


@when(
    parsers.parse('"{persona}"依据该授权以"AUTHORIZED"渠道、"{purpose}"用途查询"{name}"的信用档案')
)
def when_authorized(api_scene: ApiScene, persona: str, purpose: str, name: str) -> None:
    _query_file(
        api_scene,
        name,
        persona=persona,
        channel="AUTHORIZED",
        purpose=purpose,
        authorization=api_scene.authorization_id or "none",
    )


@when(parsers.parse('"{name}"本人以"SELF"渠道查询自己的信用档案'))
def when_self(api_scene: ApiScene, name: str) -> None:
    _query_file(api_scene, name, **_as_self(api_scene.subject(name)))


@when(parsers.parse('有人持伪造的令牌查询"{name}"的信用档案'))
def when_forged(api_scene: ApiScene, name: str) -> None:
    token = api_scene.api.token("housing-user")
    head, payload, signature = token.split(".")
    forged = f"{head}.{payload}.{signature[:-4]}AAAA"
    _query_file(
        api_scene, name, token=forged, channel="GOV_SHARING", purpose="ADMINISTRATIVE_LICENSING"
    )


@when(parsers.parse('有人持已过期的令牌查询"{name}"的信用档案'))
def when_expired(api_scene: ApiScene, name: str) -> None:
    token = api_scene.api.token("housing-user", ttl_s=-120)
    _query_file(
        api_scene, name, token=token, channel="GOV_SHARING", purpose="ADMINISTRATIVE_LICENSING"
    )


#: Columns of the authorization table: days are counted from today, "空" leaves it out.
_GRANT_DEFAULTS = {
    "被授权方": "B-BANK-1",
    "范围": "N-DIS-ADMIN-PENALTY",
    "用途": "LENDING",
    "起始": "0",
    "截止": "30",
    "授权书": "书面授权书（测试）",
}


def _day(offset: str) -> str | None:
    return None if offset == "空" else (date.today() + timedelta(days=int(offset))).isoformat()


def _grant(scene: ApiScene, name: str, grantee: str, purpose: str, codes: str, days: int) -> None:
    _post_grant(
        scene, name, {**_GRANT_DEFAULTS, "被授权方": grantee, "用途": purpose, "范围": codes,
                      "截止": str(days)},
    )  # fmt: skip


@given(parsers.parse('"{name}"书面授权"{grantee}"以"{purpose}"用途查询"{codes}"，有效期{days:d}天'))
def given_grant(
    api_scene: ApiScene, name: str, grantee: str, purpose: str, codes: str, days: int
) -> None:
    _grant(api_scene, name, grantee, purpose, codes, days)
    assert api_scene.authorization_id, api_scene.body


@when(parsers.parse('"{name}"书面授权"{grantee}"以"{purpose}"用途查询"{codes}"，有效期{days:d}天'))
def when_grant(
    api_scene: ApiScene, name: str, grantee: str, purpose: str, codes: str, days: int
) -> None:
    _grant(api_scene, name, grantee, purpose, codes, days)


def _post_grant(scene: ApiScene, name: str, values: dict[str, str]) -> None:
    """``name`` submits the authorization the table columns describe ("空": left out)."""

    def text(column: str) -> str:
        return "" if values[column] == "空" else values[column]

    scene.body = scene.api.post(
        GRANT,
        **_as_self(scene.subject(name)),
        variables={
            "a": {
                "grantee": text("被授权方"),
                "scope": [c for c in values["范围"].split("、") if c != "空"],
                "purpose": values["用途"],
                "validFrom": _day(values["起始"]),
                "validTo": _day(values["截止"]),
                "evidence": text("授权书"),
            }
        },
    ).json()
    granted = (scene.body.get("data") or {}).get("grantAuthorization")
    scene.authorization_id = granted["id"] if granted else None


@when(parsers.parse('"{name}"提交书面授权：{changes}'))
def when_grant_with(api_scene: ApiScene, name: str, changes: str) -> None:
    """``changes`` overrides columns of the usual grant, e.g. ``截止=空，用途=NONE``."""
    values = dict(_GRANT_DEFAULTS)
    for pair in filter(None, changes.split("，")):
        column, _, value = pair.partition("=")
        assert column in values, f"unknown column {column!r}: {sorted(values)}"
        values[column] = value
    _post_grant(api_scene, name, values)


def refused_at(scene: ApiScene, code: str, article: int, field: str) -> None:
    """The answer refused exactly one thing: this code, under this article, at this field
    (a subject's name in ``field`` stands for its identifier number), said in words; and
    nothing was done."""
    violations = _violations(scene)
    if scene.city is not None:
        for name in ("王测试", "样本测试科技有限公司", "李对照"):
            field = field.replace(name, scene.subject(name).number)
    wanted = {"code": code, "article": article, "field": field}
    assert [{k: v[k] for k in wanted} for v in violations] == [wanted], violations
    assert violations[0]["message"], violations
    # Nothing was done: the refused field answers null (a refused consent records none).
    assert all(v is None for v in (scene.body.get("data") or {}).values()), scene.body


@then(
    parsers.re(
        r'(?:授权|认定|异议|报告|确认|同意书)被拒绝，错误代码为"(?P<code>[^"]+)"，'
        r'依据第(?P<article>\d+)条，问题在"(?P<field>[^"]*)"'
    ),
    converters={"article": int},
)
def then_refused_at(api_scene: ApiScene, code: str, article: int, field: str) -> None:
    """An authorization, decision, objection, report, acknowledgement or consent refused
    with exactly this code, article and field."""
    refused_at(api_scene, code, article, field)


@then(parsers.parse('拒绝的理由写明"{text}"'))
def then_refusal_says(api_scene: ApiScene, text: str) -> None:
    """The refusal's message names the state or date it rests on."""
    messages = [v["message"] for v in _violations(api_scene)]
    assert any(text in m for m in messages), messages


@given("该授权的有效期到今天为止")
def given_authorization_ends_today(api_scene: ApiScene) -> None:
    api_scene.graph.run(
        "MATCH (a:Authorization {id: $id}) SET a.validTo = date()", id=api_scene.authorization_id
    )


@given(parsers.parse('"{name}"撤回了该授权'))
def given_revoke(api_scene: ApiScene, name: str) -> None:
    ref = api_scene.subject(name)
    body = api_scene.api.post(
        REVOKE,
        **_as_self(ref),
        variables={"id": api_scene.authorization_id},
    ).json()
    assert body["data"]["revokeAuthorization"]["revokedOn"], body


PROVIDER_GRANT = """mutation($a: String!, $s: [String!]!, $f: Date!, $t: Date!) {
  grantProviderAuthorization(agency: $a, scope: $s, validFrom: $f, validTo: $t) { id } }"""


@given(parsers.parse('提供单位"{provider}"授权信用服务机构"{agency}"接收"{codes}"'))
def given_provider_grant(api_scene: ApiScene, provider: str, agency: str, codes: str) -> None:
    persona = {"P-MARKET": "market-provider", "P-TAX": "tax-provider"}[provider]
    today = date.today()
    body = api_scene.api.post(
        PROVIDER_GRANT,
        persona=persona,
        channel="SUBMIT",
        purpose="DATA_SUBMISSION",
        variables={
            "a": agency,
            "s": codes.split("、"),
            "f": today.isoformat(),
            "t": (today + timedelta(days=180)).isoformat(),
        },
    ).json()
    assert body["data"]["grantProviderAuthorization"]["id"], body


def _records(scene: ApiScene) -> list[dict[str, Any]]:
    data = scene.body.get("data") or {}
    assert data.get("creditFile"), scene.body
    return [e["node"] for e in data["creditFile"]["records"]["edges"]]


@then(parsers.parse('返回的记录包括"{code}"'))
def then_includes(api_scene: ApiScene, code: str) -> None:
    assert code in [r["catalogCode"] for r in _records(api_scene)], api_scene.body


@then(parsers.parse('返回的记录不包括"{code}"'))
def then_excludes(api_scene: ApiScene, code: str) -> None:
    assert code not in [r["catalogCode"] for r in _records(api_scene)]


@then(parsers.parse('返回的"{code}"记录有{count:d}条'))
def then_count_of(api_scene: ApiScene, code: str, count: int) -> None:
    found = [r for r in _records(api_scene) if r["catalogCode"] == code]
    assert len(found) == count, api_scene.body


@then(parsers.parse("返回{count:d}条记录"))
def then_count(api_scene: ApiScene, count: int) -> None:
    records = _records(api_scene)
    assert len(records) == count, [r["catalogCode"] for r in records]
    assert api_scene.body["data"]["creditFile"]["records"]["totalCount"] == count


@then(parsers.parse('返回的主体姓名为"{name}"'))
def then_name(api_scene: ApiScene, name: str) -> None:
    assert api_scene.body["data"]["creditFile"]["subject"]["name"] == name


@then("返回的证件号码已脱敏")
def then_number_masked(api_scene: ApiScene) -> None:
    number = api_scene.body["data"]["creditFile"]["subject"]["number"]
    assert "*" in number and number[:3].isdigit(), number


@then(parsers.parse('返回的字段包括"{name}"'))
def then_field(api_scene: ApiScene, name: str) -> None:
    assert name in [f["name"] for r in _records(api_scene) for f in r["fields"]]


@then(parsers.parse('返回的字段不包括"{name}"'))
def then_no_field(api_scene: ApiScene, name: str) -> None:
    assert name not in [f["name"] for r in _records(api_scene) for f in r["fields"]]


@then(parsers.parse('字段"{name}"的值已脱敏'))
def then_field_masked(api_scene: ApiScene, name: str) -> None:
    values = [f["value"] for r in _records(api_scene) for f in r["fields"] if f["name"] == name]
    assert values and all("*" in v for v in values), values


@then(parsers.parse('请求被拒绝，错误代码为"{code}"，依据第{article:d}条'))
def then_refused(api_scene: ApiScene, code: str, article: int) -> None:
    errors = api_scene.body.get("errors") or []
    assert errors, api_scene.body
    ext = errors[0].get("extensions") or {}
    assert (ext.get("code"), ext.get("article")) == (code, article), errors
    assert not (api_scene.body.get("data") or {}).get("creditFile")


@then(parsers.parse('请求被拒绝，错误代码为"{code}"'))
def then_refused_code(api_scene: ApiScene, code: str) -> None:
    errors = api_scene.body.get("errors") or []
    assert errors and errors[0]["extensions"]["code"] == code, api_scene.body


def _violations(scene: ApiScene) -> list[dict[str, Any]]:
    """The violations of the first error of the last answer (which must have one)."""
    errors = scene.body.get("errors") or []
    assert errors, scene.body
    return list(errors[0]["extensions"].get("violations") or [])


@then(parsers.parse('授权被拒绝，错误代码为"{code}"，依据第{article:d}条'))
def then_grant_refused(api_scene: ApiScene, code: str, article: int) -> None:
    """A violation with this code and article is among the refusals, and it says what is
    wrong and where (a field, or "" for the input as a whole)."""
    violations = _violations(api_scene)
    found = [v for v in violations if (v["code"], v["article"]) == (code, article)]
    assert found, violations
    for v in found:
        assert isinstance(v["field"], str) and isinstance(v["message"], str), violations


@then(parsers.parse('审计日志的最后一条记下了"{channel}"渠道、"{purpose}"用途和被查询的"{name}"'))
def then_audited(api_scene: ApiScene, channel: str, purpose: str, name: str) -> None:
    ref = api_scene.subject(name)
    api_scene.api.flush_audit()
    rows = api_scene.graph.run(
        "MATCH (e:AuditEntry) WITH e ORDER BY e.index DESC LIMIT 1 RETURN e.body AS body"
    )
    entry = json.loads(rows[0]["body"])
    assert (entry["channel"], entry["purpose"]) == (channel, purpose), entry
    assert f"{ref.id_type}:{ref.number}" in entry["subjects"] + entry["requested"], entry
    assert entry["decisions"], entry


@then(parsers.parse('"{name}"在自己的访问记录中看到"{organization}"的这次访问，并能验证其包含证明'))
def then_access_log(api_scene: ApiScene, name: str, organization: str) -> None:
    from audit import canonical, merkle

    ref = api_scene.subject(name)
    body = api_scene.api.post(
        LOG,
        **_as_self(ref),
    ).json()
    nodes = [e["node"] for e in body["data"]["myAccessLog"]["edges"]]
    mine = [n for n in nodes if n["entry"] and n["entry"]["organization"] == organization]
    assert mine, nodes
    node = mine[0]
    leaf = merkle.leaf_hash(canonical.canonical_bytes(node["entry"]))
    assert merkle.verify_inclusion(
        leaf,
        node["index"],
        node["treeSize"],
        [bytes.fromhex(p) for p in node["inclusionProof"]],
        bytes.fromhex(node["rootHash"]),
    )


@then(parsers.parse('返回的记录带有暂缓认定原因"{reason}"'))
def then_hold_reason(api_scene: ApiScene, reason: str) -> None:
    assert any(reason in r["holdReasons"] for r in _records(api_scene))


@when(parsers.parse('"{persona}"以"{channel}"渠道、不声明用途查询"{name}"的信用档案'))
def when_no_purpose(api_scene: ApiScene, persona: str, channel: str, name: str) -> None:
    _query_file(api_scene, name, persona=persona, channel=channel)


@when(parsers.parse('"{name}"本人以"SELF"渠道查询"{other}"的信用档案'))
def when_self_other(api_scene: ApiScene, name: str, other: str) -> None:
    ref = api_scene.subject(name)
    _query_file(
        api_scene,
        other,
        **_as_self(ref),
    )


@when("有人改动了审计日志的最后一条")
def when_tamper(api_scene: ApiScene) -> None:
    api_scene.api.flush_audit()
    row = api_scene.graph.run(
        "MATCH (e:AuditEntry) WITH e ORDER BY e.index DESC LIMIT 1 RETURN e.index AS i, e.body AS b"
    )[0]
    api_scene.names["tampered"] = (row["i"], row["b"])
    api_scene.graph.run(
        "MATCH (e:AuditEntry {index: $i}) SET e.body = replace(e.body, 'GOV_SHARING', 'PUBLIC')",
        i=row["i"],
    )


@then("审计日志校验失败，并指出被改动的记录")
def then_verify_fails(api_scene: ApiScene) -> None:
    import asyncio

    from neo4j import AsyncGraphDatabase

    from audit.checkpoint import load_or_create_key
    from graph import audit_store

    index, body = api_scene.names["tampered"]
    driver_sync = api_scene.graph.driver

    async def verify() -> audit_store.VerifyReport:
        # Same server and credentials as the test graph, on the async driver.
        address = driver_sync.get_server_info().address
        auth = api_scene.names.get("auth") or _auth(api_scene)
        driver = AsyncGraphDatabase.driver(f"bolt://{address[0]}:{address[1]}", auth=auth)
        try:
            key = load_or_create_key(api_scene.api.audit_key_path)
            return await audit_store.verify(driver, api_scene.graph.database, key.public_key())
        finally:
            await driver.close()

    try:
        report = asyncio.run(verify())
    finally:
        api_scene.graph.run("MATCH (e:AuditEntry {index: $i}) SET e.body = $b", i=index, b=body)
    assert not report.ok
    assert any(f"entry {index} " in p for p in report.problems), report.problems


def _auth(scene: ApiScene) -> tuple[str, str]:
    from core import settings as settings_module
    from graph import server

    settings = settings_module.load("test")
    return (settings.local.user, server.password(settings.local))


@then("每条返回的记录都带有变动记录，写明来源和理由")
def then_history(api_scene: ApiScene) -> None:
    records = _records(api_scene)
    assert records and all(
        r["history"] and r["history"][0]["by"] and r["history"][0]["reason"] for r in records
    ), records


@then("返回的记录不带变动记录")
def then_no_history(api_scene: ApiScene) -> None:
    assert all(r["history"] == [] for r in _records(api_scene))


COMMIT = "mutation($i: String!) { makeCommitment(item: $i) { id status acceptWithDeficiencies } }"
DECIDE = """mutation($id: String!, $o: String!) { decideCommitment(id: $id, outcome: $o,
  reason: "经核查", document: "市监认〔2026〕1号") { id status } }"""


def _commit(scene: ApiScene, name: str, item: str) -> None:
    ref = scene.subject(name)
    scene.body = scene.api.post(
        COMMIT,
        **_as_self(ref),
        variables={"i": item},
    ).json()
    made = (scene.body.get("data") or {}).get("makeCommitment")
    assert made, scene.body
    scene.names["commitment"] = made


@given(parsers.parse('"{name}"作出"{item}"信用承诺'))
def given_commit(api_scene: ApiScene, name: str, item: str) -> None:
    _commit(api_scene, name, item)


@when(parsers.parse('"{name}"作出"{item}"信用承诺'))
def when_commit(api_scene: ApiScene, name: str, item: str) -> None:
    _commit(api_scene, name, item)


@then("该承诺可以容缺受理")
def then_deficiencies(api_scene: ApiScene) -> None:
    assert api_scene.names["commitment"]["acceptWithDeficiencies"] is True


@then("该承诺不能容缺受理")
def then_no_deficiencies(api_scene: ApiScene) -> None:
    assert api_scene.names["commitment"]["acceptWithDeficiencies"] is False


@when(parsers.parse('"{persona}"认定该承诺为"{outcome}"'))
def when_decide(api_scene: ApiScene, persona: str, outcome: str) -> None:
    api_scene.body = api_scene.api.post(
        DECIDE,
        persona=persona,
        channel="BY_AUTHORITY",
        purpose="SUPERVISION",
        variables={"id": api_scene.names["commitment"]["id"], "o": outcome},
    ).json()


@then(parsers.parse('该承诺的状态为"{status}"'))
def then_commitment_status(api_scene: ApiScene, status: str) -> None:
    assert api_scene.body["data"]["decideCommitment"]["status"] == status, api_scene.body


@then(parsers.parse('认定被拒绝，错误代码为"{code}"，依据第{article:d}条'))
def then_decision_refused(api_scene: ApiScene, code: str, article: int) -> None:
    then_grant_refused(api_scene, code, article)


@given(parsers.parse('"{persona}"认定该承诺为"{outcome}"'))
def given_decided(api_scene: ApiScene, persona: str, outcome: str) -> None:
    when_decide(api_scene, persona, outcome)
    assert api_scene.body["data"]["decideCommitment"]["status"] == outcome, api_scene.body


WHY = """query($t: String!, $n: String!) { whyMarked(idType: $t, number: $n) {
  listingId organization role roleFrom finding } }"""
REMOVE = """mutation($id: String!) { removeListing(id: $id, reason: "已履行法定义务",
  document: "市监移〔2026〕1号") }"""


@given(parsers.parse('"{org}"被"{sector}"列入严重失信主体名单，认定"{person}"作为"{role}"负有责任'))
def given_listing(api_scene: ApiScene, org: str, sector: str, person: str, role: str) -> None:
    from core.submission import ListingIn
    from graph import listings
    from tests import builders

    basis = builders.basis_for(date(2025, 6, 1))
    listing = ListingIn(
        f"T-{api_scene.subject(org).number}",
        api_scene.subject(org),
        sector,
        2,
        date(2025, 6, 1),
        date(2025, 8, 1),
        basis,
        "测试：严重破坏市场公平竞争秩序",
        [(api_scene.subject(person), role)],
    )
    listings.store_listings(api_scene.graph, [listing])
    api_scene.names["listing"] = "L-" + listing.source_id


@given(parsers.parse('"{person}"自"{start}"起担任"{org}"的"{role}"'))
def given_role(api_scene: ApiScene, person: str, start: str, org: str, role: str) -> None:
    from core.submission import Batch, RoleIn
    from graph.ingest import submit

    r = RoleIn(
        f"T-role-{person}-{role}",
        api_scene.subject(person),
        api_scene.subject(org),
        role,
        date.fromisoformat(start),
    )
    assert submit(api_scene.graph, Batch("P-MARKET", roles=[r])).written


@when(parsers.parse('"{persona}"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"{name}"为何被标注'))
def when_why(api_scene: ApiScene, persona: str, name: str) -> None:
    ref = api_scene.subject(name)
    api_scene.body = api_scene.api.post(
        WHY,
        persona=persona,
        channel="BY_AUTHORITY",
        purpose="SUPERVISION",
        variables={"t": ref.id_type, "n": ref.number},
    ).json()


@then(parsers.parse('标注链条指向"{org}"的名单，角色为"{role}"'))
def then_chain(api_scene: ApiScene, org: str, role: str) -> None:
    reasons = api_scene.body["data"]["whyMarked"]
    assert [(r["organization"], r["role"]) for r in reasons] == [
        (api_scene.subject(org).name, role)
    ], reasons
    assert reasons[0]["roleFrom"] and reasons[0]["finding"]


@then("没有任何标注")
def then_no_marks(api_scene: ApiScene) -> None:
    assert api_scene.body["data"]["whyMarked"] == [], api_scene.body


@when(parsers.parse('"{persona}"撤销该名单'))
def when_remove(api_scene: ApiScene, persona: str) -> None:
    api_scene.body = api_scene.api.post(
        REMOVE,
        persona=persona,
        channel="BY_AUTHORITY",
        purpose="SUPERVISION",
        variables={"id": api_scene.names["listing"]},
    ).json()


@then(parsers.parse("撤销名单的同时结束了{count:d}个标注"))
def then_ended(api_scene: ApiScene, count: int) -> None:
    assert api_scene.body["data"]["removeListing"] == count, api_scene.body


REPORT_CHANGE = """mutation($r: String!, $c: String!, $e: Date!) { reportBasisChange(recordId: $r,
  change: $c, effectiveOn: $e, document: "撤字〔2026〕1号") {
    id late dueBy provisional status } }"""
APPLY_CHANGE = """mutation($id: String!) { applyBasisChange(id: $id, reason: "认定依据已被撤销") {
  id status overdue } }"""
PENDING_CHANGES = "{ pendingBasisChanges { id overdue dueBy } }"


def _report_change(scene: ApiScene, change: str, effective: date) -> None:
    from graph.ingest import record_id

    assert scene.city is not None
    rid = record_id("P-MARKET", scene.city.penalty.source_id)
    scene.body = scene.api.post(
        REPORT_CHANGE,
        persona="market-provider",
        channel="SUBMIT",
        purpose="DATA_SUBMISSION",
        variables={"r": rid, "c": change, "e": effective.isoformat()},
    ).json()


@when(
    parsers.parse('提供单位"P-MARKET"报告"王测试"近期行政处罚的决定书已于{days:d}个工作日前被撤销')
)
def when_report_change(api_scene: ApiScene, days: int) -> None:
    _report_change(api_scene, "REVOKED", working_days_before(api_scene.api.today, days))
    made = (api_scene.body.get("data") or {}).get("reportBasisChange")
    assert made, api_scene.body
    api_scene.names["change"] = made


@when(parsers.parse('提供单位"P-MARKET"以"{change}"报告"王测试"近期行政处罚的决定书于昨天发生变动'))
def when_report_kind(api_scene: ApiScene, change: str) -> None:
    _report_change(api_scene, change, api_scene.api.today - timedelta(days=1))


@when('提供单位"P-MARKET"报告"王测试"近期行政处罚的决定书将于明天被撤销')
def when_report_future(api_scene: ApiScene) -> None:
    _report_change(api_scene, "REVOKED", api_scene.api.today + timedelta(days=1))


@given(
    parsers.parse('提供单位"P-MARKET"报告"王测试"近期行政处罚的决定书已于{days:d}个工作日前被撤销')
)
def given_report_change(api_scene: ApiScene, days: int) -> None:
    when_report_change(api_scene, days)


@then("该报告被标记为逾期报送")
def then_late(api_scene: ApiScene) -> None:
    assert api_scene.names["change"]["late"] is True


@then("该报告未逾期")
def then_not_late(api_scene: ApiScene) -> None:
    assert api_scene.names["change"]["late"] is False


@then("工作机构的处理期限是收到后的第2个工作日")
def then_due(api_scene: ApiScene) -> None:
    due, guessed = due_after(api_scene.api.today, 2)
    assert api_scene.names["change"]["dueBy"] == due
    assert api_scene.names["change"]["provisional"] is guessed


@given("沙箱时钟拨到工作日日历数据范围之后的第一个星期五")
def given_clock_past_calendar(api_scene: ApiScene) -> None:
    api_scene.api.as_of = first_past_calendar(4)


@then("该期限标明为暂定")
def then_provisional(api_scene: ApiScene) -> None:
    assert api_scene.names["change"]["provisional"] is True, api_scene.names["change"]


@when("工作机构处理该变更")
def when_apply(api_scene: ApiScene) -> None:
    api_scene.body = api_scene.api.post(
        APPLY_CHANGE,
        persona="operator",
        channel="BY_AUTHORITY",
        purpose="BASIS_REVOCATION",
        variables={"id": api_scene.names["change"]["id"]},
    ).json()
    assert api_scene.body["data"]["applyBasisChange"]["status"] == "DONE", api_scene.body


@given("该变更在10天前已收到但尚未处理")
def given_old_change(api_scene: ApiScene) -> None:
    old = date.today() - timedelta(days=10)
    api_scene.graph.run(
        "MATCH (c:BasisChange {id: $id}) SET c.reportedOn = $old, c.dueBy = $due",
        id=api_scene.names["change"]["id"],
        old=old,
        due=old + timedelta(days=3),
    )


@when("工作机构查询待处理的变更")
def when_pending(api_scene: ApiScene) -> None:
    api_scene.body = api_scene.api.post(
        PENDING_CHANGES, persona="operator", channel="BY_AUTHORITY", purpose="BASIS_REVOCATION"
    ).json()


@then("该变更被列为逾期未处理")
def then_overdue(api_scene: ApiScene) -> None:
    assert api_scene.body.get("data"), api_scene.body
    pending = api_scene.body["data"]["pendingBasisChanges"]
    mine = [c for c in pending if c["id"] == api_scene.names["change"]["id"]]
    assert mine and mine[0]["overdue"] is True, pending


@then(parsers.parse('有一条记录的状态为"{status}"'))
def then_some_status(api_scene: ApiScene, status: str) -> None:
    assert status in [r["status"] for r in _records(api_scene)]


FILE_OBJECTION = """mutation($r: String!, $g: Int!, $t: String!) {
  fileObjection(recordId: $r, ground: $g, reasons: $t) { id status dueBy } }"""
DECIDE_OBJECTION = """mutation($id: String!, $d: String!) {
  decideObjection(id: $id, decision: $d, reply: "经核查，答复如下") { id status decision } }"""


def _object(scene: ApiScene, name: str, ground: int, reasons: str) -> None:
    from graph.ingest import record_id

    assert scene.city is not None
    ref = scene.subject(name)
    rid = record_id("P-MARKET", scene.city.penalty.source_id)
    scene.body = scene.api.post(
        FILE_OBJECTION,
        **_as_self(ref),
        variables={"r": rid, "g": ground, "t": reasons},
    ).json()
    filed = (scene.body.get("data") or {}).get("fileObjection")
    if filed:
        scene.names["objection"] = filed


@given(parsers.parse('"{name}"以第{ground:d}项理由对近期行政处罚记录提出书面异议："{reasons}"'))
def given_objection(api_scene: ApiScene, name: str, ground: int, reasons: str) -> None:
    _object(api_scene, name, ground, reasons)
    assert "objection" in api_scene.names, api_scene.body


@when(parsers.parse('"{name}"以第{ground:d}项理由对近期行政处罚记录提出书面异议："{reasons}"'))
def when_objection(api_scene: ApiScene, name: str, ground: int, reasons: str) -> None:
    _object(api_scene, name, ground, reasons)


@then(parsers.parse("异议被受理，核查期限为{days:d}个工作日后"))
def then_objection_filed(api_scene: ApiScene, days: int) -> None:
    filed = api_scene.body["data"]["fileObjection"]
    assert filed["status"] == "PENDING"
    assert filed["dueBy"] == due_after(date.today(), days)[0]


@then(parsers.parse('异议被拒绝，错误代码为"{code}"，依据第{article:d}条'))
def then_objection_refused(api_scene: ApiScene, code: str, article: int) -> None:
    then_grant_refused(api_scene, code, article)


@when(parsers.parse('工作机构核查该异议并决定"{decision}"'))
def when_decide_objection(api_scene: ApiScene, decision: str) -> None:
    api_scene.body = api_scene.api.post(
        DECIDE_OBJECTION,
        persona="operator",
        channel="BY_AUTHORITY",
        purpose="OBJECTION_HANDLING",
        variables={"id": api_scene.names["objection"]["id"], "d": decision},
    ).json()
    assert api_scene.body["data"]["decideObjection"]["status"] == "DONE", api_scene.body


@then("有一条返回的记录带有异议标注")
def then_marked(api_scene: ApiScene) -> None:
    assert any(r["underObjection"] for r in _records(api_scene)), _records(api_scene)


@then("返回的记录都不带异议标注")
def then_unmarked(api_scene: ApiScene) -> None:
    assert not any(r["underObjection"] for r in _records(api_scene))


DELETE_POSITIVE = """mutation($r: String!) { deletePositiveInformation(recordId: $r) }"""


@given(parsers.parse('"{name}"有一条志愿服务记录'))
def given_volunteer(api_scene: ApiScene, name: str) -> None:
    from core.submission import Batch
    from graph.ingest import record_id, submit
    from tests import builders

    record = builders.record(
        catalog.load(),
        "N-POS-VOLUNTEER",
        api_scene.subject(name),
        on=date.today() - timedelta(days=30),
    )
    assert submit(api_scene.graph, Batch("P-CIVIL_AFFAIRS", [record])).written
    api_scene.names["positive"] = record_id("P-CIVIL_AFFAIRS", record.source_id)


def _delete(scene: ApiScene, name: str, rid: str) -> None:
    ref = scene.subject(name)
    scene.body = scene.api.post(
        DELETE_POSITIVE,
        **_as_self(ref),
        variables={"r": rid},
    ).json()


@when(parsers.parse('"{name}"申请删除该志愿服务记录'))
def when_delete_positive(api_scene: ApiScene, name: str) -> None:
    _delete(api_scene, name, api_scene.names["positive"])
    assert api_scene.body["data"]["deletePositiveInformation"] == "DELETED", api_scene.body


@when(parsers.parse('"{name}"申请删除近期行政处罚记录'))
def when_delete_penalty(api_scene: ApiScene, name: str) -> None:
    from graph.ingest import record_id

    assert api_scene.city is not None
    _delete(api_scene, name, record_id("P-MARKET", api_scene.city.penalty.source_id))


LIST_QUERY = """query($code: String!) { records(catalogCode: $code, first: 50) { totalCount
  edges { node { subject { type name number }
                 record { id catalogCode fields { name value } } } } } }"""


@when(
    parsers.parse('"{persona}"以"{channel}"渠道、"{purpose}"用途查询"{code}"事项的跨档案记录列表')
)
def when_list(api_scene: ApiScene, persona: str, channel: str, purpose: str, code: str) -> None:
    api_scene.body = api_scene.api.post(
        LIST_QUERY, variables={"code": code}, persona=persona, channel=channel, purpose=purpose
    ).json()


@when(parsers.parse('社会公众不带令牌查询"{code}"事项的跨档案记录列表'))
def when_public_list(api_scene: ApiScene, code: str) -> None:
    api_scene.body = api_scene.api.post(LIST_QUERY, variables={"code": code}).json()


def _hits(scene: ApiScene) -> list[dict[str, Any]]:
    data = scene.body.get("data") or {}
    assert data.get("records") is not None, scene.body
    return [e["node"] for e in data["records"]["edges"]]


@then("列表中有记录，总数与列出的条数一致")
def then_list_some(api_scene: ApiScene) -> None:
    hits = _hits(api_scene)
    assert hits, api_scene.body
    assert api_scene.body["data"]["records"]["totalCount"] == len(hits), api_scene.body


@then("列表中没有记录，总数为0")
def then_list_none(api_scene: ApiScene) -> None:
    assert _hits(api_scene) == [], api_scene.body
    assert api_scene.body["data"]["records"]["totalCount"] == 0, api_scene.body


@then("列表中自然人的姓名和证件号码已脱敏")
def then_list_masked(api_scene: ApiScene) -> None:
    persons = [h["subject"] for h in _hits(api_scene) if h["subject"]["type"] == "PERSON"]
    assert persons, api_scene.body
    assert all("*" in p["number"] and "*" in p["name"] for p in persons), persons
