"""Where the report lives and how it is written and rebuilt.

A report directory (``reports/spec`` by default, git-ignored) holds ``cucumber.json``
(the results), ``run.json`` (full or partial run, when, which command) and
``index.html`` (built from the other two). A partial run writes to the ``partial``
folder inside it, so it never replaces the report of a full run. ``CREDIT_SPEC_DIR``
moves the whole directory; the API serves the ``index.html`` found there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from core.refusals import catalogue
from core.settings import PROJECT_ROOT
from livingdoc import articles as articles_module
from livingdoc.coverage import Gap, gaps, load_pending
from livingdoc.render import render
from livingdoc.results import RunInfo, ScenarioResult, from_cucumber, to_cucumber

CUCUMBER = "cucumber.json"
RUN = "run.json"
INDEX = "index.html"
PARTIAL = "partial"


def default_dir() -> Path:
    """``$CREDIT_SPEC_DIR``, else ``reports/spec`` in the project."""
    configured = os.environ.get("CREDIT_SPEC_DIR", "").strip()
    return Path(configured) if configured else PROJECT_ROOT / "reports" / "spec"


def target(directory: Path, run: RunInfo) -> Path:
    """The folder a run writes to: the report directory, or its ``partial`` folder."""
    return directory / PARTIAL if run.partial else directory


def _write(path: Path, text: str) -> None:
    """Replace the file in one step, so a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def gate(
    scenarios: Sequence[ScenarioResult], pending: Mapping[int, str] | None = None
) -> list[Gap]:
    """The gate's gaps for these results: the repository's articles, and its pending list
    unless another is given."""
    articles = articles_module.load()
    pending = load_pending() if pending is None else pending
    return gaps(articles_module.operational(articles), scenarios, pending)


def write(
    directory: Path,
    scenarios: Sequence[ScenarioResult],
    run: RunInfo,
    found: Sequence[Gap] = (),
    pending: Mapping[int, str] | None = None,
) -> Path:
    """Write results, run information and HTML; return the HTML's path."""
    folder = target(directory, run)
    _write(folder / CUCUMBER, json.dumps(to_cucumber(scenarios), ensure_ascii=False, indent=1))
    _write(folder / RUN, json.dumps(run.to_json(), ensure_ascii=False, indent=1))
    pending = load_pending() if pending is None else pending
    html = render(articles_module.load(), scenarios, pending, run, found, catalogue().values())
    _write(folder / INDEX, html)
    return folder / INDEX


def build(cucumber: Path, output: Path | None = None, partial: bool | None = None) -> Path:
    """Rebuild the HTML from a cucumber JSON file (ours or pytest-bdd's ``--cucumberjson``).

    Run information comes from ``run.json`` beside it when there is one; ``partial``
    overrides it. The gate's gaps are shown for full runs.
    """
    scenarios = from_cucumber(json.loads(cucumber.read_text(encoding="utf-8")))
    info_path = cucumber.with_name(RUN)
    run = (
        RunInfo.from_json(json.loads(info_path.read_text(encoding="utf-8")))
        if info_path.exists()
        else RunInfo(partial=False, reason="")
    )
    if partial is not None and partial != run.partial:
        run = RunInfo(
            partial, run.reason or "marked partial when rebuilt", run.finished, run.command
        )
    found = [] if run.partial else gate(scenarios)
    html_path = output or cucumber.with_name(INDEX)
    _write(
        html_path,
        render(articles_module.load(), scenarios, load_pending(), run, found, catalogue().values()),
    )
    return html_path
