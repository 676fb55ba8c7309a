"""Complaints in the graph (Art. 38): filed by a subject against a provider, agency or the
operator, answered by the coordinator with the accountability measure taken (Art. 56)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from core.errors import BatchRefused, NotFound
from graph.effects import Work
from rules.complaints import check_answer, check_complaint
from rules.working_days import add_working_days

_BODIES = "MATCH (p:Provider) RETURN collect(p.id) AS ids"
_FILE = """
MATCH (s:Subject {key: $subjectKey}), (p:Provider {id: $against})
CREATE (s)-[:COMPLAINED]->(c:Complaint)-[:AGAINST]->(p)
SET c = $props
RETURN properties(c) AS c
"""
_READ = "MATCH (c:Complaint {id: $id}) RETURN properties(c) AS c"
_ANSWER = """
MATCH (c:Complaint {id: $id})
SET c.status = 'ANSWERED', c.finding = $finding, c.reply = $reply, c.action = $action,
    c.answeredOn = $today, c.answeredBy = $by
RETURN properties(c) AS c
"""
_MINE = """
MATCH (:Subject {key: $subjectKey})-[:COMPLAINED]->(c:Complaint)
RETURN properties(c) AS c ORDER BY c.filedOn DESC, c.id
"""
_OPEN = """
MATCH (c:Complaint {status: 'RECEIVED'})
RETURN properties(c) AS c ORDER BY c.dueBy, c.id
"""


def file(
    subject_key: str, against: str, details: str, today: date, days: int
) -> Work[dict[str, Any]]:
    """Art. 38: the subject complains about a body handling its credit information."""
    bodies = yield (_BODIES, {})
    problems = check_complaint(against, details, set(bodies[0]["ids"]))
    if problems:
        raise BatchRefused(problems)
    deadline = add_working_days(today, days)
    props = {
        "id": "CP-" + uuid.uuid4().hex[:16],
        "against": against,
        "details": details,
        "filedOn": today,
        "dueBy": deadline.due,
        "provisional": deadline.provisional,
        "status": "RECEIVED",
    }
    rows = yield (_FILE, {"subjectKey": subject_key, "against": against, "props": props})
    if not rows:
        raise NotFound("no credit file for you")
    return dict(rows[0]["c"])


def answer(
    complaint_id: str, finding: str, reply: str, action: str, by: str, today: date
) -> Work[dict[str, Any]]:
    """Art. 38, 56: the coordinator answers, naming the accountability measure if due."""
    rows = yield (_READ, {"id": complaint_id})
    if not rows:
        raise NotFound(f"no complaint {complaint_id!r}")
    problems = check_answer(rows[0]["c"]["status"], finding, reply, action)
    if problems:
        raise BatchRefused(problems)
    done = yield (
        _ANSWER,
        {"id": complaint_id, "finding": finding, "reply": reply, "action": action or None,
         "today": today, "by": by},
    )  # fmt: skip
    return dict(done[0]["c"])


def mine(subject_key: str) -> Work[list[dict[str, Any]]]:
    """A subject's complaints and their answers."""
    rows = yield (_MINE, {"subjectKey": subject_key})
    return [dict(r["c"]) for r in rows]


def open_complaints() -> Work[list[dict[str, Any]]]:
    """Complaints awaiting an answer, the most urgent first."""
    rows = yield (_OPEN, {})
    return [dict(r["c"]) for r in rows]
