"""Chinese numerals as the regulation writes them: 第五十八条 → 58, 第七章 → 7."""

from __future__ import annotations

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000}
#: Every character a numeral below 10 000 may contain (for regular expressions).
CHARACTERS = "".join(DIGITS) + "".join(UNITS)


def to_int(numeral: str) -> int:
    """The value of a Chinese numeral below 10 000 (十 → 10, 十一 → 11, 一百零五 → 105).

    Raises ``ValueError`` for an empty string or a character that is not a numeral.
    """
    if not numeral:
        raise ValueError("empty Chinese numeral")
    total = 0
    digit: int | None = None
    for char in numeral:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in UNITS:
            # A bare unit means one of it: 十一 is "one ten, one".
            total += (1 if digit is None else digit) * UNITS[char]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {numeral!r}")
    return total + (digit or 0)


def from_int(number: int) -> str:
    """A number from 0 to 99 in Chinese numerals as headings write it (58 → 五十八)."""
    if not 0 <= number < 100:
        raise ValueError(f"only 0..99 are written here, not {number}")
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
