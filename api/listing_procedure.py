"""The serious-dishonesty listing procedure over GraphQL (Art. 29-31): propose with notice,
object and answer, decide with a complete decision document, read the case."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry

from api.inputs import BasisInput, SubjectInput
from api.resolve import BadArgument, Ctx, op, subject_key
from api.types import _d
from core.submission import BasisDocumentIn, ListingIn
from graph import listing_cases, marks


@strawberry.input(description="A person the authority found responsible, and in which role.")
class ResponsibleInput:
    person: SubjectInput = strawberry.field(description="The person.")
    role: str = strawberry.field(
        description="LEGAL_REPRESENTATIVE_OF, PRINCIPAL_OF, ACTUAL_CONTROLLER_OF or DIRECTOR_OF, "
        "held at the time of the conduct (Art. 31)."
    )


@strawberry.input(description="A proposed listing and its notice to the subject (Art. 29, 30).")
class ListingProposalInput:
    source_id: str = strawberry.field(description="The authority's own case number.")
    subject: SubjectInput = strawberry.field(description="The subject proposed for listing.")
    ground: int = strawberry.field(description="Art. 29 ground (1-3) a local listing rests on.")
    conduct_on: date = strawberry.field(description="When the conduct occurred.")
    reasons: str = strawberry.field(description="Reasons stated in the notice.")
    basis: BasisInput = strawberry.field(description="The legal document it rests on.")
    punishments: list[str] = strawberry.field(
        description="Codes of the listed measures that follow (Art. 30, 36)."
    )
    responsible: list[ResponsibleInput] = strawberry.field(
        default_factory=list, description="Persons found responsible (Art. 31)."
    )

    def to_listing(self, sector: str | None, today: date) -> ListingIn:
        b = self.basis
        return ListingIn(
            self.source_id,
            self.subject.to_ref(),
            sector or "",
            self.ground,
            self.conduct_on,
            today,
            BasisDocumentIn(b.type, b.number, b.issuer, b.issued_on, b.legal_basis),
            self.reasons,
            [(r.person.to_ref(), r.role) for r in self.responsible],
        )


@strawberry.input(description="The listing decision document (Art. 30): every element required.")
class ListingDecisionInput:
    number: str = strawberry.field(description="Document number.")
    reasons_and_basis: str = strawberry.field(description="Reasons and basis of the listing.")
    punishments: str = strawberry.field(description="The punishments taken.")
    removal_conditions: str = strawberry.field(description="Conditions for removal.")
    removal_procedure: str = strawberry.field(description="Procedure for removal.")
    remedies: str = strawberry.field(description="Remedies (objection, review, litigation).")

    def to_document(self) -> dict[str, str]:
        return {
            "number": self.number,
            "reasonsAndBasis": self.reasons_and_basis,
            "punishments": self.punishments,
            "removalConditions": self.removal_conditions,
            "removalProcedure": self.removal_procedure,
            "remedies": self.remedies,
        }


@strawberry.type(description="One step of a listing procedure, with who, when and why.")
class ListingStep:
    seq: int = strawberry.field(description="Order of the step.")
    at: date | None = strawberry.field(description="When.")
    by: str = strawberry.field(description="Who (organization or subject).")
    action: str = strawberry.field(
        description="NOTIFIED, OBJECTED, OBJECTION_UPHELD, OBJECTION_REJECTED or DECIDED."
    )
    note: str = strawberry.field(description="Reasons, reply or what was served.")
    document: str = strawberry.field(description="The document of the step, if any.")


@strawberry.type(description="A listing case: notice, objection, decision (Art. 29-31).")
class ListingCase:
    id: str = strawberry.field(description="Listing id.")
    subject_name: str = strawberry.field(description="The subject.")
    stage: str = strawberry.field(description="NOTIFIED, OBJECTED, WITHDRAWN, DECIDED, REMOVED.")
    sector: str = strawberry.field(description="The listing sector authority.")
    ground: int = strawberry.field(description="Art. 29 ground.")
    reasons: str = strawberry.field(description="Reasons stated in the notice.")
    punishments: list[str] = strawberry.field(description="Measures that follow (codes).")
    rights: str = strawberry.field(description="The subject's rights, as the notice states them.")
    notice_served_on: date | None = strawberry.field(description="When the notice was served.")
    objection_until: date | None = strawberry.field(description="Last day to object.")
    provisional: bool = strawberry.field(
        description="The deadline counted days past the holiday calendar's data."
    )
    objection: str | None = strawberry.field(description="The subject's objection, if any.")
    objection_reply: str | None = strawberry.field(description="The authority's answer.")
    decision_number: str | None = strawberry.field(description="Decision document number.")
    removal_conditions: str | None = strawberry.field(description="From the decision document.")
    remedies: str | None = strawberry.field(description="From the decision document.")
    responsible_roles: list[str] = strawberry.field(description="Roles found responsible.")
    steps: list[ListingStep] = strawberry.field(description="History of the procedure.")

    @classmethod
    def of(cls, row: dict[str, Any]) -> ListingCase:
        lst = row["l"]
        steps = sorted(row["steps"], key=lambda s: s["seq"])
        return cls(
            id=lst["id"],
            subject_name=row["subjectName"],
            stage=lst["stage"],
            sector=lst["sector"],
            ground=lst["ground"],
            reasons=lst["reasons"],
            punishments=list(lst.get("punishments") or []),
            rights=lst.get("rights", ""),
            notice_served_on=_d(lst.get("noticeServedOn")),
            objection_until=_d(lst.get("objectionUntil")),
            provisional=bool(lst.get("provisional")),
            objection=lst.get("objection"),
            objection_reply=lst.get("objectionReply"),
            decision_number=lst.get("decision_number"),
            removal_conditions=lst.get("decision_removalConditions"),
            remedies=lst.get("decision_remedies"),
            responsible_roles=list(lst.get("responsibleRoles") or []),
            steps=[
                ListingStep(
                    seq=s["seq"],
                    at=_d(s.get("at")),
                    by=s["by"],
                    action=s["action"],
                    note=s.get("note") or "",
                    document=s.get("document") or "",
                )
                for s in steps
            ],
        )


@strawberry.type(description="A synchronized mark and the objection to it (Art. 31, 41, 42).")
class MarkState:
    active: bool = strawberry.field(description="Whether the mark is in force.")
    role: str = strawberry.field(description="Role held at the time of the conduct.")
    objection_pending: bool = strawberry.field(description="Objection mark (异议标注).")
    objection_reply: str | None = strawberry.field(description="The answer to the objection.")
    end_reason: str | None = strawberry.field(description="Why the mark ended, if it did.")

    @classmethod
    def of(cls, m: dict[str, Any]) -> MarkState:
        return cls(
            active=bool(m.get("active")),
            role=m.get("role") or "",
            objection_pending=bool(m.get("objectionPending")),
            objection_reply=m.get("objectionReply"),
            end_reason=m.get("endReason"),
        )


@strawberry.type(description="Reading listing cases.")
class ListingQueries:
    @strawberry.field(description="Listing notices and decisions served on me (Art. 30, 40).")
    async def my_listing_cases(self, info: Ctx) -> list[ListingCase]:
        ctx = op(info, "op:myListingCases")
        key = ctx.actor.subject_key
        if ctx.decl.channel != "SELF" or not key:
            raise BadArgument("read over the SELF channel by a subject", article=40)
        rows = await ctx.services.read(lambda: listing_cases.my_cases(key))
        ctx.disclose([key], ["listingCase"])
        return [ListingCase.of(r) for r in rows]

    @strawberry.field(description="A listing case of my sector (listing authority).")
    async def listing_case(
        self, info: Ctx, id: Annotated[str, strawberry.argument(description="Listing id.")]
    ) -> ListingCase:
        ctx = op(info, "op:readListingCase")
        row = await ctx.services.read(lambda: listing_cases.case(id))
        if row["l"]["sector"] != ctx.actor.sector:
            raise BadArgument("a listing case is read by its sector authority", article=24)
        ctx.disclose([row["subjectKey"]], ["listingCase"])
        return ListingCase.of(row)


@strawberry.type(description="The listing procedure's steps.")
class ListingMutations:
    @strawberry.mutation(
        description="Propose a listing and serve the notice: reasons and basis, punishments "
        "and rights, with the objection period in working days (Art. 29, 30)."
    )
    async def propose_listing(
        self,
        info: Ctx,
        proposal: Annotated[ListingProposalInput, strawberry.argument(description="Proposal.")],
    ) -> ListingCase:
        ctx = op(info, "op:proposeListing")
        by, sector = ctx.actor.organization or "", ctx.actor.sector
        days = ctx.services.settings.api.listing_notice_days
        listing = proposal.to_listing(sector, ctx.today)
        row = await ctx.write(
            lambda: listing_cases.propose(
                listing, proposal.punishments, by, sector, ctx.today, days
            )
        )
        ctx.disclose([row["subjectKey"]], ["listingCase"])
        return ListingCase.of(row)

    @strawberry.mutation(
        description="Object in writing to a listing notice served on me (Art. 30)."
    )
    async def object_to_listing(
        self,
        info: Ctx,
        id: Annotated[str, strawberry.argument(description="Listing id.")],
        reasons: Annotated[str, strawberry.argument(description="Written reasons.")],
    ) -> ListingCase:
        ctx = op(info, "op:objectToListing")
        key = ctx.actor.subject_key or ""
        row = await ctx.write(lambda: listing_cases.object_to(key, id, reasons, ctx.today))
        return ListingCase.of(row)

    @strawberry.mutation(description="Verify and answer the subject's objection (Art. 30).")
    async def answer_listing_objection(
        self,
        info: Ctx,
        id: Annotated[str, strawberry.argument(description="Listing id.")],
        upheld: Annotated[bool, strawberry.argument(description="True withdraws the proposal.")],
        reply: Annotated[str, strawberry.argument(description="The answer to the subject.")],
    ) -> ListingCase:
        ctx = op(info, "op:answerListingObjection")
        by, sector = ctx.actor.organization or "", ctx.actor.sector
        row = await ctx.write(
            lambda: listing_cases.answer(id, upheld, reply, by, sector, ctx.today)
        )
        ctx.disclose([row["subjectKey"]], ["listingCase"])
        return ListingCase.of(row)

    @strawberry.mutation(
        description="Decide the listing by a complete decision document, served on the subject; "
        "the responsible persons are marked in the same transaction (Art. 30, 31)."
    )
    async def decide_listing(
        self,
        info: Ctx,
        id: Annotated[str, strawberry.argument(description="Listing id.")],
        decision: Annotated[ListingDecisionInput, strawberry.argument(description="Document.")],
    ) -> ListingCase:
        ctx = op(info, "op:decideListing")
        by, sector = ctx.actor.organization or "", ctx.actor.sector
        document = decision.to_document()
        row = await ctx.write(lambda: listing_cases.decide(id, document, by, sector, ctx.today))
        ctx.disclose([row["subjectKey"]], ["listingCase"])
        return ListingCase.of(row)

    @strawberry.mutation(description="Object to the synchronized mark in my file (Art. 41).")
    async def object_to_mark(
        self,
        info: Ctx,
        listing_id: Annotated[str, strawberry.argument(description="The listing marked for.")],
        reasons: Annotated[str, strawberry.argument(description="Written reasons.")],
    ) -> MarkState:
        ctx = op(info, "op:objectToMark")
        key = ctx.actor.subject_key or ""
        row = await ctx.write(lambda: marks.object_to(key, listing_id, reasons, ctx.today))
        return MarkState.of(row)

    @strawberry.mutation(
        description="Verify and answer a person's objection to its mark; upheld ends that "
        "mark only (Art. 42)."
    )
    async def answer_mark_objection(
        self,
        info: Ctx,
        listing_id: Annotated[str, strawberry.argument(description="The listing.")],
        id_type: Annotated[str, strawberry.argument(description="The person's ID type.")],
        number: Annotated[str, strawberry.argument(description="The person's ID number.")],
        upheld: Annotated[bool, strawberry.argument(description="Objection upheld.")],
        reply: Annotated[str, strawberry.argument(description="The answer.")],
    ) -> MarkState:
        ctx = op(info, "op:answerMarkObjection")
        person = subject_key(id_type, number)
        by, sector = ctx.actor.organization or "", ctx.actor.sector
        row = await ctx.write(
            lambda: marks.answer(person, listing_id, upheld, reply, by, sector, ctx.today)
        )
        ctx.disclose([person], ["mark"])
        return MarkState.of(row)
