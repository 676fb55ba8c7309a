"""Objections to public credit information (Art. 41, 42)."""

from __future__ import annotations

from typing import Any

from core.errors import Violation
from core.refusals import refuse
from rules import collection
from rules.catalog import CatalogItem
from rules.statements import states_something

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
        problems.append(refuse("objection.ground", ground=ground))
    if not states_something(reasons):
        problems.append(refuse("objection.reasons"))
    return problems


def check_decision(status: str, decision: str, reply: str) -> list[Violation]:
    """Art. 42: a pending objection is verified once, with a reply to the subject."""
    problems: list[Violation] = []
    if decision not in DECISIONS:
        problems.append(refuse("objection.decision", decisions=", ".join(DECISIONS)))
    if status != "PENDING":
        problems.append(refuse("objection.decided", status=status))
    if not reply.strip():
        problems.append(refuse("objection.reply"))
    return problems


def verifier_problem(family: str, provider: str, role: str, org: str) -> Violation | None:
    """Who verifies an objection: the operator for public credit information (Art. 42);
    for market credit information its own provider, and nobody else (Art. 43)."""
    if family == "MARKET":
        return refuse("objection.market_verifier", provider=provider) if org != provider else None
    return refuse("objection.public_verifier") if role != "OPERATOR" else None


def check_corrections(
    item: CatalogItem, corrections: dict[str, Any]
) -> tuple[dict[str, Any], list[Violation]]:
    """Art. 42: wrong or incomplete information is corrected — only the catalog item's own
    fields (Art. 18), never a forbidden category (Art. 20), each value of its type."""
    values: dict[str, Any] = {}
    problems: list[Violation] = []
    if not corrections:
        problems.append(refuse("objection.corrections_required"))
    for name, value in corrections.items():
        spec = item.field(name)
        if spec is None or collection.forbidden_category(name):
            problems.append(refuse("objection.correction_field", name=name, code=item.code))
            continue
        try:
            values[name] = collection.coerce_value(spec, value)
        except ValueError as exc:
            problems.append(refuse("objection.correction_value", name=name, error=exc, value=value))
    return values, problems
