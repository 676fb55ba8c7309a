"""The public credit information catalog (Art. 13-15) as data, and the rules on it.

A catalog *version* is the full list of items in force from a date; the local
supplementary catalog is revised about once a year (Art. 14), so every record keeps the
version it was collected under.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from core.errors import Violation
from core.refusals import refuse
from rules.collection import forbidden_category

SCOPES = ("NATIONAL", "LOCAL")
FAMILIES = ("PUBLIC", "MARKET")
KINDS = ("BASIC", "POSITIVE", "DISHONEST", "OTHER")
FIELD_TYPES = ("string", "date", "decimal", "int", "bool")
REPAIR_EFFECTS = ("DELETE", "MARK", "SHIELD")

#: Art. 15: the six categories a local dishonesty item may fall in.
ART15_CATEGORIES: dict[int, str] = {
    1: "行政处罚、行政强制、行政裁决等行政行为中反映社会信用主体违法失信的信息",
    2: "在信用承诺中虚假承诺或者不履行承诺的信息",
    3: "提供虚假材料、隐瞒事实真相、瞒报谎报信息等弄虚作假行为的信息",
    4: "违反诚信执业相关规范造成不良影响的信息",
    5: "拒不履行生效法律文书确定义务的信息",
    6: "本市地方性法规规定的其他失信行为的信息",
}

#: Art. 20 third paragraph: only to the person and the parties it authorized.
PERSON_AND_AUTHORIZED_ONLY = frozenset({"REAL_ESTATE", "TAX_AMOUNT"})

#: Record properties owned by the platform; a catalog field may not reuse them.
RESERVED_FIELD_NAMES = frozenset(
    {
        "id",
        "sourceId",
        "sourceKey",
        "provider",
        "family",
        "kind",
        "status",
        "occurredAt",
        "recordedAt",
        "publicUntil",
        "retainUntil",
        "flags",
        "contentHash",
        "catalogKey",
        "subjectKey",
        "holdReasons",
        "catalogCode",
        "catalogVersion",
        "basisKey",
    }
)


@dataclass(frozen=True)
class FieldSpec:
    """One field a catalog item collects; ``category`` says whether it is personal or
    consent-only data (Art. 20)."""

    name: str
    label: str
    type: str
    category: str = "NONE"
    required: bool = False


@dataclass(frozen=True)
class CatalogItem:
    """One catalog item of one version (Art. 13): what may be collected, from whom, and how
    it may be disclosed, shared and kept."""

    code: str
    version: int
    name: str
    scope: str
    family: str
    kind: str
    subject_types: tuple[str, ...]
    provider_sectors: tuple[str, ...]
    provider_kinds: tuple[str, ...]
    public: bool
    shared: bool
    share_sectors: tuple[str, ...]
    publicity_months: int
    retention_months: int
    consent_only: bool
    on_repair: str
    fields: tuple[FieldSpec, ...]
    art15_category: int | None = None

    @property
    def key(self) -> str:
        """The graph key of this item in this version."""
        return f"{self.code}@{self.version}"

    @cached_property
    def _fields_by_name(self) -> dict[str, FieldSpec]:
        return {f.name: f for f in self.fields}

    def field(self, name: str) -> FieldSpec | None:
        return self._fields_by_name.get(name)


@dataclass(frozen=True)
class CatalogVersion:
    """A catalog version (Art. 14): a year and the date it takes effect."""

    year: int
    effective_from: date
    approved_by: str = ""


def check_item(item: CatalogItem) -> list[Violation]:
    """Art. 13 and 15: an item states its scope, family and kind, a local dishonesty item
    falls in one of the six Art. 15 categories, and no field is of a forbidden category
    (Art. 20) or takes a name the platform reserves."""
    where = f"catalog item {item.key}"
    problems: list[Violation] = []
    if item.scope not in SCOPES or item.family not in FAMILIES or item.kind not in KINDS:
        problems.append(
            refuse(
                "catalog.classification", where=where, scopes=SCOPES, families=FAMILIES, kinds=KINDS
            )
        )
    if is_local_dishonesty(item) and item.art15_category not in ART15_CATEGORIES:
        problems.append(refuse("catalog.outside_art15", where=where, category=item.art15_category))
    if item.on_repair not in REPAIR_EFFECTS:
        problems.append(refuse("catalog.on_repair", where=where, effects=REPAIR_EFFECTS))
    for spec in item.fields:
        problems.extend(_check_field_spec(where, spec))
    if item.family == "MARKET" and (item.public or item.shared):
        problems.append(refuse("catalog.market_disclosed", where=where))
    restricted = [f.name for f in item.fields if f.category in PERSON_AND_AUTHORIZED_ONLY]
    if restricted and (item.public or item.shared):
        problems.append(
            refuse("catalog.restricted_disclosed", where=where, fields=", ".join(restricted))
        )
    return problems


def _check_field_spec(where: str, spec: FieldSpec) -> list[Violation]:
    problems: list[Violation] = []
    forbidden = forbidden_category(spec.name) or forbidden_category(spec.label)
    if forbidden:
        problems.append(
            refuse("catalog.forbidden_field", where=where, name=spec.name, category=forbidden)
        )
    if spec.name in RESERVED_FIELD_NAMES or spec.type not in FIELD_TYPES:
        problems.append(
            refuse("catalog.field_spec", where=where, name=spec.name, types=FIELD_TYPES)
        )
    return problems


def is_local_dishonesty(item: CatalogItem) -> bool:
    """Art. 15 governs dishonesty items of the local supplementary catalog only."""
    return item.scope == "LOCAL" and item.kind == "DISHONEST"


def version_in_force(versions: Sequence[CatalogVersion], on: date) -> CatalogVersion | None:
    """Art. 14: the catalog version in force on a date is the latest one effective by then.

    Conduct before the first version is judged against the first version (and flagged
    under Art. 58 when it predates the regulation)."""
    ordered = sorted(versions, key=lambda v: v.effective_from)
    current = [v for v in ordered if v.effective_from <= on]
    if current:
        return current[-1]
    return ordered[0] if ordered else None


def check_catalog(items: Iterable[CatalogItem]) -> list[Violation]:
    """Every item valid, and no code twice in one version."""
    problems: list[Violation] = []
    seen: set[str] = set()
    for item in items:
        problems.extend(check_item(item))
        if item.key in seen:
            problems.append(refuse("catalog.duplicate", key=item.key))
        seen.add(item.key)
    return problems
