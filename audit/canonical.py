"""The one byte encoding of an audit entry that is hashed into the log (RFC 8785, JCS).

A leaf hash must be reproducible by anyone, years later, from the stored body alone, so
the bytes cannot depend on key order, whitespace or the float formatting of one
language: RFC 8785 fixes all three. Python values JSON has no type for are converted
first, the same way every time: dates become ``YYYY-MM-DD`` and aware datetimes become
ISO-8601 in UTC with a ``Z``. Naive datetimes are refused because the instant they
name is ambiguous, and so are NaN and infinities, which JSON cannot represent.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import rfc8785

from core.errors import CreditError


class AuditEntryInvalid(CreditError):
    """An audit entry holds a value that has no single canonical JSON form."""

    code = "AUDIT_ENTRY_INVALID"


def iso_utc(moment: datetime) -> str:
    """``moment`` as ISO-8601 in UTC with a ``Z`` suffix; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise AuditEntryInvalid(
            f"datetime {moment.isoformat()} has no time zone: pass an aware datetime "
            "(e.g. datetime.now(UTC)) so the instant it names is unambiguous"
        )
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _plain(value: Any, path: str) -> Any:
    """``value`` as JSON-native Python (dict, list, str, int, float, bool, None)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AuditEntryInvalid(
                f"{path} is {value!r}: JSON has no NaN or infinity, record it as a string "
                "or leave the field out"
            )
        return value
    # datetime is a subclass of date: test it first.
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        plain: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise AuditEntryInvalid(f"{path} has a non-string key {key!r}")
            plain[key] = _plain(item, f"{path}.{key}")
        return plain
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [_plain(item, f"{path}[{i}]") for i, item in enumerate(value)]
    raise AuditEntryInvalid(
        f"{path} is a {type(value).__name__}, which has no canonical JSON form: convert it "
        "to a string, number, list or mapping first"
    )


#: JSON numbers readers round-trip exactly (RFC 8785 refuses integers beyond).
_SAFE_INT = 2**53


def _stdlib_safe(value: Any) -> bool:
    """Whether the standard library's sorted, compact JSON of ``value`` is byte for byte
    RFC 8785: no floats (their formatting differs), integers within ±2**53, ASCII keys
    (sorting by code point then equals sorting by UTF-16 unit). Strings are escaped alike:
    quote, backslash and control characters only, with the same short forms and lower-case
    ``\\u00xx``; a lone surrogate fails the UTF-8 encoding and takes the slow path."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return bool(-_SAFE_INT <= value <= _SAFE_INT)
    if kind is list:
        # Lists of strings (fields, subjects, records) are the common case: one pass.
        return all(type(v) is str for v in value) or all(_stdlib_safe(v) for v in value)
    if kind is dict:
        return all(k.isascii() and _stdlib_safe(v) for k, v in value.items())
    return False


def canonical_bytes(entry: Mapping[str, Any]) -> bytes:
    """The RFC 8785 canonical UTF-8 JSON of ``entry``: the bytes its leaf hash is taken of.

    Audit entries (strings, integers, lists and maps with ASCII keys) take the standard
    library's C encoder, about ten times faster on the request path; anything else (a
    float, say) goes through the RFC 8785 implementation. A test checks both agree."""
    # Entries built of JSON-native values need no conversion pass.
    plain: Any = entry
    if not (isinstance(entry, dict) and _stdlib_safe(entry)):
        plain = _plain(entry, "entry")
    if plain is entry or _stdlib_safe(plain):
        text = json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        with contextlib.suppress(UnicodeEncodeError):
            return text.encode("utf-8")
    try:
        return rfc8785.dumps(plain)
    except rfc8785.CanonicalizationError as exc:
        # e.g. an integer beyond ±2**53, which JSON readers cannot round-trip exactly.
        raise AuditEntryInvalid(f"entry cannot be canonicalized: {exc}") from exc
