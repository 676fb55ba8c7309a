"""Complaints and accountability (Art. 38, 56): a subject complains about a body that
handles its credit information; the coordinator answers within working days and, when
the complaint is substantiated, states the accountability measure taken."""

from __future__ import annotations

from core.errors import Violation

FINDINGS = ("SUBSTANTIATED", "UNSUBSTANTIATED")


def check_complaint(against: str, details: str, known_bodies: set[str]) -> list[Violation]:
    """Art. 38: a complaint names a body that handles credit information and what it did."""
    problems = []
    if against not in known_bodies:
        problems.append(
            Violation(
                "UNKNOWN_BODY",
                f"{against!r} is not a body that handles credit information on this platform",
                38,
                None,
                "against",
            )
        )
    if len(details.strip()) < 4:
        problems.append(
            Violation("DETAILS_REQUIRED", "a complaint says what happened", 38, None, "details")
        )
    return problems


def check_answer(status: str, finding: str, reply: str, action: str) -> list[Violation]:
    """Art. 38, 56: answered once, with a reply; a substantiated complaint names the
    accountability measure taken."""
    problems = []
    if status != "RECEIVED":
        problems.append(
            Violation("ILLEGAL_TRANSITION", f"the complaint is already {status}", 38, None, "id")
        )
    if finding not in FINDINGS:
        problems.append(
            Violation(
                "INVALID_FINDING",
                f"the finding is one of {', '.join(FINDINGS)}",
                38,
                None,
                "finding",
            )
        )
    if not reply.strip():
        problems.append(Violation("REPLY_REQUIRED", "the subject gets a reply", 38, None, "reply"))
    if finding == "SUBSTANTIATED" and not action.strip():
        problems.append(
            Violation(
                "ACCOUNTABILITY_REQUIRED",
                "a substantiated complaint states the accountability measure taken",
                56,
                None,
                "action",
            )
        )
    return problems
