"""A subject's written authorization to query its non-public information (Art. 24, 39, 53)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.errors import Violation
from core.refusals import refuse
from rules.purposes import PURPOSES

#: Art. 39: no one-time lifelong authorization; this is the default longest validity.
MAX_AUTHORIZATION_DAYS = 366


@dataclass(frozen=True)
class AuthorizationIn:
    """What a subject grants: who, which catalog items, for which purpose, until when."""

    grantee: str
    scope: tuple[str, ...]
    purpose: str
    valid_from: date
    valid_to: date | None
    evidence: str


def check_authorization(
    grant: AuthorizationIn,
    known_codes: Sequence[str],
    today: date,
    max_days: int = MAX_AUTHORIZATION_DAYS,
) -> list[Violation]:
    """Art. 24: a written authorization for an agreed purpose; Art. 39: scoped, dated and
    never lifelong or open-ended."""
    problems: list[Violation] = []
    if grant.valid_to is None:
        problems.append(refuse("authorization.open_ended"))
    elif grant.valid_to <= grant.valid_from:
        problems.append(refuse("authorization.ends_before_start"))
    elif (grant.valid_to - grant.valid_from).days > max_days:
        problems.append(refuse("authorization.too_long", days=max_days))
    if grant.valid_from < today:
        problems.append(refuse("authorization.starts_in_past"))
    if grant.purpose not in PURPOSES or grant.purpose in ("NONE", "SELF_CHECK"):
        problems.append(refuse("authorization.purpose", purpose=grant.purpose))
    unknown = [c for c in grant.scope if c not in known_codes]
    if not grant.scope or unknown:
        problems.append(refuse("authorization.scope", unknown=unknown))
    if not grant.grantee.strip():
        problems.append(refuse("authorization.grantee"))
    if not grant.evidence.strip():
        problems.append(refuse("authorization.evidence"))
    return problems


def is_valid_on(valid_from: date, valid_to: date, revoked_on: date | None, on: date) -> bool:
    """An authorization counts from its start to its end, unless revoked before."""
    return valid_from <= on <= valid_to and (revoked_on is None or on < revoked_on)
