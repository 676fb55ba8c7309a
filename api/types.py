"""GraphQL output types. Every type and field is described (tests/test_api_schema.py)."""

from __future__ import annotations

import base64
import builtins
import json
from datetime import date
from typing import Any

import strawberry
from strawberry.scalars import JSON


def _d(value: Any) -> date | None:
    native = value.to_native() if hasattr(value, "to_native") else value
    return native if isinstance(native, date) else None


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more items follow this page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item of the page.")


@strawberry.type(description="A credit subject (Art. 2): a natural person or an organization.")
class Subject:
    key: str | None = strawberry.field(
        description="Credit file key (identifier type and number); hidden when desensitized."
    )
    type: str = strawberry.field(description="PERSON or ORGANIZATION.")
    id_type: str = strawberry.field(
        description="RIC (citizen ID), USCC, or another ID document type (Art. 10)."
    )
    number: str = strawberry.field(description="Identifier; desensitized on PUBLIC (Art. 23).")
    name: str = strawberry.field(description="Name; a person's is desensitized on PUBLIC.")
    kind: str | None = strawberry.field(
        description="For organizations: LEGAL_PERSON or UNINCORPORATED."
    )

    @classmethod
    def of(cls, row: dict[str, Any]) -> Subject:
        return cls(
            key=row["key"],
            type=row["type"],
            id_type=row["idType"],
            number=row["number"],
            name=row["name"],
            kind=row.get("kind"),
        )


@strawberry.type(description="One field of a record, as its catalog item declares it.")
class RecordField:
    name: str = strawberry.field(description="Field name in the catalog item.")
    label: str = strawberry.field(description="Chinese label of the field.")
    value: str | None = strawberry.field(description="Value, desensitized where required.")


@strawberry.type(description="The legally effective document a record rests on (Art. 16).")
class BasisDocument:
    type: str = strawberry.field(description="JUDGMENT, ADMIN_PENALTY, OTHER_LEGAL, ...")
    number: str = strawberry.field(description="Document number.")
    issuer: str = strawberry.field(description="Issuing body.")
    issued_on: date | None = strawberry.field(description="Date of issue.")
    legal_basis: str | None = strawberry.field(
        description="For OTHER_LEGAL documents: the law, regulation or national rule that lets "
        "this document determine dishonesty (Art. 16 item 3)."
    )
    status: str | None = strawberry.field(description="EFFECTIVE, REVOKED, CHANGED or VOID.")


@strawberry.type(description="One state of a record: who changed it, when, why (Art. 39-40).")
class RecordChange:
    seq: int = strawberry.field(description="Order of the change (0 = creation).")
    at: date | None = strawberry.field(description="When it took effect.")
    by: str = strawberry.field(description="Who made it (provider or authority).")
    action: str = strawberry.field(description="CREATED, CORRECTED, REPAIRED, REVOKED, ...")
    status: str = strawberry.field(description="The record's status after the change.")
    reason: str | None = strawberry.field(description="Why.")
    document: str | None = strawberry.field(description="The document it rests on.")
    previous: JSON | None = strawberry.field(
        description="Field values before a correction (Art. 42), kept in the history."
    )


@strawberry.type(description="A credit record in a subject's file (Art. 9-12).")
class CreditRecord:
    id: str = strawberry.field(description="Stable record id.")
    family: str = strawberry.field(description="PUBLIC or MARKET credit information (Art. 9).")
    kind: str = strawberry.field(description="BASIC, POSITIVE, DISHONEST or OTHER.")
    status: str = strawberry.field(
        description="ACTIVE, PENDING_REVIEW (Art. 16 tolerance), CORRECTED, REPAIRED, "
        "SHIELDED, REVOKED, EXPIRED or DELETED; an objection is the underObjection flag "
        "(Art. 43)."
    )
    occurred_at: date | None = strawberry.field(description="When the conduct occurred.")
    recorded_at: date | None = strawberry.field(description="When the platform recorded it.")
    public_until: date | None = strawberry.field(description="End of the publicity period.")
    provider: str = strawberry.field(description="Provider that submitted it (Art. 9).")
    catalog_code: str = strawberry.field(description="Catalog item code (Art. 13).")
    catalog_version: int = strawberry.field(description="Catalog version collected under.")
    catalog_name: str = strawberry.field(description="Catalog item name.")
    flags: list[str] = strawberry.field(description="Flags, e.g. PRE_REGULATION (Art. 58).")
    hold_reasons: list[str] = strawberry.field(description="Why it is held for review.")
    under_objection: bool = strawberry.field(
        description="Objection mark (异议标注): an objection is pending (Art. 42)."
    )
    fields: list[RecordField] = strawberry.field(
        description="Fields the purpose needs; others are withheld (Art. 4)."
    )
    basis: BasisDocument | None = strawberry.field(description="Basis document, if any.")
    history: list[RecordChange] = strawberry.field(
        description="Change history with reasons (SELF and BY_AUTHORITY only, Art. 40)."
    )

    @classmethod
    def of(cls, row: dict[str, Any]) -> CreditRecord:
        # A row read with only the parts the selection asks for (graph/reads.py
        # record_projection) lacks the others: their fields are never resolved.
        labels = {f["name"]: f["label"] for f in json.loads(row.get("fieldsJson") or "[]")}
        basis = row.get("basis")
        return cls(
            id=row["id"],
            family=row["family"],
            kind=row["kind"],
            status=row["status"],
            occurred_at=_d(row["occurredAt"]),
            recorded_at=_d(row["recordedAt"]),
            public_until=_d(row.get("publicUntil")),
            provider=row["provider"],
            catalog_code=row["catalogCode"],
            catalog_version=row["catalogVersion"],
            catalog_name=row.get("catalogName", ""),
            flags=list(row.get("flags") or []),
            hold_reasons=list(row.get("holdReasons") or []),
            under_objection=row.get("objection") is not None,
            fields=[
                RecordField(
                    name=f["name"], label=labels.get(f["name"], f["name"]), value=f["value"]
                )
                for f in sorted(row.get("fields") or (), key=lambda f: f["name"])
            ],
            basis=BasisDocument(
                type=basis["type"],
                number=basis["number"],
                issuer=basis["issuer"],
                issued_on=_d(basis.get("issuedOn")),
                legal_basis=basis.get("legalBasis"),
                status=basis.get("status"),
            )
            if basis
            else None,
            history=[
                RecordChange(
                    seq=h["seq"],
                    at=_d(h["at"]),
                    by=h["by"],
                    action=h["action"],
                    status=h["status"],
                    reason=h.get("reason"),
                    document=h.get("document"),
                    previous=json.loads(h["previous"]) if h.get("previous") else None,
                )
                for h in sorted(row.get("history") or [], key=lambda h: h["seq"])
            ],
        )


@strawberry.type(description="An edge of a record connection.")
class RecordEdge:
    cursor: str = strawberry.field(description="Opaque cursor of this record.")
    node: CreditRecord = strawberry.field(description="The record.")


@strawberry.type(description="A page of records (Relay connection).")
class RecordConnection:
    edges: list[RecordEdge] = strawberry.field(description="Records of this page.")
    page_info: PageInfo = strawberry.field(description="Pagination state.")
    total_count: int = strawberry.field(description="Records visible to this request in all.")


@strawberry.type(description="A serious-dishonesty listing (Art. 29-30).")
class Listing:
    id: str = strawberry.field(description="Listing id.")
    sector: str = strawberry.field(description="Sector authority that listed.")
    ground: int = strawberry.field(description="Art. 29 ground (1-3).")
    stage: str = strawberry.field(description="NOTICE, DECIDED or REMOVED.")
    conduct_on: date | None = strawberry.field(description="Date of the conduct.")
    decided_on: date | None = strawberry.field(description="Date of the decision.")
    reasons: str = strawberry.field(description="Reasons stated in the decision.")
    under_objection: bool = strawberry.field(
        description="Objection mark (异议标注): an objection is being verified (Art. 42)."
    )

    @classmethod
    def of(cls, row: dict[str, Any]) -> Listing:
        return cls(
            id=row["id"],
            sector=row["sector"],
            ground=row["ground"],
            stage=row["stage"],
            conduct_on=_d(row["conductOn"]),
            decided_on=_d(row["decidedOn"]),
            reasons=row["reasons"],
            under_objection=bool(row.get("underObjection")),
        )


@strawberry.type(description="A synchronized mark in a responsible person's file (Art. 31).")
class Mark:
    listing_id: str = strawberry.field(description="The listing the mark follows.")
    role: str = strawberry.field(description="Role held at the time of the conduct.")
    since: date | None = strawberry.field(description="Marked since.")
    organization: str = strawberry.field(description="Listed organization's name.")
    under_objection: bool = strawberry.field(
        description="Objection mark (异议标注): the person's objection is being verified."
    )


@strawberry.type(description="Why a person is marked (Art. 31): the chain to the listing.")
class MarkReason:
    listing_id: str = strawberry.field(description="The listing.")
    sector: str = strawberry.field(description="Sector authority that listed.")
    ground: int = strawberry.field(description="Art. 29 ground.")
    conduct_on: date | None = strawberry.field(description="Date of the organization's conduct.")
    decided_on: date | None = strawberry.field(description="Date of the listing decision.")
    organization: str = strawberry.field(description="The listed organization.")
    role: str = strawberry.field(description="Role the person held at the time of the conduct.")
    role_from: date | None = strawberry.field(description="Start of that role.")
    role_to: date | None = strawberry.field(description="End of that role, if it ended.")
    finding: str | None = strawberry.field(description="The finding of responsibility.")

    @classmethod
    def of(cls, r: dict[str, Any]) -> MarkReason:
        return cls(
            listing_id=r["listingId"],
            sector=r["sector"],
            ground=r["ground"],
            conduct_on=_d(r["conductOn"]),
            decided_on=_d(r["decidedOn"]),
            organization=r["organization"],
            role=r["role"],
            role_from=_d(r["roleFrom"]),
            role_to=_d(r["roleTo"]),
            finding=r.get("finding"),
        )


@strawberry.type(description="A reported revocation, change or voiding of a basis (Art. 45).")
class BasisChange:
    id: str = strawberry.field(description="Change id.")
    record_id: str = strawberry.field(description="The record resting on the document.")
    change: str = strawberry.field(description="REVOKED, CHANGED or VOID.")
    effective_on: date | None = strawberry.field(description="When the change took effect.")
    reported_on: date | None = strawberry.field(description="When the platform received it.")
    late: bool = strawberry.field(description="Reported after 3 working days (Art. 45).")
    due_by: date | None = strawberry.field(description="The operator's 2-working-day deadline.")
    provisional: bool = strawberry.field(
        description="Deadline counted past the holiday calendar's horizon (weekends only)."
    )
    status: str = strawberry.field(description="PENDING or DONE.")
    overdue: bool = strawberry.field(description="Past its deadline (pending or when applied).")

    @classmethod
    def of(cls, c: dict[str, Any]) -> BasisChange:
        return cls(
            id=c["id"],
            record_id=c["recordId"],
            change=c["change"],
            effective_on=_d(c["effectiveOn"]),
            reported_on=_d(c["reportedOn"]),
            late=bool(c["late"]),
            due_by=_d(c["dueBy"]),
            provisional=bool(c["provisional"]),
            status=c["status"],
            overdue=bool(c.get("overdue")),
        )


@strawberry.type(description="A written objection and its answer (Art. 41, 42).")
class Objection:
    id: str = strawberry.field(description="Objection id.")
    record_id: str = strawberry.field(description="The record objected to.")
    ground: int = strawberry.field(description="Art. 41 ground (1-4).")
    status: str = strawberry.field(description="PENDING or DONE.")
    due_by: date | None = strawberry.field(description="Verification deadline (working days).")
    decision: str | None = strawberry.field(description="DELETE or REJECT.")
    reply: str | None = strawberry.field(description="The reply to the subject.")

    @classmethod
    def of(cls, o: dict[str, Any]) -> Objection:
        return cls(
            id=o["id"],
            record_id=o["recordId"],
            ground=o["ground"],
            status=o["status"],
            due_by=_d(o.get("dueBy")),
            decision=o.get("decision"),
            reply=o.get("reply"),
        )


@strawberry.type(description="A credit commitment and whether it was kept (Art. 32).")
class Commitment:
    id: str = strawberry.field(description="Commitment id.")
    item: str = strawberry.field(description="Commitment item code (the list of Art. 32).")
    status: str = strawberry.field(description="PENDING, KEPT, BROKEN or FALSE.")
    committed_on: date | None = strawberry.field(description="When it was made.")
    accept_with_deficiencies: bool = strawberry.field(
        description="Whether it qualified for accept-with-deficiencies (容缺受理)."
    )
    decided_on: date | None = strawberry.field(description="When the authority decided.")
    reason: str | None = strawberry.field(description="The authority's reason.")

    @classmethod
    def of(cls, c: dict[str, Any]) -> Commitment:
        return cls(
            id=c["id"],
            item=c["item"],
            status=c["status"],
            committed_on=_d(c.get("committedOn")),
            accept_with_deficiencies=bool(c.get("acceptWithDeficiencies")),
            decided_on=_d(c.get("decidedOn")),
            reason=c.get("reason"),
        )


@strawberry.type(description="A subject's credit file as this request may see it (Art. 10).")
class CreditFile:
    subject: Subject = strawberry.field(description="The subject.")
    records: RecordConnection = strawberry.field(description="A page of visible records.")
    listings: list[Listing] = strawberry.field(description="Active listings of the subject.")
    marks: list[Mark] = strawberry.field(description="Active synchronized marks (Art. 31).")
    commitments: list[Commitment] = strawberry.field(
        description="Credit commitments and their outcome (Art. 32); not on PUBLIC."
    )


@strawberry.type(description="A record found by a search, with its subject.")
class RecordHit:
    subject: Subject = strawberry.field(description="Whose record it is.")
    record: CreditRecord = strawberry.field(description="The record.")


@strawberry.type(description="An edge of a record search.")
class RecordHitEdge:
    cursor: str = strawberry.field(description="Opaque cursor.")
    node: RecordHit = strawberry.field(description="The hit.")


@strawberry.type(description="A page of record search hits (Relay connection).")
class RecordHitConnection:
    edges: list[RecordHitEdge] = strawberry.field(description="Hits of this page.")
    page_info: PageInfo = strawberry.field(description="Pagination state.")
    total_count: int = strawberry.field(description="Hits visible to this request in all.")


@strawberry.type(description="A field a catalog item collects.")
class CatalogField:
    name: str = strawberry.field(description="Field name.")
    label: str = strawberry.field(description="Chinese label.")
    type: str = strawberry.field(description="string, date, decimal, int or bool.")
    category: str = strawberry.field(description="Personal or consent-only category (Art. 20).")
    required: bool = strawberry.field(description="Whether providers must submit it.")


@strawberry.type(description="A catalog item of one version (Art. 13-15).")
class CatalogItem:
    code: str = strawberry.field(description="Item code.")
    version: int = strawberry.field(description="Catalog version (year, Art. 14).")
    name: str = strawberry.field(description="Item name.")
    scope: str = strawberry.field(description="NATIONAL base or LOCAL supplementary catalog.")
    family: str = strawberry.field(description="PUBLIC or MARKET.")
    kind: str = strawberry.field(description="BASIC, POSITIVE, DISHONEST or OTHER.")
    art15_category: int | None = strawberry.field(description="Art. 15 category (local).")
    public: bool = strawberry.field(description="Whether it is disclosed publicly.")
    shared: bool = strawberry.field(description="Whether it is shared with public bodies.")
    share_sectors: list[str] = strawberry.field(description="Sectors it is shared with.")
    publicity_months: int = strawberry.field(description="Publicity period in months.")
    retention_months: int = strawberry.field(description="Retention period in months.")
    consent_only: bool = strawberry.field(description="Needs written consent (Art. 20).")
    fields: list[CatalogField] = strawberry.field(description="Fields it collects.")

    @classmethod
    def of(cls, p: dict[str, Any]) -> CatalogItem:
        return cls(
            code=p["code"],
            version=p["version"],
            name=p["name"],
            scope=p["scope"],
            family=p["family"],
            kind=p["kind"],
            art15_category=p.get("art15Category"),
            public=p["public"],
            shared=p["shared"],
            share_sectors=list(p["shareSectors"]),
            publicity_months=p["publicityMonths"],
            retention_months=p["retentionMonths"],
            consent_only=p["consentOnly"],
            fields=[CatalogField(**f) for f in json.loads(p["fieldsJson"])],
        )


@strawberry.type(description="An edge of a catalog connection.")
class CatalogEdge:
    cursor: str = strawberry.field(description="Opaque cursor.")
    node: CatalogItem = strawberry.field(description="The item.")


@strawberry.type(description="A page of catalog items (Relay connection).")
class CatalogConnection:
    edges: list[CatalogEdge] = strawberry.field(description="Items of this page.")
    page_info: PageInfo = strawberry.field(description="Pagination state.")
    total_count: int = strawberry.field(description="Items in all.")


@strawberry.type(description="An incentive or punishment measure (Art. 33-35).")
class Measure:
    code: str = strawberry.field(description="Measure code.")
    list: str = strawberry.field(description="INCENTIVE or PUNISHMENT.")
    scope: str = strawberry.field(description="NATIONAL or LOCAL list.")
    matter: str = strawberry.field(description="Matter (事项).")
    target: str = strawberry.field(description="Target (对象).")
    means: str = strawberry.field(description="Means (措施).")
    implementer: str = strawberry.field(description="Implementing sector.")
    basis: str = strawberry.field(description="Legal basis.")
    art35_kind: int | None = strawberry.field(description="Art. 35 kind of a local punishment.")
    art33_kind: int | None = strawberry.field(description="Art. 33 kind of an incentive.")
    sectors: builtins.list[str] = strawberry.field(
        description="Sectors of dishonest conduct the measure is related to (* any), Art. 36."
    )
    severity: str = strawberry.field(
        description="GOOD (incentive), DISHONEST (own dishonesty record) or SERIOUS_LIST "
        "(own listing): proportionality, Art. 36."
    )

    @classmethod
    def of(cls, m: dict[str, Any]) -> Measure:
        return cls(
            code=m["code"],
            list=m["list"],
            scope=m["scope"],
            matter=m["matter"],
            target=m["target"],
            means=m["means"],
            implementer=m["implementer"],
            basis=m["basis"],
            art35_kind=m.get("art35_kind"),
            art33_kind=m.get("art33_kind"),
            sectors=list(m.get("sectors", [])),
            severity=m.get("severity", ""),
        )


@strawberry.type(description="A listed measure that applies to a subject, and why (Art. 33-36).")
class ApplicableMeasure:
    measure: Measure = strawberry.field(description="The measure, with its legal basis.")
    reason: str = strawberry.field(
        description="Why it applies: the subject's own standing and the related sector."
    )


@strawberry.type(description="An edge of a measure connection.")
class MeasureEdge:
    cursor: str = strawberry.field(description="Opaque cursor.")
    node: Measure = strawberry.field(description="The measure.")


@strawberry.type(description="A page of measures (Relay connection).")
class MeasureConnection:
    edges: list[MeasureEdge] = strawberry.field(description="Measures of this page.")
    page_info: PageInfo = strawberry.field(description="Pagination state.")
    total_count: int = strawberry.field(description="Measures in all.")


@strawberry.type(description="A subject on the serious-dishonesty list.")
class ListedSubject:
    subject: Subject = strawberry.field(description="The listed subject.")
    listing: Listing = strawberry.field(description="The listing.")


@strawberry.type(description="An edge of the serious-dishonesty list.")
class ListedSubjectEdge:
    cursor: str = strawberry.field(description="Opaque cursor.")
    node: ListedSubject = strawberry.field(description="The listed subject.")


@strawberry.type(description="A page of the serious-dishonesty list (Relay connection).")
class ListedSubjectConnection:
    edges: list[ListedSubjectEdge] = strawberry.field(description="Listed subjects.")
    page_info: PageInfo = strawberry.field(description="Pagination state.")
    total_count: int = strawberry.field(description="Listed subjects in all.")


@strawberry.type(description="One refused item of a submission, with its article.")
class Refusal:
    code: str = strawberry.field(description="Stable error code.")
    message: str = strawberry.field(description="What is wrong.")
    article: int | None = strawberry.field(description="Article of the rule that refused it.")
    item: int | None = strawberry.field(description="Position of the item in the batch.")
    field: str | None = strawberry.field(description="Offending field.")


@strawberry.type(description="What happened to a submitted batch (all or nothing).")
class IngestReport:
    written: bool = strawberry.field(description="Whether the batch was written.")
    created: int = strawberry.field(description="New records.")
    unchanged: int = strawberry.field(description="Records already present, unchanged.")
    held_for_review: list[str] = strawberry.field(description="Records held (Art. 16).")
    flagged: list[str] = strawberry.field(description="Records flagged (Art. 58).")
    refused: list[Refusal] = strawberry.field(description="Every refused item.")


@strawberry.type(description="A subject's written authorization (Art. 24, 39).")
class Authorization:
    id: str = strawberry.field(description="Authorization id, named by the AUTHORIZED channel.")
    grantee: str = strawberry.field(description="Organization authorized.")
    scope: list[str] = strawberry.field(description="Catalog items covered.")
    purpose: str = strawberry.field(description="The agreed purpose.")
    valid_from: date | None = strawberry.field(description="First day of validity.")
    valid_to: date | None = strawberry.field(description="Last day of validity.")
    revoked_on: date | None = strawberry.field(description="Revocation date, if revoked.")

    @classmethod
    def of(cls, a: dict[str, Any]) -> Authorization:
        return cls(
            id=a["id"],
            grantee=a["grantee"],
            scope=list(a["scope"]),
            purpose=a["purpose"],
            valid_from=_d(a["validFrom"]),
            valid_to=_d(a["validTo"]),
            revoked_on=_d(a.get("revokedOn")),
        )


@strawberry.type(description="A provider's authorization of a credit service agency (Art. 53).")
class ProviderAuthorization:
    id: str = strawberry.field(description="Authorization id.")
    provider: str = strawberry.field(description="The authorizing provider.")
    agency: str = strawberry.field(description="The credit service agency.")
    scope: list[str] = strawberry.field(description="Catalog items covered.")
    valid_from: date | None = strawberry.field(description="First day.")
    valid_to: date | None = strawberry.field(description="Last day.")


@strawberry.type(description="An entry of the access log, with its Merkle inclusion proof.")
class AccessLogEntry:
    index: int = strawberry.field(description="Position in the audit log.")
    entry: JSON | None = strawberry.field(description="The entry (null once redacted).")
    leaf_hash: str | None = strawberry.field(description="RFC 6962 leaf hash (hex).")
    inclusion_proof: list[str] = strawberry.field(description="Audit path (hex hashes).")
    tree_size: int = strawberry.field(description="Tree size the proof is for.")
    root_hash: str = strawberry.field(description="Root hash at that size (hex).")


@strawberry.type(description="A page of access log entries (Relay connection).")
class AccessLogConnection:
    edges: list[AccessLogEdge] = strawberry.field(description="Entries of this page.")
    page_info: PageInfo = strawberry.field(description="Pagination state.")
    total_count: int = strawberry.field(description="Entries on this page (the log is open).")


@strawberry.type(description="An edge of the access log.")
class AccessLogEdge:
    cursor: str = strawberry.field(description="Opaque cursor.")
    node: AccessLogEntry = strawberry.field(description="The entry.")


def encode_cursor(*parts: object) -> str:
    """An opaque cursor."""
    return base64.urlsafe_b64encode(json.dumps(parts, default=str).encode()).decode()


def decode_cursor(cursor: str | None) -> list[Any] | None:
    """The parts of a cursor; raises ValueError when it is not ours."""
    if not cursor:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError):
        raise ValueError("the cursor is not one this API issued") from None
    if not isinstance(value, list):
        raise ValueError("the cursor is not one this API issued")
    return value
