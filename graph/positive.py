"""Deleting positive information at the subject's request (Art. 48)."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.errors import BatchRefused, NotFound
from core.refusals import refuse
from graph.effects import Work

_READ = """
MATCH (:Subject {key: $subjectKey})-[:HAS_RECORD]->(r:Record {id: $recordId})
RETURN r.kind AS kind, r.status AS status, COUNT { (r)-[:HAS_CHANGE]->() } AS changes
"""
_DELETE = """
MATCH (r:Record {id: $recordId})
SET r.status = 'DELETED'
CREATE (r)-[:HAS_CHANGE]->(:RecordChange {seq: $seq, at: $today, by: $subjectKey,
        action: 'DELETED_AT_REQUEST', status: 'DELETED', reason: $reason})
RETURN r.id AS id, r.status AS status
"""


def delete_at_request(
    subject_key: str, record_id: str, reason: str, today: date
) -> Work[dict[str, Any]]:
    """Art. 48: honours, volunteering and charity information is deleted when the subject
    asks; nothing else can be deleted this way."""
    rows = yield (_READ, {"subjectKey": subject_key, "recordId": record_id})
    if not rows:
        raise NotFound(f"no record {record_id!r} in your credit file")
    if rows[0]["kind"] != "POSITIVE":
        raise BatchRefused([refuse("positive.not_positive")])
    if rows[0]["status"] == "DELETED":
        raise BatchRefused([refuse("positive.already_deleted")])
    done = yield (
        _DELETE,
        {
            "recordId": record_id,
            "subjectKey": subject_key,
            "today": today,
            "reason": reason or "deleted at the subject's request",
            "seq": rows[0]["changes"] + 1,
        },
    )
    return dict(done[0])
