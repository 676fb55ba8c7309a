"""Steps for what submitted text may hold and for declarations on every operation
(Art. 10, 18, 20, 22, 24): identifiers in any digits, invisible characters, lengths,
forbidden information in free text, purposes and channels that do not fit."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from pytest_bdd import given, parsers, then, when

from core.submission import SubjectRef
from tests import builders
from tests.features.api_steps import ApiScene

_AUDIT_LOG = "{ auditLog(first: 5) { totalCount } }"
_SUBMIT = """mutation($r: [RecordInput!]!) { submitRecords(records: $r) {
  written refused { code article field } } }"""
_ID_TYPES = {
    "公民身份号码": "RIC",
    "统一社会信用代码": "USCC",
    "港澳居民来往内地通行证号码": "HK_MACAO_PERMIT",
    "台湾居民来往大陆通行证号码": "TAIWAN_PERMIT",
}


def _scene_ref(id_type: str, number: str) -> SubjectRef:
    kind = "LEGAL_PERSON" if id_type == "USCC" else None
    return SubjectRef(id_type, number, "标识测试", kind)


@given(parsers.parse('该记录的主体以{label}"{number}"标识'))
def given_subject_number(scene: Any, label: str, number: str) -> None:
    scene.replace_last(subject=_scene_ref(_ID_TYPES[label], number))


@given(parsers.parse("该记录的主体是出生于{year:d}年、公民身份号码校验码正确的自然人"))
def given_born_in(scene: Any, year: int) -> None:
    number = builders.citizen_id(date(year, 1, 1))
    scene.replace_last(subject=SubjectRef("RIC", number, "未来测试"))


@given(parsers.parse('该记录的主体姓名"{name}"中含有不可见字符{code}'))
def given_invisible(scene: Any, name: str, code: str) -> None:
    char = chr(int(code.removeprefix("U+"), 16))
    mixed = name[:1] + char + name[1:]
    scene.replace_last(subject=dataclasses.replace(scene.last.subject, name=mixed))


@given(parsers.parse("该记录的主体姓名长{length:d}个字"))
def given_long_name(scene: Any, length: int) -> None:
    scene.replace_last(subject=dataclasses.replace(scene.last.subject, name="长" * length))


@given(parsers.parse('该记录的字段"{name}"的值长{length:d}个字'))
def given_long_value(scene: Any, name: str, length: int) -> None:
    scene.replace_last(fields={**scene.last.fields, name: "文" * length})


@then("两条记录归入同一个信用档案")
def then_one_file(scene: Any) -> None:
    assert scene.report is not None and not scene.report.violations, scene.report
    keys = {builders.file_key(r.subject) for r in scene.records}
    rows = scene.graph.run(
        "MATCH (s:Subject)-[:HAS_RECORD]->(r:Record) WHERE s.key IN $keys "
        "RETURN s.key AS key, count(r) AS n",
        keys=sorted(keys),
    )
    assert len(keys) == 1 and [row["n"] for row in rows] == [2], (keys, rows)


# --- declarations on every operation (Art. 22, 24), over HTTP ---------------------------


def _nodes(scene: ApiScene) -> int:
    return int(
        scene.graph.run(
            "MATCH (n) WHERE none(l IN labels(n) WHERE l STARTS WITH 'Audit') RETURN count(n) AS n"
        )[0]["n"]
    )


@when(parsers.parse('"{persona}"以"{channel}"渠道、"{purpose}"用途查询审计日志'))
def when_audit_log(api_scene: ApiScene, persona: str, channel: str, purpose: str) -> None:
    api_scene.body = api_scene.api.post(
        _AUDIT_LOG, persona=persona, channel=channel, purpose=purpose
    ).json()


@when(parsers.parse('"{persona}"以"{channel}"渠道、"{purpose}"用途报送一条合规的"{code}"记录'))
def when_submit_declared(
    api_scene: ApiScene, persona: str, channel: str, purpose: str, code: str
) -> None:
    from seed import catalog

    record = builders.record(catalog.load(), code)
    api_scene.names["nodes_before"] = _nodes(api_scene)
    api_scene.body = api_scene.api.post(
        _SUBMIT,
        persona=persona,
        channel=channel,
        purpose=purpose,
        variables={"r": [builders.record_input(record)]},
    ).json()


@then("报送没有写入任何信息")
def then_submission_wrote_nothing(api_scene: ApiScene) -> None:
    assert not (api_scene.body.get("data") or {}).get("submitRecords"), api_scene.body
    assert _nodes(api_scene) == api_scene.names["nodes_before"]


@then("请求被受理")
def then_answered(api_scene: ApiScene) -> None:
    assert not api_scene.body.get("errors"), api_scene.body
