"""zh-CN steps of the investigators' workbench (issue 14), and the small holding world
they and ``tests/test_workbench.py`` share: every figure below can be checked by hand.

Holdings of 甲目标 (A), on 2025-01-01::

    赵控股 60 %→ 乙控股 40 %→ A          赵控股: 0.6·0.4 + 0.5·0.35 = 0.415
    钱合伙 40 %→ 乙控股                   钱合伙: 0.4·0.4 = 0.16 (and 0.175 via 丙 until 2024)
    赵控股 50 %, 钱合伙→周接手 50 % → 丙投资 35 %→ A
    丁实业 25 %→ A;  戊贸易 30 %→ 丁实业;  丁实业 20 %→ 戊贸易 (a cycle)
    孙代持 80 %→ 戊贸易 (a nominee-like holder at the end of the chain): 0.8·0.3·0.25 = 0.06
    乙控股 70 %→ 己子公司 (majority chain 己 → 乙 → 赵控股; 赵控股 recorded controller)

Legal representative of A: 赵控股 until 2023-06-30, then 李新任. A was listed for
conduct on 2023-03-01, 赵控股 found responsible as legal representative (Art. 31).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pytest_bdd import given, parsers, then, when

from core.submission import Batch, ListingIn, RoleIn, SubjectRef
from graph import listings
from graph.connection import Graph
from graph.ingest import submit
from tests import builders
from tests.conftest import ApiClient

PERSONS = {
    "赵控股": date(1970, 2, 3),
    "钱合伙": date(1972, 4, 5),
    "孙代持": date(1980, 6, 7),
    "李新任": date(1985, 8, 9),
    "周接手": date(1978, 10, 11),
}
ORGS = ("甲目标", "乙控股", "丙投资", "丁实业", "戊贸易", "己子公司")
START = date(2019, 1, 1)
CONDUCT_ON = date(2023, 3, 1)

NEIGHBOURHOOD = """query($s: String!, $d: Int!, $asOf: Date) {
  neighbourhood(subject: $s, depth: $d, asOf: $asOf) {
    asOf truncated center { id name }
    nodes { id key type name number masked listed marked hiddenBecause { rule article reason } }
    edges { id role source target since until share provider }
  } }"""
CONTROL = """query($s: String!, $asOf: Date) { control(organization: $s, asOf: $asOf) {
  asOf truncated beneficialOwnerThreshold majorityChain algorithm
  organization { id name }
  ultimateController { id name }
  holders { holder { id name type masked } share directShare paths { nodes shares share } }
  beneficialOwners { holder { id name } share }
  recordedControllers { subject { id name } edge { role since } }
} }"""
PATHS = """query($a: String!, $b: String!, $h: Int!, $asOf: Date) {
  paths(from: $a, to: $b, maxHops: $h, asOf: $asOf) {
    paths { nodes { id name } hops { role source target since until share } } } }"""
TIMELINE = """query($s: String!) { roleTimeline(subject: $s) {
  subject { id name }
  entries { edge { role since until share } organization { id name }
            listings { id conductOn } marks { listingId role conductOn active finding } }
} }"""


@dataclass
class World:
    """The subjects of the holding world, by name."""

    subjects: dict[str, SubjectRef]

    def key(self, name: str) -> str:
        return builders.file_key(self.subjects[name])

    def name(self, name: str) -> str:
        return self.subjects[name].name


def build_world(graph: Graph) -> World:
    """Load the holding world through the validated ingest and the listing store."""
    graph.run("MATCH (n) WHERE n:Subject OR n:Listing OR n:Mark OR n:Responsibility "
              "OR n:BasisDocument DETACH DELETE n")  # fmt: skip
    subjects: dict[str, SubjectRef] = {
        name: builders.person(born, name) for name, born in PERSONS.items()
    }
    for name in ORGS:
        subjects[name] = builders.organization(f"{name}有限公司（模拟）")
    s = subjects

    def role(
        holder: str,
        org: str,
        kind: str,
        share: float | None = None,
        start: date = START,
        end: date | None = None,
    ) -> RoleIn:
        return RoleIn(
            f"WB/{holder}/{org}/{kind}/{start}", s[holder], s[org], kind, start, end, share
        )

    sh, lr = "SHAREHOLDER_OF", "LEGAL_REPRESENTATIVE_OF"
    roles = [
        role("赵控股", "甲目标", lr, end=date(2023, 6, 30)),
        role("李新任", "甲目标", lr, start=date(2023, 7, 1)),
        role("赵控股", "乙控股", sh, 0.6),
        role("钱合伙", "乙控股", sh, 0.4),
        role("乙控股", "甲目标", sh, 0.4),
        role("丙投资", "甲目标", sh, 0.35),
        role("赵控股", "丙投资", sh, 0.5),
        role("钱合伙", "丙投资", sh, 0.5, end=date(2024, 1, 1)),
        role("周接手", "丙投资", sh, 0.5, start=date(2024, 1, 2)),
        role("丁实业", "甲目标", sh, 0.25),
        role("戊贸易", "丁实业", sh, 0.3),
        role("丁实业", "戊贸易", sh, 0.2),
        role("孙代持", "戊贸易", sh, 0.8),
        role("乙控股", "己子公司", sh, 0.7),
        role("赵控股", "己子公司", "ACTUAL_CONTROLLER_OF"),
    ]
    report = submit(graph, Batch("P-MARKET", roles=roles), today=date(2025, 1, 1))
    assert report.written, report.violations
    listing = ListingIn(
        "WB-甲目标",
        s["甲目标"],
        "MARKET",
        2,
        CONDUCT_ON,
        date(2023, 5, 1),
        builders.basis_for(CONDUCT_ON),
        "测试：严重破坏市场公平竞争秩序",
        [(s["赵控股"], lr)],
    )
    listings.store_listings(graph, [listing])
    return World(subjects)


# --- steps ------------------------------------------------------------------------------


@dataclass
class WorkbenchScene:
    api: ApiClient
    world: World
    body: dict[str, Any]


@given("平台中有调查工作台的持股测试数据", target_fixture="workbench")
def given_world(api: ApiClient, graph: Graph) -> WorkbenchScene:
    return WorkbenchScene(api, build_world(graph), {})


def _post(
    scene: WorkbenchScene, query: str, who: str, channel: str, purpose: str, **variables: Any
) -> None:
    kw: dict[str, Any] = {}
    if who != "社会公众":
        kw = {"persona": who, "channel": channel, "purpose": purpose}
    scene.body = scene.api.post(query, variables=variables, **kw).json()


@when(parsers.parse('"{who}"以"{channel}"渠道、"{purpose}"用途查看"{org}"在"{day}"的任职关系'))
def when_neighbourhood(
    workbench: WorkbenchScene, who: str, channel: str, purpose: str, org: str, day: str
) -> None:
    _post(
        workbench, NEIGHBOURHOOD, who, channel, purpose, s=workbench.world.key(org), d=1, asOf=day
    )


@when(parsers.parse('社会公众查看"{org}"的{depth:d}层关联关系'))
def when_public_neighbourhood(workbench: WorkbenchScene, org: str, depth: int) -> None:
    _post(
        workbench, NEIGHBOURHOOD, "社会公众", "PUBLIC", "NONE", s=workbench.world.key(org), d=depth
    )


@when(parsers.parse('社会公众查看"{person}"的关联关系'))
def when_public_person(workbench: WorkbenchScene, person: str) -> None:
    _post(
        workbench, NEIGHBOURHOOD, "社会公众", "PUBLIC", "NONE", s=workbench.world.key(person), d=1
    )


@when(parsers.parse('"{who}"以"{channel}"渠道、"{purpose}"用途查询"{org}"的股权穿透'))
def when_control(workbench: WorkbenchScene, who: str, channel: str, purpose: str, org: str) -> None:
    _post(workbench, CONTROL, who, channel, purpose, s=workbench.world.key(org))


@when(parsers.parse('"{who}"以"{channel}"渠道、"{purpose}"用途查询"{person}"的任职经历'))
def when_timeline(
    workbench: WorkbenchScene, who: str, channel: str, purpose: str, person: str
) -> None:
    _post(workbench, TIMELINE, who, channel, purpose, s=workbench.world.key(person))


def _data(workbench: WorkbenchScene, field: str) -> Any:
    body = workbench.body
    assert not body.get("errors"), body
    return body["data"][field]


@then(parsers.parse('"{role}"是"{person}"'))
def then_role_holder(workbench: WorkbenchScene, role: str, person: str) -> None:
    data = _data(workbench, "neighbourhood")
    names = {n["id"]: n["name"] for n in data["nodes"]}
    holders = [names[e["source"]] for e in data["edges"] if e["role"] == role]
    assert holders == [workbench.world.name(person)], (holders, data)


@then(parsers.parse('"{person}"被同步标注，标注指向其"{role}"任职期间的名单'))
def then_marked_in_role(workbench: WorkbenchScene, person: str, role: str) -> None:
    data = _data(workbench, "roleTimeline")
    assert data["subject"]["name"] == workbench.world.name(person)
    marks = [(e["edge"], m) for e in data["entries"] for m in e["marks"]]
    assert marks, data
    for edge, mark in marks:
        assert mark["role"] == role == edge["role"] and mark["active"], marks
        held_from, held_to = edge["since"], edge["until"]
        assert held_from <= mark["conductOn"] and (held_to is None or mark["conductOn"] <= held_to)


@then("自然人以脱敏的占位节点出现，不显示其身份号码")
def then_persons_masked(workbench: WorkbenchScene) -> None:
    data = _data(workbench, "neighbourhood")
    persons = [n for n in data["nodes"] if n["type"] == "PERSON"]
    assert persons, data
    world = workbench.world
    clear = {world.name(p) for p in PERSONS} | {world.subjects[p].number for p in PERSONS}
    for n in persons:
        assert n["masked"] and n["key"] is None and n["id"].startswith("masked-"), n
        assert n["name"] not in clear and n["number"] not in clear, n
        assert n["hiddenBecause"]["article"] == 23, n


@then("任何自然人都不与两个以上的主体相连")
def then_no_person_links(workbench: WorkbenchScene) -> None:
    data = _data(workbench, "neighbourhood")
    persons = {n["id"] for n in data["nodes"] if n["type"] == "PERSON"}
    degree: dict[str, int] = {}
    for e in data["edges"]:
        for end in (e["source"], e["target"]):
            if end in persons:
                degree[end] = degree.get(end, 0) + 1
    assert degree and all(d == 1 for d in degree.values()), degree


@then(parsers.parse('"{person}"的累计持股比例为{share:f}，是受益所有人'))
def then_beneficial_owner(workbench: WorkbenchScene, person: str, share: float) -> None:
    data = _data(workbench, "control")
    name = workbench.world.name(person)
    found = {h["holder"]["name"]: h["share"] for h in data["beneficialOwners"]}
    assert abs(found.get(name, -1) - share) < 1e-9, data["beneficialOwners"]


@then(parsers.parse('查询被拒绝，错误代码为"{code}"，依据第{article:d}条'))
def then_refused(workbench: WorkbenchScene, code: str, article: int) -> None:
    body = workbench.body
    assert body.get("errors"), body
    ext = body["errors"][0]["extensions"]
    assert (ext["code"], ext.get("article")) == (code, article), ext
