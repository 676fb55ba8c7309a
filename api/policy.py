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
class PolicyLine:
    """One ``p,`` line of a policy file, with the comment block it sits under."""

    number: int
    fields: tuple[str, ...]
    comment: str

    @property
    def article(self) -> int | None:
        """The article column when it names one of the regulation's 58 articles."""
        raw = self.fields[5] if len(self.fields) > 5 else ""
        return int(raw) if raw.isdigit() and 1 <= int(raw) <= 58 else None


def parse_lines(text: str) -> list[PolicyLine]:
    """The policy lines of a ``*_policy.csv`` text. A line's comment is the block of ``#``
    lines right above its run of policy lines (a section header such as ``# --- PUBLIC``
    counts; a bare ``#`` or a blank line ends a block)."""
    lines: list[PolicyLine] = []
    comment: list[str] = []
    in_run = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#"):
            body = line.lstrip("#").strip().strip("-").strip()
            if in_run or not body:  # a new block, or a bare "#" that ends one
                comment, in_run = [], False
            if body:
                comment.append(body)
        elif line.startswith("p,"):
            in_run = True
            fields = tuple(part.strip() for part in line.split(",")[1:])
            lines.append(PolicyLine(number, fields, " ".join(comment)))
        else:
            comment, in_run = [], False
    return lines


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
    #: The comment the deciding line sits under (why the line is there).
    comment: str = ""

    def trace(self) -> dict[str, object]:
        return {
            "resource": self.resource,
            "allowed": self.allowed,
            "rule": self.rule,
            "line": self.line,
            "article": self.article,
            "comment": self.comment,
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
        self.lines = parse_lines(self.policy.read_text(encoding="utf-8"))
        self._comments = {line.number: line.comment for line in self.lines}
        return {line.fields: line.number for line in self.lines}

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
                bool(allowed),
                rule,
                int(explain[5]),
                resource,
                f"{self.policy.name}:{line}",
                self._comments.get(line, ""),
            )
        else:
            decision = Decision(
                False,
                "no policy line allows it (default deny)",
                22,
                resource,
                comment="Art. 22: information is disclosed only through a channel a line allows",
            )
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
