"""Dated roles in organizations (Art. 11 registration information; used by Art. 31)."""

from __future__ import annotations

from core.errors import Violation
from core.refusals import refuse
from core.submission import ROLES, RoleIn
from rules.identifiers import check_subject, is_person_id_type


def check_role(role: RoleIn, index: int) -> list[Violation]:
    """A role links a person (or, for shareholding, any subject) to an organization, with
    a start date, an optional later end date and, for shareholding only, a share in (0, 1]."""
    problems: list[Violation] = []
    for ref, where in ((role.holder, "holder"), (role.organization, "organization")):
        problem = check_subject(ref, item=index)
        if problem:
            problems.append(dataclass_replace_field(problem, f"{where}.{problem.field}"))
    if role.role not in ROLES:
        problems.append(refuse("role.unknown", index, role=role.role, roles=", ".join(ROLES)))
    if role.organization.id_type != "USCC":
        problems.append(refuse("role.organization", index))
    if role.role != "SHAREHOLDER_OF" and not is_person_id_type(role.holder.id_type):
        problems.append(refuse("role.holder", index, role=role.role))
    if role.end is not None and role.end < role.start:
        problems.append(refuse("role.ends_before_start", index))
    if role.role == "SHAREHOLDER_OF":
        if role.share is None or not 0 < role.share <= 1:
            problems.append(refuse("role.share_range", index))
    elif role.share is not None:
        problems.append(refuse("role.share_not_shareholding", index))
    return problems


def dataclass_replace_field(violation: Violation, field: str) -> Violation:
    """The same violation, located at another field."""
    return Violation(violation.code, violation.message, violation.article, violation.item, field)
