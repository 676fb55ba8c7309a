"""One error hierarchy for the whole platform.

Every error has a stable ``code`` (the API puts it in ``extensions.code``), a message a
person can act on, and, when a rule of the regulation refused the input, the ``article``
that rule rests on. Unexpected exceptions are never shown to callers as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Violation:
    """One refused item of an input: what is wrong, where, and under which article.

    ``item`` is the position of the refused element in its batch (``None`` for the
    batch itself), ``field`` the offending field when there is one.
    """

    code: str
    message: str
    article: int | None = None
    item: int | None = None
    field: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "article": self.article,
            "item": self.item,
            "field": self.field,
        }


class CreditError(Exception):
    """Base of every error the platform raises on purpose."""

    code: str = "CREDIT_ERROR"
    article: int | None = None

    def __init__(self, message: str, *, code: str | None = None, article: int | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if article is not None:
            self.article = article

    @property
    def extensions(self) -> dict[str, Any]:
        """What GraphQL puts in ``errors[].extensions`` (graphql-core reads this attribute)."""
        ext: dict[str, Any] = {"code": self.code}
        if self.article is not None:
            ext["article"] = self.article
        violations = getattr(self, "violations", None)
        if violations:
            ext["violations"] = [v.as_dict() for v in violations]
        return ext


class ConfigurationError(CreditError):
    """The platform cannot start or run as configured; the message says how to fix it."""

    code = "CONFIGURATION"


class Neo4jUnavailable(ConfigurationError):
    """The graph database is not reachable, not installed or did not start."""

    code = "NEO4J_UNAVAILABLE"


class NotFound(CreditError):
    """A named thing (subject, record, catalog item, provider) does not exist."""

    code = "NOT_FOUND"


class RuleViolation(CreditError):
    """A rule of the regulation refused an input; nothing of it was written."""

    code = "RULE_VIOLATION"

    def __init__(self, violation: Violation):
        super().__init__(violation.message, code=violation.code, article=violation.article)
        self.violation = violation


class BatchRefused(CreditError):
    """A batch had refused items: every one of them is listed and nothing was written."""

    code = "BATCH_REFUSED"

    def __init__(self, violations: list[Violation]):
        self.violations = violations
        first = violations[0].message if violations else ""
        super().__init__(f"{len(violations)} item(s) refused, nothing written; first: {first}")


class CatalogInvalid(CreditError):
    """A catalog file breaks a rule (e.g. a local dishonesty item outside Art. 15)."""

    code = "CATALOG_INVALID"

    def __init__(self, violations: list[Violation]):
        self.violations = violations
        lines = "; ".join(v.message for v in violations)
        article = violations[0].article if violations else None
        super().__init__(f"catalog refused: {lines}", article=article)
