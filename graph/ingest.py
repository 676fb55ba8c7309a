"""The validated ingest: a provider's batch is checked against the catalog and the
regulation's collection limits, and written in one transaction — or not at all.

Every refused item is reported (code, article, field), not only the first. Re-submitting
a batch writes nothing new: records are unique by provider and source id, and a record
whose content changed is refused, because history is never overwritten (Art. 39).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction, ManagedTransaction

from core.errors import Violation
from core.refusals import refuse
from core.submission import BasisDocumentIn, Batch, ConsentIn, RecordIn, RoleIn, SubjectRef
from graph import ingest_cypher as q
from graph.connection import Graph
from graph.effects import Work, execute_write, run_async, run_sync
from graph.reference import read_items, read_provider, read_versions
from rules import identifiers, subjects, temporal
from rules.catalog import CatalogItem
from rules.collection import CONSENT_CATEGORIES_SET, Provider
from rules.records import RecordCheck, check_record
from rules.roles import check_role

_RECORD_NAMESPACE = uuid.UUID("6f1d1c1e-8a43-4c43-9d2e-7f0b7a0c2026")


@dataclass
class IngestReport:
    """What happened to a batch: written or refused, and why."""

    provider_id: str
    written: bool = False
    created: int = 0
    unchanged: int = 0
    roles_created: int = 0
    held_for_review: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.violations)


@dataclass
class _Plan:
    persons: dict[str, dict[str, Any]] = field(default_factory=dict)
    organizations: dict[str, dict[str, Any]] = field(default_factory=dict)
    records: list[dict[str, Any]] = field(default_factory=list)
    roles: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def record_id(provider_id: str, source_id: str) -> str:
    """A stable record id derived from provider and source id."""
    return "R-" + uuid.uuid5(_RECORD_NAMESPACE, f"{provider_id}|{source_id}").hex[:20]


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def content_hash(record: RecordIn, values: dict[str, Any]) -> str:
    """SHA-256 over a canonical form of what the record says."""
    basis = record.basis
    body = {
        "catalog": record.catalog_code,
        "subject": identifiers.subject_key(record.subject),
        "occurredAt": record.occurred_at.isoformat(),
        "fields": {k: _jsonable(v) for k, v in sorted(values.items())},
        "basis": None
        if basis is None
        else [basis.type, basis.number, basis.issuer, basis.issued_on.isoformat()],
        "circumstances": sorted(record.circumstances),
    }
    raw = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


def subject_row(ref: SubjectRef) -> tuple[bool, dict[str, Any]]:
    key = identifiers.subject_key(ref)
    number = identifiers.normalize_number(ref.number)
    if identifiers.is_person_id_type(ref.id_type):
        row: dict[str, Any] = {
            "key": key,
            "idType": ref.id_type,
            "number": number,
            "name": ref.name,
            "birthDate": subjects.birth_date(ref),
        }
        return True, row
    kind = ref.kind or "LEGAL_PERSON"
    return False, {
        "key": key,
        "idType": ref.id_type,
        "number": number,
        "uscc": number,
        "name": ref.name,
        "kind": kind,
    }


def _add_subject(plan: _Plan, ref: SubjectRef) -> str:
    is_person, row = subject_row(ref)
    (plan.persons if is_person else plan.organizations).setdefault(row["key"], row)
    return str(row["key"])


def basis_props(b: BasisDocumentIn) -> dict[str, Any]:
    """The basis document node's properties (keyed by issuer and number)."""
    return {
        "key": f"{b.issuer}|{b.number}",
        "type": b.type,
        "number": b.number,
        "issuer": b.issuer,
        "issuedOn": b.issued_on,
        "legalBasis": b.legal_basis,
    }


def _record_row(
    batch: Batch, record: RecordIn, check: RecordCheck, item: CatalogItem, today: date
) -> dict[str, Any]:
    start = record.basis.issued_on if record.basis else record.occurred_at
    public_until = temporal.period_end(start, item.publicity_months) if item.public else None
    props: dict[str, Any] = {
        "id": record_id(batch.provider_id, record.source_id),
        "sourceKey": f"{batch.provider_id}|{record.source_id}",
        "sourceId": record.source_id,
        "provider": batch.provider_id,
        "catalogCode": item.code,
        "catalogVersion": item.version,
        "subjectKey": identifiers.subject_key(record.subject),
        "family": item.family,
        "kind": item.kind,
        "status": "PENDING_REVIEW" if check.hold_reasons else "ACTIVE",
        "holdReasons": check.hold_reasons,
        "flags": check.flags,
        "circumstances": sorted(record.circumstances),
        "occurredAt": record.occurred_at,
        "recordedAt": today,
        "publicUntil": public_until,
        "retainUntil": temporal.period_end(start, item.retention_months),
        "contentHash": content_hash(record, check.values),
        **check.values,
    }
    basis = None if record.basis is None else basis_props(record.basis)
    if basis is not None:
        props["basisKey"] = basis["key"]
    return {
        "subjectKey": props["subjectKey"],
        "catalogKey": item.key,
        "provider": batch.provider_id,
        "props": props,
        "basis": basis,
    }


def _read_consents(keys: list[str]) -> Work[dict[str, list[ConsentIn]]]:
    found: dict[str, list[ConsentIn]] = {}
    if not keys:
        return found
    rows = yield (q.READ_CONSENTS, {"subjects": keys})
    for row in rows:
        consent = ConsentIn(
            source_id=row["sourceId"],
            subject=SubjectRef("", "", ""),
            provider_id=row["provider"],
            categories=frozenset(row["categories"]),
            signed_on=row["signedOn"].to_native(),
            valid_until=row["validUntil"].to_native(),
            evidence=row["evidence"],
        )
        found.setdefault(row["subjectKey"], []).append(consent)
    return found


def _duplicates(source_ids: list[str], what: str) -> list[Violation]:
    counts = Counter(source_ids)
    return [
        refuse("ingest.duplicate_source_id", i, what=what, source_id=sid)
        for i, sid in enumerate(source_ids)
        if counts[sid] > 1
    ]


def _check(batch: Batch, today: date, report: IngestReport) -> Work[_Plan]:
    """Everything a batch must pass, read inside the write transaction."""
    plan = _Plan()
    provider = yield from read_provider(batch.provider_id)
    if provider is None:
        report.violations.append(refuse("ingest.unknown_provider", provider=batch.provider_id))
        return plan
    report.violations += _duplicates([r.source_id for r in batch.records], "record")
    report.violations += _duplicates([r.source_id for r in batch.roles], "role")
    yield from _check_records(batch, provider, today, report, plan)
    yield from _check_roles(batch, provider, report, plan)
    return plan


def _check_records(
    batch: Batch,
    provider: Provider,
    today: date,
    report: IngestReport,
    plan: _Plan,
) -> Work[None]:
    if not batch.records:
        return
    versions = yield from read_versions()
    items = yield from read_items(sorted({r.catalog_code for r in batch.records}))
    consent_codes = {
        i.code
        for i in items.values()
        if any(f.category in CONSENT_CATEGORIES_SET for f in i.fields)
    }
    consents = yield from _read_consents(
        sorted(
            {
                identifiers.subject_key(r.subject)
                for r in batch.records
                if r.catalog_code in consent_codes
            }
        ),
    )
    keys = [f"{batch.provider_id}|{r.source_id}" for r in batch.records]
    rows = yield (q.READ_EXISTING, {"keys": keys})
    existing = {row["sourceKey"]: row["contentHash"] for row in rows}
    for index, record in enumerate(batch.records):
        subject_key = identifiers.subject_key(record.subject)
        check = check_record(
            record, index, provider, versions, items, consents.get(subject_key, ()), today
        )
        report.violations += check.violations
        if check.violations or check.item is None:
            continue
        row = _record_row(batch, record, check, check.item, today)
        previous = existing.get(row["props"]["sourceKey"])
        if previous == row["props"]["contentHash"]:
            report.unchanged += 1
            continue
        if previous is not None:
            check.refuse("ingest.record_conflict", source_id=record.source_id)
            report.violations += check.violations
            continue
        _add_subject(plan, record.subject)
        plan.records.append(row)
        if check.hold_reasons:
            report.held_for_review.append(row["props"]["id"])
        if check.flags:
            report.flagged.append(row["props"]["id"])


def _check_roles(batch: Batch, provider: Provider, report: IngestReport, plan: _Plan) -> Work[None]:
    if not batch.roles:
        return
    if not provider.may_submit_roles:
        report.violations.append(refuse("ingest.roles_not_allowed", provider=provider.id))
        return
    existing: set[str] = set()
    by_role: dict[str, list[RoleIn]] = {}
    for role in batch.roles:
        by_role.setdefault(role.role, []).append(role)
    for name, roles in by_role.items():
        if name in q.READ_EXISTING_ROLES:
            keys = [f"{batch.provider_id}|{r.source_id}" for r in roles]
            rows = yield (q.READ_EXISTING_ROLES[name], {"keys": keys})
            existing |= {row["sourceKey"] for row in rows}
    for index, role in enumerate(batch.roles):
        problems = check_role(role, index)
        report.violations += problems
        source_key = f"{batch.provider_id}|{role.source_id}"
        if problems or source_key in existing:
            continue
        props = {
            "sourceKey": source_key,
            "from": role.start,
            "to": role.end,
            "share": role.share,
            "provider": batch.provider_id,
        }
        plan.roles.setdefault(role.role, []).append(
            {
                "holderKey": _add_subject(plan, role.holder),
                "organizationKey": _add_subject(plan, role.organization),
                "props": props,
            }
        )


def _write(plan: _Plan) -> Work[None]:
    if plan.persons:
        yield (q.MERGE_PERSONS, {"rows": list(plan.persons.values())})
    if plan.organizations:
        yield (q.MERGE_ORGANIZATIONS, {"rows": list(plan.organizations.values())})
    if plan.records:
        yield (q.CREATE_RECORDS, {"rows": plan.records})
    for role, rows in plan.roles.items():
        yield (q.CREATE_ROLES[role], {"rows": rows})


def ingest(batch: Batch, when: date) -> Work[IngestReport]:
    """Check a batch and, when nothing is refused, write it — inside one transaction."""
    report = IngestReport(batch.provider_id)
    plan = yield from _check(batch, when, report)
    if report.violations:
        report.held_for_review.clear()
        report.flagged.clear()
        return report
    yield from _write(plan)
    report.written = True
    report.created = len(plan.records)
    report.roles_created = sum(len(rows) for rows in plan.roles.values())
    return report


def _collection_date(batch: Batch, today: date | None) -> date:
    return today or (batch.submitted_at or datetime.now(UTC)).date()


def submit(graph: Graph, batch: Batch, *, today: date | None = None) -> IngestReport:
    """Check a batch and, when nothing is refused, write it in one transaction.

    ``today`` is the collection date (defaults to the submission time, or now)."""
    when = _collection_date(batch, today)

    def work(tx: ManagedTransaction) -> IngestReport:
        return run_sync(tx, ingest(batch, when))

    result: IngestReport = graph.write(work)
    return result


async def submit_async(
    driver: AsyncDriver, database: str, batch: Batch, *, today: date | None = None
) -> IngestReport:
    """``submit`` on the async driver (the API)."""
    when = _collection_date(batch, today)

    async def work(tx: AsyncManagedTransaction) -> IngestReport:
        return await run_async(tx, ingest(batch, when))

    async with driver.session(database=database) as session:
        result: IngestReport = await execute_write(session, work)
    return result
