"""Objections in the graph (Art. 41, 42): filed by the subject, marked on the record in
every channel while pending, verified by the operator with a reply."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from core.errors import BatchRefused, NotFound
from graph.effects import Work
from graph.reference import read_items
from rules.objections import (
    DECISIONS,
    check_corrections,
    check_decision,
    check_objection,
    verifier_problem,
)
from rules.working_days import add_working_days

_FILE = """
MATCH (s:Subject {key: $subjectKey})-[:HAS_RECORD]->(r:Record {id: $recordId})
WHERE r.status IN ['ACTIVE', 'PENDING_REVIEW']
CREATE (s)-[:OBJECTED]->(o:Objection)-[:TO_RECORD]->(r)
SET o = $props, r.objection = $props.id
RETURN properties(o) AS o
"""
_READ = """
MATCH (o:Objection {id: $id})-[:TO_RECORD]->(r:Record)
RETURN properties(o) AS o, COUNT { (r)-[:HAS_CHANGE]->() } AS changes, r.family AS family,
       r.provider AS provider, r.catalogCode AS code, r.catalogVersion AS version,
       r {.*} AS record
"""
_DECIDE = """
MATCH (o:Objection {id: $id})-[:TO_RECORD]->(r:Record)
SET o.status = 'DONE', o.decision = $decision, o.reply = $reply, o.decidedOn = $today,
    o.decidedBy = $by, r.objection = null, r.status = coalesce($status, r.status)
SET r += $corrected
CREATE (r)-[:HAS_CHANGE]->(:RecordChange {seq: $seq, at: $today, by: $by,
        action: 'OBJECTION_' + $decision, status: r.status, reason: $reply,
        document: o.id, previous: $previous})
RETURN properties(o) AS o
"""


def file(
    subject_key: str, record_id: str, ground: int, reasons: str, today: date, days: int
) -> Work[dict[str, Any]]:
    """Art. 41: the subject objects in writing to one of its own records."""
    problems = check_objection(ground, reasons)
    if problems:
        raise BatchRefused(problems)
    deadline = add_working_days(today, days)
    props = {
        "id": "OB-" + uuid.uuid4().hex[:16],
        "recordId": record_id,
        "ground": ground,
        "reasons": reasons,
        "filedOn": today,
        "dueBy": deadline.due,
        "provisional": deadline.provisional,
        "status": "PENDING",
    }
    rows = yield (_FILE, {"subjectKey": subject_key, "recordId": record_id, "props": props})
    if not rows:
        raise NotFound(f"no current record {record_id!r} in your credit file")
    return dict(rows[0]["o"])


def decide(
    objection_id: str,
    decision: str,
    reply: str,
    by: str,
    today: date,
    role: str = "OPERATOR",
    corrections: dict[str, Any] | None = None,
) -> Work[dict[str, Any]]:
    """Art. 42: verified and answered; a deletion takes the record out of every channel
    but the subject's own, where the change and its reason stay in the history."""
    rows = yield (_READ, {"id": objection_id})
    if not rows:
        raise NotFound(f"no objection {objection_id!r}")
    problems = check_decision(rows[0]["o"]["status"], decision, reply)
    verifier = verifier_problem(rows[0]["family"], rows[0]["provider"], role, by)
    if verifier is not None:
        problems.append(verifier)
    corrected: dict[str, Any] = {}
    previous = None
    if decision == "CORRECT" and not problems:
        row = rows[0]
        items = yield from read_items([row["code"]])
        item = items[f"{row['code']}@{row['version']}"]
        corrected, wrong = check_corrections(item, corrections or {})
        problems += wrong
        # The values before the correction stay in the history (Art. 39, 40).
        previous = json.dumps(
            {k: _plain(row["record"].get(k)) for k in corrected}, ensure_ascii=False
        )
    if problems:
        raise BatchRefused(problems)
    done = yield (
        _DECIDE,
        {
            "id": objection_id,
            "decision": decision,
            "reply": reply,
            "today": today,
            "by": by,
            "status": DECISIONS[decision],
            "seq": rows[0]["changes"] + 1,
            "corrected": corrected,
            "previous": previous,
        },
    )
    return dict(done[0]["o"])


def _plain(value: Any) -> Any:
    return value.iso_format() if hasattr(value, "iso_format") else value
