"""Written consents to collect consent-only data (Art. 20), never lifelong (Art. 39)."""

from __future__ import annotations

from core.errors import Violation
from core.submission import CONSENT_CATEGORIES, ConsentIn
from rules.identifiers import check_subject, is_person_id_type

#: Art. 39 forbids one-time lifelong authorizations; this is the longest validity allowed.
MAX_CONSENT_DAYS = 5 * 366


def check_consent(
    consent: ConsentIn, index: int, max_days: int = MAX_CONSENT_DAYS
) -> list[Violation]:
    """Art. 20: a natural person consents in writing, for named consent-only categories, to
    one provider; Art. 39: for a limited time, with evidence of the signed document."""
    problems: list[Violation] = []

    def refuse(code: str, message: str, article: int, where: str) -> None:
        problems.append(Violation(code, message, article, index, where))

    subject_problem = check_subject(consent.subject, item=index)
    if subject_problem:
        problems.append(subject_problem)
    elif not is_person_id_type(consent.subject.id_type):
        refuse(
            "INVALID_CONSENT",
            "written consent under Art. 20 is given by a natural person",
            20,
            "subject",
        )
    unknown = consent.categories - set(CONSENT_CATEGORIES)
    if not consent.categories or unknown:
        refuse(
            "INVALID_CONSENT",
            f"categories must be among {', '.join(CONSENT_CATEGORIES)}, got "
            f"{sorted(consent.categories)}",
            20,
            "categories",
        )
    if not consent.evidence.strip():
        refuse(
            "INVALID_CONSENT",
            "a written consent names the signed document (evidence)",
            20,
            "evidence",
        )
    if consent.valid_until <= consent.signed_on:
        refuse("INVALID_CONSENT", "a consent must end after it is signed", 39, "validUntil")
    elif (consent.valid_until - consent.signed_on).days > max_days:
        refuse(
            "LIFELONG_AUTHORIZATION",
            f"a consent may last at most {max_days} days: one-time lifelong authorizations "
            "are forbidden",
            39,
            "validUntil",
        )
    return problems
