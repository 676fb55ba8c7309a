"""What providers submit: batches of records and of organization roles.

These are plain, immutable input types. The validated ingest (``graph/ingest.py``)
checks them against the regulation's rules (``rules/``) and the catalog before
anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

#: Identifier types. ``RIC`` is the citizen ID number (公民身份号码), ``USCC`` the Unified
#: Social Credit Code (统一社会信用代码); the others are "other valid ID documents" (Art. 10).
PERSON_ID_TYPES = ("RIC", "PASSPORT", "HK_MACAO_PERMIT", "TAIWAN_PERMIT", "FOREIGN_PR")
ORGANIZATION_ID_TYPES = ("USCC",)

#: Organization kinds (Art. 2): legal persons and unincorporated organizations.
ORGANIZATION_KINDS = ("LEGAL_PERSON", "UNINCORPORATED")

#: Dated roles a subject holds in an organization (Art. 31 marks whoever held one *then*).
ROLES = (
    "LEGAL_REPRESENTATIVE_OF",
    "PRINCIPAL_OF",
    "ACTUAL_CONTROLLER_OF",
    "DIRECTOR_OF",
    "SHAREHOLDER_OF",
)

#: Art. 16 second paragraph: the documents a dishonesty determination may rest on.
BASIS_DOCUMENT_TYPES = (
    "JUDGMENT",  # 生效的裁判文书
    "ARBITRAL_AWARD",  # 仲裁文书
    "ADMIN_PENALTY",  # 行政处罚决定书
    "ADMIN_ENFORCEMENT",  # 行政强制决定书
    "ADMIN_ADJUDICATION",  # 行政裁决决定书
    "OTHER_LEGAL",  # 法律、法规或者国家有关文件规定的其他文书 (names its legal basis)
)

#: Art. 16 third paragraph circumstances a provider can declare on a record.
CIRCUMSTANCES = ("FORCE_MAJEURE", "MINOR_HARM_CORRECTED")


@dataclass(frozen=True)
class SubjectRef:
    """A credit subject as a provider names it: identifier type, number and name.

    ``kind`` applies to organizations only (LEGAL_PERSON or UNINCORPORATED).
    """

    id_type: str
    number: str
    name: str
    kind: str | None = None


@dataclass(frozen=True)
class BasisDocumentIn:
    """The legally effective document a record rests on (Art. 16)."""

    type: str
    number: str
    issuer: str
    issued_on: date
    legal_basis: str | None = None


@dataclass(frozen=True)
class RecordIn:
    """One record of a batch: which catalog item it falls under, whose it is, what it says.

    ``source_id`` is the provider's own identifier; together with the provider it makes
    the record unique, so that re-submitting a batch writes nothing new.
    """

    source_id: str
    catalog_code: str
    subject: SubjectRef
    occurred_at: date
    fields: Mapping[str, Any] = field(default_factory=dict)
    basis: BasisDocumentIn | None = None
    circumstances: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RoleIn:
    """A dated role: ``holder`` held ``role`` in ``organization`` from ``start`` to ``end``.

    ``share`` is the shareholding fraction (0-1] for SHAREHOLDER_OF and ``None`` otherwise.
    """

    source_id: str
    holder: SubjectRef
    organization: SubjectRef
    role: str
    start: date
    end: date | None = None
    share: float | None = None


@dataclass(frozen=True)
class Batch:
    """A provider's submission: records and roles, accepted or refused as a whole."""

    provider_id: str
    records: Sequence[RecordIn] = ()
    roles: Sequence[RoleIn] = ()
    submitted_at: datetime | None = None


#: Art. 20 second paragraph: data that needs the person's written consent.
CONSENT_CATEGORIES = (
    "INCOME",
    "DEPOSIT",
    "SECURITIES",
    "COMMERCIAL_INSURANCE",
    "REAL_ESTATE",
    "TAX_AMOUNT",
)


@dataclass(frozen=True)
class ConsentIn:
    """A person's written consent (Art. 20) letting one provider collect some categories.

    ``evidence`` names the signed document (its number or hash); consents are dated and
    never open-ended (Art. 39 forbids one-time lifelong authorizations).
    """

    source_id: str
    subject: SubjectRef
    provider_id: str
    categories: frozenset[str]
    signed_on: date
    valid_until: date
    evidence: str


@dataclass(frozen=True)
class ListingIn:
    """An organization or person on the serious-dishonesty list (Art. 29-31), for seeding.

    ``ground`` is the Art. 29 item (1-3) a local list rests on; ``responsible`` names the
    persons found responsible and the role each held at the time of the conduct.
    """

    source_id: str
    subject: SubjectRef
    sector: str
    ground: int
    conduct_on: date
    decided_on: date
    basis: BasisDocumentIn
    reasons: str
    responsible: Sequence[tuple[SubjectRef, str]] = ()
