"""Written consents to collect consent-only data (Art. 20), never lifelong (Art. 39)."""

from __future__ import annotations

from core.errors import Violation
from core.refusals import refuse
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
    subject_problem = check_subject(consent.subject, item=index)
    if subject_problem:
        problems.append(subject_problem)
    elif not is_person_id_type(consent.subject.id_type):
        problems.append(refuse("consent.not_a_person", index))
    unknown = consent.categories - set(CONSENT_CATEGORIES)
    if not consent.categories or unknown:
        problems.append(
            refuse(
                "consent.categories",
                index,
                allowed=", ".join(CONSENT_CATEGORIES),
                got=sorted(consent.categories),
            )
        )
    if not consent.evidence.strip():
        problems.append(refuse("consent.evidence", index))
    if consent.valid_until <= consent.signed_on:
        problems.append(refuse("consent.ends_before_signed", index))
    elif (consent.valid_until - consent.signed_on).days > max_days:
        problems.append(refuse("consent.too_long", index, days=max_days))
    return problems
