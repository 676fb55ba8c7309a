"""Credit repair and the withdrawal it triggers downstream (Art. 46, 47)."""

from __future__ import annotations

from core.errors import Violation

#: Art. 46: after repair the operator deletes the dishonesty information or marks it
#: repaired; publicity and sharing stop, or it is shielded — as its catalog item says.
REPAIR_OUTCOMES: dict[str, str] = {"MARK": "REPAIRED", "SHIELD": "SHIELDED", "DELETE": "DELETED"}
#: Art. 47: who collected the information and must stop using it and take it down: those
#: it reached outside public disclosure and government sharing.
NOTIFIED_CHANNELS = ("AUTHORIZED",)


def check_application(kind: str, status: str, reasons: str) -> list[Violation]:
    """Art. 46: a subject that has performed its obligations and corrected its conduct
    applies for repair of a current dishonesty record, stating how."""
    problems = []
    if kind != "DISHONEST":
        problems.append(
            Violation("NOT_REPAIRABLE", "only dishonesty information is repaired", 46, None, "id")
        )
    elif status not in ("ACTIVE", "UNDER_OBJECTION"):
        problems.append(
            Violation("NOT_REPAIRABLE", f"the record is {status}, not current", 46, None, "id")
        )
    if len(reasons.strip()) < 4:
        problems.append(
            Violation(
                "REASONS_REQUIRED",
                "state how the obligations were performed and the conduct corrected",
                46,
                None,
                "reasons",
            )
        )
    return problems


def check_repair_decision(status: str, approve: bool, reply: str, document: str) -> list[Violation]:
    """Art. 46: the sector authority decides a pending application once, with a reply;
    an approval rests on a repair decision document pushed to the operator."""
    problems = []
    if status != "PENDING":
        problems.append(
            Violation("ILLEGAL_TRANSITION", f"the application is already {status}", 46, None, "id")
        )
    if not reply.strip():
        problems.append(Violation("REPLY_REQUIRED", "the subject gets a reply", 46, None, "reply"))
    if approve and not document.strip():
        problems.append(
            Violation(
                "DECISION_DOCUMENT_REQUIRED",
                "a repair is decided by a document",
                46,
                None,
                "document",
            )
        )
    return problems


def must_withdraw(channel: str, outcome: str) -> bool:
    """Art. 47: an access that delivered the information outside public disclosure and
    government sharing makes its recipient one that must stop using it."""
    return channel in NOTIFIED_CHANNELS and outcome == "ok"
