"""The city's calendar: record windows, birth and registration ranges, the submission day,
and the date helpers every layer uses."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

# Record dates: the platform's working window, plus a few before Art. 58's 2022-01-01.
_FIRST_DAY = date(2023, 1, 1)
_LAST_DAY = date(2026, 11, 1)
_OLD_FIRST = date(2018, 1, 1)
_OLD_LAST = date(2021, 12, 31)
_OLD_SHARE = 0.002
# Every batch says it was submitted on this day: the ingest's collection date (recordedAt,
# and the day a written consent must be valid on) is then the same on every run.
_SUBMITTED_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
_BIRTH_FIRST = date(1950, 1, 1)
_BIRTH_LAST = date(2007, 12, 31)
_BIRTH_DAYS = (_BIRTH_LAST - _BIRTH_FIRST).days + 1
_REG_FIRST = date(1995, 1, 1)
_REG_LAST = date(2025, 12, 31)
_LAST_ROLE_START = date(2026, 6, 30)


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _between(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randrange(max((hi - lo).days, 0) + 1))


def _version(d: date) -> int:
    """Catalog version a record dated ``d`` is collected under (Art. 14); the 2025 version
    is the oldest one, so earlier dates use it too."""
    return 2026 if d.year >= 2026 else 2025
