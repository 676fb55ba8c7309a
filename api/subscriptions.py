"""GraphQL subscriptions (over WebSocket, graphql-transport-ws): withdrawal notices pushed
to the organizations that must take information down (Art. 47).

A subscriber first receives every notice still pending for it (nothing is lost while it
was disconnected), then new ones as they are issued; a notice keeps coming back on each
new subscription until it is acknowledged. Each notice is written to the audit log before
it is sent, like every other disclosure.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from api.repair import WithdrawalNotice
from api.resolve import Ctx, op
from graph import withdrawals

#: How often a subscription looks for new notices (seconds).
POLL_S = 0.5


@strawberry.type(description="Subscriptions: pushed notices.")
class Subscription:
    @strawberry.subscription(
        description="Withdrawal notices for my organization: the pending ones first, then "
        "each new one as it is issued (Art. 47)."
    )
    async def withdrawal_notices(self, info: Ctx) -> AsyncGenerator[WithdrawalNotice, None]:
        ctx = op(info, "op:myWithdrawalNotices")
        org = ctx.actor.organization or ""
        sent: set[str] = set()
        while True:
            rows = await ctx.services.read(lambda: withdrawals.mine(org, True))
            for notice in sorted(rows, key=lambda w: w["id"]):
                if notice["id"] in sent:
                    continue
                sent.add(notice["id"])
                entry = ctx.audit_entry("ok", [])
                entry.update(
                    operation="withdrawalNotices",
                    subjects=[notice["subjectKey"]],
                    records=[notice["recordId"]],
                    fields=["withdrawalNotice"],
                )
                await ctx.services.audit.append(entry)
                yield WithdrawalNotice.of(notice)
            await asyncio.sleep(POLL_S)
