"""Webhook endpoints of notice recipients and the delivery record of each notice (Art. 47)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.effects import Work

_REGISTER = """
MERGE (h:Webhook {org: $org})
SET h.url = $url, h.registeredAt = $at, h.registeredBy = $by
RETURN properties(h) AS h
"""
_PENDING_FOR = """
MATCH (w:WithdrawalNotice {status: 'PENDING'}) WHERE w.id IN $ids
MATCH (h:Webhook {org: w.recipient})
RETURN properties(w) AS notice, h.url AS url
"""
_DELIVERED = """
UNWIND $rows AS row
MATCH (w:WithdrawalNotice {id: row.id})
SET w.deliveryAttempts = coalesce(w.deliveryAttempts, 0) + 1, w.lastDeliveryAt = $at,
    w.deliveredAt = CASE WHEN row.ok THEN coalesce(w.deliveredAt, $at) ELSE w.deliveredAt END,
    w.lastDeliveryError = row.error
"""


def register(org: str, url: str, by: str, at: datetime) -> Work[dict[str, Any]]:
    """Where ``org`` receives its withdrawal notices (one endpoint per organization)."""
    rows = yield (_REGISTER, {"org": org, "url": url, "by": by, "at": at})
    return dict(rows[0]["h"])


def deliverable(notice_ids: list[str]) -> Work[list[dict[str, Any]]]:
    """Pending notices among ``notice_ids`` whose recipient registered an endpoint."""
    rows = yield (_PENDING_FOR, {"ids": notice_ids})
    return [dict(r) for r in rows]


def record_deliveries(results: list[dict[str, Any]], at: datetime) -> Work[None]:
    """Keep each attempt's outcome on its notice."""
    yield (_DELIVERED, {"rows": results, "at": at})
