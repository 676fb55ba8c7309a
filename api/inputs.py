"""GraphQL input types and their conversion to the domain's submission types."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.scalars import JSON

from core.submission import BasisDocumentIn, RecordIn, SubjectRef


@strawberry.input(description="A credit subject as a provider names it.")
class SubjectInput:
    id_type: str = strawberry.field(description="RIC, USCC, PASSPORT, HK_MACAO_PERMIT, ...")
    number: str = strawberry.field(description="Identifier number (check digits verified).")
    name: str = strawberry.field(description="Name of the person or organization.")
    kind: str | None = strawberry.field(
        default=None, description="Organizations: LEGAL_PERSON or UNINCORPORATED."
    )

    def to_ref(self) -> SubjectRef:
        return SubjectRef(self.id_type, self.number, self.name, self.kind)


@strawberry.input(description="The legal document a dishonesty record rests on (Art. 16).")
class BasisInput:
    type: str = strawberry.field(description="JUDGMENT, ARBITRAL_AWARD, ADMIN_PENALTY, ...")
    number: str = strawberry.field(description="Document number.")
    issuer: str = strawberry.field(description="Issuing body.")
    issued_on: date = strawberry.field(description="Date of issue.")
    legal_basis: str | None = strawberry.field(
        default=None, description="For OTHER_LEGAL: the law that allows it."
    )


@strawberry.input(description="One record of a submission (validated against the catalog).")
class RecordInput:
    source_id: str = strawberry.field(description="The provider's own id (idempotency key).")
    catalog_code: str = strawberry.field(description="Catalog item code (Art. 13, 18).")
    subject: SubjectInput = strawberry.field(description="Whose record it is.")
    occurred_at: date = strawberry.field(description="When the conduct occurred.")
    fields: JSON = strawberry.field(description="Field values, by catalog field name.")
    basis: BasisInput | None = strawberry.field(default=None, description="Basis document.")
    circumstances: list[str] = strawberry.field(
        default_factory=list, description="FORCE_MAJEURE or MINOR_HARM_CORRECTED (Art. 16)."
    )

    def to_record(self) -> RecordIn:
        b = self.basis
        fields = self.fields if isinstance(self.fields, dict) else {}
        return RecordIn(
            source_id=self.source_id,
            catalog_code=self.catalog_code,
            subject=self.subject.to_ref(),
            occurred_at=self.occurred_at,
            fields=fields,
            basis=BasisDocumentIn(b.type, b.number, b.issuer, b.issued_on, b.legal_basis)
            if b
            else None,
            circumstances=frozenset(self.circumstances),
        )


@strawberry.input(description="A subject's written authorization of a grantee (Art. 24, 39).")
class AuthorizationInput:
    grantee: str = strawberry.field(description="Organization id of the grantee.")
    scope: list[str] = strawberry.field(description="Catalog item codes covered.")
    purpose: str = strawberry.field(description="The agreed purpose (closed list).")
    valid_from: date = strawberry.field(description="First day (today or later).")
    valid_to: date | None = strawberry.field(
        default=None,
        description="Last day, at most the longest validity after the first; an "
        "authorization without one is open-ended and refused (Art. 39).",
    )
    evidence: str = strawberry.field(description="The signed document (number or hash).")


@strawberry.input(description="A person's written consent to a provider (Art. 20).")
class ConsentInput:
    provider_id: str = strawberry.field(description="Provider that may collect.")
    categories: list[str] = strawberry.field(description="INCOME, DEPOSIT, ... (Art. 20).")
    valid_until: date = strawberry.field(description="Last day of the consent (bounded).")
    evidence: str = strawberry.field(description="The signed document (number or hash).")
