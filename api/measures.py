"""Measure queries (Art. 33-36): which listed incentives and punishments apply to a subject."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api import types as t
from api.resolve import BadArgument, Ctx, op, subject_key
from graph.measures import applicable_measures


@strawberry.type(description="Queries about the incentive and punishment lists.")
class MeasureQueries:
    @strawberry.field(
        description="The listed measures that apply to a subject, each with its basis and the "
        "reason: incentives only for subjects in good standing (Art. 33); punishments only "
        "related to the subject's own conduct and proportionate to it, never for a person "
        "merely connected to it (Art. 36)."
    )
    async def applicable_measures(
        self,
        info: Ctx,
        id_type: Annotated[str, strawberry.argument(description="RIC, USCC or another ID type.")],
        number: Annotated[str, strawberry.argument(description="Identifier.")],
    ) -> list[t.ApplicableMeasure]:
        ctx = op(info, "op:applicableMeasures")
        key = subject_key(id_type, number)
        if ctx.decl.channel == "SELF" and key != ctx.actor.subject_key:
            raise BadArgument("over the SELF channel a subject asks about itself", article=40)
        ctx.requested.add(key)
        found = await ctx.services.read(lambda: applicable_measures(key, ctx.today))
        ctx.disclose([key], ["applicableMeasures"])
        return [t.ApplicableMeasure(measure=t.Measure.of(m), reason=why) for m, why in found]
