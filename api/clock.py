"""The day a request is judged on.

Deadlines (Art. 30, 38, 41, 45, 47), validity periods (Art. 20, 39) and publicity periods
(Art. 23) all count from the day of the request. In production that is always the real
date. In the audit sandbox and in development a request may name another day in the
``Credit-As-Of`` header, so that a reviewer can see what a workflow does on a given day
(a deadline past the working-day calendar's data, say); the audit entry records the day
it was judged on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from core.errors import CreditError

AS_OF_HEADER = "credit-as-of"
#: Modes in which a request may set its own day.
CLOCK_MODES = ("sandbox", "development")


class ClockRefused(CreditError):
    """The ``Credit-As-Of`` header is malformed or not accepted in this mode."""

    code = "BAD_CLOCK"


@dataclass(frozen=True)
class RequestDay:
    """The day a request is judged on, and whether it was set by the request."""

    today: date
    simulated: bool


def request_day(headers: Mapping[str, str], mode: str, real: date) -> RequestDay:
    """``real`` unless the request sets ``Credit-As-Of`` where the mode allows it."""
    raw = headers.get(AS_OF_HEADER, "").strip()
    if not raw:
        return RequestDay(real, False)
    if mode not in CLOCK_MODES:
        raise ClockRefused(
            f"the Credit-As-Of header sets the sandbox clock; in {mode} mode every request "
            "is judged on the real date"
        )
    try:
        return RequestDay(date.fromisoformat(raw), True)
    except ValueError:
        raise ClockRefused(f"Credit-As-Of must be a date written YYYY-MM-DD, not {raw!r}") from None
