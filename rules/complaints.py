"""Complaints and accountability (Art. 38, 56): a subject complains about a body that
handles its credit information; the coordinator answers within working days and, when
the complaint is substantiated, states the accountability measure taken."""

from __future__ import annotations

from core.errors import Violation
from core.refusals import refuse
from rules.statements import states_something

FINDINGS = ("SUBSTANTIATED", "UNSUBSTANTIATED")


def check_complaint(against: str, details: str, known_bodies: set[str]) -> list[Violation]:
    """Art. 38: a complaint names a body that handles credit information and what it did."""
    problems = []
    if against not in known_bodies:
        problems.append(refuse("complaint.body", against=against))
    if not states_something(details):
        problems.append(refuse("complaint.details"))
    return problems


def check_answer(status: str, finding: str, reply: str, action: str) -> list[Violation]:
    """Art. 38, 56: answered once, with a reply; a substantiated complaint names the
    accountability measure taken."""
    problems = []
    if status != "RECEIVED":
        problems.append(refuse("complaint.answered", status=status))
    if finding not in FINDINGS:
        problems.append(refuse("complaint.finding", findings=", ".join(FINDINGS)))
    if not reply.strip():
        problems.append(refuse("complaint.reply"))
    if finding == "SUBSTANTIATED" and not action.strip():
        problems.append(refuse("complaint.accountability"))
    return problems
