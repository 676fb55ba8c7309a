"""Credit commitments in the graph (Art. 32): made by a subject, decided by the sector
authority; a false or broken one becomes a dishonesty record through the validated
ingest, in the same transaction (Art. 15 item 2)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from core.errors import BatchRefused, NotFound
from core.submission import Batch, SubjectRef
from graph.effects import Work
from graph.ingest import ingest
from rules.commitments import (
    DISHONEST_OUTCOMES,
    check_decision,
    dishonesty_record,
    qualifies_for_deficiencies,
)

_ITEM_AND_STANDING = """
MATCH (s:Subject {key: $subjectKey})
MATCH (i:CommitmentItem {code: $item})
RETURN i.accept_with_deficiencies AS allows,
       COUNT { (s)-[:HAS_RECORD]->(r:Record {kind: 'DISHONEST'})
               WHERE r.status = 'ACTIVE' } AS dishonest
"""
_CREATE = """
MATCH (s:Subject {key: $subjectKey})
MATCH (i:CommitmentItem {code: $item})
CREATE (s)-[:COMMITTED]->(c:Commitment)-[:FOR_ITEM]->(i)
SET c = $props
RETURN properties(c) AS c
"""
_READ = """
MATCH (s:Subject)-[:COMMITTED]->(c:Commitment {id: $id})-[:FOR_ITEM]->(i:CommitmentItem)
RETURN properties(c) AS c, i.sector AS sector, i.matter AS matter, s.idType AS idType,
       s.number AS number, s.name AS name
"""
_DECIDE = """
MATCH (c:Commitment {id: $id})
SET c.status = $status, c.decidedOn = $today, c.decidedBy = $by, c.reason = $reason,
    c.document = $document, c.recordId = $recordId
RETURN properties(c) AS c
"""


def make(subject_key: str, item: str, today: date) -> Work[dict[str, Any]]:
    """A subject commits to a listed commitment item; says whether it may be accepted with
    deficiencies (no active dishonesty record, Art. 32 second paragraph)."""
    rows = yield (_ITEM_AND_STANDING, {"subjectKey": subject_key, "item": item})
    if not rows:
        raise NotFound(f"no commitment item {item!r} on the list (Art. 32), or no credit file")
    props = {
        "id": "CM-" + uuid.uuid4().hex[:16],
        "item": item,
        "status": "PENDING",
        "committedOn": today,
        "acceptWithDeficiencies": qualifies_for_deficiencies(
            bool(rows[0]["allows"]), int(rows[0]["dishonest"])
        ),
    }
    created = yield (_CREATE, {"subjectKey": subject_key, "item": item, "props": props})
    return dict(created[0]["c"])


def decide(
    commitment_id: str,
    outcome: str,
    reason: str,
    document: str,
    provider: str,
    sector: str | None,
    today: date,
) -> Work[dict[str, Any]]:
    """The sector authority decides; a false or broken commitment is recorded as
    dishonesty through the validated ingest, or nothing is written."""
    rows = yield (_READ, {"id": commitment_id})
    if not rows:
        raise NotFound(f"no commitment {commitment_id!r}")
    row = rows[0]
    c = row["c"]
    problem = check_decision(c["status"], outcome, row["sector"], sector)
    if problem is not None:
        raise BatchRefused([problem])
    record_id = None
    if outcome in DISHONEST_OUTCOMES:
        subject = SubjectRef(row["idType"], row["number"], row["name"])
        record = dishonesty_record(
            commitment_id,
            subject,
            c["item"],
            row["matter"],
            outcome,
            c["committedOn"].to_native(),
            today,
            provider,
            document,
        )
        report = yield from ingest(Batch(provider, [record]), today)
        if report.violations:
            raise BatchRefused(report.violations)
        record_id = f"{provider}|{record.source_id}"
    decided = yield (
        _DECIDE,
        {
            "id": commitment_id,
            "status": outcome,
            "today": today,
            "by": provider,
            "reason": reason,
            "document": document,
            "recordId": record_id,
        },
    )
    return dict(decided[0]["c"])
