"""What may be collected, from whom (Art. 18-20)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.submission import CONSENT_CATEGORIES

if TYPE_CHECKING:
    from rules.catalog import CatalogItem, FieldSpec

#: Art. 20 first paragraph: never collected, whatever the consent. Matched against a
#: field's normalized name or label, so "bloodType", "blood_type" and "血型" all match.
FORBIDDEN_CATEGORIES: dict[str, tuple[str, ...]] = {
    "religion": ("religion", "religious", "faith", "宗教"),
    "genes": ("gene", "genetic", "genome", "dna", "基因"),
    "fingerprints": ("fingerprint", "指纹"),
    "blood type": ("bloodtype", "bloodgroup", "血型"),
    "disease": ("disease", "illness", "diagnosis", "疾病"),
    "medical history": ("medicalhistory", "medicalrecord", "healthrecord", "病史"),
}


@dataclass(frozen=True)
class Provider:
    """A public or market credit information provider (Art. 9)."""

    id: str
    name: str
    family: str
    kind: str
    sector: str
    public_body: bool
    may_submit_roles: bool = False


def _normalize(name: str) -> str:
    return re.sub(r"[\s_\-.]", "", name).lower()


#: The reviewed term list for free text (Art. 20), data beside the catalog.
FORBIDDEN_TERMS_FILE = (
    Path(__file__).resolve().parents[1] / "seed" / "data" / "forbidden_terms.toml"
)
#: Art. 18 (accurately): numbers a record holds are finite and of a size a record can
#: mean (amounts in yuan up to 10^15); Neo4j integers are 64-bit.
MAX_MAGNITUDE = Decimal(10) ** 15
INT_RANGE = (-(2**63), 2**63 - 1)


@dataclass(frozen=True)
class TermCategory:
    """One Art. 20 category of the term list: its label, terms and allowed phrases."""

    label: str
    terms: tuple[str, ...]
    allowed: tuple[str, ...]


def _fold(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text)).lower()


@cache
def forbidden_terms() -> tuple[TermCategory, ...]:
    """The reviewed Art. 20 term list (``seed/data/forbidden_terms.toml``), folded."""
    with FORBIDDEN_TERMS_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    return tuple(
        TermCategory(
            entry["label"],
            tuple(_fold(t) for t in entry["terms"]),
            tuple(_fold(a) for a in entry.get("allowed", ())),
        )
        for entry in data.values()
    )


def forbidden_information(value: str) -> str | None:
    """Art. 20: the forbidden category a free-text value states (religion, genes,
    fingerprints, blood type, disease, medical history), by the reviewed term list, or
    ``None``. The regulation forbids collecting the information, whatever the field."""
    folded = _fold(value)
    for category in forbidden_terms():
        text = folded
        for phrase in category.allowed:
            text = text.replace(phrase, "")
        if any(term in text for term in category.terms):
            return category.label
    return None


@lru_cache(maxsize=4096)
def forbidden_category(name: str) -> str | None:
    """Art. 20: the forbidden category a field name or label belongs to, if any."""
    normalized = _normalize(name)
    for category, needles in FORBIDDEN_CATEGORIES.items():
        if any(needle in normalized for needle in needles):
            return category
    return None


def consent_categories(item: CatalogItem, fields: Iterable[str]) -> set[str]:
    """Art. 20 second paragraph: the consent-only categories (income, deposits,
    securities, commercial insurance, real estate, tax amounts) among submitted fields."""
    found: set[str] = set()
    for name in fields:
        spec = item.field(name)
        if spec is not None and spec.category in CONSENT_CATEGORIES:
            found.add(spec.category)
    return found


def needs_written_consent(provider: Provider, categories: set[str]) -> bool:
    """Art. 20: consent-only data needs the person's written consent, unless a public body
    collects it by law."""
    return bool(categories) and not provider.public_body


def provider_may_submit(provider: Provider, item: CatalogItem) -> bool:
    """Art. 18 and 19: public providers submit the items of their sector; market providers
    the market items of their kind."""
    if item.family != provider.family:
        return False
    if provider.family == "PUBLIC":
        return provider.sector in item.provider_sectors or "*" in item.provider_sectors
    return provider.kind in item.provider_kinds


def coerce_value(spec: FieldSpec, value: Any) -> Any:
    """Art. 18 (accurately): a submitted value must have the catalog field's type.

    Returns the value as stored; raises ``ValueError`` saying what is expected."""
    if spec.type == "string":
        if not isinstance(value, str):
            raise ValueError("expected text")
        return value
    if spec.type == "date":
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            return date.fromisoformat(value)
        raise ValueError("expected a date (YYYY-MM-DD)")
    if spec.type == "decimal":
        # str(True) is "True", not a number: booleans are refused below like any text.
        try:
            number = Decimal(str(value)) if not isinstance(value, bool) else None
        except InvalidOperation:
            number = None
        if number is None:
            raise ValueError("expected a number")
        if not number.is_finite():
            raise ValueError("expected a finite number (not NaN or infinity)")
        if abs(number) > MAX_MAGNITUDE:
            raise ValueError(f"expected a number of at most {MAX_MAGNITUDE:.0E} in magnitude")
        return float(number)
    if spec.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("expected a whole number")
        if not INT_RANGE[0] <= value <= INT_RANGE[1]:
            raise ValueError("expected a whole number that fits in 64 bits")
        return value
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def undeclared_fields(item: CatalogItem, fields: Mapping[str, Any]) -> list[str]:
    """Art. 13 and 18: collection is bound to the catalog; a field the item does not declare
    is not collected."""
    return [name for name in fields if item.field(name) is None]


def missing_fields(item: CatalogItem, fields: Mapping[str, Any]) -> list[str]:
    """Art. 18 (completely): every required field of the item is present."""
    return [f.name for f in item.fields if f.required and fields.get(f.name) in (None, "")]


CONSENT_CATEGORIES_SET = frozenset(CONSENT_CATEGORIES)
