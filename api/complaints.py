"""Complaints over GraphQL (Art. 38, 56)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry

from api.resolve import BadArgument, Ctx, op
from api.types import _d
from graph import complaints


@strawberry.type(description="A complaint about a body handling credit information (Art. 38).")
class Complaint:
    id: str = strawberry.field(description="Complaint id.")
    against: str = strawberry.field(description="The body complained about.")
    details: str = strawberry.field(description="What happened.")
    filed_on: date | None = strawberry.field(description="When it was filed.")
    due_by: date | None = strawberry.field(description="Answer due by (working days).")
    status: str = strawberry.field(description="RECEIVED or ANSWERED.")
    finding: str | None = strawberry.field(description="SUBSTANTIATED or UNSUBSTANTIATED.")
    reply: str | None = strawberry.field(description="The answer to the subject.")
    action: str | None = strawberry.field(description="Accountability measure taken (Art. 56).")

    @classmethod
    def of(cls, c: dict[str, Any]) -> Complaint:
        return cls(
            id=c["id"],
            against=c["against"],
            details=c["details"],
            filed_on=_d(c.get("filedOn")),
            due_by=_d(c.get("dueBy")),
            status=c["status"],
            finding=c.get("finding"),
            reply=c.get("reply"),
            action=c.get("action"),
        )


@strawberry.type(description="Reading complaints.")
class ComplaintQueries:
    @strawberry.field(description="My complaints and their answers (SELF).")
    async def my_complaints(self, info: Ctx) -> list[Complaint]:
        ctx = op(info, "op:myComplaints")
        key = ctx.actor.subject_key
        if not key:
            raise BadArgument("read over the SELF channel by a subject", article=40)
        rows = await ctx.services.read(lambda: complaints.mine(key))
        return [Complaint.of(c) for c in rows]

    @strawberry.field(description="Complaints awaiting an answer (coordinator).")
    async def open_complaints(self, info: Ctx) -> list[Complaint]:
        ctx = op(info, "op:openComplaints")
        rows = await ctx.services.read(complaints.open_complaints)
        return [Complaint.of(c) for c in rows]


@strawberry.type(description="Complaint steps.")
class ComplaintMutations:
    @strawberry.mutation(description="Complain about a body handling my credit information.")
    async def file_complaint(
        self,
        info: Ctx,
        against: Annotated[str, strawberry.argument(description="Organization id.")],
        details: Annotated[str, strawberry.argument(description="What happened.")],
    ) -> Complaint:
        ctx = op(info, "op:fileComplaint")
        key = ctx.actor.subject_key or ""
        days = ctx.services.settings.api.complaint_days
        row = await ctx.write(lambda: complaints.file(key, against, details, ctx.today, days))
        return Complaint.of(row)

    @strawberry.mutation(
        description="Answer a complaint; a substantiated one states the accountability measure "
        "taken (Art. 38, 56)."
    )
    async def answer_complaint(
        self,
        info: Ctx,
        id: Annotated[str, strawberry.argument(description="Complaint id.")],
        finding: Annotated[str, strawberry.argument(description="(UN)SUBSTANTIATED.")],
        reply: Annotated[str, strawberry.argument(description="The answer.")],
        action: Annotated[str, strawberry.argument(description="Accountability measure.")] = "",
    ) -> Complaint:
        ctx = op(info, "op:answerComplaint")
        by = ctx.actor.organization or ""
        row = await ctx.write(lambda: complaints.answer(id, finding, reply, action, by, ctx.today))
        return Complaint.of(row)
