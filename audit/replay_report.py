"""A replay report as JSON, as a terminal table and as a standalone HTML page."""

from __future__ import annotations

from html import escape
from typing import Any

from rich.table import Table

from api.policy import Decision, PolicyLine
from audit.policy_violations import PolicyViolation
from audit.replay import Change, ReplayReport


def _decision(d: Decision) -> dict[str, Any]:
    return {"allowed": d.allowed, "line": d.line, "article": d.article, "comment": d.comment}


def _line(line: PolicyLine) -> dict[str, Any]:
    return {
        "number": line.number,
        "line": "p, " + ", ".join(line.fields),
        "article": line.article,
        "comment": line.comment,
    }


def _violation(v: PolicyViolation) -> dict[str, Any]:
    return {"article": v.article, "check": v.check, "message": v.message}


def _change(c: Change) -> dict[str, Any]:
    return {
        "role": c.role,
        "channel": c.channel,
        "purpose": c.purpose,
        "resource": c.resource,
        "change": "gained" if c.gained else "lost",
        "accesses": c.accesses,
        "examples": c.examples,
        "before": _decision(c.before),
        "after": _decision(c.after),
        "violations": [_violation(v) for v in c.violations],
    }


def as_json(report: ReplayReport) -> dict[str, Any]:
    """The report as JSON-ready data (the CLI's ``--format json`` and the GraphQL field)."""
    return {
        "baseline": report.baseline,
        "proposed": report.proposed,
        "accesses": report.accesses,
        "decisions": report.decisions,
        "changedAccesses": report.changed_accesses,
        "seconds": round(report.seconds, 3),
        "changes": [_change(c) for c in report.changes],
        "addedLines": [_line(x) for x in report.added],
        "removedLines": [_line(x) for x in report.removed],
        "unexercisedLines": [_line(x) for x in report.unexercised],
        "violations": [_violation(v) for v in report.violations],
    }


def _where(d: Decision) -> str:
    return f"{d.line} (Art. {d.article})" if d.article else d.line


def _changed_lines(report: ReplayReport) -> list[tuple[str, PolicyLine, str]]:
    """Added and removed lines, an added one noted when no recorded access exercises it."""
    unexercised = {x.number for x in report.unexercised}
    note = "no recorded access exercises it"
    return [("+", x, note if x.number in unexercised else "") for x in report.added] + [
        ("-", x, "") for x in report.removed
    ]


def as_table(report: ReplayReport) -> list[Table]:
    """Rich tables: the changes, the changed lines, the violations."""
    changes = Table(
        "role",
        "channel",
        "purpose",
        "resource",
        "change",
        "accesses",
        "now decided by",
        "violation",
        title=f"{report.accesses} accesses replayed, {len(report.changes)} changes",
    )
    for c in report.changes:
        changes.add_row(
            c.role,
            c.channel,
            c.purpose,
            c.resource,
            "[green]gained[/]" if c.gained else "[yellow]lost[/]",
            str(c.accesses),
            _where(c.after),
            "[bold red]" + "; ".join(f"Art. {v.article}" for v in c.violations)
            if c.violations
            else "",
        )
    lines = Table("", "line", "article", "comment", title="changed policy lines")
    for sign, x, note in _changed_lines(report):
        text = f"{x.number}: p, {', '.join(x.fields)}" + (f" [yellow]({note})[/]" if note else "")
        lines.add_row(sign, text, str(x.article), x.comment)
    violations = Table("article", "check", "what", title="violations of the proposed policy")
    for v in report.violations:
        violations.add_row(str(v.article), v.check, v.message)
    return [changes, lines, violations]


_STYLE = """
body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:14px}
.gained{color:#0a6b0a}.lost{color:#a65f00}.violation{color:#b00020;font-weight:bold}
"""


def _rows(rows: list[list[str]], classes: list[str] | None = None) -> str:
    out = []
    for i, row in enumerate(rows):
        css = f' class="{classes[i]}"' if classes and classes[i] else ""
        out.append(f"<tr{css}>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>")
    return "".join(out)


def as_html(report: ReplayReport) -> str:
    """A standalone HTML page of the report (every value escaped)."""
    head = ["role", "channel", "purpose", "resource", "change", "accesses", "now", "violation"]
    rows = [
        [
            c.role,
            c.channel,
            c.purpose,
            c.resource,
            "gained" if c.gained else "lost",
            str(c.accesses),
            _where(c.after),
            "; ".join(str(v) for v in c.violations),
        ]
        for c in report.changes
    ]
    classes = [
        "violation" if c.violations else ("gained" if c.gained else "lost") for c in report.changes
    ]
    lines = [
        [sign, str(x.number), "p, " + ", ".join(x.fields), str(x.article), x.comment, note]
        for sign, x, note in _changed_lines(report)
    ]
    violations = [[str(v.article), v.check, v.message] for v in report.violations]

    def table(headers: list[str], body: str) -> str:
        return "<table><tr>" + "".join(f"<th>{h}</th>" for h in headers) + f"</tr>{body}</table>"

    return (
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>策略回放报告</title>'
        f"<style>{_STYLE}</style><h1>策略回放报告 (policy replay)</h1>"
        f"<p>{report.accesses} accesses, {report.decisions} decisions replayed; "
        f"{len(report.changes)} changes affecting {report.changed_accesses} decisions; "
        f"in force {escape(report.baseline)}, proposed {escape(report.proposed)}.</p>"
        "<h2>Changes</h2>"
        + table(head, _rows(rows, classes))
        + "<h2>Changed lines</h2>"
        + table(["", "line", "text", "article", "comment", "note"], _rows(lines))
        + f'<h2 class="{"violation" if violations else ""}">Violations ({len(violations)})</h2>'
        + table(["article", "check", "what"], _rows(violations, ["violation"] * len(violations)))
        + "</html>"
    )
