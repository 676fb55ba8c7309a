"""Step definitions shared by the zh-CN feature files (the regulation as acceptance tests).

The steps speak the regulation's language. Each scenario starts from an empty credit
graph (reference data kept) on the tests' own Neo4j, builds a batch that passes every
rule, breaks exactly what the scenario names, and submits it through the validated
ingest.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from core.errors import CatalogInvalid, Violation
from core.submission import Batch, ConsentIn, RecordIn, RoleIn, SubjectRef
from graph import reference
from graph.connection import Graph
from graph.consents import record_consents
from graph.ingest import IngestReport, submit
from seed import catalog
from seed.catalog import Reference
from tests import builders
from tests.features.api_steps import ApiScene

CIRCUMSTANCE_NAMES = {"不可抗力": "FORCE_MAJEURE", "危害后果轻微并及时改正": "MINOR_HARM_CORRECTED"}


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--spec-target``: run the features on the tests' own instance or, with ``sandbox``,
    over HTTP against the running audit sandbox (``make spec TARGET=sandbox``)."""
    parser.addoption(
        "--spec-target",
        dest="spec_target",
        choices=("test", "sandbox"),
        default="test",
        help="test (the tests' own Neo4j and API) or sandbox (the running sandbox)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """On the sandbox target the living documentation is the sandbox's (served at /spec)."""
    if config.getoption("spec_target", default="test") == "sandbox":
        from api.sandbox_runtime import paths
        from core import settings as settings_module

        if not config.getoption("livingdoc_dir", default=None):
            config.option.livingdoc_dir = str(paths(settings_module.load("sandbox")).spec)


@dataclass
class Scene:
    """What a scenario builds up and what happened."""

    graph: Graph
    ref: Reference
    provider: str = ""
    records: list[RecordIn] = field(default_factory=list)
    roles: list[RoleIn] = field(default_factory=list)
    report: IngestReport | None = None
    reports: list[IngestReport] = field(default_factory=list)
    catalog_text: dict[str, Any] = field(default_factory=dict)
    catalog_error: CatalogInvalid | None = None
    counts_before: dict[str, int] = field(default_factory=dict)

    @property
    def last(self) -> RecordIn:
        return self.records[-1]

    def replace_last(self, **changes: Any) -> None:
        self.records[-1] = dataclasses.replace(self.records[-1], **changes)


@pytest.fixture(scope="session")
def reference_data() -> Reference:
    return catalog.load()


@pytest.fixture
def scene(clean_graph: Graph, reference_data: Reference) -> Scene:
    return Scene(clean_graph, reference_data)


def _counts(graph: Graph) -> dict[str, int]:
    rows = graph.run(
        "MATCH (n) WHERE n:Subject OR n:Record OR n:BasisDocument OR n:CatalogItem "
        "RETURN labels(n)[0] AS label, count(*) AS n"
    )
    return {row["label"]: row["n"] for row in rows}


# --- 假如: building a batch -------------------------------------------------------------


@given(parsers.parse('提供单位"{provider}"'))
def given_provider(scene: Scene, provider: str) -> None:
    scene.provider = provider


@given(parsers.parse('一条合规的"{code}"记录'))
def given_valid_record(scene: Scene, code: str) -> None:
    scene.records.append(builders.record(scene.ref, code))


@given(parsers.parse('一条合规的"{code}"记录，发生于"{on}"'))
def given_valid_record_on(scene: Scene, code: str, on: str) -> None:
    scene.records.append(builders.record(scene.ref, code, on=date.fromisoformat(on)))


@given("该记录的来源编号与上一条相同")
def given_same_source_id(scene: Scene) -> None:
    scene.replace_last(source_id=scene.records[-2].source_id)


@given(parsers.parse("该记录的主体公民身份号码校验位错误"))
def given_wrong_ric(scene: Scene) -> None:
    subject = scene.last.subject
    scene.replace_last(
        subject=dataclasses.replace(subject, number=builders.break_check_digit(subject.number))
    )


@given(parsers.parse('该记录的主体是统一社会信用代码为"{number}"的组织'))
def given_org_number(scene: Scene, number: str) -> None:
    scene.replace_last(subject=SubjectRef("USCC", number, "测试组织"))


@given(parsers.parse('该记录的主体是{id_type}号码为"{number}"的自然人'))
def given_other_id(scene: Scene, id_type: str, number: str) -> None:
    types = {
        "护照": "PASSPORT",
        "公民身份": "RIC",
        "港澳居民来往内地通行证": "HK_MACAO_PERMIT",
        "台湾居民来往大陆通行证": "TAIWAN_PERMIT",
        "外国人永久居留身份证": "FOREIGN_PR",
    }
    scene.replace_last(subject=SubjectRef(types[id_type], number, "测试乙"))


@given(parsers.parse('该记录的主体是组织类型为"{kind}"的组织'))
def given_org_kind(scene: Scene, kind: str) -> None:
    scene.replace_last(subject=dataclasses.replace(scene.last.subject, kind=kind))


@given("该记录的主体姓名为空")
def given_no_name(scene: Scene) -> None:
    scene.replace_last(subject=dataclasses.replace(scene.last.subject, name=" "))


@given(parsers.parse('该记录的主体标识类型为"{id_type}"'))
def given_id_type(scene: Scene, id_type: str) -> None:
    scene.replace_last(subject=dataclasses.replace(scene.last.subject, id_type=id_type))


@given(parsers.parse('该记录增加字段"{name}"，值为"{value}"'))
def given_extra_field(scene: Scene, name: str, value: str) -> None:
    scene.replace_last(fields={**scene.last.fields, name: value})


@given(parsers.parse('该记录的字段"{name}"的值为{value}'))
def given_field_value(scene: Scene, name: str, value: str) -> None:
    """``value`` is a JSON literal, as the API receives it: ``42``, ``true``, ``"文字"``."""
    scene.replace_last(fields={**scene.last.fields, name: json.loads(value)})


@given(parsers.parse('该记录缺少字段"{name}"'))
def given_missing_field(scene: Scene, name: str) -> None:
    scene.replace_last(fields={k: v for k, v in scene.last.fields.items() if k != name})


@given("该记录没有认定依据文书")
def given_no_basis(scene: Scene) -> None:
    scene.replace_last(basis=None)


@given(parsers.parse('该记录的认定依据文书类型为"{doc_type}"'))
def given_basis_type(scene: Scene, doc_type: str) -> None:
    basis = scene.last.basis or builders.basis_for(scene.last.occurred_at)
    scene.replace_last(basis=dataclasses.replace(basis, type=doc_type, legal_basis=None))


@given(parsers.parse('该记录的认定依据文书类型为"{doc_type}"，法律依据为"{legal_basis}"'))
def given_basis_type_with_law(scene: Scene, doc_type: str, legal_basis: str) -> None:
    basis = scene.last.basis or builders.basis_for(scene.last.occurred_at)
    scene.replace_last(basis=dataclasses.replace(basis, type=doc_type, legal_basis=legal_basis))


@given(parsers.parse("该记录的认定依据文书的{part}为空"))
def given_basis_blank(scene: Scene, part: str) -> None:
    basis = scene.last.basis or builders.basis_for(scene.last.occurred_at)
    attribute = {"文号": "number", "作出机关": "issuer"}[part]
    scene.replace_last(basis=dataclasses.replace(basis, **{attribute: " "}))


@given(parsers.parse('该记录的认定依据文书作出日期为"{on}"'))
def given_basis_issued(scene: Scene, on: str) -> None:
    basis = scene.last.basis or builders.basis_for(scene.last.occurred_at)
    scene.replace_last(basis=dataclasses.replace(basis, issued_on=date.fromisoformat(on)))


@given(parsers.parse("该记录的主体在行为发生时年满{age:d}周岁"))
def given_age(scene: Scene, age: int) -> None:
    on = scene.last.occurred_at
    born = on.replace(year=on.year - age) - timedelta(days=1)
    scene.replace_last(subject=SubjectRef("RIC", builders.citizen_id(born), "测试丙"))


@given(parsers.parse('提供单位声明"{name}"情形'))
def given_circumstance(scene: Scene, name: str) -> None:
    scene.replace_last(circumstances=scene.last.circumstances | {CIRCUMSTANCE_NAMES[name]})


@given(parsers.parse('提供单位声明第十六条未列明的情形"{code}"'))
def given_unknown_circumstance(scene: Scene, code: str) -> None:
    scene.replace_last(circumstances=scene.last.circumstances | {code})


@given(parsers.parse('该记录的主体已书面同意"{provider}"采集"{category}"信息'))
def given_consent(scene: Scene, provider: str, category: str) -> None:
    signed = scene.last.occurred_at - timedelta(days=30)
    _consent(scene, provider, category, signed, signed + timedelta(days=700))


def _consent(scene: Scene, provider: str, category: str, signed: date, until: date) -> None:
    """The last record's subject consents in writing (recorded as the ingest reads it)."""
    consent = ConsentIn(
        f"C-{scene.last.source_id}",
        scene.last.subject,
        provider,
        frozenset({category}),
        signed,
        until,
        "书面同意书（测试）",
    )
    record_consents(scene.graph, [consent])


@given(
    parsers.parse(
        '该记录的主体于"{signed}"书面同意"{provider}"采集"{category}"信息，有效至"{until}"'
    )
)
def given_dated_consent(
    scene: Scene, signed: str, provider: str, category: str, until: str
) -> None:
    _consent(scene, provider, category, date.fromisoformat(signed), date.fromisoformat(until))


# --- 当: submitting -----------------------------------------------------------------------


@when("提供单位报送这批记录")
def when_submit(scene: Scene) -> None:
    scene.counts_before = _counts(scene.graph)
    scene.report = submit(
        scene.graph, Batch(scene.provider, scene.records, scene.roles), today=date(2026, 11, 20)
    )
    scene.reports.append(scene.report)


@when("提供单位再次报送同一批记录")
def when_resubmit(scene: Scene) -> None:
    scene.counts_before = _counts(scene.graph)
    scene.report = submit(
        scene.graph, Batch(scene.provider, scene.records, scene.roles), today=date(2026, 11, 21)
    )
    scene.reports.append(scene.report)


@when(parsers.parse('提供单位以同一编号再次报送改动了"{name}"的记录'))
def when_resubmit_changed(scene: Scene, name: str) -> None:
    scene.records = [
        dataclasses.replace(r, fields={**r.fields, name: f"{r.fields.get(name, '')}（改）"})
        for r in scene.records
    ]
    when_resubmit(scene)


# --- 那么: outcomes -----------------------------------------------------------------------


def _violations(scene: Scene) -> list[Violation]:
    assert scene.report is not None, "nothing was submitted"
    return scene.report.violations


@then(parsers.parse('整批被拒绝，错误代码为"{code}"，依据第{article:d}条'))
def then_refused(scene: Scene, code: str, article: int) -> None:
    found = _violations(scene)
    assert not scene.report or not scene.report.written, "the batch was written"
    assert any(v.code == code and v.article == article for v in found), (
        f"expected {code} (Art. {article}), got {[(v.code, v.article) for v in found]}"
    )


@then(parsers.re(r'第(?P<n>\d+)条记录被拒绝，错误代码为"(?P<code>[^"]+)"'), converters={"n": int})
def then_item_refused(scene: Scene, n: int, code: str) -> None:
    assert any(v.code == code and v.item == n - 1 for v in _violations(scene)), (
        f"item {n} not refused with {code}: {_violations(scene)}"
    )


@then(
    parsers.parse('第{n:d}条记录被拒绝，错误代码为"{code}"，依据第{article:d}条，问题在"{field}"')
)
def then_item_refused_at(scene: Scene, n: int, code: str, article: int, field: str) -> None:
    """This is the only problem of the batch: this item, code, article and field."""
    found = [(v.item, v.code, v.article, v.field) for v in _violations(scene)]
    assert found == [(n - 1, code, article, field)], _violations(scene)
    assert all(v.message for v in _violations(scene)), "a refusal says what is wrong"
    assert scene.report is not None and not scene.report.written, "the batch was written"
    assert _counts(scene.graph) == scene.counts_before


@then(parsers.parse('问题说明写明"{text}"'))
def then_problem_says(scene: Scene, text: str) -> None:
    """A refusal's message names what it refused (the role, the allowed values, ...)."""
    messages = [v.message for v in _violations(scene)]
    assert any(text in m for m in messages), messages


@then("没有写入任何信息")
def then_nothing_written(scene: Scene) -> None:
    assert _counts(scene.graph) == scene.counts_before


@then(parsers.parse('该记录被写入，状态为"{status}"'))
def then_written_status(scene: Scene, status: str) -> None:
    assert scene.report is not None
    assert scene.report.written and not scene.report.violations, scene.report.violations
    rows = scene.graph.run(
        "MATCH (r:Record {sourceKey: $key}) RETURN r.status AS status, r.holdReasons AS hold, "
        "r.flags AS flags",
        key=f"{scene.provider}|{scene.last.source_id}",
    )
    assert rows and rows[0]["status"] == status, rows


@then(parsers.parse('该记录暂缓认定，待审核原因包括"{reason}"'))
def then_held(scene: Scene, reason: str) -> None:
    then_written_status(scene, "PENDING_REVIEW")
    rows = scene.graph.run(
        "MATCH (r:Record {sourceKey: $key}) RETURN r.holdReasons AS hold",
        key=f"{scene.provider}|{scene.last.source_id}",
    )
    assert reason in rows[0]["hold"]


@then(parsers.parse('该记录带有标记"{flag}"'))
def then_flagged(scene: Scene, flag: str) -> None:
    rows = scene.graph.run(
        "MATCH (r:Record {sourceKey: $key}) RETURN r.flags AS flags",
        key=f"{scene.provider}|{scene.last.source_id}",
    )
    assert rows and flag in rows[0]["flags"], rows


@then("该记录不带任何标记")
def then_not_flagged(scene: Scene) -> None:
    rows = scene.graph.run(
        "MATCH (r:Record {sourceKey: $key}) RETURN r.flags AS flags",
        key=f"{scene.provider}|{scene.last.source_id}",
    )
    assert rows and rows[0]["flags"] == [], rows


@then(parsers.parse("报告列出{count:d}处被拒绝的问题"))
def then_count(scene: Scene, count: int) -> None:
    assert len(_violations(scene)) == count, _violations(scene)


@then("没有新写入任何信息，报告为未变化")
def then_unchanged(scene: Scene) -> None:
    assert scene.report is not None
    assert scene.report.created == 0 and scene.report.unchanged == len(scene.records)
    assert _counts(scene.graph) == scene.counts_before


# --- catalog (Art. 15) ---------------------------------------------------------------------


@given(parsers.parse('地方补充目录新增失信信息目录项"{code}"，归入第十五条第{category:d}类'))
def given_local_item(scene: Scene, code: str, category: int) -> None:
    scene.catalog_text = _local_item(code, category)


@given(parsers.parse('地方补充目录新增失信信息目录项"{code}"，不属于第十五条所列任何一类'))
def given_local_item_outside(scene: Scene, code: str) -> None:
    scene.catalog_text = _local_item(code, None)


def _local_item(code: str, category: int | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "code": code,
        "name": "测试失信事项",
        "scope": "LOCAL",
        "family": "PUBLIC",
        "kind": "DISHONEST",
        "versions": [2026],
        "subject_types": ["PERSON", "ORGANIZATION"],
        "provider_sectors": ["MARKET"],
        "provider_kinds": [],
        "public": True,
        "shared": True,
        "share_sectors": ["*"],
        "publicity_months": 12,
        "retention_months": 60,
        "consent_only": False,
        "on_repair": "MARK",
        "fields": [
            {"name": "summary", "label": "失信行为摘要", "type": "string", "required": True}
        ],
    }
    if category is not None:
        item["art15_category"] = category
    return item


@given(parsers.parse('地方补充目录新增含纳税数额字段的目录项"{code}"，设为共享'))
def given_tax_item_shared(scene: Scene, code: str) -> None:
    item = _local_item(code, None)
    item.update(
        kind="OTHER",
        public=False,
        shared=True,
        consent_only=True,
        fields=[
            {
                "name": "taxPaid",
                "label": "纳税数额",
                "type": "decimal",
                "category": "TAX_AMOUNT",
                "required": True,
            }
        ],
    )
    scene.catalog_text = item


@given(parsers.parse('目录新增市场信用信息目录项"{code}"，设为政务共享'))
def given_market_item_shared(scene: Scene, code: str) -> None:
    item = _local_item(code, None)
    item.update(
        family="MARKET",
        kind="OTHER",
        provider_sectors=[],
        provider_kinds=["CREDIT_SERVICE"],
        public=False,
        shared=True,
    )
    scene.catalog_text = item


@when("加载该版本目录")
def when_load_catalog(scene: Scene) -> None:
    scene.counts_before = _counts(scene.graph)
    data = {
        "version": [{"year": 2026, "effective_from": date(2026, 1, 1)}],
        "item": [scene.catalog_text],
    }
    try:
        _, items = catalog.parse_catalog(data)
    except CatalogInvalid as exc:
        scene.catalog_error = exc
        return
    reference.store(scene.graph, dataclasses.replace(scene.ref, items=items, versions=[]))


@then(parsers.parse('目录被拒绝，错误代码为"{code}"，依据第{article:d}条'))
def then_catalog_refused(scene: Scene, code: str, article: int) -> None:
    assert scene.catalog_error is not None, "the catalog was accepted"
    assert any(v.code == code and v.article == article for v in scene.catalog_error.violations)
    rows = scene.graph.run(
        "MATCH (c:CatalogItem {code: $code}) RETURN c", code=scene.catalog_text["code"]
    )
    assert rows == []


@then("目录被接受并写入")
def then_catalog_accepted(scene: Scene) -> None:
    assert scene.catalog_error is None, scene.catalog_error
    rows = scene.graph.run(
        "MATCH (c:CatalogItem {code: $code}) DETACH DELETE c RETURN 1 AS x",
        code=scene.catalog_text["code"],
    )
    assert rows, "the item was not stored"


@given(parsers.parse('该记录的目录项编码改为"{code}"'))
def given_catalog_code(scene: Scene, code: str) -> None:
    scene.replace_last(catalog_code=code)


from tests.features.api_steps import *  # noqa: E402, F403  (API steps share this conftest)


@then(parsers.parse('该记录属于"{family}"信息、"{kind}"类，由"{provider}"提供'))
def then_family_kind(scene: Scene, family: str, kind: str, provider: str) -> None:
    rows = scene.graph.run(
        "MATCH (r:Record {sourceKey: $key})-[:PROVIDED_BY]->(p:Provider) "
        "RETURN r.family AS family, r.kind AS kind, p.id AS provider",
        key=f"{scene.provider}|{scene.last.source_id}",
    )
    assert rows == [{"family": family, "kind": kind, "provider": provider}], rows


@then(parsers.parse("该记录关联目录{year:d}年版的目录项"))
def then_catalog_version(scene: Scene, year: int) -> None:
    rows = scene.graph.run(
        "MATCH (r:Record {sourceKey: $key})-[:UNDER]->(c:CatalogItem)-[:IN_VERSION]->(v) "
        "RETURN v.year AS year, r.catalogVersion AS version",
        key=f"{scene.provider}|{scene.last.source_id}",
    )
    assert rows == [{"year": year, "version": year}], rows


@then("该主体的信用档案以其标识建立")
def then_file_created(scene: Scene) -> None:
    ref = scene.last.subject
    rows = scene.graph.run(
        "MATCH (s:Subject {key: $key})-[:HAS_RECORD]->(r) RETURN count(r) AS n",
        key=f"{ref.id_type}:{ref.number}",
    )
    assert rows[0]["n"] >= 1


@given(parsers.parse('该记录的发生日期改为"{on}"'))
def given_occurred(scene: Scene, on: str) -> None:
    scene.replace_last(occurred_at=date.fromisoformat(on))


from tests.features.input_steps import *  # noqa: E402, F403  (and the input steps)
from tests.features.sandbox_steps import *  # noqa: E402, F403  (the sandbox's)
from tests.features.workbench_steps import *  # noqa: E402, F403  (the workbench's)
from tests.features.workflow_steps import *  # noqa: E402, F403  (workflow steps share it too)

# --- measure lists (Art. 34, 35) ------------------------------------------------------------


def _local_measure(
    code: str, kind: int, basis: str = "《市社会信用条例》（模拟）"
) -> dict[str, Any]:
    return {
        "code": code,
        "list": "PUNISHMENT",
        "scope": "LOCAL",
        "matter": "测试事项",
        "target": "测试对象",
        "target_subject_types": ["ORGANIZATION"],
        "means": "测试手段",
        "implementer": "MARKET",
        "basis": basis,
        "sectors": ["MARKET"],
        "severity": "DISHONEST",
        "art35_kind": kind,
    }


@given(parsers.parse('本市失信惩戒措施补充清单新增措施"{code}"，归入第三十五条第{kind:d}类'))
def given_local_measure(scene: Scene, code: str, kind: int) -> None:
    scene.catalog_text = _local_measure(code, kind)


@given(
    parsers.parse(
        '本市失信惩戒措施补充清单新增措施"{code}"，归入第三十五条第{kind:d}类，但未列明实施依据'
    )
)
def given_local_measure_no_basis(scene: Scene, code: str, kind: int) -> None:
    scene.catalog_text = _local_measure(code, kind, basis=" ")


@when("加载措施清单")
def when_load_measures(scene: Scene) -> None:
    try:
        measures = catalog.parse_measures({"measure": [scene.catalog_text]})
    except CatalogInvalid as exc:
        scene.catalog_error = exc
        return
    reference.store(
        scene.graph, dataclasses.replace(scene.ref, items=[], versions=[], measures=measures)
    )


@then(parsers.parse('措施清单被拒绝，错误代码为"{code}"，依据第{article:d}条'))
def then_measures_refused(scene: Scene, code: str, article: int) -> None:
    assert scene.catalog_error is not None, "the measure list was accepted"
    assert any(v.code == code and v.article == article for v in scene.catalog_error.violations)
    rows = scene.graph.run("MATCH (m:Measure {code: $c}) RETURN m", c=scene.catalog_text["code"])
    assert rows == []


@then("措施清单被接受并写入")
def then_measures_accepted(scene: Scene) -> None:
    assert scene.catalog_error is None, scene.catalog_error
    rows = scene.graph.run(
        "MATCH (m:Measure {code: $c}) DETACH DELETE m RETURN 1 AS x", c=scene.catalog_text["code"]
    )
    assert rows, "the measure was not stored"


# --- catalog items checked on loading (Art. 13, 20, 46) ----------------------------------------


@given(parsers.parse('该目录项的"{key}"为"{value}"'))
def given_item_value(scene: Scene, key: str, value: str) -> None:
    assert key in scene.catalog_text, f"unknown catalog key {key!r}"
    scene.catalog_text[key] = value


@given(parsers.parse('该目录项增加字段"{name}"，标签为"{label}"，类型为"{type_}"'))
def given_item_field(scene: Scene, name: str, label: str, type_: str) -> None:
    scene.catalog_text["fields"].append({"name": name, "label": label, "type": type_})


@given("该目录项在同一版本中列出两次")
def given_item_twice(scene: Scene) -> None:
    scene.catalog_text["versions"] = [2026, 2026]


@then(parsers.parse('目录被拒绝，错误代码为"{code}"，依据第{article:d}条，问题在"{field}"'))
def then_catalog_refused_at(scene: Scene, code: str, article: int, field: str) -> None:
    """The catalog is refused for exactly this one problem."""
    assert scene.catalog_error is not None, "the catalog was accepted"
    found = [(v.code, v.article, v.field) for v in scene.catalog_error.violations]
    assert found == [(code, article, field)], scene.catalog_error.violations
    then_catalog_refused(scene, code, article)


# --- dated roles in organizations (Art. 11 registration information) -------------------------


def _party(description: str, n: int) -> SubjectRef:
    if description == "一位自然人":
        return builders.person(date(1980, 1, 1), f"测试任职人{n}")
    if description == "一家组织":
        return builders.organization(f"测试任职组织{n}有限公司")
    if description == "身份号码无效的自然人":
        ref = builders.person(date(1980, 1, 1), f"测试任职人{n}")
        return dataclasses.replace(ref, number=builders.break_check_digit(ref.number))
    assert description == "代码无效的组织", f"unknown party {description!r}"
    ref = builders.organization(f"测试任职组织{n}有限公司")
    return dataclasses.replace(ref, number=builders.break_check_digit(ref.number))


@given(
    parsers.parse(
        '一项任职：{holder}自"{start}"至"{end}"担任{organization}的"{role}"，持股比例为"{share}"'
    )
)
def given_role_in(
    scene: Scene, holder: str, start: str, end: str, organization: str, role: str, share: str
) -> None:
    """A dated role; "空" leaves the end or the share out."""
    n = len(scene.roles) + 1
    scene.roles.append(
        RoleIn(
            f"T-role-{n}-{builders.uscc_code()}",
            _party(holder, n),
            _party(organization, n),
            role,
            date.fromisoformat(start),
            None if end == "空" else date.fromisoformat(end),
            None if share == "空" else float(share),
        )
    )


@then(
    parsers.parse('第{n:d}项任职被拒绝，错误代码为"{code}"，依据第{article:d}条，问题在"{field}"')
)
def then_role_refused_at(scene: Scene, n: int, code: str, article: int, field: str) -> None:
    then_item_refused_at(scene, n, code, article, field)


@then("该任职被写入")
def then_role_written(scene: Scene) -> None:
    assert scene.report is not None
    assert scene.report.written and not scene.report.violations, scene.report.violations
    role = scene.roles[-1]
    rows = scene.graph.run(
        "MATCH (h:Subject)-[r {sourceKey: $key}]->(o:Subject) "
        "RETURN type(r) AS role, r.share AS share",
        key=f"{scene.provider}|{role.source_id}",
    )
    assert rows == [{"role": role.role, "share": role.share}], rows


# --- written consents over the API (Art. 20, 39) ---------------------------------------------

RECORD_CONSENT = "mutation($c: ConsentInput!) { recordConsent(consent: $c) }"


def _consenting(who: str) -> str:
    """The subject key of whoever signs the consent."""
    if who == "一位自然人":
        return f"RIC:{builders.citizen_id(date(1988, 8, 8))}"
    if who == "一家组织":
        return f"USCC:{builders.uscc_code()}"
    assert who == "一位身份号码无效的自然人", f"unknown signer {who!r}"
    return f"RIC:{builders.break_check_digit(builders.citizen_id(date(1988, 8, 8)))}"


@when(
    parsers.parse(
        '{who}向"{provider}"提交书面同意：采集"{categories}"信息，有效期{days:d}天，同意书为"{evidence}"'
    )
)
def when_consent(
    api_scene: ApiScene, who: str, provider: str, categories: str, days: int, evidence: str
) -> None:
    """The signer records the consent as itself (SELF); "空" leaves a value empty."""
    api_scene.body = api_scene.api.post(
        RECORD_CONSENT,
        persona="subject",
        subject=_consenting(who),
        channel="SELF",
        purpose="SELF_CHECK",
        variables={
            "c": {
                "providerId": provider,
                "categories": [c for c in categories.split("、") if c != "空"],
                "validUntil": (date.today() + timedelta(days=days)).isoformat(),
                "evidence": "" if evidence == "空" else evidence,
            }
        },
    ).json()


@then("同意书被记录")
def then_consent_recorded(api_scene: ApiScene) -> None:
    assert api_scene.body.get("data") == {"recordConsent": 1}, api_scene.body
