"""Credit repair and withdrawal notices over GraphQL (Art. 46, 47)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

import strawberry

from api.resolve import Ctx, op
from api.types import _d
from api.webhooks import BadWebhook, check_url, deliver, key_id, public_key_pem
from graph import repairs, webhooks, withdrawals


@strawberry.type(description="An application for credit repair and its decision (Art. 46).")
class RepairApplication:
    id: str = strawberry.field(description="Application id.")
    record_id: str = strawberry.field(description="The dishonesty record to repair.")
    status: str = strawberry.field(description="PENDING, APPROVED or REJECTED.")
    applied_on: date | None = strawberry.field(description="When the subject applied.")
    reasons: str = strawberry.field(
        description="How obligations were performed and conduct corrected."
    )
    reply: str | None = strawberry.field(description="The authority's reply.")
    document: str | None = strawberry.field(description="The repair decision document.")
    record_status: str | None = strawberry.field(
        description="The record's state after the decision (REPAIRED, SHIELDED, DELETED)."
    )
    notices: int = strawberry.field(description="Withdrawal notices sent (Art. 47).")

    @classmethod
    def of(cls, a: dict[str, Any]) -> RepairApplication:
        return cls(
            id=a["id"],
            record_id=a["recordId"],
            status=a["status"],
            applied_on=_d(a.get("appliedOn")),
            reasons=a["reasons"],
            reply=a.get("reply"),
            document=a.get("document"),
            record_status=a.get("recordStatus"),
            notices=int(a.get("notices") or 0),
        )


@strawberry.type(description="A notice to stop using and take down information (Art. 47).")
class WithdrawalNotice:
    id: str = strawberry.field(description="Notice id.")
    recipient: str = strawberry.field(description="Organization that received the information.")
    record_id: str = strawberry.field(description="The record to take down.")
    catalog_code: str = strawberry.field(description="Its catalog item.")
    reason: str = strawberry.field(description="REPAIRED, PUBLICITY_ENDED, ...")
    issued_on: date | None = strawberry.field(description="When it was issued.")
    ack_by: date | None = strawberry.field(description="Acknowledge by (working days).")
    status: str = strawberry.field(description="PENDING or ACKNOWLEDGED.")
    acknowledged_on: date | None = strawberry.field(description="When it was acknowledged.")
    action: str | None = strawberry.field(description="What the recipient took down.")

    @classmethod
    def of(cls, w: dict[str, Any]) -> WithdrawalNotice:
        return cls(
            id=w["id"],
            recipient=w["recipient"],
            record_id=w["recordId"],
            catalog_code=w["catalogCode"],
            reason=w["reason"],
            issued_on=_d(w.get("issuedOn")),
            ack_by=_d(w.get("ackBy")),
            status=w["status"],
            acknowledged_on=_d(w.get("acknowledgedOn")),
            action=w.get("action"),
        )


@strawberry.type(description="The key recipients verify webhook deliveries with.")
class WebhookKey:
    key_id: str = strawberry.field(description="Sent as the Credit-Key-Id header.")
    public_key_pem: str = strawberry.field(description="Ed25519 public key, PEM.")


@strawberry.type(description="Reading withdrawal notices.")
class RepairQueries:
    @strawberry.field(description="Withdrawal notices addressed to my organization (Art. 47).")
    async def my_withdrawal_notices(
        self,
        info: Ctx,
        pending: Annotated[
            bool | None, strawberry.argument(description="Only pending (true) or done (false).")
        ] = None,
    ) -> list[WithdrawalNotice]:
        ctx = op(info, "op:myWithdrawalNotices")
        org = ctx.actor.organization or ""
        rows = await ctx.services.read(lambda: withdrawals.mine(org, pending))
        return [WithdrawalNotice.of(w) for w in rows]

    @strawberry.field(
        description="The public key that signs webhook deliveries (PEM) and its id (Art. 47)."
    )
    def webhook_signing_key(self, info: Ctx) -> WebhookKey:
        op(info)
        key = info.context.services.webhook_key
        if key is None:
            raise BadWebhook("webhook delivery is not configured")
        return WebhookKey(key_id=key_id(key), public_key_pem=public_key_pem(key))

    @strawberry.field(description="Withdrawal notices not acknowledged in time (Art. 47).")
    async def overdue_withdrawals(self, info: Ctx) -> list[WithdrawalNotice]:
        ctx = op(info, "op:overdueWithdrawals")
        rows = await ctx.services.read(lambda: withdrawals.overdue(ctx.today))
        return [WithdrawalNotice.of(w) for w in rows]


@strawberry.type(description="Repair and withdrawal steps.")
class RepairMutations:
    @strawberry.mutation(description="Apply for repair of one of my dishonesty records (Art. 46).")
    async def apply_for_repair(
        self,
        info: Ctx,
        record_id: Annotated[str, strawberry.argument(description="The record.")],
        reasons: Annotated[str, strawberry.argument(description="Obligations performed, how.")],
    ) -> RepairApplication:
        ctx = op(info, "op:applyForRepair")
        key = ctx.actor.subject_key or ""
        row = await ctx.write(lambda: repairs.apply(key, record_id, reasons, ctx.today))
        return RepairApplication.of(row)

    @strawberry.mutation(
        description="Decide a repair application (the provider's sector authority); on approval "
        "the record is repaired as its catalog item says and every organization that received "
        "it gets a withdrawal notice (Art. 46, 47)."
    )
    async def decide_repair(
        self,
        info: Ctx,
        id: Annotated[str, strawberry.argument(description="Application id.")],
        approve: Annotated[bool, strawberry.argument(description="Approve or reject.")],
        reply: Annotated[str, strawberry.argument(description="The reply to the subject.")],
        document: Annotated[
            str, strawberry.argument(description="Repair decision document (approval).")
        ] = "",
    ) -> RepairApplication:
        ctx = op(info, "op:decideRepair")
        by, sector = ctx.actor.organization or "", ctx.actor.sector
        days = ctx.services.settings.api.withdrawal_ack_days
        # Who received the record is read from the graph log: it must hold every entry.
        await ctx.services.audit.flush()
        row = await ctx.write(
            lambda: repairs.decide(id, approve, reply, document, by, sector, ctx.today, days)
        )
        ctx.disclose([row["subjectKey"]], ["repairApplication"])
        await deliver(ctx.services, row["noticeIds"])
        return RepairApplication.of(row)

    @strawberry.mutation(
        description="Register where my organization receives withdrawal notices: each is "
        "POSTed there, signed with the platform's webhook key (Art. 47)."
    )
    async def register_withdrawal_webhook(
        self,
        info: Ctx,
        url: Annotated[str, strawberry.argument(description="https:// endpoint.")],
    ) -> str:
        ctx = op(info, "op:registerWithdrawalWebhook")
        org, by = ctx.actor.organization or "", ctx.actor.id
        checked = check_url(url)
        at = datetime.now(UTC)
        await ctx.write(lambda: webhooks.register(org, checked, by, at))
        return checked

    @strawberry.mutation(
        description="Issue withdrawal notices for dishonesty information whose publicity "
        "period ended, to whoever received it by authorized query (Art. 47). Returns how "
        "many were issued."
    )
    async def issue_expiry_notices(self, info: Ctx) -> int:
        ctx = op(info, "op:issueExpiryNotices")
        days = ctx.services.settings.api.withdrawal_ack_days
        await ctx.services.audit.flush()
        issued = await ctx.write(lambda: withdrawals.issue_expiry_notices(ctx.today, days))
        await deliver(ctx.services, issued)
        return len(issued)

    @strawberry.mutation(
        description="Acknowledge a withdrawal notice: the information is no longer used and was "
        "taken down (Art. 47)."
    )
    async def acknowledge_withdrawal(
        self,
        info: Ctx,
        id: Annotated[str, strawberry.argument(description="Notice id.")],
        action: Annotated[str, strawberry.argument(description="What was taken down.")],
    ) -> WithdrawalNotice:
        ctx = op(info, "op:acknowledgeWithdrawal")
        org, by = ctx.actor.organization or "", ctx.actor.id
        row = await ctx.write(lambda: withdrawals.acknowledge(id, org, by, action, ctx.today))
        return WithdrawalNotice.of(row)
