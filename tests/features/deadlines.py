"""Expected deadlines for the scenarios, computed apart from ``rules/working_days`` (the
rule under test): the N-th working day after a date by the official calendar of
``chinesecalendar``, Monday to Friday and provisional past the calendar's data."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


def due_after(start: date, days: int) -> tuple[str, bool]:
    """The ISO date of the ``days``-th working day after ``start``, and whether it rests on
    a guess (a day the calendar has no data for)."""
    day, counted, guessed = start, 0, False
    while counted < days:
        day += timedelta(days=1)
        try:
            counted += chinese_calendar.is_workday(day)
        except NotImplementedError:
            counted += day.weekday() < 5
            guessed = True
    return day.isoformat(), guessed
