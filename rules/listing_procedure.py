"""The serious-dishonesty listing procedure (Art. 29, 30, 36): notice, objection, decision.

Stages: NOTIFIED (proposed; the notice is served and the objection period runs) →
OBJECTED (the subject objected; the authority verifies and answers) → NOTIFIED again when
the objection is rejected, or WITHDRAWN when it is upheld; NOTIFIED → DECIDED once the
objection period is over, with a complete decision document; DECIDED → REMOVED.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from core.errors import Violation
from core.refusals import refuse
from rules.statements import states_something

#: Art. 30 second sentence: what the listing decision document states.
DECISION_ELEMENTS: dict[str, str] = {
    "reasonsAndBasis": "列入名单的理由和依据",
    "punishments": "对其采取的惩戒措施",
    "removalConditions": "移出条件",
    "removalProcedure": "移出程序",
    "remedies": "救济措施",
}

#: Art. 30 first sentence: the rights a notice tells the subject about.
NOTICE_RIGHTS = (
    "可以在异议期限内向作出认定的行业领域信用管理部门提出书面异议（第三十条）；"
    "认为不符合认定标准的，可以依照第四十一条第三项提出异议；列入后可以依照第四十六条申请信用修复。"
)


def check_punishments(
    codes: Sequence[str], measures: Mapping[str, Mapping[str, Any]], sector: str
) -> list[Violation]:
    """Art. 30: the notice states the punishments that follow; Art. 36: only measures of
    the lists, for the serious-dishonesty list, related to the listing sector."""
    if not codes:
        return [refuse("notice.punishments_required")]
    problems = []
    for code in codes:
        m = measures.get(code)
        if m is None:
            problems.append(refuse("notice.unlisted_measure", code=code))
        elif m["list"] != "PUNISHMENT" or m["severity"] != "SERIOUS_LIST":
            problems.append(refuse("notice.disproportionate_measure", code=code))
        elif "*" not in m["sectors"] and sector not in m["sectors"]:
            problems.append(refuse("notice.unrelated_measure", code=code, sector=sector))
    return problems


#: How a decided listing ends — every way ends its synchronized marks (Art. 31): removal
#: when its conditions are met (Art. 30), credit repair (Art. 46), revocation of its basis
#: (Art. 45) or an upheld objection (Art. 41 item 3).
LISTING_ENDINGS: dict[str, int] = {"REMOVED": 30, "REPAIRED": 46, "REVOKED": 45}


def check_ending(outcome: str) -> list[Violation]:
    """A listing ends in one of the ways the regulation names."""
    if outcome in LISTING_ENDINGS:
        return []
    return [refuse("listing.outcome", endings=", ".join(LISTING_ENDINGS))]


def check_objection(
    stage: str, today: date, objection_until: date | None, reasons: str, pending: bool
) -> list[Violation]:
    """Art. 30: the notified subject objects within the objection period; Art. 41 item 3:
    a listed subject objects that it did not meet the criteria, once at a time."""
    problems = []
    if stage == "DECIDED":
        if pending:
            problems.append(refuse("listing.objection_pending"))
    elif stage != "NOTIFIED":
        problems.append(refuse("listing.no_objection_at_stage", stage=stage))
    elif objection_until is not None and today > objection_until:
        problems.append(refuse("listing.objection_period_over", until=objection_until.isoformat()))
    if not states_something(reasons):
        problems.append(refuse("listing.objection_reasons"))
    return problems


def check_answer(stage: str, reply: str, pending: bool) -> list[Violation]:
    """Art. 30, 42: an objection is verified and answered, once."""
    problems = []
    if not (stage == "OBJECTED" or (stage == "DECIDED" and pending)):
        problems.append(refuse("listing.no_pending_objection", stage=stage))
    if not reply.strip():
        problems.append(refuse("listing.reply"))
    return problems


def check_decision(
    stage: str, today: date, objection_until: date, document: Mapping[str, str]
) -> list[Violation]:
    """Art. 30: a listing is decided only after notice and the objection period, with no
    objection unanswered, by a document stating every element of the decision."""
    problems = []
    if stage == "OBJECTED":
        problems.append(refuse("listing.objection_unanswered"))
    elif stage != "NOTIFIED":
        problems.append(refuse("listing.cannot_decide", stage=stage))
    elif today <= objection_until:
        problems.append(refuse("listing.objection_period_open", until=objection_until.isoformat()))
    if not document["number"].strip():
        problems.append(refuse("listing.decision_number"))
    for name, label in DECISION_ELEMENTS.items():
        if not document[name].strip():
            problems.append(refuse("listing.decision_element", name=name, label=label))
    return problems


def check_mark_objection(active: bool, pending: bool, reasons: str) -> list[Violation]:
    """Art. 41: a marked person objects to its synchronized mark (for example that it was
    not responsible, or did not hold the role then), once at a time, with reasons."""
    problems = []
    if not active:
        problems.append(refuse("mark.ended"))
    elif pending:
        problems.append(refuse("mark.objection_pending"))
    if not states_something(reasons):
        problems.append(refuse("mark.objection_reasons"))
    return problems


def check_mark_answer(pending: bool, reply: str) -> list[Violation]:
    """Art. 42: the objection to a mark is verified and answered, once."""
    problems = []
    if not pending:
        problems.append(refuse("mark.no_pending_objection"))
    if not reply.strip():
        problems.append(refuse("mark.reply"))
    return problems
