"""Objections to synchronized marks (Art. 31, 41, 42): the marked person objects; the
listing authority verifies; an upheld objection ends that person's mark only."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.errors import BatchRefused, NotFound
from core.refusals import refuse
from graph.effects import Work
from rules.listing_procedure import check_mark_answer, check_mark_objection

_READ = """
MATCH (p:Subject {key: $personKey})-[:HAS_MARK]->(m:Mark)-[:FOR_LISTING]->(l:Listing {id: $id})
RETURN m.key AS key, m.active AS active, coalesce(m.objectionPending, false) AS pending,
       l.sector AS sector
"""
_OBJECT = """
MATCH (m:Mark {key: $key})
SET m.objectionPending = true, m.objection = $reasons, m.objectedOn = $today
RETURN properties(m) AS m
"""
_ANSWER = """
MATCH (m:Mark {key: $key})
SET m.objectionPending = false, m.objectionReply = $reply, m.answeredOn = $today,
    m.answeredBy = $by,
    m.active = CASE WHEN $upheld THEN false ELSE m.active END,
    m.endedOn = CASE WHEN $upheld THEN $today ELSE m.endedOn END,
    m.endReason = CASE WHEN $upheld THEN 'objection upheld: ' + $reply ELSE m.endReason END
RETURN properties(m) AS m
"""


def _mark(person_key: str, listing_id: str) -> Work[dict[str, Any]]:
    rows = yield (_READ, {"personKey": person_key, "id": listing_id})
    if not rows:
        raise NotFound(f"no mark of that person for listing {listing_id!r}")
    return dict(rows[0])


def object_to(person_key: str, listing_id: str, reasons: str, today: date) -> Work[dict[str, Any]]:
    """Art. 41: the marked person objects; the mark carries an objection mark meanwhile."""
    mark = yield from _mark(person_key, listing_id)
    problems = check_mark_objection(mark["active"], mark["pending"], reasons)
    if problems:
        raise BatchRefused(problems)
    rows = yield (_OBJECT, {"key": mark["key"], "reasons": reasons, "today": today})
    return dict(rows[0]["m"])


def answer(
    person_key: str,
    listing_id: str,
    upheld: bool,
    reply: str,
    by: str,
    sector: str | None,
    today: date,
) -> Work[dict[str, Any]]:
    """Art. 42: the listing authority verifies and answers; upheld ends this mark alone."""
    mark = yield from _mark(person_key, listing_id)
    if mark["sector"] != sector:
        raise BatchRefused([refuse("mark.not_listing_authority")])
    problems = check_mark_answer(mark["pending"], reply)
    if problems:
        raise BatchRefused(problems)
    rows = yield (
        _ANSWER,
        {"key": mark["key"], "upheld": upheld, "reply": reply, "today": today, "by": by},
    )
    return dict(rows[0]["m"])
