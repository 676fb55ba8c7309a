"""Read the reviewable reference data files in ``seed/data`` into typed, checked objects.

Loading refuses a file that breaks a rule — a local dishonesty item outside the six
Art. 15 categories, a forbidden field (Art. 20), a local punishment measure outside
the nine Art. 35 kinds — before anything reaches the graph.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import CatalogInvalid, Violation
from rules.catalog import CatalogItem, CatalogVersion, FieldSpec, check_catalog
from rules.collection import Provider
from rules.measures import Measure, check_measure

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Sector:
    """A sector and its credit authority (Art. 5)."""

    code: str
    name: str
    authority: str


@dataclass(frozen=True)
class CommitmentItem:
    """An item of the credit commitment list (Art. 32)."""

    code: str
    name: str
    matter: str
    sector: str
    content: str
    accept_with_deficiencies: bool


@dataclass(frozen=True)
class Reference:
    """All reference data, checked."""

    sectors: list[Sector]
    providers: list[Provider]
    versions: list[CatalogVersion]
    items: list[CatalogItem]
    measures: list[Measure]
    commitments: list[CommitmentItem]


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def parse_catalog(data: dict[str, Any]) -> tuple[list[CatalogVersion], list[CatalogItem]]:
    """Turn a catalog document into versions and per-version items, and check them."""
    versions = [
        CatalogVersion(int(v["year"]), v["effective_from"], str(v.get("approved_by", "")))
        for v in data.get("version", [])
    ]
    items: list[CatalogItem] = []
    for raw in data.get("item", []):
        fields = tuple(
            FieldSpec(
                name=f["name"],
                label=f.get("label", f["name"]),
                type=f.get("type", "string"),
                category=f.get("category", "NONE"),
                required=bool(f.get("required", False)),
            )
            for f in raw.get("fields", [])
        )
        for year in raw["versions"]:
            items.append(
                CatalogItem(
                    code=raw["code"],
                    version=int(year),
                    name=raw["name"],
                    scope=raw["scope"],
                    family=raw["family"],
                    kind=raw["kind"],
                    subject_types=tuple(raw["subject_types"]),
                    provider_sectors=tuple(raw.get("provider_sectors", [])),
                    provider_kinds=tuple(raw.get("provider_kinds", [])),
                    public=bool(raw["public"]),
                    shared=bool(raw["shared"]),
                    share_sectors=tuple(raw.get("share_sectors", [])),
                    publicity_months=int(raw.get("publicity_months", 0)),
                    retention_months=int(raw.get("retention_months", 0)),
                    consent_only=bool(raw.get("consent_only", False)),
                    on_repair=raw.get("on_repair", "MARK"),
                    fields=fields,
                    art15_category=raw.get("art15_category"),
                )
            )
    problems = check_catalog(items)
    known_years = {v.year for v in versions}
    for item in items:
        if item.version not in known_years:
            problems.append(
                Violation(
                    "UNKNOWN_CATALOG_VERSION",
                    f"{item.key} names version {item.version}, which the catalog does not define",
                    14,
                )
            )
    if problems:
        raise CatalogInvalid(problems)
    return versions, items


def parse_measures(data: dict[str, Any]) -> list[Measure]:
    """Turn a measure list document into measures, and check them (Art. 34, 35)."""
    measures = [
        Measure(
            code=m["code"],
            list=m["list"],
            scope=m["scope"],
            matter=m["matter"],
            target=m["target"],
            target_subject_types=tuple(m.get("target_subject_types", [])),
            means=m["means"],
            implementer=m["implementer"],
            basis=m["basis"],
            sectors=tuple(m.get("sectors", ["*"])),
            severity=m.get("severity", "DISHONEST"),
            art35_kind=m.get("art35_kind"),
            art33_kind=m.get("art33_kind"),
        )
        for m in data.get("measure", [])
    ]
    problems = [p for m in measures for p in check_measure(m)]
    if problems:
        raise CatalogInvalid(problems)
    return measures


def load(data_dir: Path = DATA_DIR) -> Reference:
    """Read and check every reference data file."""
    versions, items = parse_catalog(_read(data_dir / "catalog.toml"))
    sectors = [
        Sector(s["code"], s["name"], s["authority"])
        for s in _read(data_dir / "sectors.toml")["sector"]
    ]
    providers = [
        Provider(
            id=p["id"],
            name=p["name"],
            family=p["family"],
            kind=p["kind"],
            sector=p["sector"],
            public_body=bool(p["public_body"]),
            may_submit_roles=bool(p.get("may_submit_roles", False)),
        )
        for p in _read(data_dir / "providers.toml")["provider"]
    ]
    commitments = [
        CommitmentItem(
            code=c["code"],
            name=c["name"],
            matter=c["matter"],
            sector=c["sector"],
            content=c["content"],
            accept_with_deficiencies=bool(c["accept_with_deficiencies"]),
        )
        for c in _read(data_dir / "commitments.toml")["item"]
    ]
    measures = parse_measures(_read(data_dir / "measures.toml"))
    return Reference(sectors, providers, versions, items, measures, commitments)
