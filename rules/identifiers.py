"""Credit file identifiers (Art. 10) and what a credit subject is (Art. 2)."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from functools import lru_cache

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from core.errors import Violation
from core.refusals import refuse
from core.submission import ORGANIZATION_ID_TYPES, ORGANIZATION_KINDS, PERSON_ID_TYPES, SubjectRef
from rules import text

#: GB 32100 character set for positions 9-18 of a USCC (no I, O, S, V, Z).
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Registration authority codes (position 1). stdnum only accepts digits there and so
#: rejects the A (organization establishment), N (agriculture) and Y (other) authorities.
_USCC_AUTHORITIES = "123456789ANY"
#: Shapes of the other valid ID documents (Art. 10 third paragraph).
_OTHER_ID_PATTERNS: dict[str, re.Pattern[str]] = {
    "PASSPORT": re.compile(r"^[A-Z0-9]{5,17}$"),
    "HK_MACAO_PERMIT": re.compile(r"^[HM]\d{8,10}$"),
    "TAIWAN_PERMIT": re.compile(r"^\d{8}$|^T\d{8}$"),
    "FOREIGN_PR": re.compile(r"^[A-Z0-9]{15,18}$"),
}


def is_person_id_type(id_type: str) -> bool:
    """Art. 2: a subject is a natural person or an organization, nothing else."""
    return id_type in PERSON_ID_TYPES


def subject_key(ref: SubjectRef) -> str:
    """The credit file key (Art. 10): one file per identifier type and number."""
    return f"{ref.id_type}:{normalize_number(ref.number)}"


def normalize_number(number: str) -> str:
    """The canonical spelling of an identifier (``rules.text.normalize_identifier``): NFKC,
    ASCII digits, no spaces or dashes, upper case; so one subject has one file."""
    return text.normalize_identifier(number)


def check_citizen_id(number: str) -> str | None:
    """Art. 10: a citizen ID number (公民身份号码) must have a valid region, birth date and
    check digit (GB 11643, checked with ``stdnum.cn.ric``). Returns the reason it is
    invalid, or ``None``."""
    code = normalize_number(number)
    if len(code) != 18:
        return "must have 18 characters"
    if not code[:17].isdigit():
        return "must be 17 digits and a check character"
    if ric.calc_check_digit(code) != code[17]:
        return "wrong check digit"
    try:
        born = ric.get_birth_date(code)
    except stdnum_errors.ValidationError:
        return "unknown birth date or region"
    if born > date.today():
        return f"the birth date it encodes ({born.isoformat()}) is in the future"
    return None if _region_known(code[:6], born.year) else "unknown birth date or region"


@lru_cache(maxsize=16384)
def _region_known(region: str, birth_year: int) -> bool:
    """Whether the region code existed for that birth year (stdnum's database); looked up
    once per region and year, because the lookup dominates validation time."""
    try:
        ric.get_birth_place(f"{region}{birth_year:04d}0101001")
    except (stdnum_errors.ValidationError, KeyError):
        # stdnum raises KeyError for some region codes missing from its database.
        return False
    return True


def check_uscc(number: str) -> str | None:
    """Art. 10: a Unified Social Credit Code (GB 32100) must be well formed with a valid
    check character. Authority codes A, N and Y are accepted, unlike ``stdnum.cn.uscc``.
    Returns the reason it is invalid, or ``None``."""
    code = normalize_number(number)
    if len(code) != 18:
        return "must have 18 characters"
    if code[0] not in _USCC_AUTHORITIES or code[1] not in _USCC_ALPHABET:
        return "unknown registration authority or category code"
    if not code[2:8].isdigit():
        return "characters 3-8 must be an administrative region code"
    if any(c not in _USCC_ALPHABET for c in code[8:]):
        return "characters 9-18 must be digits or capital letters other than I, O, S, V, Z"
    if uscc.calc_check_digit(code[:17]) != code[17]:
        return "wrong check character"
    return None


def check_subject(ref: SubjectRef, *, item: int | None = None) -> Violation | None:
    """Art. 2 and Art. 10: a subject is a person or an organization, identified by a valid
    citizen ID, another valid ID document, or a Unified Social Credit Code."""
    problem = _check_subject(ref)
    return None if problem is None else dataclasses.replace(problem, item=item)


@lru_cache(maxsize=65536)
def _check_subject(ref: SubjectRef) -> Violation | None:
    # Subjects recur across a batch (roles, several records): validate each once.
    number = normalize_number(ref.number)
    if not ref.name.strip():
        return refuse("subject.name")
    if text.too_long(ref.name, text.MAX_NAME):
        return refuse("subject.name_too_long", length=len(ref.name), limit=text.MAX_NAME)
    invisible = text.invisible_character(ref.name)
    if invisible is not None:
        return refuse("subject.name_invisible", char=invisible)
    if text.too_long(number, text.MAX_IDENTIFIER):
        return refuse("subject.number_too_long", length=len(number), limit=text.MAX_IDENTIFIER)
    if ref.id_type == "RIC":
        reason = check_citizen_id(number)
        key = "subject.citizen_id"
    elif ref.id_type in ORGANIZATION_ID_TYPES:
        reason = check_uscc(number)
        key = "subject.uscc"
        if reason is None and ref.kind not in (None, *ORGANIZATION_KINDS):
            return refuse("subject.organization_kind", kind=ref.kind)
    elif ref.id_type in _OTHER_ID_PATTERNS:
        ok = _OTHER_ID_PATTERNS[ref.id_type].match(number)
        reason = None if ok else f"not a well-formed {ref.id_type} number"
        key = "subject.id_document"
    else:
        return refuse(
            "subject.id_type",
            id_type=ref.id_type,
            types=", ".join((*PERSON_ID_TYPES, *ORGANIZATION_ID_TYPES)),
        )
    return None if reason is None else refuse(key, number=number, reason=reason)
