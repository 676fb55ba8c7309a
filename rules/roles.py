"""Dated roles in organizations (Art. 11 registration information; used by Art. 31)."""

from __future__ import annotations

from core.errors import Violation
from core.submission import ROLES, RoleIn
from rules.identifiers import check_subject, is_person_id_type


def check_role(role: RoleIn, index: int) -> list[Violation]:
    """A role links a person (or, for shareholding, any subject) to an organization, with
    a start date, an optional later end date and, for shareholding only, a share in (0, 1]."""
    problems: list[Violation] = []

    def refuse(message: str, where: str) -> None:
        problems.append(Violation("INVALID_ROLE", message, 11, index, where))

    for ref, where in ((role.holder, "holder"), (role.organization, "organization")):
        problem = check_subject(ref, item=index)
        if problem:
            problems.append(dataclass_replace_field(problem, f"{where}.{problem.field}"))
    if role.role not in ROLES:
        refuse(f"role {role.role!r} is not one of {', '.join(ROLES)}", "role")
    if role.organization.id_type != "USCC":
        refuse("a role is held in an organization, identified by its USCC", "organization")
    if role.role != "SHAREHOLDER_OF" and not is_person_id_type(role.holder.id_type):
        refuse(f"only a natural person can hold the role {role.role}", "holder")
    if role.end is not None and role.end < role.start:
        refuse("a role cannot end before it starts", "end")
    if role.role == "SHAREHOLDER_OF":
        if role.share is None or not 0 < role.share <= 1:
            refuse("a shareholding needs a share between 0 (exclusive) and 1", "share")
    elif role.share is not None:
        refuse("only a shareholding has a share", "share")
    return problems


def dataclass_replace_field(violation: Violation, field: str) -> Violation:
    """The same violation, located at another field."""
    return Violation(violation.code, violation.message, violation.article, violation.item, field)
