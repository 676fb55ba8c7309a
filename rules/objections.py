"""Objections to public credit information (Art. 41, 42)."""

from __future__ import annotations

from typing import Any

from core.errors import Violation
from rules import collection
from rules.catalog import CatalogItem

#: Art. 41: the grounds on which a subject may object.
ART41_GROUNDS: dict[int, str] = {
    1: "信息存在错误、遗漏或者不真实",
    2: "侵犯其商业秘密、个人隐私",
    3: "不符合严重失信主体名单认定标准而被列入",
    4: "法律、法规规定的其他情形",
}
#: Art. 42: what verification may conclude (the record's new status; None keeps it).
DECISIONS = {"DELETE": "DELETED", "CORRECT": None, "REJECT": None}


def check_objection(ground: int, reasons: str) -> list[Violation]:
    """Art. 41: a written objection states one of the four grounds and its reasons."""
    problems: list[Violation] = []
    if ground not in ART41_GROUNDS:
        problems.append(
            Violation(
                "INVALID_GROUND",
                f"the ground must be one of Art. 41 (1-4), not {ground}",
                41,
                None,
                "ground",
            )
        )
    if len(reasons.strip()) < 4:
        problems.append(
            Violation(
                "REASONS_REQUIRED", "a written objection states its reasons", 41, None, "reasons"
            )
        )
    return problems


def check_decision(status: str, decision: str, reply: str) -> list[Violation]:
    """Art. 42: a pending objection is verified once, with a reply to the subject."""
    problems: list[Violation] = []
    if decision not in DECISIONS:
        problems.append(
            Violation(
                "INVALID_DECISION",
                f"the decision must be one of {', '.join(DECISIONS)}",
                42,
                None,
                "decision",
            )
        )
    if status != "PENDING":
        problems.append(
            Violation("ILLEGAL_TRANSITION", f"the objection is already {status}", 42, None, "id")
        )
    if not reply.strip():
        problems.append(Violation("REPLY_REQUIRED", "the subject gets a reply", 42, None, "reply"))
    return problems


def verifier_problem(family: str, provider: str, role: str, org: str) -> Violation | None:
    """Who verifies an objection: the operator for public credit information (Art. 42);
    for market credit information its own provider, and nobody else (Art. 43)."""
    if family == "MARKET":
        if org != provider:
            return Violation(
                "NOT_RESPONSIBLE_VERIFIER",
                f"an objection to market credit information is verified by its provider {provider}",
                43,
                None,
                "id",
            )
        return None
    if role != "OPERATOR":
        return Violation(
            "NOT_RESPONSIBLE_VERIFIER",
            "an objection to public credit information is verified by the platform operator",
            42,
            None,
            "id",
        )
    return None


def check_corrections(
    item: CatalogItem, corrections: dict[str, Any]
) -> tuple[dict[str, Any], list[Violation]]:
    """Art. 42: wrong or incomplete information is corrected — only the catalog item's own
    fields (Art. 18), never a forbidden category (Art. 20), each value of its type."""
    values: dict[str, Any] = {}
    problems: list[Violation] = []
    if not corrections:
        problems.append(
            Violation(
                "CORRECTIONS_REQUIRED",
                "a correction names the fields and their correct values",
                42,
                None,
                "corrections",
            )
        )
    for name, value in corrections.items():
        spec = item.field(name)
        if spec is None or collection.forbidden_category(name):
            problems.append(
                Violation(
                    "UNDECLARED_FIELD",
                    f"{name!r} is not a field of catalog item {item.code}",
                    18,
                    None,
                    f"corrections.{name}",
                )
            )
            continue
        try:
            values[name] = collection.coerce_value(spec, value)
        except ValueError as exc:
            problems.append(
                Violation(
                    "INVALID_FIELD_VALUE",
                    f"{name!r}: {exc}, got {value!r}",
                    18,
                    None,
                    f"corrections.{name}",
                )
            )
    return values, problems
