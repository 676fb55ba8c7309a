"""The HTML report: the regulation article by article, with the scenarios encoding it.

One self-contained page (inline CSS, no scripts, no external assets), every piece of
text HTML-escaped. For each of the 58 articles: its Chinese text, kind, English
obligation, coverage state and the scenarios tagged ``@art_N`` with their steps and
status. Pending articles are shown as pending, never as covered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape

from core.refusals import Refusal
from livingdoc.articles import Article
from livingdoc.coverage import Gap, article_tags, summarize
from livingdoc.results import RunInfo, ScenarioResult, StepResult

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:0 auto;
max-width:72rem;padding:1rem 2rem;color:#1d1d1f;line-height:1.55}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #ccc;margin-top:2.5rem}
section.article{border-left:4px solid #ccc;padding:.2rem 1rem;margin:1.2rem 0}
section.covered{border-color:#2e7d32}section.pending{border-color:#ef8f00}
section.missing,section.failing{border-color:#c62828}
.zh{white-space:pre-wrap;background:#f7f7f5;padding:.5rem .8rem;border-radius:4px}
.badge{display:inline-block;font-size:.8rem;padding:0 .5rem;border-radius:1rem;
margin-left:.4rem;background:#e0e0e0;vertical-align:middle}
.passed,.covered>.badge.state{background:#c8e6c9}.failed{background:#ffcdd2}
.skipped{background:#eeeeee}.b-pending{background:#ffe0b2}.b-missing,.b-failing{background:#ffcdd2}
.b-covered{background:#c8e6c9}.b-pending-covered{background:#fff59d}
ol.steps{margin:.3rem 0;padding-left:1.5rem}ol.steps li.failed{font-weight:600}
ol.steps li.skipped{color:#777}pre{white-space:pre-wrap;font-size:.8rem;background:#fff3f3;
padding:.4rem;overflow-x:auto}.partial{background:#fff3cd;padding:.6rem 1rem;border-radius:4px}
.gaps{background:#ffebee;padding:.6rem 1rem;border-radius:4px}table{border-collapse:collapse}
td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}
nav a{text-decoration:none;margin-right:.3rem}.muted{color:#666}
div.feature{margin:.6rem 0 .6rem .5rem}details{margin:.2rem 0 .2rem 1rem}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def article_state(
    article: Article, scenarios: Sequence[ScenarioResult], pending: Mapping[int, str]
) -> str:
    """covered, pending, pending-covered (the list is stale), failing, missing, or
    not-required (cfg and decl articles need no scenario)."""
    passing = any(s.status == "passed" for s in scenarios)
    if article.kind != "op":
        return "not-required"
    if article.number in pending:
        return "pending-covered" if passing else "pending"
    if passing:
        return "covered"
    return "failing" if scenarios else "missing"


def _step(step: StepResult) -> str:
    error = f"<pre>{_e(step.error)}</pre>" if step.error else ""
    return (
        f'<li class="{_e(step.status)}"><b>{_e(step.keyword.strip())}</b> {_e(step.text)}'
        f' <span class="badge {_e(step.status)}">{_e(step.status)}</span>{error}</li>'
    )


def _scenario(s: ScenarioResult) -> str:
    hooks = "".join(
        f'<p class="failed">{_e(h.name)}: {_e(h.status)}</p><pre>{_e(h.error)}</pre>'
        for h in (*s.before, *s.after)
        if h.status != "passed"
    )
    tags = " ".join(f"@{_e(t)}" for t in s.tags)
    return (
        f'<details><summary>{_e(s.keyword)}: {_e(s.name)} <span class="badge {_e(s.status)}">'
        f'{_e(s.status)}</span></summary><p class="muted">{tags} · {_e(s.id)}</p>{hooks}'
        f'<ol class="steps">{"".join(_step(step) for step in s.steps)}</ol></details>'
    )


def _features(scenarios: Sequence[ScenarioResult]) -> str:
    """Scenarios grouped by feature file; each feature's description (the article text
    it quotes) once, folded."""
    by_file: dict[str, list[ScenarioResult]] = {}
    for s in scenarios:
        by_file.setdefault(s.feature_file, []).append(s)
    parts = []
    for file, group in by_file.items():
        first = group[0]
        description = first.feature_description.strip()
        quoted = (
            f'<details><summary class="muted">description</summary>'
            f'<div class="zh muted">{_e(description)}</div></details>'
            if description
            else ""
        )
        parts.append(
            f'<div class="feature"><p><b>{_e(first.feature_keyword)}: {_e(first.feature_name)}'
            f'</b> <span class="muted">{_e(file)}</span></p>{quoted}'
            f"{''.join(_scenario(s) for s in group)}</div>"
        )
    return "".join(parts)


def _refusals(refusals: Sequence[Refusal], passed_steps: Sequence[str]) -> str:
    """The refusals the article grounds (rules/refusals.toml), each with how many passing
    scenarios assert its code."""
    if not refusals:
        return ""

    def asserted(code: str) -> int:
        quoted = '"' + code + '"'  # steps quote the code they expect: 错误代码为"X"
        return sum(quoted in text for text in passed_steps)

    rows = "".join(
        f"<tr><td><code>{_e(r.code)}</code></td><td><code>{_e(r.field or '')}</code></td>"
        f"<td>{_e(r.message)}</td><td>{asserted(r.code)}</td></tr>"
        for r in refusals
    )
    return (
        "<details><summary>Refusals resting on this article "
        f"({len(refusals)})</summary><table><tr><th>code</th><th>field</th><th>message</th>"
        f"<th>passing scenarios asserting the code</th></tr>{rows}</table></details>"
    )


def _article(
    a: Article,
    scenarios: Sequence[ScenarioResult],
    pending: Mapping[int, str],
    refusals: str = "",
) -> str:
    state = article_state(a, scenarios, pending)
    note = ""
    if a.number in pending:
        note = f'<p class="b-pending">Pending: {_e(pending[a.number])}</p>'
    body = _features(scenarios) or '<p class="muted">No scenario.</p>'
    return (
        f'<section class="article {_e(state)}" id="art-{a.number}">'
        f"<h3>{_e(a.heading)} (Art. {a.number})"
        f'<span class="badge">{_e(a.kind)}</span>'
        f'<span class="badge state b-{_e(state)}">{_e(state)}</span></h3>'
        f"<p>{_e(a.summary)}</p>{note}"
        f'<div class="zh" lang="zh-CN">{_e(a.text)}</div>{refusals}{body}</section>'
    )


def _header(
    articles: Mapping[int, Article],
    scenarios: Sequence[ScenarioResult],
    pending: Mapping[int, str],
    run: RunInfo,
    gaps: Sequence[Gap],
) -> str:
    ops = {n for n, a in articles.items() if a.kind == "op"}
    summary = summarize(ops, scenarios, pending)
    counts = {
        status: sum(s.status == status for s in scenarios)
        for status in ("passed", "failed", "skipped")
    }
    partial = (
        f'<p class="partial"><b>Partial run</b>: {_e(run.reason)}. Coverage below counts only the '
        "scenarios that ran; the full report is built by running the whole feature suite.</p>"
        if run.partial
        else ""
    )
    gap_list = (
        '<div class="gaps"><b>Coverage gate</b><ul>'
        + "".join(f"<li>{_e(g.message)}</li>" for g in gaps)
        + "</ul></div>"
        if gaps
        else ""
    )
    missing = ", ".join(f'<a href="#art-{n}">{n}</a>' for n in summary.missing) or "none"
    pend = ", ".join(f'<a href="#art-{n}">{n}</a>' for n in summary.pending) or "none"
    command = " ".join(run.command)
    return (
        "<h1>社会信用条例 · Executable regulation</h1>"
        f'<p class="muted">Finished {_e(run.finished or "unknown")}'
        f"{' · ' + _e(command) if command else ''}</p>{partial}{gap_list}"
        "<table>"
        f"<tr><th>Operational articles covered by a passing scenario</th>"
        f"<td><b>{_e(summary.figure)}</b></td></tr>"
        f"<tr><th>Pending (awaiting scenarios)</th><td>{len(summary.pending)}: {pend}</td></tr>"
        f"<tr><th>Missing (not pending, no passing scenario)</th><td>{missing}</td></tr>"
        f"<tr><th>Scenarios</th><td>{len(scenarios)}: {counts['passed']} passed, "
        f"{counts['failed']} failed, {counts['skipped']} skipped</td></tr></table>"
    )


def render(
    articles: Mapping[int, Article],
    scenarios: Iterable[ScenarioResult],
    pending: Mapping[int, str],
    run: RunInfo,
    gaps: Sequence[Gap] = (),
    refusals: Iterable[Refusal] = (),
) -> str:
    """The whole page."""
    scenarios = list(scenarios)
    passed_steps = [
        " ".join(step.text for step in s.steps) for s in scenarios if s.status == "passed"
    ]
    by_refusal_article: dict[int, list[Refusal]] = {}
    for refusal in refusals:
        by_refusal_article.setdefault(refusal.article, []).append(refusal)
    by_article: dict[int, list[ScenarioResult]] = {n: [] for n in articles}
    orphans: list[ScenarioResult] = []
    for s in scenarios:
        named = article_tags(s.tags, articles)[0]
        for n in named:
            by_article[n].append(s)
        if not named:
            orphans.append(s)
    nav = " ".join(
        f'<a href="#art-{n}" title="{_e(article_state(a, by_article[n], pending))}">{n}</a>'
        for n, a in articles.items()
    )
    parts = [_header(articles, scenarios, pending, run, gaps), f"<nav>Articles: {nav}</nav>"]
    chapter = 0
    for n, a in articles.items():
        if a.chapter.number != chapter:
            chapter = a.chapter.number
            parts.append(f"<h2>{_e(a.chapter.heading)} · {_e(a.chapter.english)}</h2>")
        grounded = _refusals(by_refusal_article.get(n, []), passed_steps)
        parts.append(_article(a, by_article[n], pending, grounded))
    if orphans:
        parts.append("<h2>Scenarios without an article</h2>")
        parts.append(_features(orphans))
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Executable regulation</title><style>{_CSS}</style></head>"
        f"<body>{''.join(parts)}</body></html>\n"
    )
