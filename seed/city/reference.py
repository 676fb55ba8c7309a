"""What the generator needs from ``seed/data``: catalog items per version, providers and
who may submit what, sector authorities and commitment items.

These files are read only to pick codes, fields and providers; the authoritative catalog
model lives elsewhere (``seed.catalog``, ``rules.catalog``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).parent.parent / "data"

# Providers that are not a sector's general authority, and the only items they provide here:
# the catalog allows any public provider of the item's sector, the generator is narrower.
_SPECIALISTS: dict[str, tuple[str, ...]] = {
    "P-REDCROSS": ("N-POS-BLOOD",),  # Art. 12 (2) blood donation
    "P-VOLUNTEER": ("N-POS-VOLUNTEER",),  # Art. 12 (2) volunteering
    "P-CHARITY": ("N-POS-CHARITY",),  # Art. 12 (2) charity
    "P-REALTY-REG": ("L-OTHER-REAL-ESTATE",),  # Art. 20 (3) real estate, by law
}


@dataclass(frozen=True)
class _Field:
    name: str
    label: str
    type: str
    required: bool


@dataclass(frozen=True)
class _Item:
    code: str
    version: int
    family: str
    kind: str
    art15: int | None
    subject_types: frozenset[str]
    provider_sectors: tuple[str, ...]
    provider_kinds: tuple[str, ...]
    fields: tuple[_Field, ...]


@dataclass(frozen=True)
class _Provider:
    id: str
    name: str
    family: str
    kind: str
    sector: str


@dataclass(frozen=True)
class _Commitment:
    code: str
    matter: str
    sector: str


@dataclass(frozen=True)
class _Reference:
    """What the generator needs from ``seed/data``: items per version, who may submit them."""

    items: dict[tuple[str, int], _Item]
    eligible: dict[tuple[str, int], tuple[_Provider, ...]]
    providers: dict[str, _Provider]
    authorities: dict[str, str]
    commitments: tuple[_Commitment, ...]

    def pool(self, kind: str, subject_type: str, version: int) -> tuple[_Item, ...]:
        """Public items of a kind a subject type can have under a catalog version."""
        return tuple(
            item
            for (_, v), item in self.items.items()
            if v == version
            and item.family == "PUBLIC"
            and item.kind == kind
            and subject_type in item.subject_types
            and self.eligible[(item.code, v)]
        )


def _read(name: str) -> dict[str, Any]:
    with (_DATA / name).open("rb") as fh:
        return tomllib.load(fh)


def _eligible(item: _Item, providers: Iterable[_Provider]) -> tuple[_Provider, ...]:
    """Providers the generator uses for an item: those the catalog allows (Art. 18, 19),
    specialised bodies (people's organizations, the registration centre) only for the
    info they actually hold."""
    if item.family == "MARKET":
        return tuple(p for p in providers if p.family == "MARKET" and p.kind in item.provider_kinds)
    return tuple(
        p
        for p in providers
        if p.family == "PUBLIC"
        and p.sector in item.provider_sectors
        and (p.kind != "PEOPLES_ORG" or p.id in _SPECIALISTS)
        and item.code in _SPECIALISTS.get(p.id, (item.code,))
    )


@cache
def _reference() -> _Reference:
    providers = {
        str(p["id"]): _Provider(
            str(p["id"]), str(p["name"]), str(p["family"]), str(p["kind"]), str(p["sector"])
        )
        for p in _read("providers.toml")["provider"]
    }
    items: dict[tuple[str, int], _Item] = {}
    for raw in _read("catalog.toml")["item"]:
        fields = tuple(
            _Field(str(f["name"]), str(f["label"]), str(f["type"]), bool(f["required"]))
            for f in raw["fields"]
        )
        for version in raw["versions"]:
            art15 = raw.get("art15_category")
            items[(str(raw["code"]), int(version))] = _Item(
                code=str(raw["code"]),
                version=int(version),
                family=str(raw["family"]),
                kind=str(raw["kind"]),
                art15=None if art15 is None else int(art15),
                subject_types=frozenset(str(s) for s in raw["subject_types"]),
                provider_sectors=tuple(str(s) for s in raw["provider_sectors"]),
                provider_kinds=tuple(str(s) for s in raw["provider_kinds"]),
                fields=fields,
            )
    return _Reference(
        items=items,
        eligible={key: _eligible(item, providers.values()) for key, item in items.items()},
        providers=providers,
        authorities={str(s["code"]): str(s["authority"]) for s in _read("sectors.toml")["sector"]},
        commitments=tuple(
            _Commitment(str(c["code"]), str(c["matter"]), str(c["sector"]))
            for c in _read("commitments.toml")["item"]
        ),
    )
