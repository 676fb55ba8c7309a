"""Authorizations in the graph: a subject's (Art. 24, 39) and a provider's (Art. 53).

History is kept: revoking sets ``revokedOn`` and the reason, it never deletes.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from core.errors import BatchRefused, NotFound
from core.refusals import refuse
from graph.effects import Work
from rules.authorization import AuthorizationIn, check_authorization

_CODES = "MATCH (c:CatalogItem) RETURN collect(DISTINCT c.code) AS codes"
_CREATE = """
MATCH (s:Subject {key: $subjectKey})
CREATE (a:Authorization)
SET a = $props
CREATE (s)-[:GRANTED]->(a)
RETURN properties(a) AS a
"""
_REVOKE = """
MATCH (s:Subject {key: $subjectKey})-[:GRANTED]->(a:Authorization {id: $id})
SET a.revokedOn = coalesce(a.revokedOn, $today), a.revokedReason = coalesce(a.revokedReason,
    $reason)
RETURN properties(a) AS a
"""
_GET = """
MATCH (s:Subject)-[:GRANTED]->(a:Authorization {id: $id})
RETURN properties(a) AS a, s.key AS grantor
"""
_CREATE_PROVIDER_GRANT = """
MATCH (p:Provider {id: $provider})
CREATE (g:ProviderAuthorization)
SET g = $props
CREATE (p)-[:AUTHORIZED]->(g)
RETURN properties(g) AS g
"""
_PROVIDER_GRANTS = """
MATCH (g:ProviderAuthorization {agency: $agency})
WHERE g.validFrom <= $today AND $today <= g.validTo AND g.revokedOn IS NULL
RETURN g.provider AS provider, g.scope AS codes
"""


def grant(
    subject_key: str, grant_in: AuthorizationIn, today: date, max_days: int
) -> Work[dict[str, Any]]:
    """Record a subject's authorization, or raise ``BatchRefused`` with every problem."""
    rows = yield (_CODES, {})
    problems = check_authorization(grant_in, rows[0]["codes"], today, max_days)
    if problems:
        raise BatchRefused(problems)
    props = {
        "id": "A-" + uuid.uuid4().hex[:16],
        "grantor": subject_key,
        "grantee": grant_in.grantee,
        "scope": list(grant_in.scope),
        "purpose": grant_in.purpose,
        "validFrom": grant_in.valid_from,
        "validTo": grant_in.valid_to,
        "evidence": grant_in.evidence,
        "grantedOn": today,
    }
    created = yield (_CREATE, {"subjectKey": subject_key, "props": props})
    if not created:
        raise NotFound(f"no credit file {subject_key!r} to grant from")
    return dict(created[0]["a"])


def revoke(
    subject_key: str, authorization_id: str, today: date, reason: str
) -> Work[dict[str, Any]]:
    """Revoke one's own authorization (Art. 39): it stops counting from today."""
    rows = yield (
        _REVOKE,
        {"subjectKey": subject_key, "id": authorization_id, "today": today, "reason": reason},
    )
    if not rows:
        raise NotFound(f"you granted no authorization {authorization_id!r}")
    return dict(rows[0]["a"])


def get(authorization_id: str) -> Work[tuple[dict[str, Any], str] | None]:
    """An authorization and its grantor's key."""
    rows = yield (_GET, {"id": authorization_id})
    return (dict(rows[0]["a"]), str(rows[0]["grantor"])) if rows else None


def grant_provider(
    provider_id: str, agency: str, scope: list[str], valid_from: date, valid_to: date
) -> Work[dict[str, Any]]:
    """Art. 53: a provider authorizes a credit service agency to receive some items."""
    if valid_to <= valid_from or (valid_to - valid_from).days > 366:
        raise BatchRefused([refuse("authorization.provider_period")])
    props = {
        "id": "PA-" + uuid.uuid4().hex[:16],
        "provider": provider_id,
        "agency": agency,
        "scope": scope,
        "validFrom": valid_from,
        "validTo": valid_to,
    }
    rows = yield (_CREATE_PROVIDER_GRANT, {"provider": provider_id, "props": props})
    if not rows:
        raise NotFound(f"no provider {provider_id!r}")
    return dict(rows[0]["g"])


def provider_grants(agency: str, today: date) -> Work[list[tuple[str, tuple[str, ...]]]]:
    """The providers that currently authorize an agency, with their catalog items."""
    rows = yield (_PROVIDER_GRANTS, {"agency": agency, "today": today})
    return [(r["provider"], tuple(r["codes"])) for r in rows]
