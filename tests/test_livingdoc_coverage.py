"""The coverage gate as pure functions, and the results it reads (cucumber JSON)."""

from __future__ import annotations

from livingdoc.coverage import article_tags, gaps, summarize
from livingdoc.results import (
    Hook,
    RunInfo,
    ScenarioResult,
    Status,
    StepResult,
    from_cucumber,
    to_cucumber,
)

OPS = {2, 4, 9}


def scenario(name: str, *tags: str, status: Status = "passed") -> ScenarioResult:
    return ScenarioResult(
        feature_file="features/x.feature",
        feature_name="功能",
        name=name,
        tags=tags,
        steps=(StepResult("假如", "一步", "passed"), StepResult("那么", "结果", status)),
    )


def kinds(found: list[object]) -> list[tuple[str, object]]:
    return [(g.kind, g.article or g.scenario) for g in found]  # type: ignore[attr-defined]


def test_every_op_article_covered_or_pending_passes() -> None:
    run = [scenario("a", "art_2"), scenario("b", "art_4", "art_5")]
    assert gaps(OPS, run, {9: "workflow in progress"}) == []


def test_an_op_article_without_a_passing_scenario_fails() -> None:
    run = [scenario("a", "art_2"), scenario("b", "art_4", status="failed")]
    found = gaps(OPS, run, {})
    assert kinds(found) == [("uncovered", 4), ("uncovered", 9)]
    assert "Art. 4" in found[0].message


def test_a_skipped_scenario_does_not_cover() -> None:
    run = [scenario("a", "art_2"), scenario("b", "art_4", status="skipped")]
    assert kinds(gaps(OPS, run, {9: "later"})) == [("uncovered", 4)]


def test_a_scenario_without_an_article_tag_fails() -> None:
    run = [scenario("a", "art_2", "art_4", "slow"), scenario("untagged", "slow")]
    found = gaps(OPS, run, {9: "later"})
    assert kinds(found) == [("untagged", "features/x.feature: untagged")]


def test_a_tag_naming_no_article_fails() -> None:
    run = [scenario("a", "art_2", "art_4", "art_59", "@art_0", "art_031", "art_x")]
    found = gaps(OPS, run, {9: "later"})
    assert sorted(g.message.split(" is tagged ")[1].split(",")[0] for g in found) == [
        "@art_0",
        "@art_031",
        "@art_59",
        "@art_x",
    ]
    assert {g.kind for g in found} == {"unknown_article"}


def test_a_pending_article_with_a_passing_scenario_fails_so_the_list_only_shrinks() -> None:
    run = [scenario("a", "art_2", "art_4"), scenario("b", "art_9"), scenario("c", "art_9")]
    found = gaps(OPS, run, {9: "later"})
    assert kinds(found) == [("pending_covered", 9)]
    assert "and 1 more" in found[0].message and "pending.toml" in found[0].message


def test_a_pending_article_that_is_not_operational_fails() -> None:
    run = [scenario("a", "art_2", "art_4")]
    assert kinds(gaps(OPS, run, {9: "later", 5: "a cfg article"})) == [("pending_not_op", 5)]


def test_article_tags_accept_pytest_and_cucumber_spellings() -> None:
    assert article_tags(["art_31", "@art_36", "integration", "@art_99"]) == ({31, 36}, {"art_99"})


def test_summary_counts_pending_apart_from_covered() -> None:
    run = [scenario("a", "art_2"), scenario("b", "art_4", status="failed")]
    summary = summarize(OPS, run, {9: "later"})
    assert (summary.covered, summary.pending, summary.missing) == ((2,), (9,), (4,))
    assert summary.figure == "1/3"


def test_status_of_a_scenario() -> None:
    passed = scenario("a", "art_2")
    assert passed.status == "passed"
    assert scenario("b", status="skipped").status == "skipped"
    setup_failed = ScenarioResult(
        "f", "F", "c", (), (StepResult("假如", "x", "skipped"),), before=(Hook("setup", "failed"),)
    )
    assert setup_failed.status == "failed"


def test_cucumber_json_round_trip_keeps_steps_tags_hooks() -> None:
    original = [
        ScenarioResult(
            feature_file="features/ch3/art_31.feature",
            feature_name="同步标注",
            feature_description="第三十一条 <b>",
            feature_tags=("art_31",),
            name="被标注",
            tags=("art_31", "art_36"),
            steps=(
                StepResult("假如", "平台中有档案", "passed", 7),
                StepResult("那么", "被标注", "failed", 9, "AssertionError: no"),
            ),
            line=6,
            id="tests/features/test_regulation.py::test_x",
            after=(Hook("pytest teardown", "failed", "boom"),),
        )
    ]
    document = to_cucumber(original)
    assert document[0]["elements"][0]["tags"][0]["name"] == "@art_31"
    assert from_cucumber(document) == original


def test_pytest_bdd_cucumber_json_inherits_feature_tags() -> None:
    # pytest-bdd's --cucumberjson: bare tag names, feature tags only on the feature.
    document = [
        {
            "keyword": "功能",
            "uri": "ch1/art_02.feature",
            "name": "主体",
            "description": "",
            "tags": [{"name": "art_2", "line": 1}],
            "elements": [
                {
                    "keyword": "场景",
                    "name": "s",
                    "line": 5,
                    "tags": [],
                    "type": "scenario",
                    "steps": [
                        {"keyword": "那么", "name": "x", "line": 6, "result": {"status": "passed"}},
                        {
                            "keyword": "那么",
                            "name": "y",
                            "line": 7,
                            "result": {"status": "undefined"},
                        },
                    ],
                }
            ],
        }
    ]
    [result] = from_cucumber(document)
    assert result.tags == ("art_2",)
    assert result.status == "failed"


def test_run_info_round_trip() -> None:
    info = RunInfo(partial=True, reason="-m art_31", finished="2026-01-01T00:00:00+08:00")
    assert RunInfo.from_json(info.to_json()) == info
