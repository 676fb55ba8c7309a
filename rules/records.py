"""All the rules a submitted record must pass, in one place (Art. 2, 10, 13, 16, 18, 20, 58).

``check_record`` is pure: the ingest gathers the provider, the catalog and the recorded
consents, and this function says everything that is wrong with a record — not only the
first problem — plus whether it must be held for review and which flags it carries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from core import refusals
from core.errors import Violation
from core.submission import CIRCUMSTANCES, ConsentIn, RecordIn
from rules import collection, dishonesty, identifiers, subjects, temporal, text
from rules.catalog import CatalogItem, CatalogVersion, version_in_force


@dataclass
class RecordCheck:
    """The outcome of checking one record."""

    index: int
    violations: list[Violation] = field(default_factory=list)
    item: CatalogItem | None = None
    values: dict[str, object] = field(default_factory=dict)
    hold_reasons: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def refuse(self, key: str, **params: object) -> None:
        """Record the catalogued refusal ``key`` of this record (the batch then writes
        nothing)."""
        self.violations.append(refusals.refuse(key, self.index, **params))


def consent_covers(
    consents: Sequence[ConsentIn], provider_id: str, categories: set[str], on: date
) -> bool:
    """Art. 20: a written consent to this provider, valid on the collection date, covers
    every consent-only category submitted."""
    valid = [
        c for c in consents if c.provider_id == provider_id and c.signed_on <= on <= c.valid_until
    ]
    covered: set[str] = set().union(*(c.categories for c in valid))
    return categories <= covered


def check_record(
    record: RecordIn,
    index: int,
    provider: collection.Provider,
    versions: Sequence[CatalogVersion],
    items: Mapping[str, CatalogItem],
    consents: Sequence[ConsentIn],
    collected_on: date,
) -> RecordCheck:
    """Check one record of a batch against every collection rule; ``items`` maps
    ``code@version`` to catalog items."""
    out = RecordCheck(index)
    refuse = out.refuse

    subject_problem = identifiers.check_subject(record.subject, item=index)
    if subject_problem:
        out.violations.append(subject_problem)

    if text.too_long(record.source_id, text.MAX_SOURCE_ID):
        refuse("record.source_id_too_long", length=len(record.source_id), limit=text.MAX_SOURCE_ID)
    for name, value in record.fields.items():
        category = collection.forbidden_category(name)
        if category:
            refuse("record.forbidden_field", name=name, category=category)
        elif isinstance(value, str):
            _check_text_value(name, value, out)

    if record.occurred_at > collected_on:
        refuse("record.occurs_after_recorded")

    version = version_in_force(versions, record.occurred_at)
    item = items.get(f"{record.catalog_code}@{version.year}") if version else None
    if item is None:
        refuse(
            "record.uncatalogued",
            code=record.catalog_code,
            on=record.occurred_at,
            year=version.year if version else "none",
        )
        return out
    out.item = item
    _check_against_item(record, provider, item, out)
    if out.violations:
        return out

    consent_needed = collection.consent_categories(item, record.fields)
    if collection.needs_written_consent(provider, consent_needed) and not consent_covers(
        consents, provider.id, consent_needed, collected_on
    ):
        refuse(
            "record.consent_required",
            categories=", ".join(sorted(consent_needed)),
            provider=provider.id,
            on=collected_on,
        )

    if item.kind == "DISHONEST":
        _check_dishonesty(record, item, out)
    if temporal.predates_regulation(record.occurred_at):
        out.flags.append(temporal.FLAG_PRE_REGULATION)
    return out


def _check_text_value(name: str, value: str, out: RecordCheck) -> None:
    """Art. 18 (a bounded value) and Art. 20 (no forbidden information in free text)."""
    if text.too_long(value, text.MAX_FIELD_VALUE):
        out.refuse(
            "record.field_too_long", name=name, length=len(value), limit=text.MAX_FIELD_VALUE
        )
        return
    category = collection.forbidden_information(value)
    if category:
        out.refuse("record.forbidden_information", name=name, category=category)


def _check_against_item(
    record: RecordIn, provider: collection.Provider, item: CatalogItem, out: RecordCheck
) -> None:
    refuse = out.refuse
    subject_type = (
        "PERSON" if identifiers.is_person_id_type(record.subject.id_type) else "ORGANIZATION"
    )
    if subject_type not in item.subject_types:
        refuse("record.subject_type", item=item.key, subject_type=subject_type.lower())
    if not collection.provider_may_submit(provider, item):
        refuse("record.provider", provider=provider.id, sector=provider.sector, item=item.key)
    for name in collection.undeclared_fields(item, record.fields):
        if not collection.forbidden_category(name):
            refuse("record.undeclared_field", name=name, item=item.key)
    for name in collection.missing_fields(item, record.fields):
        refuse("record.missing_field", name=name, item=item.key)
    for name, value in record.fields.items():
        spec = item.field(name)
        if spec is None or value is None:
            continue
        try:
            out.values[name] = collection.coerce_value(spec, value)
        except ValueError as exc:
            refuse("record.field_value", name=name, error=exc, value=value)
    unknown = record.circumstances - set(CIRCUMSTANCES)
    if unknown:
        refuse("record.circumstances", unknown=sorted(unknown), known=CIRCUMSTANCES)


def _check_dishonesty(record: RecordIn, item: CatalogItem, out: RecordCheck) -> None:
    refuse = out.refuse
    basis = dishonesty.check_basis(record.basis, record.occurred_at, out.index)
    if basis:
        out.violations.append(basis)
    if subjects.is_minor_below_credit_age(record.subject, record.occurred_at):
        refuse("record.under_16")
    out.hold_reasons.extend(dishonesty.hold_reasons(record))
    # Local dishonesty items exist only by this regulation: conduct before it took effect
    # is not judged under it, so it waits for review rather than going live (Art. 58).
    if item.scope == "LOCAL" and temporal.predates_regulation(record.occurred_at):
        out.hold_reasons.append(temporal.FLAG_PRE_REGULATION)
