"""Steps of the regulation's workflows over the real API: measures (Art. 33-36), the
listing procedure (Art. 29-31), repair and withdrawal (Art. 46, 47)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from pytest_bdd import given, parsers, then, when

from core.submission import Batch
from graph.ingest import submit
from seed import catalog
from tests import builders
from tests.features.api_steps import ApiScene, _as_self, _violations
from tests.features.deadlines import due_after

APPLICABLE = """query($t: String!, $n: String!) { applicableMeasures(idType: $t, number: $n) {
  measure { code list basis sectors severity } reason } }"""


def _applicable(scene: ApiScene) -> list[dict[str, Any]]:
    data = scene.body.get("data") or {}
    found = data.get("applicableMeasures")
    assert found is not None, scene.body
    return list(found)


def _ask_measures(scene: ApiScene, name: str, **kw: Any) -> None:
    ref = scene.subject(name)
    scene.body = scene.api.post(
        APPLICABLE, variables={"t": ref.id_type, "n": ref.number}, **kw
    ).json()


@when(parsers.parse('"{persona}"以"{channel}"渠道、"{purpose}"用途查询"{name}"适用的措施'))
def when_measures(api_scene: ApiScene, persona: str, channel: str, purpose: str, name: str) -> None:
    _ask_measures(api_scene, name, persona=persona, channel=channel, purpose=purpose)


@when(parsers.parse('"{name}"本人以"SELF"渠道查询自己适用的措施'))
def when_own_measures(api_scene: ApiScene, name: str) -> None:
    _ask_measures(api_scene, name, **_as_self(api_scene.subject(name)))


@when(parsers.parse('"{name}"本人以"SELF"渠道查询"{other}"适用的措施'))
def when_others_measures(api_scene: ApiScene, name: str, other: str) -> None:
    _ask_measures(api_scene, other, **_as_self(api_scene.subject(name)))


@then(parsers.parse('适用的措施包括"{code}"'))
def then_measure_applies(api_scene: ApiScene, code: str) -> None:
    codes = [m["measure"]["code"] for m in _applicable(api_scene)]
    assert code in codes, codes


@then(parsers.parse('适用的措施不包括"{code}"'))
def then_measure_not_applies(api_scene: ApiScene, code: str) -> None:
    codes = [m["measure"]["code"] for m in _applicable(api_scene)]
    assert code not in codes, codes


@then(parsers.parse('适用的措施中没有"{kind}"措施'))
def then_no_measure_of(api_scene: ApiScene, kind: str) -> None:
    found = [m["measure"]["code"] for m in _applicable(api_scene) if m["measure"]["list"] == kind]
    assert not found, found


@then("每项适用的措施都写明实施依据和适用理由")
def then_measures_explained(api_scene: ApiScene) -> None:
    found = _applicable(api_scene)
    assert found
    assert all(m["measure"]["basis"] and "Art. 36" in m["reason"] for m in found), found


@then(parsers.parse('措施"{code}"的适用理由为"{reason}"'))
def then_measure_reason(api_scene: ApiScene, code: str, reason: str) -> None:
    reasons = {m["measure"]["code"]: m["reason"] for m in _applicable(api_scene)}
    assert reasons.get(code) == reason, reasons


# --- listing procedure (Art. 29-31) -----------------------------------------------------------

CASE_FIELDS = """id stage reasons punishments rights noticeServedOn objectionUntil provisional
  objection objectionReply decisionNumber removalConditions remedies responsibleRoles
  steps { seq action by note document }"""
PROPOSE = f"""mutation($p: ListingProposalInput!) {{ proposeListing(proposal: $p) {{
  {CASE_FIELDS} }} }}"""
DECIDE_LISTING = f"""mutation($id: String!, $d: ListingDecisionInput!) {{
  decideListing(id: $id, decision: $d) {{ {CASE_FIELDS} }} }}"""
OBJECT_LISTING = f"""mutation($id: String!, $r: String!) {{ objectToListing(id: $id, reasons: $r) {{
  {CASE_FIELDS} }} }}"""
ANSWER_LISTING = f"""mutation($id: String!, $u: Boolean!, $r: String!) {{
  answerListingObjection(id: $id, upheld: $u, reply: $r) {{ {CASE_FIELDS} }} }}"""
MY_CASES = f"{{ myListingCases {{ {CASE_FIELDS} }} }}"
SERIOUS_LIST = "{ seriousDishonestyList(first: 50) { edges { node { subject { name } } } } }"
FULL_DECISION = {
    "number": "市监列〔2026〕1号",
    "reasonsAndBasis": "严重破坏市场公平竞争秩序；依据市监罚〔2026〕7号行政处罚决定书",
    "punishments": "依法实施N-PUN-MARKET-SUPERVISION所列惩戒措施",
    "removalConditions": "履行行政处罚决定满一年且未再发生同类行为",
    "removalProcedure": "向市场监管部门提出移出申请，五个工作日内核查决定",
    "remedies": "可在六十日内申请行政复议或在六个月内提起行政诉讼",
}
AUTHORITY = {"channel": "BY_AUTHORITY", "purpose": "SUPERVISION"}


def _subject_input(ref: Any) -> dict[str, Any]:
    return {"idType": ref.id_type, "number": ref.number, "name": ref.name}


def _propose(
    scene: ApiScene, persona: str, org: str, ground: int, measure: str, person: str, role: str
) -> None:
    from tests import builders

    proposal = {
        "sourceId": f"市监拟列〔2026〕{len(scene.names) + 1}号",
        "subject": _subject_input(scene.subject(org)),
        "ground": ground,
        "conductOn": "2025-06-01",
        "reasons": "测试：串通投标，严重破坏市场公平竞争秩序",
        "basis": {
            "type": "ADMIN_PENALTY",
            "number": builders.basis_for(date(2025, 6, 1)).number,
            "issuer": "市测试局",
            "issuedOn": "2025-06-11",
        },
        "punishments": [measure],
        "responsible": [{"person": _subject_input(scene.subject(person)), "role": role}],
    }
    _post_proposal(scene, persona, proposal)


def _post_proposal(scene: ApiScene, persona: str, proposal: dict[str, Any]) -> None:
    scene.body = scene.api.post(
        PROPOSE, persona=persona, variables={"p": proposal}, **AUTHORITY
    ).json()
    case = (scene.body.get("data") or {}).get("proposeListing")
    if case:
        scene.names["listing"] = case["id"]
        scene.names["case"] = case


def _case(scene: ApiScene, field_name: str) -> dict[str, Any]:
    case = (scene.body.get("data") or {}).get(field_name)
    assert case, scene.body
    scene.names["case"] = case
    return dict(case)


@when(
    parsers.parse(
        '"{persona}"拟以第{ground:d}项情形将"{org}"列入严重失信主体名单，惩戒措施为"{measure}"，'
        '认定"{person}"作为"{role}"负有责任'
    )
)
def when_propose(
    api_scene: ApiScene, persona: str, ground: int, org: str, measure: str, person: str, role: str
) -> None:
    _propose(api_scene, persona, org, ground, measure, person, role)


#: Columns of a listing proposal: dates are ISO dates, or 今天 / 明天; "空" leaves it out.
_PROPOSAL_DEFAULTS = {
    "情形": "2",
    "惩戒措施": "N-PUN-MARKET-SUPERVISION",
    "行为日期": "2025-06-01",
    "文书类型": "ADMIN_PENALTY",
    "文书日期": "2025-06-11",
    "责任人": "王测试",
    "角色": "LEGAL_REPRESENTATIVE_OF",
}


def _proposal_day(value: str) -> str:
    offsets = {"今天": 0, "明天": 1}
    if value in offsets:
        return (date.today() + timedelta(days=offsets[value])).isoformat()
    return date.fromisoformat(value).isoformat()


@when(parsers.parse('"{persona}"提交拟列入名单：{changes}'))
def when_propose_with(api_scene: ApiScene, persona: str, changes: str) -> None:
    """``changes`` overrides columns of the usual proposal for "样本测试科技有限公司",
    e.g. ``惩戒措施=空，行为日期=明天``."""
    from tests import builders

    values = dict(_PROPOSAL_DEFAULTS)
    for pair in filter(None, changes.split("，")):
        column, _, value = pair.partition("=")
        assert column in values, f"unknown column {column!r}: {sorted(values)}"
        values[column] = value
    scene = api_scene
    conduct = _proposal_day(values["行为日期"])
    proposal = {
        "sourceId": f"市监拟列〔2026〕{len(scene.names) + 1}号",
        "subject": _subject_input(scene.subject("样本测试科技有限公司")),
        "ground": int(values["情形"]),
        "conductOn": conduct,
        "reasons": "测试：串通投标，严重破坏市场公平竞争秩序",
        "basis": {
            "type": values["文书类型"],
            "number": builders.basis_for(date.fromisoformat(conduct)).number,
            "issuer": "市测试局",
            "issuedOn": _proposal_day(values["文书日期"]),
        },
        "punishments": [c for c in values["惩戒措施"].split("、") if c != "空"],
        "responsible": [
            {"person": _subject_input(scene.subject(values["责任人"])), "role": values["角色"]}
        ],
    }
    _post_proposal(scene, persona, proposal)


@given(parsers.parse('"{person}"自"{start}"起持有"{org}"{percent:d}%的股份'))
def given_shareholding(
    api_scene: ApiScene, person: str, start: str, org: str, percent: int
) -> None:
    from core.submission import Batch, RoleIn
    from graph.ingest import submit

    role = RoleIn(
        f"T-share-{person}",
        api_scene.subject(person),
        api_scene.subject(org),
        "SHAREHOLDER_OF",
        date.fromisoformat(start),
        share=percent / 100,
    )
    assert submit(api_scene.graph, Batch("P-MARKET", roles=[role])).written


@given(
    parsers.parse('"{persona}"已拟以第{ground:d}项情形将"{org}"列入严重失信主体名单并送达告知书')
)
def given_proposed(api_scene: ApiScene, persona: str, ground: int, org: str) -> None:
    _propose(
        api_scene, persona, org, ground, "N-PUN-MARKET-SUPERVISION", "王测试",
        "LEGAL_REPRESENTATIVE_OF",
    )  # fmt: skip
    _case(api_scene, "proposeListing")


@then(parsers.parse("告知书写明事由、惩戒措施和权利，异议期限为{days:d}个工作日后"))
def then_notice(api_scene: ApiScene, days: int) -> None:
    case = _case(api_scene, "proposeListing")
    assert case["stage"] == "NOTIFIED" and case["reasons"] and case["punishments"], case
    assert "异议" in case["rights"] and "第四十一条" in case["rights"], case
    served = date.fromisoformat(case["noticeServedOn"])
    assert [case["objectionUntil"], case["provisional"]] == [*due_after(served, days)], case
    assert case["steps"][0]["action"] == "NOTIFIED", case


def _my_cases(scene: ApiScene, org: str) -> list[dict[str, Any]]:
    body = scene.api.post(MY_CASES, **_as_self(scene.subject(org))).json()
    cases = (body.get("data") or {}).get("myListingCases")
    assert cases is not None, body
    return list(cases)


@then(parsers.parse('"{org}"本人可以看到送达的告知书'))
def then_own_notice(api_scene: ApiScene, org: str) -> None:
    cases = _my_cases(api_scene, org)
    assert [c["id"] for c in cases] == [api_scene.names["listing"]], cases
    assert cases[0]["rights"] and cases[0]["punishments"], cases


@then(parsers.parse('"{org}"本人没有收到任何告知书'))
def then_no_notice(api_scene: ApiScene, org: str) -> None:
    assert _my_cases(api_scene, org) == []


def _listed_names(scene: ApiScene) -> list[str]:
    body = scene.api.post(SERIOUS_LIST).json()
    edges = body["data"]["seriousDishonestyList"]["edges"]
    return [e["node"]["subject"]["name"] for e in edges]


@then(parsers.parse('严重失信主体名单中没有"{org}"'))
def then_not_listed(api_scene: ApiScene, org: str) -> None:
    assert api_scene.subject(org).name not in _listed_names(api_scene)


@then(parsers.parse('严重失信主体名单中有"{org}"'))
def then_listed(api_scene: ApiScene, org: str) -> None:
    assert api_scene.subject(org).name in _listed_names(api_scene)


def _decide(scene: ApiScene, persona: str, document: dict[str, str]) -> None:
    scene.body = scene.api.post(
        DECIDE_LISTING,
        persona=persona,
        variables={"id": scene.names["listing"], "d": document},
        **AUTHORITY,
    ).json()


@when(parsers.parse('"{persona}"以载明全部内容的决定文书作出列入决定'))
def when_decide_listing(api_scene: ApiScene, persona: str) -> None:
    _decide(api_scene, persona, FULL_DECISION)


@when(parsers.parse('"{persona}"以缺少"{element}"的决定文书作出列入决定'))
def when_decide_incomplete(api_scene: ApiScene, persona: str, element: str) -> None:
    assert element in FULL_DECISION
    _decide(api_scene, persona, {**FULL_DECISION, element: " "})


@given("该告知书的异议期限已届满")
def given_period_over(api_scene: ApiScene) -> None:
    # The notice was served long ago: move its dates back (time passing, not a shortcut
    # around the rule: the decision still checks the period against today).
    api_scene.graph.run(
        "MATCH (l:Listing {id: $id}) SET l.noticeServedOn = date() - duration('P30D'), "
        "l.objectionUntil = date() - duration('P20D')",
        id=api_scene.names["listing"],
    )


@when(parsers.parse('"{org}"在异议期限内提出书面异议："{reasons}"'))
def when_object_listing(api_scene: ApiScene, org: str, reasons: str) -> None:
    api_scene.body = api_scene.api.post(
        OBJECT_LISTING,
        variables={"id": api_scene.names["listing"], "r": reasons},
        **_as_self(api_scene.subject(org)),
    ).json()
    _case(api_scene, "objectToListing")


@when(parsers.parse('"{persona}"核实该异议并认为异议成立'))
def when_uphold(api_scene: ApiScene, persona: str) -> None:
    api_scene.body = api_scene.api.post(
        ANSWER_LISTING,
        persona=persona,
        variables={"id": api_scene.names["listing"], "u": True, "r": "异议成立，不予列入"},
        **AUTHORITY,
    ).json()
    _case(api_scene, "answerListingObjection")


@then(parsers.parse('该名单案件处于"{stage}"阶段'))
def then_stage(api_scene: ApiScene, stage: str) -> None:
    data = api_scene.body.get("data") or {}
    case = next((v for v in data.values() if isinstance(v, dict) and "stage" in v), None)
    assert case is not None and case["stage"] == stage, api_scene.body


@then(parsers.parse('"{org}"本人看到的答复为"{reply}"'))
def then_own_reply(api_scene: ApiScene, org: str, reply: str) -> None:
    (case,) = _my_cases(api_scene, org)
    assert case["objectionReply"] == reply, case
    assert [s["action"] for s in case["steps"]] == ["NOTIFIED", "OBJECTED", "OBJECTION_UPHELD"]


@then(parsers.parse('"{org}"本人看到的决定文书载明移出条件和救济措施'))
def then_own_decision(api_scene: ApiScene, org: str) -> None:
    (case,) = _my_cases(api_scene, org)
    assert case["decisionNumber"] == FULL_DECISION["number"], case
    assert case["removalConditions"] and case["remedies"], case


# --- repair and withdrawal (Art. 46, 47) ------------------------------------------------------

APPLY_REPAIR = """mutation($r: String!, $t: String!) { applyForRepair(recordId: $r, reasons: $t) {
  id status recordId } }"""
DECIDE_REPAIR = """mutation($id: String!, $d: String!, $r: String!) { decideRepair(id: $id,
  approve: true, reply: $r, document: $d) { id status recordStatus notices } }"""
MY_NOTICES = """query($p: Boolean) { myWithdrawalNotices(pending: $p) { id recipient status ackBy
  catalogCode reason } }"""
ACK = """mutation($id: String!, $a: String!) { acknowledgeWithdrawal(id: $id, action: $a) {
  id status acknowledgedOn } }"""
OVERDUE = "{ overdueWithdrawals { id recipient ackBy } }"
RECORDS = {"近期行政处罚记录": "penalty", "纳税记录": "tax"}


@when(parsers.parse('"{name}"申请修复{record}："{reasons}"'))
def when_apply_repair(api_scene: ApiScene, name: str, record: str, reasons: str) -> None:
    from graph.ingest import record_id

    assert api_scene.city is not None
    source = getattr(api_scene.city, RECORDS[record])
    provider = "P-TAX" if record == "纳税记录" else "P-MARKET"
    api_scene.body = api_scene.api.post(
        APPLY_REPAIR,
        variables={"r": record_id(provider, source.source_id), "t": reasons},
        **_as_self(api_scene.subject(name)),
    ).json()
    applied = (api_scene.body.get("data") or {}).get("applyForRepair")
    if applied:
        api_scene.names["repair"] = applied


@then("修复申请已受理")
def then_repair_pending(api_scene: ApiScene) -> None:
    assert api_scene.names["repair"]["status"] == "PENDING", api_scene.body


@when(parsers.parse('"{persona}"同意该修复申请，决定文书为"{document}"'))
def when_approve_repair(api_scene: ApiScene, persona: str, document: str) -> None:
    when_approve_repair_with(api_scene, persona, document, "符合信用修复条件，予以修复")


@when(parsers.parse('"{persona}"以"{reply}"答复并同意该修复申请，决定文书为"{document}"'))
def when_approve_repair_with(api_scene: ApiScene, persona: str, document: str, reply: str) -> None:
    api_scene.body = api_scene.api.post(
        DECIDE_REPAIR,
        persona=persona,
        variables={"id": api_scene.names["repair"]["id"], "d": document, "r": reply},
        **AUTHORITY,
    ).json()


@then(parsers.parse('该记录修复后的状态为"{status}"，没有机构需要撤除'))
def then_repaired(api_scene: ApiScene, status: str) -> None:
    decided = api_scene.body["data"]["decideRepair"]
    assert (decided["status"], decided["recordStatus"], decided["notices"]) == (
        "APPROVED",
        status,
        0,
    ), decided


def _notices(scene: ApiScene, persona: str, pending: bool | None) -> list[dict[str, Any]]:
    purpose = {"bank": "LENDING", "credit-agency": "CREDIT_SERVICE"}[persona]
    body = scene.api.post(
        MY_NOTICES, persona=persona, channel="SUBMIT", purpose=purpose, variables={"p": pending}
    ).json()
    found = (body.get("data") or {}).get("myWithdrawalNotices")
    assert found is not None, body
    return list(found)


@then(parsers.parse('"{persona}"收到{count:d}份撤除通知，确认期限为{days:d}个工作日后'))
def then_notices(api_scene: ApiScene, persona: str, count: int, days: int) -> None:
    assert api_scene.body["data"]["decideRepair"]["notices"] == count, api_scene.body
    notices = _notices(api_scene, persona, True)
    assert len(notices) == count, notices
    due = due_after(date.today(), days)[0]
    assert all(n["ackBy"] == due and n["catalogCode"] == "N-DIS-ADMIN-PENALTY" for n in notices)
    api_scene.names["notice"] = notices[0]


def _ack(scene: ApiScene, persona: str, action: str) -> None:
    scene.body = scene.api.post(
        ACK,
        persona=persona,
        channel="SUBMIT",
        purpose="LENDING",
        variables={"id": scene.names["notice"]["id"], "a": action},
    ).json()


@when(parsers.parse('"{persona}"确认已撤除该信息："{action}"'))
def when_ack(api_scene: ApiScene, persona: str, action: str) -> None:
    _ack(api_scene, persona, action)
    assert api_scene.body["data"]["acknowledgeWithdrawal"]["status"] == "ACKNOWLEDGED"


@when(parsers.parse('"{persona}"确认撤除通知，但未写明采取的措施'))
def when_ack_blank(api_scene: ApiScene, persona: str) -> None:
    _ack(api_scene, persona, "   ")


@then(parsers.parse('"{persona}"没有待确认的撤除通知'))
def then_no_pending(api_scene: ApiScene, persona: str) -> None:
    assert _notices(api_scene, persona, True) == []
    assert len(_notices(api_scene, persona, False)) == 1


@given("撤除通知的确认期限已过")
def given_ack_overdue(api_scene: ApiScene) -> None:
    api_scene.graph.run(
        "MATCH (w:WithdrawalNotice {status: 'PENDING'}) SET w.ackBy = date() - duration('P3D')"
    )


@when("工作机构查询逾期未确认的撤除通知")
def when_overdue(api_scene: ApiScene) -> None:
    api_scene.body = api_scene.api.post(
        OVERDUE, persona="operator", channel="BY_AUTHORITY", purpose="CREDIT_REPAIR"
    ).json()


@then(parsers.parse('列出"{org}"的撤除通知'))
def then_overdue_listed(api_scene: ApiScene, org: str) -> None:
    found = api_scene.body["data"]["overdueWithdrawals"]
    assert [n["recipient"] for n in found] == [org], api_scene.body


@then(parsers.parse('返回的"{code}"记录只剩公示期已满的{count:d}条'))
def then_only_expired_left(api_scene: ApiScene, code: str, count: int) -> None:
    records = api_scene.body["data"]["creditFile"]["records"]["edges"]
    left = [r["node"] for r in records if r["node"]["catalogCode"] == code]
    assert len(left) == count and all(r["status"] == "ACTIVE" for r in left), left


# --- market credit information objections (Art. 43) -------------------------------------------

FILE_MARKET_OBJECTION = """mutation($r: String!, $g: Int!, $t: String!) {
  fileObjection(recordId: $r, ground: $g, reasons: $t) { id status dueBy } }"""
VERIFY = """mutation($id: String!, $d: String!) {
  decideObjection(id: $id, decision: $d, reply: "经核查，答复如下") { id status decision } }"""


@when(parsers.parse('"{name}"以第{ground:d}项理由对其收入信息提出书面异议："{reasons}"'))
def when_market_objection(api_scene: ApiScene, name: str, ground: int, reasons: str) -> None:
    from graph.ingest import record_id

    assert api_scene.city is not None
    rid = record_id("M-CSA-1", api_scene.city.income.source_id)
    api_scene.body = api_scene.api.post(
        FILE_MARKET_OBJECTION,
        **_as_self(api_scene.subject(name)),
        variables={"r": rid, "g": ground, "t": reasons},
    ).json()
    filed = (api_scene.body.get("data") or {}).get("fileObjection")
    assert filed, api_scene.body
    api_scene.names["objection"] = filed


def _verify(scene: ApiScene, decision: str, **kw: Any) -> None:
    scene.body = scene.api.post(
        VERIFY, variables={"id": scene.names["objection"]["id"], "d": decision}, **kw
    ).json()


@when(parsers.parse('"credit-agency"核查该异议并决定"{decision}"'))
def when_agency_verifies(api_scene: ApiScene, decision: str) -> None:
    _verify(
        api_scene, decision, persona="credit-agency", channel="SUBMIT", purpose="CREDIT_SERVICE"
    )


@when(parsers.parse('工作机构试图核查该异议并决定"{decision}"'))
def when_operator_tries(api_scene: ApiScene, decision: str) -> None:
    _verify(
        api_scene,
        decision,
        persona="operator",
        channel="BY_AUTHORITY",
        purpose="OBJECTION_HANDLING",
    )


@then("异议已核查完毕")
def then_verified(api_scene: ApiScene) -> None:
    assert api_scene.body["data"]["decideObjection"]["status"] == "DONE", api_scene.body


# --- credit report (Art. 25) ------------------------------------------------------------------

REPORT = """query($f: Date, $p: Boolean!) { creditReport(periodFrom: $f, pdf: $p) {
  recordCount html pdfBase64 } }"""


def _report(scene: ApiScene, since: date | None, pdf: bool = False, **kw: Any) -> None:
    variables = {"f": since.isoformat() if since else None, "p": pdf}
    scene.body = scene.api.post(REPORT, variables=variables, **kw).json()


def _report_html(scene: ApiScene) -> str:
    report = (scene.body.get("data") or {}).get("creditReport")
    assert report, scene.body
    return str(report["html"])


@given(parsers.parse('"{name}"的近期行政处罚记录已经修复'))
def given_repaired(api_scene: ApiScene, name: str) -> None:
    when_apply_repair(api_scene, name, "近期行政处罚记录", "已缴清罚款并完成整改")
    when_approve_repair(api_scene, "market-authority", "市监修〔2026〕9号")
    assert api_scene.body["data"]["decideRepair"]["status"] == "APPROVED", api_scene.body


@given(parsers.parse('"{name}"对其收入信息提出的异议正在处理'))
def given_market_objection(api_scene: ApiScene, name: str) -> None:
    when_market_objection(api_scene, name, 1, "收入数额与实际不符")


@when(parsers.parse('"{name}"本人获取近{years:d}年的信用报告'))
def when_own_report(api_scene: ApiScene, name: str, years: int) -> None:
    since = date.today().replace(year=date.today().year - years)
    _report(api_scene, since, pdf=True, **_as_self(api_scene.subject(name)))


@when(parsers.parse('"{name}"本人获取全部期间的信用报告'))
def when_own_full_report(api_scene: ApiScene, name: str) -> None:
    _report(api_scene, None, **_as_self(api_scene.subject(name)))


@when(parsers.parse('"{persona}"依据该授权获取"{name}"的信用报告'))
def when_authorized_report(api_scene: ApiScene, persona: str, name: str) -> None:
    _report(
        api_scene,
        None,
        persona=persona,
        channel="AUTHORIZED",
        purpose="LENDING",
        authorization=api_scene.authorization_id or "none",
    )


@when(parsers.parse('"{persona}"以"{channel}"渠道、"{purpose}"用途获取信用报告'))
def when_other_report(api_scene: ApiScene, persona: str, channel: str, purpose: str) -> None:
    _report(api_scene, None, persona=persona, channel=channel, purpose=purpose)


@then(parsers.parse('报告按"{titles}"分类列示'))
def then_report_sections(api_scene: ApiScene, titles: str) -> None:
    page = _report_html(api_scene)
    positions = [page.find(f"<h2>{t}（") for t in titles.split("、")]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), positions


def _report_row(scene: ApiScene, code: str) -> str:
    page = _report_html(scene)
    rows = [row for row in page.split("<tr>") if f"（{code}）" in row]
    assert rows, f"{code} is not in the report"
    return rows[0]


@then(parsers.parse('报告中的"{code}"注明"{note}"'))
def then_report_note(api_scene: ApiScene, code: str, note: str) -> None:
    assert note in _report_row(api_scene, code)


@then("同一份报告的 PDF 是有效的 PDF 文件")
def then_report_pdf(api_scene: ApiScene) -> None:
    import base64

    pdf = base64.b64decode(api_scene.body["data"]["creditReport"]["pdfBase64"])
    assert pdf.startswith(b"%PDF-") and b"STSong-Light" in pdf and pdf.rstrip().endswith(b"%%EOF")


@then(parsers.parse("报告列出{count:d}条信息"))
def then_report_count(api_scene: ApiScene, count: int) -> None:
    assert api_scene.body["data"]["creditReport"]["recordCount"] == count, api_scene.body


@then(parsers.parse('报告中有"{code}"'))
def then_report_has(api_scene: ApiScene, code: str) -> None:
    _report_row(api_scene, code)


@then(parsers.parse('报告中没有"{code}"'))
def then_report_lacks(api_scene: ApiScene, code: str) -> None:
    assert f"（{code}）" not in _report_html(api_scene)


# --- complaints and accountability (Art. 38, 56) ---------------------------------------------

FILE_COMPLAINT = """mutation($a: String!, $d: String!) { fileComplaint(against: $a, details: $d) {
  id status dueBy } }"""
ANSWER_COMPLAINT = """mutation($id: String!, $f: String!, $r: String!, $x: String!) {
  answerComplaint(id: $id, finding: $f, reply: $r, action: $x) { id status finding } }"""
MY_COMPLAINTS = "{ myComplaints { id status finding reply action } }"


@when(parsers.parse('"{name}"投诉"{against}"："{details}"'))
def when_complain(api_scene: ApiScene, name: str, against: str, details: str) -> None:
    api_scene.body = api_scene.api.post(
        FILE_COMPLAINT, variables={"a": against, "d": details}, **_as_self(api_scene.subject(name))
    ).json()
    filed = (api_scene.body.get("data") or {}).get("fileComplaint")
    if filed:
        api_scene.names["complaint"] = filed


@then(parsers.parse("投诉已受理，处理期限为{days:d}个工作日后"))
def then_complaint_filed(api_scene: ApiScene, days: int) -> None:
    filed = api_scene.names["complaint"]
    assert filed["status"] == "RECEIVED", filed
    assert filed["dueBy"] == due_after(date.today(), days)[0], filed


@when(parsers.parse('社会信用综合管理部门认定投诉属实，责任追究措施为"{action}"'))
def when_answer_complaint(api_scene: ApiScene, action: str) -> None:
    api_scene.body = api_scene.api.post(
        ANSWER_COMPLAINT,
        persona="coordinator",
        channel="AUDIT",
        purpose="AUDIT",
        variables={
            "id": api_scene.names["complaint"]["id"],
            "f": "SUBSTANTIATED",
            "r": "经查属实",
            "x": action,
        },
    ).json()


@when(parsers.parse('社会信用综合管理部门以"{finding}"答复投诉："{reply}"'))
def when_answer_complaint_with(api_scene: ApiScene, finding: str, reply: str) -> None:
    api_scene.body = api_scene.api.post(
        ANSWER_COMPLAINT,
        persona="coordinator",
        channel="AUDIT",
        purpose="AUDIT",
        variables={"id": api_scene.names["complaint"]["id"], "f": finding, "r": reply, "x": ""},
    ).json()


@then(parsers.parse('投诉已答复，处理结果为"{finding}"'))
def then_complaint_answered(api_scene: ApiScene, finding: str) -> None:
    answered = (api_scene.body.get("data") or {}).get("answerComplaint")
    assert answered and (answered["status"], answered["finding"]) == ("ANSWERED", finding), (
        api_scene.body
    )


@then(parsers.parse('"{name}"看到投诉的处理结果为"{finding}"，并写明了责任追究措施'))
def then_own_complaint(api_scene: ApiScene, name: str, finding: str) -> None:
    body = api_scene.api.post(MY_COMPLAINTS, **_as_self(api_scene.subject(name))).json()
    (complaint,) = body["data"]["myComplaints"]
    assert (complaint["status"], complaint["finding"]) == ("ANSWERED", finding), complaint
    assert complaint["reply"] and complaint["action"], complaint


# --- evaluation (Art. 28, 44) -----------------------------------------------------------------

EVAL_FIELDS = """id score grade status objectionDueBy objectionReply
  factors { code label count points explanation }"""
EVALUATE = f"""mutation($t: String!, $n: String!) {{ evaluate(idType: $t, number: $n) {{
  {EVAL_FIELDS} }} }}"""
OBJECT_EVALUATION = f"""mutation($id: String!, $r: String!) {{
  objectToEvaluation(id: $id, reasons: $r) {{ {EVAL_FIELDS} }} }}"""
ANSWER_EVALUATION = f"""mutation($id: String!, $r: String = "经核查，名单已移出，重新评价") {{
  answerEvaluationObjection(id: $id, upheld: true, reply: $r) {{ {EVAL_FIELDS} }} }}"""
MY_EVALUATION = f"{{ myEvaluation {{ {EVAL_FIELDS} }} }}"
COORDINATOR = {"persona": "coordinator", "channel": "GOV_SHARING", "purpose": "CREDIT_EVALUATION"}


@when(parsers.parse('社会信用综合管理部门对"{name}"进行公共信用综合评价'))
def when_evaluate(api_scene: ApiScene, name: str) -> None:
    ref = api_scene.subject(name)
    api_scene.body = api_scene.api.post(
        EVALUATE, variables={"t": ref.id_type, "n": ref.number}, **COORDINATOR
    ).json()
    done = (api_scene.body.get("data") or {}).get("evaluate")
    if done:
        api_scene.names["evaluation"] = done


@given(parsers.parse('社会信用综合管理部门已对"{name}"进行公共信用综合评价'))
def given_evaluated(api_scene: ApiScene, name: str) -> None:
    when_evaluate(api_scene, name)
    assert "evaluation" in api_scene.names, api_scene.body


@then(parsers.parse('评价得分为{score:d}分，等级为"{grade}"'))
def then_evaluation(api_scene: ApiScene, score: int, grade: str) -> None:
    done = api_scene.body["data"]["evaluate"]
    assert (done["score"], done["grade"]) == (score, grade), done


@then(parsers.parse('评价逐项说明了"{explanation}"'))
def then_explained(api_scene: ApiScene, explanation: str) -> None:
    factors = api_scene.body["data"]["evaluate"]["factors"]
    assert explanation in [f["explanation"] for f in factors], factors


@given(parsers.parse('"{name}"另有{n:d}条现行的行政处罚信息'))
def given_more_penalties(api_scene: ApiScene, name: str, n: int) -> None:
    """More of the subject's own current dishonesty information, from the market authority."""
    given_penalties_from(api_scene, name, n, "P-MARKET")


@given(parsers.parse('"{name}"另有{n:d}条由"{provider}"报送的现行行政处罚信息'))
def given_penalties_from(api_scene: ApiScene, name: str, n: int, provider: str) -> None:
    """The subject's own current dishonesty information in the provider's sector."""
    on = date.today() - timedelta(days=30)
    subject = api_scene.subject(name)
    ref = catalog.load()
    records = [builders.record(ref, "N-DIS-ADMIN-PENALTY", subject, on=on) for _ in range(n)]
    report = submit(api_scene.graph, Batch(provider, records), today=date.today())
    assert report.written, report.violations


@then(parsers.parse('评价因素"{code}"（{label}）计{count:d}条，{points:d}分'))
def then_factor(api_scene: ApiScene, code: str, label: str, count: int, points: int) -> None:
    factors = {f["code"]: f for f in api_scene.body["data"]["evaluate"]["factors"]}
    assert code in factors, factors
    assert (factors[code]["label"], factors[code]["count"], factors[code]["points"]) == (
        label,
        count,
        points,
    ), factors[code]


@when(parsers.parse('"{name}"对评价提出异议："{reasons}"'))
def when_object_evaluation(api_scene: ApiScene, name: str, reasons: str) -> None:
    api_scene.body = api_scene.api.post(
        OBJECT_EVALUATION,
        variables={"id": api_scene.names["evaluation"]["id"], "r": reasons},
        **_as_self(api_scene.subject(name)),
    ).json()


@then(parsers.parse('评价处于"{status}"状态，核查期限为{days:d}个工作日后'))
def then_evaluation_objected(api_scene: ApiScene, status: str, days: int) -> None:
    done = api_scene.body["data"]["objectToEvaluation"]
    assert done["status"] == status, done
    assert done["objectionDueBy"] == due_after(date.today(), days)[0], done


@when("社会信用综合管理部门核查认为异议属实")
def when_uphold_evaluation(api_scene: ApiScene) -> None:
    api_scene.body = api_scene.api.post(
        ANSWER_EVALUATION, variables={"id": api_scene.names["evaluation"]["id"]}, **COORDINATOR
    ).json()
    assert api_scene.body["data"]["answerEvaluationObjection"], api_scene.body


@then(parsers.parse('"{name}"看到新的评价为"{grade}"，并收到答复'))
def then_new_evaluation(api_scene: ApiScene, name: str, grade: str) -> None:
    body = api_scene.api.post(MY_EVALUATION, **_as_self(api_scene.subject(name))).json()
    mine = body["data"]["myEvaluation"]
    assert (mine["grade"], mine["status"]) == (grade, "CURRENT"), mine
    assert mine["id"] != api_scene.names["evaluation"]["id"] and mine["objectionReply"], mine


# --- signed webhooks and the end of publicity (Art. 47) ---------------------------------------

REGISTER_WEBHOOK = "mutation($u: String!) { registerWithdrawalWebhook(url: $u) }"
SIGNING_KEY = "{ webhookSigningKey { keyId publicKeyPem } }"
ISSUE_EXPIRY = "mutation { issueExpiryNotices }"


class _Inbox:
    """A recipient's webhook endpoint: a local HTTP server keeping what it receives."""

    def __init__(self) -> None:
        import http.server
        import threading

        received: list[tuple[dict[str, str], bytes]] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.received = received
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/credit-notices"


@given(parsers.parse('"{persona}"登记了接收撤除通知的地址'))
def given_webhook(api_scene: ApiScene, persona: str) -> None:
    inbox = _Inbox()
    api_scene.names["inbox"] = inbox
    body = api_scene.api.post(
        REGISTER_WEBHOOK, persona=persona, channel="SUBMIT", purpose="LENDING",
        variables={"u": inbox.url},
    ).json()  # fmt: skip
    assert body["data"]["registerWithdrawalWebhook"] == inbox.url, body


@then(parsers.parse('"{persona}"的接收地址收到{count:d}份撤除通知，签名可用平台公布的公钥验证'))
def then_webhook_received(api_scene: ApiScene, persona: str, count: int) -> None:
    import base64

    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    inbox = api_scene.names["inbox"]
    inbox.server.shutdown()
    assert len(inbox.received) == count, inbox.received
    published = api_scene.api.post(SIGNING_KEY).json()["data"]["webhookSigningKey"]
    public_key = load_pem_public_key(published["publicKeyPem"].encode())
    for headers, body in inbox.received:
        assert headers["credit-key-id"] == published["keyId"]
        public_key.verify(base64.b64decode(headers["credit-signature"]), body)  # type: ignore[union-attr]
        notice = json.loads(body)["notice"]
        assert notice["recipient"] == "B-BANK-1" and notice["status"] == "PENDING", notice


@given("近期行政处罚记录的公示期已届满")
def given_publicity_over(api_scene: ApiScene) -> None:
    from graph.ingest import record_id

    assert api_scene.city is not None
    api_scene.graph.run(
        "MATCH (r:Record {id: $id}) SET r.publicUntil = date() - duration('P1D')",
        id=record_id("P-MARKET", api_scene.city.penalty.source_id),
    )


@when("工作机构发出公示期满的撤除通知")
def when_issue_expiry(api_scene: ApiScene) -> None:
    api_scene.body = api_scene.api.post(
        ISSUE_EXPIRY, persona="operator", channel="BY_AUTHORITY", purpose="CREDIT_REPAIR"
    ).json()
    assert api_scene.body["data"]["issueExpiryNotices"] >= 1, api_scene.body


@then(parsers.parse('"{persona}"有{count:d}份待确认的撤除通知，原因为"{reason}"'))
def then_pending_notices(api_scene: ApiScene, persona: str, count: int, reason: str) -> None:
    notices = _notices(api_scene, persona, True)
    assert [n.get("reason", reason) for n in notices] == [reason] * count, notices


# --- the subscription (graphql-transport-ws) --------------------------------------------------

SUBSCRIBE = "subscription { withdrawalNotices { id recipient recordId reason status } }"


class _Subscriber:
    """A recipient's application holding a GraphQL subscription open over WebSocket."""

    def __init__(self, scene: ApiScene, persona: str, purpose: str) -> None:
        import threading

        from websockets.sync.client import connect

        url = scene.api.base_url.replace("http://", "ws://") + "/graphql"
        headers = {
            "authorization": f"Bearer {scene.api.token(persona)}",
            "credit-channel": "SUBMIT",
            "credit-purpose": purpose,
        }
        self.messages: list[dict[str, Any]] = []
        opened = connect(url, subprotocols=["graphql-transport-ws"], additional_headers=headers)
        self.ws = opened.__enter__()
        self.ws.send(json.dumps({"type": "connection_init"}))
        assert json.loads(self.ws.recv(timeout=5))["type"] == "connection_ack"
        self.ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self.ws:
                self.messages.append(json.loads(raw))
        except Exception:  # the connection closes at the end of the scenario
            return

    def notices(self, count: int, wait_s: float = 5.0) -> list[dict[str, Any]]:
        import time

        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and len(self._nexts()) < count:
            time.sleep(0.1)
        self.ws.close()
        return self._nexts()

    def _nexts(self) -> list[dict[str, Any]]:
        errors = [m for m in self.messages if m["type"] == "error"]
        assert not errors, errors
        return [
            m["payload"]["data"]["withdrawalNotices"] for m in self.messages if m["type"] == "next"
        ]


@given(parsers.parse('"{persona}"订阅了撤除通知'))
def given_subscribed(api_scene: ApiScene, persona: str) -> None:
    api_scene.names["subscriber"] = _Subscriber(api_scene, persona, "LENDING")


@then(parsers.parse('"{persona}"的订阅推送了{count:d}份撤除通知'))
def then_pushed(api_scene: ApiScene, persona: str, count: int) -> None:
    notices = api_scene.names["subscriber"].notices(count)
    assert len(notices) == count, notices
    assert all(n["recipient"] == "B-BANK-1" and n["reason"] == "REPAIRED" for n in notices)


# --- ending listings; objections to a decided listing (Art. 31, 41 item 3, 42) -----------------

END_LISTING = """mutation($id: String!, $o: String!) { removeListing(id: $id, reason: "依法结束",
  document: "市监结〔2026〕1号", outcome: $o) }"""
LISTED = """{ seriousDishonestyList(first: 50) { edges { node { subject { name }
  listing { underObjection } } } } }"""


@when(parsers.parse('"{persona}"以"{outcome}"结束该名单'))
def when_end_listing(api_scene: ApiScene, persona: str, outcome: str) -> None:
    api_scene.body = api_scene.api.post(
        END_LISTING,
        persona=persona,
        variables={"id": api_scene.names["listing"], "o": outcome},
        **AUTHORITY,
    ).json()


@then(parsers.parse("结束名单的同时结束了{count:d}个标注"))
def then_ended_marks(api_scene: ApiScene, count: int) -> None:
    assert api_scene.body["data"]["removeListing"] == count, api_scene.body


@when(parsers.parse('"{org}"对该名单提出书面异议："{reasons}"'))
def when_object_decided(api_scene: ApiScene, org: str, reasons: str) -> None:
    when_object_listing(api_scene, org, reasons)


@when(parsers.parse('"{persona}"核实该异议并认为异议不成立'))
def when_reject_listing_objection(api_scene: ApiScene, persona: str) -> None:
    api_scene.body = api_scene.api.post(
        ANSWER_LISTING,
        persona=persona,
        variables={"id": api_scene.names["listing"], "u": False, "r": "经核查，符合认定标准"},
        **AUTHORITY,
    ).json()
    _case(api_scene, "answerListingObjection")


def _public_listing(scene: ApiScene, org: str) -> dict[str, Any]:
    body = scene.api.post(LISTED).json()
    edges = body["data"]["seriousDishonestyList"]["edges"]
    name = scene.subject(org).name
    found = [e["node"]["listing"] for e in edges if e["node"]["subject"]["name"] == name]
    assert len(found) == 1, edges
    return dict(found[0])


@then(parsers.parse('公开的严重失信主体名单中"{org}"带有异议标注'))
def then_listing_marked(api_scene: ApiScene, org: str) -> None:
    assert _public_listing(api_scene, org)["underObjection"] is True


@then(parsers.parse('公开的严重失信主体名单中"{org}"不带异议标注'))
def then_listing_unmarked(api_scene: ApiScene, org: str) -> None:
    assert _public_listing(api_scene, org)["underObjection"] is False


# --- correcting on objection (Art. 42) --------------------------------------------------------

CORRECT = """mutation($id: String!, $c: JSON!) { decideObjection(id: $id, decision: "CORRECT",
  reply: "经核查，予以更正", corrections: $c) { id status decision } }"""
HISTORY = """query($t: String!, $n: String!) { creditFile(idType: $t, number: $n, first: 50) {
  records { edges { node { catalogCode history { action previous } } } } } }"""


@when(parsers.parse('工作机构核查该异议，以"{reply}"答复并决定"{decision}"'))
def when_decide_objection_with(api_scene: ApiScene, decision: str, reply: str) -> None:
    api_scene.body = api_scene.api.post(
        """mutation($id: String!, $d: String!, $r: String!) {
          decideObjection(id: $id, decision: $d, reply: $r) { id status decision } }""",
        persona="operator",
        channel="BY_AUTHORITY",
        purpose="OBJECTION_HANDLING",
        variables={"id": api_scene.names["objection"]["id"], "d": decision, "r": reply},
    ).json()


def _correct(scene: ApiScene, corrections: dict[str, str]) -> None:
    """The operator verifies the objection and corrects these fields."""
    scene.body = scene.api.post(
        CORRECT,
        persona="operator",
        channel="BY_AUTHORITY",
        purpose="OBJECTION_HANDLING",
        variables={"id": scene.names["objection"]["id"], "c": corrections},
    ).json()


@when("工作机构核查该异议并决定更正，但未写明更正的内容")
def when_correct_nothing(api_scene: ApiScene) -> None:
    _correct(api_scene, {})


@when(parsers.parse('工作机构核查该异议并将"{name}"更正为"{value}"'))
def when_correct(api_scene: ApiScene, name: str, value: str) -> None:
    _correct(api_scene, {name: value})


@when(parsers.parse("工作机构核查该异议并同时更正：{pairs}"))
def when_correct_several(api_scene: ApiScene, pairs: str) -> None:
    _correct(api_scene, dict(pair.split("=", 1) for pair in pairs.split("，")))


@then(parsers.parse('认定被拒绝，列出了"{first}"和"{second}"两处问题'))
def then_two_problems(api_scene: ApiScene, first: str, second: str) -> None:
    fields = sorted(v["field"] for v in _violations(api_scene))
    assert fields == sorted([first, second]), api_scene.body
    assert not any((api_scene.body.get("data") or {}).values()), api_scene.body


@then(parsers.parse('有一条返回的记录的"{name}"为"{value}"'))
def then_field_value(api_scene: ApiScene, name: str, value: str) -> None:
    records = api_scene.body["data"]["creditFile"]["records"]["edges"]
    values = [f["value"] for r in records for f in r["node"]["fields"] if f["name"] == name]
    assert any(str(v).rstrip("0").rstrip(".") == value for v in values), values


@then(parsers.parse('有一条记录的变动记录写明更正前的"{name}"'))
def then_previous_kept(api_scene: ApiScene, name: str) -> None:
    ref = api_scene.subject("王测试")
    body = api_scene.api.post(HISTORY, variables={"t": ref.id_type, "n": ref.number},
                              **_as_self(ref)).json()  # fmt: skip
    changes = [
        h for e in body["data"]["creditFile"]["records"]["edges"]
        for h in e["node"]["history"] if h["action"] == "OBJECTION_CORRECT"
    ]  # fmt: skip
    assert len(changes) == 1 and name in (changes[0]["previous"] or {}), changes


# --- objections to a synchronized mark (Art. 41, 42) ------------------------------------------

OBJECT_MARK = """mutation($l: String!, $r: String!) { objectToMark(listingId: $l, reasons: $r) {
  active objectionPending } }"""
ANSWER_MARK = """mutation($l: String!, $t: String!, $n: String!, $r: String!) {
  answerMarkObjection(listingId: $l, idType: $t, number: $n, upheld: true, reply: $r) {
  active objectionPending objectionReply endReason } }"""
MY_MARKS = "{ myCreditFile { marks { listingId underObjection } } }"


@when(parsers.parse('"{name}"对其个人信用档案中的同步标注提出书面异议："{reasons}"'))
def when_object_mark(api_scene: ApiScene, name: str, reasons: str) -> None:
    api_scene.body = api_scene.api.post(
        OBJECT_MARK,
        variables={"l": api_scene.names["listing"], "r": reasons},
        **_as_self(api_scene.subject(name)),
    ).json()
    assert api_scene.body["data"]["objectToMark"]["objectionPending"], api_scene.body


@then(parsers.parse('"{name}"本人看到该标注带有异议标注'))
def then_mark_objected(api_scene: ApiScene, name: str) -> None:
    body = api_scene.api.post(MY_MARKS, **_as_self(api_scene.subject(name))).json()
    marks = body["data"]["myCreditFile"]["marks"]
    assert marks == [{"listingId": api_scene.names["listing"], "underObjection": True}], marks


@when(parsers.parse('"{persona}"核实"{name}"的异议并认为异议成立'))
def when_uphold_mark(api_scene: ApiScene, persona: str, name: str) -> None:
    ref = api_scene.subject(name)
    api_scene.body = api_scene.api.post(
        ANSWER_MARK,
        persona=persona,
        variables={
            "l": api_scene.names["listing"],
            "t": ref.id_type,
            "n": ref.number,
            "r": "经核实，不负有责任",
        },
        **AUTHORITY,
    ).json()


@when(parsers.parse('"{persona}"答复"{name}"对标注的异议："{reply}"'))
def when_answer_mark_with(api_scene: ApiScene, persona: str, name: str, reply: str) -> None:
    ref = api_scene.subject(name)
    api_scene.body = api_scene.api.post(
        ANSWER_MARK,
        persona=persona,
        variables={"l": api_scene.names["listing"], "t": ref.id_type, "n": ref.number, "r": reply},
        **AUTHORITY,
    ).json()


@then("该标注已结束")
def then_mark_ended(api_scene: ApiScene) -> None:
    mark = api_scene.body["data"]["answerMarkObjection"]
    assert not mark["active"] and not mark["objectionPending"] and mark["endReason"], mark


# --- refusals of illegal steps ------------------------------------------------------------------


@when(parsers.parse('"{org}"对该名单提出异议："{reasons}"'))
def when_try_object_listing(api_scene: ApiScene, org: str, reasons: str) -> None:
    api_scene.body = api_scene.api.post(
        OBJECT_LISTING,
        variables={"id": api_scene.names["listing"], "r": reasons},
        **_as_self(api_scene.subject(org)),
    ).json()


@when(parsers.parse('"{persona}"答复该异议："{reply}"'))
def when_answer_listing_with(api_scene: ApiScene, persona: str, reply: str) -> None:
    api_scene.body = api_scene.api.post(
        ANSWER_LISTING,
        persona=persona,
        variables={"id": api_scene.names["listing"], "u": False, "r": reply},
        **AUTHORITY,
    ).json()


@when(parsers.parse('"{persona}"答复一项并不存在的异议'))
def when_answer_nothing(api_scene: ApiScene, persona: str) -> None:
    api_scene.body = api_scene.api.post(
        ANSWER_LISTING,
        persona=persona,
        variables={"id": api_scene.names["listing"], "u": False, "r": "经核查"},
        **AUTHORITY,
    ).json()


@when(parsers.parse('社会信用综合管理部门答复该评价异议："{reply}"'))
def when_answer_evaluation_with(api_scene: ApiScene, reply: str) -> None:
    api_scene.body = api_scene.api.post(
        ANSWER_EVALUATION,
        variables={"id": api_scene.names["evaluation"]["id"], "r": reply},
        **COORDINATOR,
    ).json()


@when("社会信用综合管理部门答复一项并不存在的评价异议")
def when_answer_no_evaluation_objection(api_scene: ApiScene) -> None:
    api_scene.body = api_scene.api.post(
        ANSWER_EVALUATION, variables={"id": api_scene.names["evaluation"]["id"]}, **COORDINATOR
    ).json()


@when(parsers.parse('"{name}"对该标注提出异议："{reasons}"'))
@when(parsers.parse('"{name}"再次对该标注提出异议："{reasons}"'))
def when_object_mark_again(api_scene: ApiScene, name: str, reasons: str) -> None:
    api_scene.body = api_scene.api.post(
        OBJECT_MARK,
        variables={"l": api_scene.names["listing"], "r": reasons},
        **_as_self(api_scene.subject(name)),
    ).json()


@then(parsers.parse('授权结果为"{outcome}"'))
def then_grant_outcome(api_scene: ApiScene, outcome: str) -> None:
    from tests.features.api_steps import then_grant_refused

    if outcome == "已授权":
        assert api_scene.body["data"]["grantAuthorization"]["id"], api_scene.body
    else:
        then_grant_refused(api_scene, outcome, 39)


@then("拒绝的理由写明异议期限的最后一天")
def then_refusal_names_until(api_scene: ApiScene) -> None:
    from tests.features.api_steps import then_refusal_says

    rows = api_scene.graph.run(
        "MATCH (l:Listing {id: $id}) RETURN l.objectionUntil AS until",
        id=api_scene.names["listing"],
    )
    then_refusal_says(api_scene, rows[0]["until"].to_native().isoformat())


@given("该告知书的异议期限到今天为止")
def given_period_ends_today(api_scene: ApiScene) -> None:
    api_scene.graph.run(
        "MATCH (l:Listing {id: $id}) SET l.noticeServedOn = date() - duration('P7D'), "
        "l.objectionUntil = date()",
        id=api_scene.names["listing"],
    )
