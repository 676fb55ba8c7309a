"""Expected deadlines for the scenarios, computed apart from ``rules/working_days`` (the
rule under test): the N-th working day after a date by the official calendar of
``chinesecalendar``, Monday to Friday and provisional past the calendar's data."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


def _workday(day: date) -> tuple[bool, bool]:
    try:
        return bool(chinese_calendar.is_workday(day)), False
    except NotImplementedError:
        return day.weekday() < 5, True


def first_past_calendar(weekday: int) -> date:
    """The first day of ``weekday`` (Monday 0) the calendar has no data for."""
    day = date.today()
    while not _workday(day)[1] or day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def working_days_before(end: date, days: int) -> date:
    """The day ``days`` working days before ``end``."""
    day, counted = end, 0
    while counted < days:
        day -= timedelta(days=1)
        counted += _workday(day)[0]
    return day


def due_after(start: date, days: int) -> tuple[str, bool]:
    """The ISO date of the ``days``-th working day after ``start``, and whether it rests on
    a guess (a day the calendar has no data for)."""
    day, counted, guessed = start, 0, False
    while counted < days:
        day += timedelta(days=1)
        working, guess = _workday(day)
        counted += working
        guessed |= guess
    return day.isoformat(), guessed
