"""Deadlines in Chinese working days (Art. 45): statutory holidays and adjusted workdays
from ``chinesecalendar``; past its data horizon, weekends only and marked provisional."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

#: Art. 45: the provider notifies within 3 working days of the change taking effect; the
#: operator revokes or changes the information within 2 working days of the notice.
PROVIDER_DAYS = 3
OPERATOR_DAYS = 2


@dataclass(frozen=True)
class Deadline:
    """A due date, provisional when the calendar had no data for some day counted."""

    due: date
    provisional: bool


def is_working_day(day: date) -> tuple[bool, bool]:
    """Whether ``day`` is a working day, and whether that answer is provisional."""
    try:
        return bool(chinese_calendar.is_workday(day)), False
    except NotImplementedError:
        return day.weekday() < 5, True


def add_working_days(start: date, days: int) -> Deadline:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    day, counted, provisional = start, 0, False
    while counted < days:
        day += timedelta(days=1)
        working, guessed = is_working_day(day)
        provisional |= guessed
        counted += working
    return Deadline(day, provisional)


def report_is_late(effective_on: date, reported_on: date) -> bool:
    """Art. 45: a provider's notice arriving after the 3rd working day is late."""
    return reported_on > add_working_days(effective_on, PROVIDER_DAYS).due


def operator_deadline(received_on: date) -> Deadline:
    """Art. 45: the operator acts within 2 working days of receiving the notice."""
    return add_working_days(received_on, OPERATOR_DAYS)
