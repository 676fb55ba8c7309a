"""Withdrawal notices (Art. 47): read by their recipients, acknowledged, and listed when
overdue for the operator to follow up."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.errors import BatchRefused, NotFound
from core.refusals import refuse
from graph.effects import Work
from rules.repair import NOTIFIED_CHANNELS

_MINE = """
MATCH (w:WithdrawalNotice {recipient: $org})
WHERE $pending IS NULL OR (w.status = 'PENDING') = $pending
RETURN properties(w) AS w ORDER BY w.issuedOn DESC, w.id
"""
_ACK = """
MATCH (w:WithdrawalNotice {id: $id, recipient: $org})
WITH w, w.status AS before
SET w.status = 'ACKNOWLEDGED', w.acknowledgedOn = coalesce(w.acknowledgedOn, $today),
    w.acknowledgedBy = $by, w.action = $action
RETURN properties(w) AS w, before
"""
_OVERDUE = """
MATCH (w:WithdrawalNotice {status: 'PENDING'}) WHERE w.ackBy < $today
RETURN properties(w) AS w ORDER BY w.ackBy, w.id
"""


def mine(org: str, pending: bool | None) -> Work[list[dict[str, Any]]]:
    """The notices sent to ``org``."""
    rows = yield (_MINE, {"org": org, "pending": pending})
    return [dict(r["w"]) for r in rows]


def acknowledge(
    notice_id: str, org: str, by: str, action: str, today: date
) -> Work[dict[str, Any]]:
    """Art. 47: the recipient confirms it stopped using the information and took it down."""
    if not action.strip():
        raise BatchRefused([refuse("withdrawal.action")])
    rows = yield (_ACK, {"id": notice_id, "org": org, "by": by, "action": action, "today": today})
    if not rows:
        raise NotFound(f"no withdrawal notice {notice_id!r} addressed to you")
    if rows[0]["before"] != "PENDING":
        raise BatchRefused([refuse("withdrawal.acknowledged")])
    return dict(rows[0]["w"])


def overdue(today: date) -> Work[list[dict[str, Any]]]:
    """Notices not acknowledged by their deadline (Art. 47: the platform tracks it)."""
    rows = yield (_OVERDUE, {"today": today})
    return [dict(r["w"]) for r in rows]


#: Dishonesty records whose publicity period is over, not yet followed by notices, that
#: reached someone through a channel whose recipients must take it down (Art. 47).
_EXPIRED = """
MATCH (s:Subject)-[:HAS_RECORD]->(r:Record {kind: 'DISHONEST'})-[:UNDER]->(c:CatalogItem)
WHERE r.publicUntil < $today AND r.expiryNotified IS NULL
  AND EXISTS { (s)<-[:CONCERNS]-(e:AuditEntry) WHERE e.channel IN $channels }
RETURN r.id AS recordId, s.key AS subjectKey, c.code AS code
ORDER BY r.publicUntil, r.id LIMIT $limit
"""
_EXPIRY_DONE = "UNWIND $ids AS id MATCH (r:Record {id: id}) SET r.expiryNotified = $today"


def issue_expiry_notices(today: date, ack_days: int, limit: int = 500) -> Work[list[str]]:
    """Art. 47: when a publicity period ends, whoever collected the information through an
    authorized query is told to stop using it and take it down (disclosure itself already
    stops at query time). Returns the ids of the notices issued."""
    from graph.repairs import notify

    params = {"today": today, "limit": limit, "channels": list(NOTIFIED_CHANNELS)}
    rows = yield (_EXPIRED, params)
    issued: list[str] = []
    for row in rows:
        issued += yield from notify(
            row["subjectKey"], row["recordId"], row["code"], "PUBLICITY_ENDED", today, ack_days
        )
    if rows:
        yield (_EXPIRY_DONE, {"ids": [r["recordId"] for r in rows], "today": today})
    return issued
