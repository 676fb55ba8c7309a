"""Valid synthetic inputs for tests: identifiers with correct check digits, records that
satisfy their catalog item. Tests then break exactly one thing."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from stdnum.cn import ric, uscc

from core.submission import BasisDocumentIn, RecordIn, SubjectRef
from rules.catalog import CatalogItem
from seed.catalog import Reference

_counter = itertools.count(1)

#: Region code of a synthetic person (a district code stdnum knows).
REGION = "110105"

_SAMPLE: dict[str, Any] = {
    "string": "测试内容",
    "decimal": "1000.00",
    "int": 1,
    "bool": True,
}


def citizen_id(born: date, serial: int | None = None) -> str:
    """A valid citizen ID number for a birth date (synthetic serial)."""
    seq = serial if serial is not None else next(_counter) % 1000
    body = f"{REGION}{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def break_check_digit(number: str) -> str:
    """The same number with a wrong check character."""
    alphabet = "0123456789X" if len(number) == 18 and number[:17].isdigit() else "0123456789"
    wrong = next(c for c in alphabet if c != number[-1])
    return number[:-1] + wrong


def uscc_code(authority: str = "9", category: str = "1") -> str:
    """A valid Unified Social Credit Code (synthetic)."""
    body = f"{authority}{category}{REGION}MA{next(_counter):07d}"
    return body + uscc.calc_check_digit(body)


def person(born: date = date(1985, 5, 17), name: str = "测试甲") -> SubjectRef:
    return SubjectRef("RIC", citizen_id(born), name)


def organization(name: str = "测试样例有限公司") -> SubjectRef:
    return SubjectRef("USCC", uscc_code(), name, "LEGAL_PERSON")


def item(ref: Reference, code: str, year: int = 2026) -> CatalogItem:
    return next(i for i in ref.items if i.code == code and i.version == year)


def fields_for(catalog_item: CatalogItem, on: date) -> dict[str, Any]:
    """A value of the declared type for every field of the item."""
    return {f.name: (on if f.type == "date" else _SAMPLE[f.type]) for f in catalog_item.fields}


def basis_for(on: date, doc_type: str = "ADMIN_PENALTY") -> BasisDocumentIn:
    return BasisDocumentIn(
        type=doc_type,
        number=f"测罚字〔{on.year}〕{next(_counter)}号",
        issuer="市测试局",
        issued_on=on + timedelta(days=10),
        legal_basis="《测试条例》第十条" if doc_type == "OTHER_LEGAL" else None,
    )


def record(
    ref: Reference,
    code: str,
    subject: SubjectRef | None = None,
    on: date = date(2026, 3, 2),
) -> RecordIn:
    """A record that passes every rule for its catalog item."""
    catalog_item = item(ref, code, 2026 if on.year >= 2026 else 2025)
    if subject is None:
        subject = person() if "PERSON" in catalog_item.subject_types else organization()
    return RecordIn(
        source_id=f"T-{next(_counter)}",
        catalog_code=code,
        subject=subject,
        occurred_at=on,
        fields=fields_for(catalog_item, on),
        basis=basis_for(
            on,
            "JUDGMENT"
            if "COURT" in catalog_item.provider_sectors and len(catalog_item.provider_sectors) == 1
            else "ADMIN_PENALTY",
        )
        if catalog_item.kind == "DISHONEST"
        else None,
    )


def file_key(subject: SubjectRef) -> str:
    """The credit file key the platform gives a subject (its normalized identifier)."""
    from rules.identifiers import subject_key

    return subject_key(subject)


def record_input(record: RecordIn) -> dict[str, Any]:
    """A record as the GraphQL ``RecordInput`` variable."""
    s, b = record.subject, record.basis
    return {
        "sourceId": record.source_id,
        "catalogCode": record.catalog_code,
        "subject": {"idType": s.id_type, "number": s.number, "name": s.name, "kind": s.kind},
        "occurredAt": record.occurred_at.isoformat(),
        "fields": {
            k: v.isoformat() if isinstance(v, date) else v for k, v in record.fields.items()
        },
        "basis": None
        if b is None
        else {
            "type": b.type,
            "number": b.number,
            "issuer": b.issuer,
            "issuedOn": b.issued_on.isoformat(),
            "legalBasis": b.legal_basis,
        },
        "circumstances": sorted(record.circumstances),
    }
