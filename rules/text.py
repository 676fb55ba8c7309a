"""What submitted text may hold (Art. 10, 18): one spelling per identifier, visible names,
bounded lengths.

Identifiers are normalized before they are checked and before they become credit file
keys, so a number typed with full-width or Arabic-Indic digits names the same subject
(Art. 10: one credit file per subject). Names may not carry invisible formatting
characters (bidirectional overrides, zero-width characters), which would let two names
that look the same differ, or one name show as another. Every text a provider submits
has a documented maximum (Art. 18: submitted accurately), so that nothing stored grows
with what a caller sent.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Documented maxima, in characters (the README's limits table).
MAX_NAME = 200
MAX_IDENTIFIER = 64
MAX_SOURCE_ID = 128
MAX_FIELD_VALUE = 2_000


@lru_cache(maxsize=65536)
def normalize_identifier(number: str) -> str:
    """Art. 10: an identifier as one canonical string: NFKC (full-width letters and digits
    become ASCII), every Unicode decimal digit as its ASCII digit (NFKC leaves Arabic-Indic
    and other scripts' digits alone), spaces and dashes removed, letters upper-cased."""
    text = unicodedata.normalize("NFKC", number)
    chars = []
    for c in text:
        if c.isspace() or c in "-‐‑‒–—−":
            continue
        digit = unicodedata.decimal(c, None)
        chars.append(str(digit) if digit is not None else c)
    return "".join(chars).upper()


def invisible_character(text: str) -> str | None:
    """The first invisible formatting character of ``text`` (Unicode category Cf: bidi
    embeddings and overrides, zero-width space and joiners, the byte-order mark, soft
    hyphens), as ``U+XXXX``, or ``None``."""
    for c in text:
        if unicodedata.category(c) == "Cf":
            return f"U+{ord(c):04X}"
    return None


def too_long(text: str, limit: int) -> bool:
    """Whether ``text`` exceeds its documented maximum."""
    return len(text) > limit
