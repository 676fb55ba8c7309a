"""The public credit comprehensive evaluation over GraphQL (Art. 28, 44)."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import strawberry

from api.resolve import BadArgument, Ctx, op, subject_key
from api.types import _d
from graph import evaluations


@strawberry.type(description="How one factor of the published formula contributed.")
class EvaluationFactor:
    code: str = strawberry.field(description="Factor code.")
    label: str = strawberry.field(description="What it counts.")
    count: int = strawberry.field(description="Items counted in the subject's own file.")
    points: int = strawberry.field(description="Points it contributed (capped).")
    explanation: str = strawberry.field(description="The computation in words.")


@strawberry.type(description="A public credit comprehensive evaluation (Art. 28).")
class Evaluation:
    id: str = strawberry.field(description="Evaluation id.")
    score: int = strawberry.field(description="Score 0-100.")
    grade: str = strawberry.field(description="Grade A-D.")
    formula_version: str = strawberry.field(description="Version of the published formula.")
    evaluated_on: date | None = strawberry.field(description="When.")
    status: str = strawberry.field(
        description="CURRENT, UNDER_OBJECTION, CORRECTED (objection upheld) or SUPERSEDED."
    )
    factors: list[EvaluationFactor] = strawberry.field(description="Per-factor explanation.")
    objection_due_by: date | None = strawberry.field(description="Objection answer due by.")
    objection_reply: str | None = strawberry.field(description="The reply to the objection.")

    @classmethod
    def of(cls, e: dict[str, Any]) -> Evaluation:
        return cls(
            id=e["id"],
            score=e["score"],
            grade=e["grade"],
            formula_version=e["formulaVersion"],
            evaluated_on=_d(e.get("evaluatedOn")),
            status=e["status"],
            factors=[EvaluationFactor(**f) for f in json.loads(e["factorsJson"])],
            objection_due_by=_d(e.get("objectionDueBy")),
            objection_reply=e.get("objectionReply"),
        )


@strawberry.type(description="Reading evaluations.")
class EvaluationQueries:
    @strawberry.field(description="My current evaluation with its explanation (SELF, Art. 40).")
    async def my_evaluation(self, info: Ctx) -> Evaluation:
        ctx = op(info, "op:myEvaluation")
        key = ctx.actor.subject_key
        if not key:
            raise BadArgument("read over the SELF channel by a subject", article=40)
        return Evaluation.of(await ctx.services.read(lambda: evaluations.current(key)))


@strawberry.type(description="Evaluation steps.")
class EvaluationMutations:
    @strawberry.mutation(
        description="Evaluate an organization now by the published formula (coordinator, Art. 28)."
    )
    async def evaluate(
        self,
        info: Ctx,
        id_type: Annotated[str, strawberry.argument(description="USCC.")],
        number: Annotated[str, strawberry.argument(description="Identifier.")],
    ) -> Evaluation:
        ctx = op(info, "op:evaluate")
        key = subject_key(id_type, number)
        by = ctx.actor.organization or ""
        row = await ctx.write(lambda: evaluations.run(key, by, ctx.today))
        ctx.disclose([key], ["evaluation"])
        return Evaluation.of(row)

    @strawberry.mutation(description="Object to my evaluation, with reasons (Art. 44).")
    async def object_to_evaluation(
        self,
        info: Ctx,
        id: Annotated[str, strawberry.argument(description="Evaluation id.")],
        reasons: Annotated[str, strawberry.argument(description="Why it is wrong.")],
    ) -> Evaluation:
        ctx = op(info, "op:objectToEvaluation")
        key = ctx.actor.subject_key or ""
        days = ctx.services.settings.api.objection_days
        row = await ctx.write(lambda: evaluations.object_to(key, id, reasons, ctx.today, days))
        return Evaluation.of(row)

    @strawberry.mutation(
        description="Verify and answer an objection to an evaluation; upheld re-evaluates, Art. 44."
    )
    async def answer_evaluation_objection(
        self,
        info: Ctx,
        id: Annotated[str, strawberry.argument(description="Evaluation id.")],
        upheld: Annotated[bool, strawberry.argument(description="Objection upheld.")],
        reply: Annotated[str, strawberry.argument(description="The reply.")],
    ) -> Evaluation:
        ctx = op(info, "op:answerEvaluationObjection")
        by = ctx.actor.organization or ""
        row = await ctx.write(lambda: evaluations.answer(id, upheld, reply, by, ctx.today))
        return Evaluation.of(row)
