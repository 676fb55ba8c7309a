"""The investigators' workbench against the real API and Neo4j (issue 14), and the equity
penetration rules on their own. Figures are those of the world in
``tests/features/workbench_steps.py`` (computed by hand there)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api.selection import node_parts
from graph import workbench as g
from graph.connection import Graph
from rules import control
from rules.control import Holding
from tests.conftest import ApiClient
from tests.features.workbench_steps import (
    CONTROL,
    NEIGHBOURHOOD,
    PATHS,
    TIMELINE,
    World,
    build_world,
)

INVESTIGATOR = {"persona": "investigator", "channel": "BY_AUTHORITY", "purpose": "INVESTIGATION"}


@pytest.fixture
def world(clean_graph: Graph) -> World:
    return build_world(clean_graph)


def _data(body: Any, field: str) -> Any:
    assert not body.get("errors"), body
    return body["data"][field]


def _control(api: ApiClient, world: World, org: str, as_of: str | None = None) -> Any:
    body = api.post(CONTROL, variables={"s": world.key(org), "asOf": as_of}, **INVESTIGATOR)
    return _data(body.json(), "control")


def _shares(data: Any, world: World) -> dict[str, float]:
    names = {world.name(n): n for n in world.subjects}
    return {names[h["holder"]["name"]]: round(h["share"], 9) for h in data["holders"]}


@pytest.mark.integration
def test_control_multiplies_along_paths_and_sums_over_them(api: ApiClient, world: World) -> None:
    data = _control(api, world, "甲目标", "2025-01-01")
    assert _shares(data, world) == {
        "赵控股": 0.415,
        "乙控股": 0.4,
        "丙投资": 0.35,
        "丁实业": 0.25,
        "周接手": 0.175,
        "钱合伙": 0.16,
        "戊贸易": 0.075,
        "孙代持": 0.06,
    }
    zhao = next(h for h in data["holders"] if h["holder"]["name"] == world.name("赵控股"))
    assert sorted(p["share"] for p in zhao["paths"]) == [0.175, 0.24]
    assert zhao["directShare"] == 0
    assert [b["holder"]["name"] for b in data["beneficialOwners"]] == [world.name("赵控股")]
    assert data["beneficialOwnerThreshold"] == 0.25
    # Nobody holds a majority of 甲目标: no ultimate controller by equity.
    assert data["ultimateController"] is None and data["majorityChain"] == [world.key("甲目标")]
    assert not data["truncated"] and "simple" in data["algorithm"]


@pytest.mark.integration
def test_control_takes_holdings_of_the_day(api: ApiClient, world: World) -> None:
    before = _shares(_control(api, world, "甲目标", "2023-01-01"), world)
    assert before["钱合伙"] == 0.335 and "周接手" not in before
    owners = _control(api, world, "甲目标", "2023-01-01")["beneficialOwners"]
    assert {o["holder"]["name"] for o in owners} == {world.name("赵控股"), world.name("钱合伙")}


@pytest.mark.integration
def test_majority_chain_and_recorded_controller(api: ApiClient, world: World) -> None:
    data = _control(api, world, "己子公司")
    assert data["majorityChain"] == [world.key(n) for n in ("己子公司", "乙控股", "赵控股")]
    assert data["ultimateController"]["name"] == world.name("赵控股")
    assert [r["subject"]["name"] for r in data["recordedControllers"]] == [world.name("赵控股")]
    assert _shares(data, world)["赵控股"] == 0.42


@pytest.mark.integration
def test_neighbourhood_depth_cap_and_audit(api: ApiClient, world: World) -> None:
    body = api.post(
        NEIGHBOURHOOD, variables={"s": world.key("甲目标"), "d": 3, "asOf": "2025-01-01"},
        **INVESTIGATOR,
    ).json()  # fmt: skip
    data = _data(body, "neighbourhood")
    keys = {n["key"] for n in data["nodes"]}
    assert set(world.subjects) - {"钱合伙"} <= {n for n in world.subjects if world.key(n) in keys}
    assert data["center"]["id"] == world.key("甲目标") and not data["truncated"]
    ids = [e["id"] for e in data["edges"]]
    assert len(ids) == len(set(ids)), "every edge once"
    assert all(e["source"] in keys and e["target"] in keys for e in data["edges"])
    entry = json.loads(json.loads(api.journal.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1])["b"])
    assert entry["operation"] == "neighbourhood" and entry["purpose"] == "INVESTIGATION"
    assert world.key("赵控股") in entry["subjects"]
    assert any("credit_policy.csv" in d for d in entry["decisions"])
    capped = api.post(
        NEIGHBOURHOOD.replace("depth: $d", "depth: $d, nodeCap: 3"),
        variables={"s": world.key("甲目标"), "d": 3}, **INVESTIGATOR,
    ).json()  # fmt: skip
    small = _data(capped, "neighbourhood")
    assert len(small["nodes"]) == 3 and small["truncated"]


@pytest.mark.integration
def test_neighbourhood_reads_the_node_parts_the_selection_names(
    api: ApiClient, world: World
) -> None:
    variables = {"s": world.key("甲目标"), "d": 2}
    full = _data(
        api.post(NEIGHBOURHOOD, variables=variables, **INVESTIGATOR).json(), "neighbourhood"
    )
    by_key = {n["key"]: n for n in full["nodes"]}
    assert by_key[world.key("甲目标")]["listed"], "the listing is active today (Art. 29)"
    assert by_key[world.key("赵控股")]["marked"], "the synchronized mark (Art. 31)"
    narrow_query = """query($s: String!, $d: Int!) {
      neighbourhood(subject: $s, depth: $d) { nodes { id name } } }"""
    narrow = _data(
        api.post(narrow_query, variables=variables, **INVESTIGATOR).json(), "neighbourhood"
    )
    assert narrow["nodes"] == [{"id": n["id"], "name": n["name"]} for n in full["nodes"]]


def test_node_projection_reads_only_the_parts_asked_for() -> None:
    assert node_parts(
        frozenset({"nodes.id", "nodes.name", "center.marked"}), ("center.", "nodes.")
    ) == {"name", "marked"}
    lean = g.neighbourhood_query(3, True, frozenset({"name"}))
    assert "LISTED_IN" not in lean and "HAS_MARK" not in lean and ".number" not in lean
    assert "LISTED_IN" in g.neighbourhood_query(3, True) and "HAS_MARK" in g.neighbourhood_query(
        3, True
    )


@pytest.mark.integration
def test_public_neighbourhood_masks_persons_in_the_database(api: ApiClient, world: World) -> None:
    data = _data(
        api.post(NEIGHBOURHOOD, variables={"s": world.key("甲目标"), "d": 2}).json(),
        "neighbourhood",
    )
    persons = [n for n in data["nodes"] if n["type"] == "PERSON"]
    assert persons and all(n["key"] is None and n["masked"] for n in persons)
    assert all(n["hiddenBecause"]["rule"].startswith("policies/credit_policy.csv") for n in persons)
    text = json.dumps(data, ensure_ascii=False)
    for name in ("赵控股", "钱合伙", "李新任"):
        assert world.subjects[name].number not in text and world.name(name) not in text
    # Organizations stay in clear, reached through organizations only.
    assert world.key("己子公司") in {n["key"] for n in data["nodes"]}


@pytest.mark.integration
def test_paths_between_persons_with_dated_hops(api: ApiClient, world: World) -> None:
    variables = {"a": world.key("钱合伙"), "b": world.key("李新任"), "h": 4, "asOf": "2025-01-01"}
    data = _data(api.post(PATHS, variables=variables, **INVESTIGATOR).json(), "paths")
    assert [[n["name"] for n in p["nodes"]] for p in data["paths"]] == [
        [world.name(n) for n in ("钱合伙", "乙控股", "甲目标", "李新任")]
    ]
    assert [h["role"] for h in data["paths"][0]["hops"]] == [
        "SHAREHOLDER_OF", "SHAREHOLDER_OF", "LEGAL_REPRESENTATIVE_OF",
    ]  # fmt: skip
    # On 2023-01-01 李新任 was not yet legal representative: no path at all.
    variables["asOf"] = "2023-01-01"
    assert (
        _data(api.post(PATHS, variables=variables, **INVESTIGATOR).json(), "paths")["paths"] == []
    )
    public = api.post(PATHS, variables=variables).json()
    assert public["errors"][0]["extensions"]["code"] == "ACCESS_DENIED"


@pytest.mark.integration
def test_role_timeline_links_listing_and_mark(api: ApiClient, world: World) -> None:
    body = api.post(TIMELINE, variables={"s": world.key("赵控股")}, **INVESTIGATOR).json()
    entries = _data(body, "roleTimeline")["entries"]
    # All began on the same day: ordered by start, role type, organization key.
    assert [(e["edge"]["role"], e["organization"]["name"]) for e in entries] == [
        ("ACTUAL_CONTROLLER_OF", world.name("己子公司")),
        ("LEGAL_REPRESENTATIVE_OF", world.name("甲目标")),
        ("SHAREHOLDER_OF", world.name("乙控股")),
        ("SHAREHOLDER_OF", world.name("丙投资")),
    ]
    lr = entries[1]
    assert lr["edge"]["until"] == "2023-06-30"
    assert [m["listingId"] for m in lr["marks"]] == [lr["listings"][0]["id"]]
    assert all(not e["marks"] and not e["listings"] for e in entries if e is not lr)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        ({"s": "USCC:1", "d": 1}, "INVALID_USCC", "18 characters"),
        ({"s": "nocolon", "d": 1}, "BAD_ARGUMENT", "ID_TYPE:NUMBER"),
        ({"s": "USCC:x", "d": 4}, "BAD_ARGUMENT", "depth"),
    ],
)
def test_bad_arguments(
    api: ApiClient, world: World, arguments: dict[str, Any], code: str, message: str
) -> None:
    body = api.post(NEIGHBOURHOOD, variables=arguments, **INVESTIGATOR).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == code and message in error["message"], error


# --- the pure rule ----------------------------------------------------------------------


def test_cycle_is_counted_once_and_terminates() -> None:
    holdings = [
        Holding("D", "A", 0.5),
        Holding("E", "D", 0.5),
        Holding("D", "E", 0.5),
        Holding("P", "E", 0.5),
    ]
    result = control.penetrate("A", holdings)
    shares = {h.holder: round(h.share, 9) for h in result.holders}
    assert shares == {"D": 0.5, "E": 0.25, "P": 0.125}
    assert not result.truncated


def test_parallel_holdings_add_and_cap() -> None:
    result = control.penetrate("A", [Holding("P", "A", 0.7), Holding("P", "A", 0.6)])
    assert [(h.holder, h.share, h.direct) for h in result.holders] == [("P", 1.0, 1.0)]


def test_depth_bound_truncates() -> None:
    chain = [Holding(f"N{i + 1}", f"N{i}", 1.0) for i in range(12)]
    result = control.penetrate("N0", chain, max_depth=5)
    assert result.truncated and len(result.holders) == 5


def test_majority_chain_stops_without_majority_and_in_cycles() -> None:
    assert control.majority_chain("A", [Holding("B", "A", 0.5)]) == ("A",)
    cycle = [Holding("B", "A", 0.6), Holding("A", "B", 0.6)]
    assert control.majority_chain("A", cycle) == ("A", "B")


def test_reviewed_threshold_is_data() -> None:
    assert control.reviewed_threshold() == 0.25


def test_explorer_mints_tokens_only_outside_production(test_settings: Any) -> None:
    import dataclasses

    from api.workbench import workbench_routes

    def paths(mode: str) -> set[str]:
        settings = dataclasses.replace(
            test_settings, api=dataclasses.replace(test_settings.api, mode=mode)
        )
        return {getattr(r, "path", "") for r in workbench_routes(settings)}

    assert "/explore/token" in paths("development") and "/explore/token" in paths("sandbox")
    assert paths("production") == {"/explore", "/explore/assets/{name}"}
