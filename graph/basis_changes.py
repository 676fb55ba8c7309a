"""Revocation, change or voiding of the document behind a record (Art. 45).

A provider reports the change; the platform dates the notice, flags it late when it
arrives after 3 working days, and gives the operator 2 working days to act. Acting
revokes (or marks changed) the record as a new state in its history, never an overwrite.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from core.errors import BatchRefused, NotFound
from core.refusals import refuse
from graph.effects import Work
from rules.working_days import operator_deadline, report_is_late

CHANGES = {"REVOKED": "REVOKED", "VOID": "REVOKED", "CHANGED": "CORRECTED"}

_RECORD = """
MATCH (r:Record {id: $recordId})-[:RESTS_ON]->(b:BasisDocument)
RETURN r.provider AS provider, b.key AS basisKey, b.number AS number
"""
_REPORT = """
MATCH (r:Record {id: $recordId})-[:RESTS_ON]->(b:BasisDocument)
SET b.status = $change
CREATE (r)-[:BASIS_CHANGED]->(c:BasisChange)
SET c = $props
RETURN properties(c) AS c
"""
_CHANGE = """
MATCH (r:Record)-[:BASIS_CHANGED]->(c:BasisChange {id: $id})
RETURN properties(c) AS c, r.id AS recordId,
       COUNT { (r)-[:HAS_CHANGE]->() } AS changes
"""
_APPLY = """
MATCH (r:Record)-[:BASIS_CHANGED]->(c:BasisChange {id: $id})
SET r.status = $status, c.status = 'DONE', c.appliedOn = $today, c.appliedBy = $by,
    c.overdue = $today > c.dueBy
CREATE (r)-[:HAS_CHANGE]->(:RecordChange {seq: $seq, at: $today, by: $by, action: $status,
        status: $status, reason: $reason, document: c.document})
RETURN properties(c) AS c
"""
_PENDING = """
MATCH (r:Record)-[:BASIS_CHANGED]->(c:BasisChange {status: 'PENDING'})
RETURN collect(c {.*, overdue: $today > c.dueBy}) AS pending
"""


def report(
    provider: str, record_id: str, change: str, effective_on: date, document: str, today: date
) -> Work[dict[str, Any]]:
    """A provider reports that the document behind its record was revoked, changed or
    declared void on ``effective_on``; a notice after 3 working days is flagged late."""
    if change not in CHANGES:
        raise BatchRefused([refuse("basis_change.invalid_change", changes=", ".join(CHANGES))])
    if effective_on > today:
        raise BatchRefused([refuse("basis_change.effective_after_report")])
    rows = yield (_RECORD, {"recordId": record_id})
    if not rows:
        raise NotFound(f"no record {record_id!r} resting on a basis document")
    if rows[0]["provider"] != provider:
        raise BatchRefused([refuse("basis_change.not_provider")])
    deadline = operator_deadline(today)
    props = {
        "id": "BC-" + uuid.uuid4().hex[:16],
        "recordId": record_id,
        "provider": provider,
        "change": change,
        "effectiveOn": effective_on,
        "reportedOn": today,
        "document": document,
        "late": report_is_late(effective_on, today),
        "dueBy": deadline.due,
        "provisional": deadline.provisional,
        "status": "PENDING",
    }
    created = yield (_REPORT, {"recordId": record_id, "change": change, "props": props})
    return dict(created[0]["c"])


def apply(change_id: str, by: str, reason: str, today: date) -> Work[dict[str, Any]]:
    """The operator revokes or marks changed the record: a new state in its history."""
    rows = yield (_CHANGE, {"id": change_id})
    if not rows:
        raise NotFound(f"no basis change {change_id!r}")
    c = rows[0]["c"]
    if c["status"] != "PENDING":
        raise BatchRefused([refuse("basis_change.applied")])
    applied = yield (
        _APPLY,
        {
            "id": change_id,
            "status": CHANGES[c["change"]],
            "today": today,
            "by": by,
            "reason": reason,
            "seq": rows[0]["changes"] + 1,
        },
    )
    return dict(applied[0]["c"])


def pending(today: date) -> Work[list[dict[str, Any]]]:
    """Changes not yet applied, each with its due date and whether it is overdue."""
    rows = yield (_PENDING, {"today": today})
    return list(rows[0]["pending"])
