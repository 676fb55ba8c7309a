"""A subject's written authorization to query its non-public information (Art. 24, 39, 53)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.errors import Violation
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

    def refuse(code: str, message: str, article: int, where: str) -> None:
        problems.append(Violation(code, message, article, None, where))

    if grant.valid_to is None:
        refuse(
            "LIFELONG_AUTHORIZATION",
            "an authorization must end: open-ended or lifelong authorizations are forbidden",
            39,
            "validTo",
        )
    elif grant.valid_to <= grant.valid_from:
        refuse("INVALID_AUTHORIZATION", "an authorization must end after it starts", 39, "validTo")
    elif (grant.valid_to - grant.valid_from).days > max_days:
        refuse(
            "LIFELONG_AUTHORIZATION",
            f"an authorization may last at most {max_days} days",
            39,
            "validTo",
        )
    if grant.valid_from < today:
        refuse(
            "INVALID_AUTHORIZATION", "an authorization cannot start in the past", 39, "validFrom"
        )
    if grant.purpose not in PURPOSES or grant.purpose in ("NONE", "SELF_CHECK"):
        refuse(
            "UNKNOWN_PURPOSE",
            f"purpose {grant.purpose!r} is not one a subject can authorize",
            24,
            "purpose",
        )
    unknown = [c for c in grant.scope if c not in known_codes]
    if not grant.scope or unknown:
        refuse(
            "INVALID_SCOPE", f"the scope must name catalog items; unknown: {unknown}", 39, "scope"
        )
    if not grant.grantee.strip():
        refuse("INVALID_AUTHORIZATION", "the authorization names its grantee", 24, "grantee")
    if not grant.evidence.strip():
        refuse(
            "INVALID_AUTHORIZATION",
            "a written authorization names its signed document",
            24,
            "evidence",
        )
    return problems


def is_valid_on(valid_from: date, valid_to: date, revoked_on: date | None, on: date) -> bool:
    """An authorization counts from its start to its end, unless revoked before."""
    return valid_from <= on <= valid_to and (revoked_on is None or on < revoked_on)
