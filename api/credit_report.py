"""The credit report over GraphQL (Art. 25): for the subject itself and authorized parties."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime
from typing import Annotated

import strawberry

from api.resolve import BadArgument, Ctx, disclose_records, op
from core.errors import NotFound
from documents.credit_report import CreditReportContent, entry_of, render_html, render_pdf
from graph import reads

#: Most records one report lists (a longer period is split by the caller).
MAX_REPORT_RECORDS = 1000


@strawberry.type(description="A credit report for a period (Art. 25).")
class CreditReport:
    period_from: date | None = strawberry.field(description="First day of the period.")
    period_to: date | None = strawberry.field(description="Last day of the period.")
    record_count: int = strawberry.field(description="Records listed.")
    html: str = strawberry.field(description="The report as a self-contained HTML page.")
    pdf_base64: str | None = strawberry.field(description="The report as PDF, base64 (if asked).")


@strawberry.type(description="Credit reports.")
class ReportQueries:
    @strawberry.field(
        description="My credit report (SELF) or, for an authorized party, the report of the "
        "subject that authorized it (AUTHORIZED, within the authorization's scope): "
        "information by kind, repaired entries marked 已修复, pending objections marked."
    )
    async def credit_report(
        self,
        info: Ctx,
        period_from: Annotated[
            date | None, strawberry.argument(description="First day (conduct date).")
        ] = None,
        period_to: Annotated[date | None, strawberry.argument(description="Last day.")] = None,
        pdf: Annotated[bool, strawberry.argument(description="Also render the PDF.")] = False,
    ) -> CreditReport:
        ctx = op(info, "op:creditReport")
        if period_from and period_to and period_from > period_to:
            raise BadArgument("the period ends before it starts")
        access = await ctx.access()
        key = access.scope.subject_key
        if key is None:
            raise BadArgument("a credit report is for SELF or AUTHORIZED requests", article=25)
        ctx.requested.add(key)
        row = await ctx.services.read(
            lambda: reads.credit_file(
                access.scope,
                key,
                first=MAX_REPORT_RECORDS,
                offset=0,
                only_kinds=None,
                only_status=None,
                period=(period_from, period_to),
            )
        )
        if row is None:
            raise NotFound("no credit file visible to this request")
        rows = row["page"][:MAX_REPORT_RECORDS]
        disclose_records(ctx, key, rows)
        entries = []
        for r in rows:
            labels = {f["name"]: f["label"] for f in json.loads(r.get("fieldsJson") or "[]")}
            entries.append(entry_of(r, labels))
        content = CreditReportContent(
            subject_name=row["subject"]["name"],
            subject_number=row["subject"]["number"],
            period_from=period_from,
            period_to=period_to,
            generated_at=datetime.now(UTC),
            channel=ctx.decl.channel,
            entries=entries,
            listings=[f"{x['id']}（{x['sector']}，{x['decidedOn']}）" for x in row["listings"]],
            truncated=len(row["page"]) > MAX_REPORT_RECORDS,
        )
        return CreditReport(
            period_from=period_from,
            period_to=period_to,
            record_count=len(entries),
            html=render_html(content),
            pdf_base64=base64.b64encode(render_pdf(content)).decode() if pdf else None,
        )
