"""End to end: the plugin and its coverage gate on a tiny feature set, in a subprocess.

No Neo4j: the temporary project has trivial steps of its own. Its pending list names
every op article except 2 and 4, so the full run passes only while both are covered
by a passing, tagged scenario.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from livingdoc import articles

FEATURE_2 = """# language: zh-CN
@art_2
功能: 信用主体
  第二条 本条例所称社会信用……

  场景: 一
    假如 一个数字 1
    那么 数字是 1

  场景: 二
    假如 一个数字 2
    那么 数字是 2
"""

FEATURE_4 = """# language: zh-CN
功能: 必要原则

  @art_4
  场景: 只返回用途需要的字段
    假如 一个数字 4
    那么 数字是 4
"""

STEPS = """
from pytest_bdd import given, parsers, scenarios, then

scenarios(".")


@given(parsers.parse("一个数字 {n:d}"), target_fixture="number")
def number(n):
    return n


@then(parsers.parse("数字是 {n:d}"))
def check(number, n):
    assert number == n
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "features").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nbdd_features_base_dir = features\n"
        "filterwarnings = ignore::pytest.PytestUnknownMarkWarning\n",
        encoding="utf-8",
    )
    (tmp_path / "features" / "art_02.feature").write_text(FEATURE_2, encoding="utf-8")
    (tmp_path / "features" / "art_04.feature").write_text(FEATURE_4, encoding="utf-8")
    (tmp_path / "tests" / "test_spec.py").write_text(STEPS, encoding="utf-8")
    others = sorted(articles.operational(articles.load()) - {2, 4})
    (tmp_path / "pending.toml").write_text(
        "".join(f'[[pending]]\narticle = {n}\nreason = "later"\n\n' for n in others),
        encoding="utf-8",
    )
    return tmp_path


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CREDIT_SPEC_DIR", "PYTEST_ADDOPTS")}
    # Only the two plugins involved: autoloading every installed plugin costs seconds.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "pytest_bdd.plugin",
        "-p",
        "livingdoc.pytest_plugin",
    ]
    command += ["-p", "no:cacheprovider", "--livingdoc-pending", "pending.toml", "tests", *args]
    return subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=120
    )


def test_full_covered_run_passes_and_writes_the_report(project: Path) -> None:
    outcome = run(project)
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    spec = project / "reports" / "spec"
    assert json.loads((spec / "run.json").read_text())["partial"] is False
    features = json.loads((spec / "cucumber.json").read_text())
    assert sum(len(f["elements"]) for f in features) == 3
    page = (spec / "index.html").read_text(encoding="utf-8")
    assert "只返回用途需要的字段" in page and "<b>2/42</b>" in page
    assert "op articles covered by a passing scenario: 2/42" in outcome.stdout


def test_removing_a_scenarios_tag_fails_the_run(project: Path) -> None:
    feature = project / "features" / "art_04.feature"
    feature.write_text(FEATURE_4.replace("  @art_4\n", ""), encoding="utf-8")
    outcome = run(project)
    assert outcome.returncode == 1
    assert "coverage gate FAILED" in outcome.stdout
    assert "只返回用途需要的字段 carries no @art_N tag" in outcome.stdout
    assert "Art. 4 is operational but no scenario tagged @art_4 passed" in outcome.stdout


def test_removing_an_articles_only_scenario_fails_the_run(project: Path) -> None:
    (project / "features" / "art_04.feature").unlink()
    outcome = run(project)
    assert outcome.returncode == 1
    assert "Art. 4 is operational but no scenario tagged @art_4 passed" in outcome.stdout
    reported = run(project, "--livingdoc-no-gate")
    assert reported.returncode == 0
    assert "coverage gate reported only" in reported.stdout


def test_a_tag_outside_the_regulation_fails_the_run(project: Path) -> None:
    feature = project / "features" / "art_02.feature"
    feature.write_text(FEATURE_2.replace("@art_2\n", "@art_2 @art_99\n"), encoding="utf-8")
    outcome = run(project)
    assert outcome.returncode == 1
    assert "is tagged @art_99, which names no article 1..58" in outcome.stdout


def test_a_pending_article_with_a_passing_scenario_fails_the_run(project: Path) -> None:
    pending = project / "pending.toml"
    pending.write_text(pending.read_text() + '[[pending]]\narticle = 4\nreason = "x"\n')
    outcome = run(project)
    assert outcome.returncode == 1
    assert "Art. 4 is in pending.toml but has a passing scenario" in outcome.stdout


def test_a_partial_run_keeps_the_full_report_and_is_not_gated(project: Path) -> None:
    assert run(project).returncode == 0
    full = (project / "reports" / "spec" / "index.html").read_bytes()
    (project / "features" / "art_04.feature").write_text(
        FEATURE_4.replace("  @art_4\n", ""), encoding="utf-8"
    )
    outcome = run(project, "-k", "一")
    assert outcome.returncode == 0, outcome.stdout
    assert (project / "reports" / "spec" / "index.html").read_bytes() == full
    partial = json.loads((project / "reports" / "spec" / "partial" / "run.json").read_text())
    assert partial["partial"] is True and "1 of 3" in partial["reason"]


def test_runs_without_scenarios_write_nothing(project: Path) -> None:
    (project / "tests" / "test_plain.py").write_text("def test_x():\n    pass\n")
    outcome = run(project, "-k", "test_x")
    assert outcome.returncode == 0
    assert not (project / "reports").exists()
