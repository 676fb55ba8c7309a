"""Reference data in the graph: sectors, providers, the versioned catalog, measure lists and
commitment items; and reading the catalog back for the ingest.

Reference data is loaded from ``seed/data`` by ``credit seed`` and is idempotent: loading
the same files twice changes nothing.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from neo4j import ManagedTransaction

from graph.connection import Graph
from graph.effects import Work
from rules.catalog import CatalogItem, CatalogVersion, FieldSpec
from rules.collection import Provider
from seed.catalog import Reference

_MERGE_SECTORS = """
UNWIND $rows AS row
MERGE (s:Sector {code: row.code})
SET s.name = row.name, s.authority = row.authority
"""
_MERGE_PROVIDERS = """
UNWIND $rows AS row
MERGE (p:Provider {id: row.id})
SET p.name = row.name, p.family = row.family, p.kind = row.kind, p.sector = row.sector,
    p.publicBody = row.public_body, p.maySubmitRoles = row.may_submit_roles
WITH p, row
MATCH (s:Sector {code: row.sector})
MERGE (p)-[:IN_SECTOR]->(s)
"""
_MERGE_VERSIONS = """
UNWIND $rows AS row
MERGE (v:CatalogVersion {year: row.year})
SET v.effectiveFrom = row.effective_from, v.approvedBy = row.approved_by
"""
_MERGE_ITEMS = """
UNWIND $rows AS row
MERGE (c:CatalogItem {key: row.key})
SET c += row.props
WITH c, row
MATCH (v:CatalogVersion {year: row.props.version})
MERGE (c)-[:IN_VERSION]->(v)
"""
_MERGE_MEASURES = """
UNWIND $rows AS row
MERGE (m:Measure {code: row.code})
SET m += row
"""
_MERGE_COMMITMENT_ITEMS = """
UNWIND $rows AS row
MERGE (c:CommitmentItem {code: row.code})
SET c += row
"""
_READ_VERSIONS = """
MATCH (v:CatalogVersion)
RETURN v.year AS year, v.effectiveFrom AS effectiveFrom, v.approvedBy AS approvedBy
ORDER BY year
"""
_READ_ITEMS = "MATCH (c:CatalogItem) WHERE c.code IN $codes RETURN properties(c) AS props"
_READ_PROVIDER = "MATCH (p:Provider {id: $id}) RETURN properties(p) AS props"


def _item_props(item: CatalogItem) -> dict[str, Any]:
    return {
        "code": item.code,
        "version": item.version,
        "name": item.name,
        "scope": item.scope,
        "family": item.family,
        "kind": item.kind,
        "art15Category": item.art15_category,
        "subjectTypes": list(item.subject_types),
        "providerSectors": list(item.provider_sectors),
        "providerKinds": list(item.provider_kinds),
        "public": item.public,
        "shared": item.shared,
        "shareSectors": list(item.share_sectors),
        "publicityMonths": item.publicity_months,
        "retentionMonths": item.retention_months,
        "consentOnly": item.consent_only,
        "onRepair": item.on_repair,
        # Neo4j properties cannot hold maps: the field list travels as JSON.
        "fieldsJson": json.dumps([dataclasses.asdict(f) for f in item.fields], ensure_ascii=False),
    }


def _item_from_props(props: dict[str, Any]) -> CatalogItem:
    return CatalogItem(
        code=props["code"],
        version=props["version"],
        name=props["name"],
        scope=props["scope"],
        family=props["family"],
        kind=props["kind"],
        subject_types=tuple(props["subjectTypes"]),
        provider_sectors=tuple(props["providerSectors"]),
        provider_kinds=tuple(props["providerKinds"]),
        public=props["public"],
        shared=props["shared"],
        share_sectors=tuple(props["shareSectors"]),
        publicity_months=props["publicityMonths"],
        retention_months=props["retentionMonths"],
        consent_only=props["consentOnly"],
        on_repair=props["onRepair"],
        fields=tuple(FieldSpec(**f) for f in json.loads(props["fieldsJson"])),
        art15_category=props.get("art15Category"),
    )


def store(graph: Graph, ref: Reference) -> None:
    """Write all reference data in one transaction."""

    def work(tx: ManagedTransaction) -> None:
        tx.run(_MERGE_SECTORS, rows=[dataclasses.asdict(s) for s in ref.sectors]).consume()
        tx.run(_MERGE_PROVIDERS, rows=[dataclasses.asdict(p) for p in ref.providers]).consume()
        tx.run(_MERGE_VERSIONS, rows=[dataclasses.asdict(v) for v in ref.versions]).consume()
        items = [{"key": i.key, "props": _item_props(i)} for i in ref.items]
        tx.run(_MERGE_ITEMS, rows=items).consume()
        measures = [
            {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(m).items()}
            for m in ref.measures
        ]
        tx.run(_MERGE_MEASURES, rows=measures).consume()
        commitments = [dataclasses.asdict(c) for c in ref.commitments]
        tx.run(_MERGE_COMMITMENT_ITEMS, rows=commitments).consume()

    graph.write(work)


def read_versions() -> Work[list[CatalogVersion]]:
    """The catalog versions in the graph (Art. 14)."""
    rows = yield (_READ_VERSIONS, {})
    return [
        CatalogVersion(r["year"], r["effectiveFrom"].to_native(), r["approvedBy"] or "")
        for r in rows
    ]


def read_items(codes: list[str]) -> Work[dict[str, CatalogItem]]:
    """Every version of the named catalog items, keyed ``code@version``."""
    rows = yield (_READ_ITEMS, {"codes": codes})
    items = (_item_from_props(r["props"]) for r in rows)
    return {item.key: item for item in items}


def read_provider(provider_id: str) -> Work[Provider | None]:
    """A provider by id, or None."""
    rows = yield (_READ_PROVIDER, {"id": provider_id})
    if not rows:
        return None
    p = rows[0]["props"]
    return Provider(
        id=p["id"],
        name=p["name"],
        family=p["family"],
        kind=p["kind"],
        sector=p["sector"],
        public_body=p["publicBody"],
        may_submit_roles=p["maySubmitRoles"],
    )
