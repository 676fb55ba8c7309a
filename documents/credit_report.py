"""The credit report (信用报告, Art. 25): a subject's information for a chosen period, by
kind, as HTML and as PDF.

The report is rendered from what the request's access scope returned — nothing is read
here — so an authorized party's report holds exactly what its authorization covers and a
subject's own report also shows repaired (已修复) and objected (异议处理中) entries (Art. 40,
42, 46). The PDF uses the standard Adobe CID font STSong-Light, which PDF readers supply,
so no font file ships with the project.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

#: Sections of the report, in order (Art. 9, 11, 12, 22 ¶2).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("BASIC", "基础信息"),
    ("DISHONEST", "失信信息"),
    ("POSITIVE", "守信信息"),
    ("OTHER", "其他公共信用信息"),
    ("MARKET", "市场信用信息"),
)
#: What a status says in the report (Art. 40: the reason of every change is the subject's).
STATUS_NOTES: dict[str, str] = {
    "REPAIRED": "已修复",
    "SHIELDED": "已修复（已屏蔽）",
    "DELETED": "已删除",
    "REVOKED": "已撤销",
    "CORRECTED": "已更正",
    "EXPIRED": "公示期已满",
    "PENDING_REVIEW": "暂缓认定",
}
OBJECTION_NOTE = "异议处理中（异议标注）"


@dataclass(frozen=True)
class ReportEntry:
    """One line of the report."""

    section: str
    occurred_at: str
    item: str
    provider: str
    fields: list[tuple[str, str]]
    notes: list[str]


@dataclass(frozen=True)
class CreditReportContent:
    """Everything a report shows."""

    subject_name: str
    subject_number: str
    period_from: date | None
    period_to: date | None
    generated_at: datetime
    channel: str
    entries: list[ReportEntry]
    listings: list[str] = field(default_factory=list)
    truncated: bool = False


def _text(value: Any) -> str:
    native = value.to_native() if hasattr(value, "to_native") else value
    return native.isoformat() if isinstance(native, date) else str(native)


def entry_of(row: dict[str, Any], labels: dict[str, str]) -> ReportEntry:
    """A record row (as the scope returned it) as a report entry."""
    section = "MARKET" if row["family"] == "MARKET" else row["kind"]
    notes = [STATUS_NOTES[row["status"]]] if row["status"] in STATUS_NOTES else []
    if row.get("objection") is not None:
        notes.append(OBJECTION_NOTE)
    fields = [(labels.get(f["name"], f["name"]), _text(f["value"])) for f in row["fields"]]
    return ReportEntry(
        section=section,
        occurred_at=_text(row["occurredAt"]),
        item=f"{row['catalogName']}（{row['catalogCode']}）",
        provider=row["provider"],
        fields=sorted(fields),
        notes=notes,
    )


def sections(content: CreditReportContent) -> list[tuple[str, list[ReportEntry]]]:
    """The report's sections in order, each with its entries (empty sections kept)."""
    return [(title, [e for e in content.entries if e.section == code]) for code, title in SECTIONS]


def _period(content: CreditReportContent) -> str:
    start = content.period_from.isoformat() if content.period_from else "建档起"
    end = content.period_to.isoformat() if content.period_to else "至今"
    return f"{start} 至 {end}"


def render_html(content: CreditReportContent) -> str:
    """A self-contained HTML report (no external assets), every value escaped."""
    e = html.escape
    parts = [
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>信用报告 · {e(content.subject_name)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
        "width:100%}td,th{border:1px solid #999;padding:4px;text-align:left}"
        ".note{color:#a00;font-weight:bold}</style></head><body>",
        "<h1>信用报告</h1>",
        f"<p>信用主体：{e(content.subject_name)}（{e(content.subject_number)}）<br>",
        f"报告期间：{e(_period(content))}<br>",
        f"查询渠道：{e(content.channel)}；生成时间：{e(content.generated_at.isoformat())}</p>",
    ]
    if content.truncated:
        parts.append("<p class='note'>信息条数超过单份报告上限，请缩短报告期间。</p>")
    for title, entries in sections(content):
        parts.append(f"<h2>{e(title)}（{len(entries)}条）</h2>")
        if not entries:
            parts.append("<p>无</p>")
            continue
        parts.append("<table><tr><th>发生日期</th><th>信息项</th><th>提供单位</th>")
        parts.append("<th>内容</th><th>说明</th></tr>")
        for entry in entries:
            body = "<br>".join(f"{e(k)}：{e(v)}" for k, v in entry.fields)
            notes = "".join(f"<span class='note'>{e(n)}</span> " for n in entry.notes)
            parts.append(
                f"<tr><td>{e(entry.occurred_at)}</td><td>{e(entry.item)}</td>"
                f"<td>{e(entry.provider)}</td><td>{body}</td><td>{notes}</td></tr>"
            )
        parts.append("</table>")
    parts.append("<h2>严重失信主体名单</h2>")
    listings = "".join(f"<li>{e(x)}</li>" for x in content.listings)
    parts.append(f"<ul>{listings}</ul>" if content.listings else "<p>无</p>")
    parts.append("</body></html>")
    return "".join(parts)


def render_pdf(content: CreditReportContent) -> bytes:
    """The same report as PDF (reportlab, CID font for Chinese)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10, leading=14)
    head = ParagraphStyle("head", parent=body, fontSize=14, leading=20)
    e = html.escape
    story: list[Any] = [
        Paragraph("信用报告", ParagraphStyle("title", parent=body, fontSize=18, leading=24)),
        Paragraph(f"信用主体：{e(content.subject_name)}（{e(content.subject_number)}）", body),
        Paragraph(f"报告期间：{e(_period(content))}", body),
        Paragraph(f"生成时间：{e(content.generated_at.isoformat())}", body),
        Spacer(1, 8),
    ]
    for title, entries in sections(content):
        story.append(Paragraph(f"{e(title)}（{len(entries)}条）", head))
        for entry in entries:
            notes = f" 【{'；'.join(entry.notes)}】" if entry.notes else ""
            line = f"{e(entry.occurred_at)} {e(entry.item)} {e(entry.provider)}{e(notes)}"
            story.append(Paragraph(line, body))
            for k, v in entry.fields:
                story.append(Paragraph(f"　{e(k)}：{e(v)}", body))
        if not entries:
            story.append(Paragraph("无", body))
    story.append(Paragraph("严重失信主体名单", head))
    for listing in content.listings or ["无"]:
        story.append(Paragraph(e(listing), body))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title="信用报告").build(story)
    return out.getvalue()
