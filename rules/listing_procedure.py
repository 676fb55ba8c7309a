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


def _refused(code: str, message: str, article: int, field: str) -> Violation:
    return Violation(code, message, article, None, field)


def check_punishments(
    codes: Sequence[str], measures: Mapping[str, Mapping[str, Any]], sector: str
) -> list[Violation]:
    """Art. 30: the notice states the punishments that follow; Art. 36: only measures of
    the lists, for the serious-dishonesty list, related to the listing sector."""
    if not codes:
        return [_refused("PUNISHMENTS_REQUIRED", "the notice states the punishments", 30, "")]
    problems = []
    for code in codes:
        m = measures.get(code)
        if m is None:
            problems.append(
                _refused("UNLISTED_MEASURE", f"{code} is on no measure list", 36, "punishments")
            )
        elif m["list"] != "PUNISHMENT" or m["severity"] != "SERIOUS_LIST":
            problems.append(
                _refused(
                    "DISPROPORTIONATE_MEASURE",
                    f"{code} is not a punishment for the serious-dishonesty list",
                    36,
                    "punishments",
                )
            )
        elif "*" not in m["sectors"] and sector not in m["sectors"]:
            problems.append(
                _refused(
                    "UNRELATED_MEASURE",
                    f"{code} is not related to the {sector} sector's listing",
                    36,
                    "punishments",
                )
            )
    return problems


#: How a decided listing ends — every way ends its synchronized marks (Art. 31): removal
#: when its conditions are met (Art. 30), credit repair (Art. 46), revocation of its basis
#: (Art. 45) or an upheld objection (Art. 41 item 3).
LISTING_ENDINGS: dict[str, int] = {"REMOVED": 30, "REPAIRED": 46, "REVOKED": 45}


def check_ending(outcome: str) -> list[Violation]:
    """A listing ends in one of the ways the regulation names."""
    if outcome in LISTING_ENDINGS:
        return []
    names = ", ".join(LISTING_ENDINGS)
    return [_refused("INVALID_OUTCOME", f"a listing ends as one of {names}", 30, "outcome")]


def check_objection(
    stage: str, today: date, objection_until: date | None, reasons: str, pending: bool = False
) -> list[Violation]:
    """Art. 30: the notified subject objects within the objection period; Art. 41 item 3:
    a listed subject objects that it did not meet the criteria, once at a time."""
    problems = []
    if stage == "DECIDED":
        if pending:
            problems.append(
                _refused("ILLEGAL_TRANSITION", "an objection is already pending", 41, "id")
            )
    elif stage != "NOTIFIED":
        problems.append(
            _refused("ILLEGAL_TRANSITION", f"no objection possible at stage {stage}", 30, "id")
        )
    elif objection_until is not None and today > objection_until:
        problems.append(
            _refused(
                "OBJECTION_PERIOD_OVER",
                f"the objection period ended on {objection_until.isoformat()}",
                30,
                "id",
            )
        )
    if len(reasons.strip()) < 4:
        problems.append(_refused("REASONS_REQUIRED", "an objection states reasons", 30, "reasons"))
    return problems


def check_answer(stage: str, reply: str, pending: bool = False) -> list[Violation]:
    """Art. 30, 42: an objection is verified and answered, once."""
    problems = []
    if not (stage == "OBJECTED" or (stage == "DECIDED" and pending)):
        problems.append(
            _refused("ILLEGAL_TRANSITION", f"no pending objection at stage {stage}", 30, "id")
        )
    if not reply.strip():
        problems.append(_refused("REPLY_REQUIRED", "the subject gets a reply", 30, "reply"))
    return problems


def check_decision(
    stage: str, today: date, objection_until: date, document: Mapping[str, str]
) -> list[Violation]:
    """Art. 30: a listing is decided only after notice and the objection period, with no
    objection unanswered, by a document stating every element of the decision."""
    problems = []
    if stage == "OBJECTED":
        problems.append(
            _refused("OBJECTION_PENDING", "the objection is answered before deciding", 30, "id")
        )
    elif stage != "NOTIFIED":
        problems.append(_refused("ILLEGAL_TRANSITION", f"cannot decide at stage {stage}", 30, "id"))
    elif today <= objection_until:
        problems.append(
            _refused(
                "OBJECTION_PERIOD_OPEN",
                f"the subject may object until {objection_until.isoformat()}",
                30,
                "id",
            )
        )
    if not str(document.get("number", "")).strip():
        problems.append(
            _refused("DECISION_INCOMPLETE", "the decision document has a number", 30, "number")
        )
    for name, label in DECISION_ELEMENTS.items():
        if not str(document.get(name, "")).strip():
            problems.append(
                _refused(
                    "DECISION_INCOMPLETE",
                    f"the decision document states {label} ({name})",
                    30,
                    name,
                )
            )
    return problems


def check_mark_objection(active: bool, pending: bool, reasons: str) -> list[Violation]:
    """Art. 41: a marked person objects to its synchronized mark (for example that it was
    not responsible, or did not hold the role then), once at a time, with reasons."""
    problems = []
    if not active:
        problems.append(_refused("ILLEGAL_TRANSITION", "the mark has ended", 41, "listingId"))
    elif pending:
        problems.append(
            _refused("ILLEGAL_TRANSITION", "an objection is already pending", 41, "listingId")
        )
    if len(reasons.strip()) < 4:
        problems.append(_refused("REASONS_REQUIRED", "an objection states reasons", 41, "reasons"))
    return problems


def check_mark_answer(pending: bool, reply: str) -> list[Violation]:
    """Art. 42: the objection to a mark is verified and answered, once."""
    problems = []
    if not pending:
        problems.append(
            _refused("ILLEGAL_TRANSITION", "no objection to this mark is pending", 42, "listingId")
        )
    if not reply.strip():
        problems.append(_refused("REPLY_REQUIRED", "the person gets a reply", 42, "reply"))
    return problems
