"""The access decision: one function, built on pycasbin, naming the line and the article.

``decide(role, channel, purpose, resource)`` is called once per request and resource
type (a record kind, a sensitive field category, an operation), never per row or field:
row filters and field masks are then compiled into the Cypher. Decisions are pure
functions of the policy files, so they are memoized until the policy is reloaded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from threading import Lock
from typing import Any

import casbin

from core.errors import CreditError
from core.settings import PROJECT_ROOT

POLICY_DIR = PROJECT_ROOT / "policies"

#: Art. 22: the five disclosure channels, plus the non-disclosure operations.
CHANNELS = ("PUBLIC", "GOV_SHARING", "BY_AUTHORITY", "SELF", "AUTHORIZED")
OPERATION_CHANNELS = ("SUBMIT", "AUDIT")


class AccessDenied(CreditError):
    """A policy line (or the absence of one) refused the request."""

    code = "ACCESS_DENIED"

    def __init__(self, message: str, decision: Decision):
        super().__init__(message, article=decision.article)
        self.decision = decision

    @property
    def extensions(self) -> dict[str, Any]:
        return {**super().extensions, "rule": self.decision.rule}


@dataclass(frozen=True)
class Decision:
    """Allowed or not, the policy line that decided, and the article it rests on."""

    allowed: bool
    rule: str
    article: int | None
    resource: str = ""
    #: The short id of the deciding line (``credit_policy.csv:138``), as the audit log
    #: records it next to the digest of the policy files that held it.
    line: str = "default-deny"

    def trace(self) -> dict[str, object]:
        return {
            "resource": self.resource,
            "allowed": self.allowed,
            "rule": self.rule,
            "article": self.article,
        }


class PolicyEngine:
    """Loads ``*_model.conf`` and ``*_policy.csv`` and answers decisions."""

    def __init__(self, model: Path | None = None, policy: Path | None = None) -> None:
        self.model = model or POLICY_DIR / "credit_model.conf"
        self.policy = policy or POLICY_DIR / "credit_policy.csv"
        self._lock = Lock()
        self._cache: dict[tuple[str, str, str, str], Decision] = {}
        self._enforcer = casbin.Enforcer(str(self.model), str(self.policy))
        self._lines = self._index_lines()
        self.digest = self._digest()

    def _digest(self) -> str:
        """Names the policy version an audit entry's line ids refer to."""
        h = hashlib.sha256(self.model.read_bytes())
        h.update(self.policy.read_bytes())
        return "sha256:" + h.hexdigest()[:16]

    def _index_lines(self) -> dict[tuple[str, ...], int]:
        lines: dict[tuple[str, ...], int] = {}
        text = self.policy.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(text, start=1):
            if line.startswith("p,"):
                lines[tuple(part.strip() for part in line.split(",")[1:])] = number
        return lines

    def reload(self) -> None:
        """Re-read the policy files (e.g. after a reviewed change)."""
        with self._lock:
            self._enforcer = casbin.Enforcer(str(self.model), str(self.policy))
            self._lines = self._index_lines()
            self.digest = self._digest()
            self._cache.clear()

    def decide(self, role: str, channel: str, purpose: str, resource: str) -> Decision:
        """May ``role`` reach ``resource`` over ``channel`` for ``purpose``?"""
        key = (role, channel, purpose, resource)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        allowed, explain = self._enforcer.enforce_ex(role, channel, purpose, resource)
        if explain:
            line = self._lines.get(tuple(explain), 0)
            rule = f"policies/{self.policy.name}:{line} p, {', '.join(explain)}"
            decision = Decision(
                bool(allowed), rule, int(explain[5]), resource, f"{self.policy.name}:{line}"
            )
        else:
            decision = Decision(False, "no policy line allows it (default deny)", 22, resource)
        self._cache[key] = decision
        return decision

    def require(self, role: str, channel: str, purpose: str, resource: str) -> Decision:
        """``decide``, raising ``AccessDenied`` when refused."""
        decision = self.decide(role, channel, purpose, resource)
        if not decision.allowed:
            raise AccessDenied(
                f"{role} may not reach {resource} over the {channel} channel for purpose "
                f"{purpose} ({decision.rule})",
                decision,
            )
        return decision
