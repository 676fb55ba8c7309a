"""When the regulation applies (Art. 58) and how long information lives (Art. 13)."""

from __future__ import annotations

from datetime import date

#: Art. 58: the regulation is in force from 2022-01-01.
IN_FORCE_FROM = date(2022, 1, 1)
FLAG_PRE_REGULATION = "PRE_REGULATION"


def predates_regulation(occurred_at: date) -> bool:
    """Art. 58: conduct before 2022-01-01 is not judged under this regulation."""
    return occurred_at < IN_FORCE_FROM


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def period_end(start: date, months: int) -> date | None:
    """End of a publicity or retention period of ``months`` (Art. 13); 0 means none."""
    return add_months(start, months) if months > 0 else None
