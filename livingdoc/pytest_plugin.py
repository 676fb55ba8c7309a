"""pytest plugin: record every pytest-bdd scenario, write the report, gate coverage.

For each collected scenario (an example row, for an outline) it records the feature
file, name and description, the scenario's name, its effective tags (feature, rule,
scenario and examples tags, as pytest-bdd applies them as marks), each step's keyword,
text and status (pytest-bdd's ``pytest_bdd_*_step`` hooks) and failures of pytest
setup and teardown. At the end of the session it writes ``cucumber.json``,
``run.json`` and ``index.html`` (see :mod:`livingdoc.report`).

When is a report written, and where
    Only when at least one scenario ran: ``pytest tests/test_rules.py`` or
    ``--collect-only`` leaves every report as it was. A run is *full* when every
    scenario of every feature under ``bdd_features_base_dir`` (every example row) was
    selected and finished; then it writes to the report directory (``--livingdoc-dir``,
    else ``$CREDIT_SPEC_DIR``, else ``reports/spec`` under the rootdir). Otherwise —
    ``-m art_31`` (``make spec ART=31``), ``-k``, node ids, ``--lf``, ``-x`` stopping
    early — the run is *partial*: it writes to ``<dir>/partial/``, marked partial with
    the reason, and the full report (the one the API serves at ``/spec``) is kept.

The coverage gate (full runs only)
    The session fails (exit status 1, reasons listed in the terminal summary) when an
    ``op`` article has no passing scenario and is not in ``data/pending.toml``, a
    scenario carries no ``@art_N`` tag, a tag names no article 1..58, or a pending
    article already has a passing scenario (see :mod:`livingdoc.coverage`). A partial
    run never fails for coverage: it did not look at everything. ``--livingdoc-no-gate``
    lists the gaps without failing (for tools that rerun the suite, such as mutation
    testing, where only the scenarios' own outcome matters).

Disable with ``-p no:livingdoc.pytest_plugin``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from pytest_bdd.feature import get_features
from pytest_bdd.parser import Feature, Scenario, ScenarioTemplate, Step
from pytest_bdd.scenario import scenario_wrapper_template_registry

from livingdoc import articles, report
from livingdoc.coverage import Gap, load_pending, summarize
from livingdoc.results import Hook, RunInfo, ScenarioResult, Status, StepResult

_MAX_ERROR = 4000
_Key = tuple[str, str]  # (feature file, scenario name)


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--livingdoc-dir``: where the report goes; ``--livingdoc-pending``: which list."""
    group = parser.getgroup("livingdoc", "executable regulation report")
    group.addoption(
        "--livingdoc-dir",
        dest="livingdoc_dir",
        default=None,
        metavar="DIR",
        help="report directory (default: $CREDIT_SPEC_DIR, else reports/spec under the rootdir)",
    )
    group.addoption(
        "--livingdoc-pending",
        dest="livingdoc_pending",
        default=None,
        metavar="TOML",
        help="pending op articles (default: livingdoc/data/pending.toml)",
    )
    group.addoption(
        "--livingdoc-no-gate",
        dest="livingdoc_no_gate",
        action="store_true",
        help="report coverage gaps without failing the session (e.g. for mutation testing)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the recorder, except on xdist workers (the controller writes)."""
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(Recorder(config), "livingdoc-recorder")


def _error(text: str) -> str:
    return text if len(text) <= _MAX_ERROR else text[:_MAX_ERROR] + "\n…"


@dataclass
class _Item:
    """What is known of one scenario item while the session runs."""

    template: ScenarioTemplate
    example: dict[str, str]
    tags: tuple[str, ...]
    scenario: Scenario | None = None
    steps: list[StepResult] = field(default_factory=list)
    phases: dict[str, pytest.TestReport] = field(default_factory=dict)

    def result(self, nodeid: str, root: Path) -> ScenarioResult:
        """The scenario as it ran; its feature file relative to ``root`` (the rootdir)."""
        rendered = self.scenario or self.template.render(self.example)
        feature = rendered.feature
        steps = list(self.steps)
        steps += [_step(s, "skipped") for s in rendered.steps[len(steps) :]]
        before: list[Hook] = []
        after: list[Hook] = []
        setup, call, teardown = (self.phases.get(w) for w in ("setup", "call", "teardown"))
        if setup is not None and not setup.passed:
            before.append(Hook("pytest setup", _outcome(setup), _why(setup)))
        if call is not None and call.failed and not any(s.status == "failed" for s in steps):
            after.append(Hook("scenario", "failed", _why(call)))
        if teardown is not None and teardown.failed:
            after.append(Hook("pytest teardown", "failed", _why(teardown)))
        return ScenarioResult(
            feature_file=Path(os.path.relpath(feature.filename, root)).as_posix(),
            feature_name=feature.name,
            feature_description=feature.description,
            feature_tags=tuple(sorted(feature.tags)),
            feature_keyword=feature.keyword,
            name=rendered.name,
            keyword=rendered.keyword,
            line=rendered.line_number,
            id=nodeid,
            tags=self.tags,
            steps=tuple(steps),
            before=tuple(before),
            after=tuple(after),
        )

    @property
    def finished(self) -> bool:
        setup = self.phases.get("setup")
        return "call" in self.phases or (setup is not None and not setup.passed)


def _why(rep: pytest.TestReport) -> str:
    """The failure text, or the reason of a skip (pytest keeps it as (path, line, reason))."""
    if rep.skipped and isinstance(rep.longrepr, tuple):
        return str(rep.longrepr[2])
    return _error(rep.longreprtext)


def _outcome(rep: pytest.TestReport) -> Status:
    return "failed" if rep.failed else "skipped" if rep.skipped else "passed"


def _step(step: Step, status: Status, error: str = "") -> StepResult:
    return StepResult(step.keyword.strip(), step.name, status, step.line_number, error)


def _template(item: pytest.Item) -> ScenarioTemplate | None:
    function: Callable[..., object] | None = getattr(item, "obj", None)
    if function is None:
        return None
    try:
        return scenario_wrapper_template_registry.get(function)
    except TypeError:  # not weak-referenceable: not a scenario
        return None


def expected_scenarios(base_dir: Path) -> Counter[_Key]:
    """Every scenario item the feature files define: one per example row of an outline."""
    expected: Counter[_Key] = Counter()
    features: list[Feature] = get_features([str(base_dir)]) if base_dir.is_dir() else []
    for feature in features:
        for name, template in feature.scenarios.items():
            rows = sum(len(list(ex.as_contexts())) for ex in template.examples)
            expected[(feature.filename, name)] = max(rows, 1)
    return expected


class Recorder:
    """The session's recorder; one per pytest run."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.items: dict[str, _Item] = {}
        self.expected: Counter[_Key] = Counter()
        self.unparsed = ""
        self.run: RunInfo | None = None
        self.written: Path | None = None
        self.gaps: list[Gap] = []
        self.figure = ""

    def _directory(self) -> Path:
        chosen = self.config.getoption("livingdoc_dir") or os.environ.get("CREDIT_SPEC_DIR", "")
        return Path(chosen) if chosen else self.config.rootpath / "reports" / "spec"

    def _base_dir(self) -> Path:
        configured = str(self.config.getini("bdd_features_base_dir") or "features")
        return self.config.rootpath / configured

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:
            template = _template(item)
            if template is None:
                continue
            callspec = getattr(item, "callspec", None)
            example = dict(callspec.params.get("_pytest_bdd_example", {})) if callspec else {}
            rule_tags = template.rule.tags if template.rule else set()
            example_tags = {m.name for m in callspec.marks} if callspec else set()
            tags = template.feature.tags | rule_tags | template.tags | example_tags
            self.items[item.nodeid] = _Item(template, example, tuple(sorted(tags)))
        if self.items:
            # What the feature files define *now*: a file added while the run goes on
            # (work in progress elsewhere) must not turn this run into a partial one.
            try:
                self.expected = expected_scenarios(self._base_dir())
            except Exception as exc:  # a feature file that does not parse: not a full run
                self.unparsed = f"{type(exc).__name__}: {exc}"

    def pytest_bdd_before_scenario(
        self, request: pytest.FixtureRequest, feature: Feature, scenario: Scenario
    ) -> None:
        if (known := self.items.get(request.node.nodeid)) is not None:
            known.scenario = scenario

    def pytest_bdd_before_step(self, request: pytest.FixtureRequest, step: Step) -> None:
        if (known := self.items.get(request.node.nodeid)) is not None:
            # Until it finishes, a step counts as skipped (pytest.skip inside a step).
            known.steps.append(_step(step, "skipped"))

    def pytest_bdd_after_step(self, request: pytest.FixtureRequest, step: Step) -> None:
        if (known := self.items.get(request.node.nodeid)) is not None and known.steps:
            known.steps[-1] = _step(step, "passed")

    def pytest_bdd_step_error(
        self, request: pytest.FixtureRequest, step: Step, exception: Exception
    ) -> None:
        if (known := self.items.get(request.node.nodeid)) is not None and known.steps:
            message = _error(f"{type(exception).__name__}: {exception}")
            known.steps[-1] = _step(step, "failed", message)

    def pytest_bdd_step_func_lookup_error(
        self, request: pytest.FixtureRequest, step: Step, exception: Exception
    ) -> None:
        if (known := self.items.get(request.node.nodeid)) is not None:
            known.steps.append(_step(step, "failed", _error(str(exception))))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if (known := self.items.get(report.nodeid)) is not None:
            known.phases[report.when] = report

    def _run_info(self) -> RunInfo:
        selected: Counter[_Key] = Counter(
            (i.template.feature.filename, i.template.name) for i in self.items.values()
        )
        expected = self.expected
        ran = sum(i.finished for i in self.items.values())
        reason = ""
        if self.unparsed:
            reason = f"the feature files could not all be read ({self.unparsed})"
        elif set(selected) != set(expected) or any(selected[k] < n for k, n in expected.items()):
            reason = (
                f"{sum(selected.values())} of {sum(expected.values())} scenarios were selected "
                "(-m, -k, node ids or --lf)"
            )
        elif ran < len(self.items):
            reason = f"the run stopped after {ran} of {len(self.items)} scenarios"
        return RunInfo(
            partial=bool(reason),
            reason=reason,
            finished=datetime.now().astimezone().isoformat(timespec="seconds"),
            command=tuple(self.config.invocation_params.args),
        )

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        finished = {nodeid: i for nodeid, i in self.items.items() if i.finished}
        if not finished:
            return
        self.run = self._run_info()
        root = self.config.rootpath
        results = [i.result(nodeid, root) for nodeid, i in finished.items()]
        chosen = self.config.getoption("livingdoc_pending")
        pending = load_pending(Path(chosen)) if chosen else load_pending()
        self.gaps = [] if self.run.partial else report.gate(results, pending)
        self.written = report.write(self._directory(), results, self.run, self.gaps, pending)
        ops = articles.operational(articles.load())
        self.figure = summarize(ops, results, pending).figure
        gated = not self.config.getoption("livingdoc_no_gate")
        if gated and self.gaps and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.run is None or self.written is None:
            return
        kind = f"partial: {self.run.reason}" if self.run.partial else "full feature suite"
        terminalreporter.write_sep("-", "executable regulation")
        terminalreporter.write_line(f"report ({kind}): {self.written}")
        terminalreporter.write_line(f"op articles covered by a passing scenario: {self.figure}")
        if self.gaps:
            verdict = "reported only" if self.config.getoption("livingdoc_no_gate") else "FAILED"
            terminalreporter.write_sep("=", f"coverage gate {verdict}", red=True, bold=True)
            for gap in self.gaps:
                terminalreporter.write_line(f"  - {gap.message}", red=True)
