"""Credit repair and the withdrawal it triggers downstream (Art. 46, 47)."""

from __future__ import annotations

from core.errors import Violation
from core.refusals import refuse
from rules.statements import states_something

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
        problems.append(refuse("repair.not_dishonesty"))
    elif status != "ACTIVE":
        problems.append(refuse("repair.not_current", status=status))
    if not states_something(reasons):
        problems.append(refuse("repair.reasons"))
    return problems


def check_repair_decision(status: str, approve: bool, reply: str, document: str) -> list[Violation]:
    """Art. 46: the sector authority decides a pending application once, with a reply;
    an approval rests on a repair decision document pushed to the operator."""
    problems = []
    if status != "PENDING":
        problems.append(refuse("repair.decided", status=status))
    if not reply.strip():
        problems.append(refuse("repair.reply"))
    if approve and not document.strip():
        problems.append(refuse("repair.document"))
    return problems


def must_withdraw(channel: str, outcome: str) -> bool:
    """Art. 47: an access that delivered the information outside public disclosure and
    government sharing makes its recipient one that must stop using it."""
    return channel in NOTIFIED_CHANNELS and outcome == "ok"
