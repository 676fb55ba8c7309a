"""Steps of the regulation's workflows over the real API: measures (Art. 33-36)."""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers, then, when

from tests.features.api_steps import ApiScene, _as_self

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
