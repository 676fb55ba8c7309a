"""Who can be judged a credit subject at a given date (Art. 2, Art. 16 third paragraph)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from stdnum.cn import ric

from core.submission import SubjectRef
from rules.identifiers import normalize_number

#: Art. 2: full civil capacity; persons aged 16-18 who live on their own work count too,
#: which is why their conduct is recorded only after review (Art. 16).
MIN_AGE = 16
ADULT_AGE = 18


def birth_date(ref: SubjectRef) -> date | None:
    """The birth date a citizen ID number encodes; unknown for other ID documents."""
    # The number as Art. 10 checked it: printed forms carry spaces and dashes.
    return _birth_date(normalize_number(ref.number)) if ref.id_type == "RIC" else None


@lru_cache(maxsize=65536)
def _birth_date(number: str) -> date:
    return ric.get_birth_date(number)


def age_on(born: date, on: date) -> int:
    """Age in whole years on a date."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def is_minor_below_credit_age(ref: SubjectRef, on: date) -> bool:
    """Art. 2: a person under 16 at the time of the conduct has no full civil capacity and
    is not a credit subject, so the conduct cannot go into a credit file."""
    born = birth_date(ref)
    return born is not None and age_on(born, on) < MIN_AGE


def is_minor_16_to_18(ref: SubjectRef, on: date) -> bool:
    """Art. 16: conduct by a minor aged 16 or 17 is determined with tolerance and prudence."""
    born = birth_date(ref)
    return born is not None and MIN_AGE <= age_on(born, on) < ADULT_AGE
