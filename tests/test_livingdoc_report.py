"""The HTML report and its rebuild from cucumber JSON (no pytest run needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.refusals import catalogue
from livingdoc import articles, report
from livingdoc.cli import app
from livingdoc.render import render
from livingdoc.results import RunInfo, ScenarioResult, StepResult


def result(name: str, *tags: str, status: str = "passed") -> ScenarioResult:
    return ScenarioResult(
        feature_file="features/ch1/x.feature",
        feature_name="<script>alert(1)</script>",
        name=name,
        tags=tags,
        steps=(StepResult("那么", "结果 <b>&", "passed" if status == "passed" else "failed"),),
    )


def test_every_article_with_its_text_kind_and_state() -> None:
    loaded = articles.load()
    page = render(
        loaded,
        [result("a", "art_2"), result("b", "art_4", status="failed")],
        {25: "later"},
        RunInfo(False),
    )
    for number in range(1, 59):
        assert f'id="art-{number}"' in page
    assert loaded[31].text.splitlines()[0] in page
    assert 'class="article covered" id="art-2"' in page
    assert 'class="article failing" id="art-4"' in page
    assert 'class="article pending" id="art-25"' in page
    assert 'class="article missing" id="art-9"' in page
    assert "Pending: later" in page
    assert "<b>1/42</b>" in page


def test_everything_is_escaped_and_self_contained() -> None:
    page = render(articles.load(), [result("<i>x</i>", "art_2")], {}, RunInfo(True, "-k <x>"))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "&lt;i&gt;x&lt;/i&gt;" in page and "结果 &lt;b&gt;&amp;" in page
    assert "Partial run" in page and "-k &lt;x&gt;" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_each_article_lists_the_refusals_it_grounds_and_who_asserts_them() -> None:
    asserting = ScenarioResult(
        feature_file="features/ch4/x.feature",
        feature_name="授权",
        name="终身授权被拒绝",
        tags=("art_39",),
        steps=(StepResult("那么", '授权被拒绝，错误代码为"LIFELONG_AUTHORIZATION"', "passed"),),
    )
    page = render(articles.load(), [asserting], {}, RunInfo(False), (), catalogue().values())
    art39 = page.split('id="art-39"')[1].split("</section>")[0]
    assert "<code>LIFELONG_AUTHORIZATION</code>" in art39
    assert "open-ended or lifelong authorizations are forbidden</td><td>1</td>" in art39
    assert "<code>INVALID_SCOPE</code>" in art39 and "</td><td>0</td>" in art39
    assert "LIFELONG_AUTHORIZATION" not in page.split('id="art-38"')[1].split("</section>")[0]


def test_scenarios_without_an_article_are_listed_apart() -> None:
    page = render(articles.load(), [result("lost")], {}, RunInfo(False))
    assert "Scenarios without an article" in page


def test_write_then_rebuild_from_cucumber_json(tmp_path: Path) -> None:
    written = report.write(tmp_path, [result("a", "art_2")], RunInfo(False, finished="then"))
    assert written == tmp_path / "index.html"
    assert json.loads((tmp_path / "run.json").read_text())["partial"] is False
    written.unlink()
    runner = CliRunner()
    outcome = runner.invoke(app, ["build", "--cucumber", str(tmp_path / "cucumber.json")])
    assert outcome.exit_code == 0, outcome.output
    page = written.read_text(encoding="utf-8")
    assert "Finished then" in page and "Coverage gate" in page  # Art. 4 and others missing


def test_a_partial_run_never_replaces_the_full_report(tmp_path: Path) -> None:
    report.write(tmp_path, [result("a", "art_2")], RunInfo(False))
    full = (tmp_path / "index.html").read_text(encoding="utf-8")
    written = report.write(tmp_path, [result("b", "art_4")], RunInfo(True, "-m art_4"))
    assert written == tmp_path / "partial" / "index.html"
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == full


def test_check_command_applies_the_gate(tmp_path: Path) -> None:
    report.write(tmp_path, [result("a", "art_2")], RunInfo(False))
    outcome = CliRunner().invoke(app, ["check", "--cucumber", str(tmp_path / "cucumber.json")])
    assert outcome.exit_code == 1
    assert "Art. 4 is operational" in outcome.output


def test_missing_results_say_how_to_make_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREDIT_SPEC_DIR", str(tmp_path))
    outcome = CliRunner().invoke(app, ["build"])
    assert outcome.exit_code == 2
    assert "make spec" in outcome.output
