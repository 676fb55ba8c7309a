"""The sandbox's seeded graph, kept as a snapshot so that a reset takes seconds.

The city is seeded once through the validated ingest (deterministic: same size, same
seed, same city). Its nodes and relationships are then written to a JSON snapshot, and a
reset wipes the graph and re-creates exactly that snapshot with a few ``UNWIND`` writes
instead of running the ingest again (about ten times faster). The audit log is not part
of the snapshot: after a reset the sandbox API starts a new log.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

from core.errors import ConfigurationError
from graph.connection import Graph

#: Labels of the audit log: never part of the seed.
AUDIT_LABELS = ("AuditEntry", "AuditLeaf", "AuditLog", "AuditCheckpoint")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BATCH = 2000

_NODES = """
MATCH (n) WHERE none(l IN labels(n) WHERE l IN $audit)
RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props
ORDER BY id
"""
_RELS = """
MATCH (a)-[r]->(b)
WHERE none(l IN labels(a) WHERE l IN $audit) AND none(l IN labels(b) WHERE l IN $audit)
RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS type, properties(r) AS props
ORDER BY a, b, type
"""
_WIPE = """
MATCH (n) WHERE $all OR none(l IN labels(n) WHERE l IN $audit)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
"""


@dataclass(frozen=True)
class Snapshot:
    """A seeded graph: nodes (labels, properties) and relationships between them."""

    size: int
    seed: int
    nodes: list[tuple[list[str], dict[str, Any]]]
    rels: list[tuple[int, int, str, dict[str, Any]]]


def _plain(value: Any) -> Any:
    """A property value as JSON (dates and date-times tagged, so they come back typed)."""
    native = value.to_native() if hasattr(value, "to_native") else value
    if isinstance(native, datetime):
        return {"$datetime": native.isoformat()}
    if isinstance(native, date):
        return {"$date": native.isoformat()}
    if isinstance(native, list):
        return [_plain(v) for v in native]
    return native


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return value


def take(graph: Graph, size: int, seed: int) -> Snapshot:
    """Read the seeded graph (everything but the audit log)."""
    nodes = graph.run(_NODES, audit=list(AUDIT_LABELS))
    index = {row["id"]: i for i, row in enumerate(nodes)}
    rels = graph.run(_RELS, audit=list(AUDIT_LABELS))
    return Snapshot(
        size,
        seed,
        [(sorted(row["labels"]), dict(row["props"])) for row in nodes],
        [(index[r["a"]], index[r["b"]], r["type"], dict(r["props"])) for r in rels],
    )


def save(snapshot: Snapshot, path: Path) -> None:
    """Write the snapshot as JSON (atomically: a reset never reads half a file)."""
    doc = {
        "size": snapshot.size,
        "seed": snapshot.seed,
        "nodes": [[labels, {k: _plain(v) for k, v in p.items()}] for labels, p in snapshot.nodes],
        "rels": [[a, b, t, {k: _plain(v) for k, v in p.items()}] for a, b, t, p in snapshot.rels],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def load(path: Path) -> Snapshot:
    """Read a snapshot written by :func:`save`."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(
            f"the sandbox seed snapshot {path} cannot be read ({exc}): run "
            "`credit sandbox up` again, which seeds and snapshots the city"
        ) from None
    return Snapshot(
        int(doc["size"]),
        int(doc["seed"]),
        [(list(labels), {k: _typed(v) for k, v in p.items()}) for labels, p in doc["nodes"]],
        [
            (int(a), int(b), str(t), {k: _typed(v) for k, v in p.items()})
            for a, b, t, p in doc["rels"]
        ],
    )


def _checked(name: str) -> str:
    # Labels and types are spliced into the Cypher (they cannot be parameters): only
    # identifiers, which every label of the seed is.
    if not _NAME.match(name):
        raise ConfigurationError(f"the snapshot holds an unexpected label or type {name!r}")
    return f"`{name}`"


def _create_nodes(tx: ManagedTransaction, labels: str, props: list[dict[str, Any]]) -> list[str]:
    query = f"UNWIND $rows AS p CREATE (n{labels}) SET n = p RETURN elementId(n) AS id"
    return [record["id"] for record in tx.run(query, rows=props)]


def _create_rels(tx: ManagedTransaction, rel_type: str, rows: list[dict[str, Any]]) -> None:
    query = (
        "UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r.a MATCH (b) WHERE elementId(b) = r.b "
        f"CREATE (a)-[x:{rel_type}]->(b) SET x = r.p"
    )
    tx.run(query, rows=rows).consume()


def restore(graph: Graph, snapshot: Snapshot, *, keep_audit: bool = False) -> None:
    """Wipe the graph (its audit log too, unless ``keep_audit``) and re-create the
    snapshot. Constraints and indexes are schema, not data: they stay."""
    # CALL ... IN TRANSACTIONS runs only in an auto-commit transaction (session.run).
    with graph.driver.session(database=graph.database) as session:
        session.run(_WIPE, all=not keep_audit, audit=list(AUDIT_LABELS)).consume()
    ids: list[str] = [""] * len(snapshot.nodes)
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, (labels, _) in enumerate(snapshot.nodes):
        groups.setdefault(tuple(labels), []).append(i)
    for label_set, members in groups.items():
        spliced = "".join(f":{_checked(label)}" for label in label_set)
        for start in range(0, len(members), _BATCH):
            chunk = members[start : start + _BATCH]
            created = graph.write(_create_nodes, spliced, [snapshot.nodes[i][1] for i in chunk])
            for i, element_id in zip(chunk, created, strict=True):
                ids[i] = element_id
    by_type: dict[str, list[dict[str, Any]]] = {}
    for a, b, rel_type, props in snapshot.rels:
        by_type.setdefault(rel_type, []).append({"a": ids[a], "b": ids[b], "p": props})
    for rel_type, rows in by_type.items():
        for start in range(0, len(rows), _BATCH):
            graph.write(_create_rels, _checked(rel_type), rows[start : start + _BATCH])
