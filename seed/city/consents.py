"""Written consents (Art. 20, 39): given by about 1.5 % of persons to the credit service
agency, scoped, dated and never lifelong; the only data a market record of income needs."""

from __future__ import annotations

from datetime import date, timedelta

from core.submission import ConsentIn
from seed.city.dates import _SUBMITTED_AT
from seed.city.roles import _Roles
from seed.city.streams import _T_CONSENT, _mix

_CONSENT_FIRST = date(2021, 11, 10)  # consents last at most 5 years and cover _SUBMITTED_AT
_CONSENT_LAST = date(2025, 10, 31)


class _Consents(_Roles):
    """World layer: each person's written consent, if any, a pure function of its index."""

    # -- consents (Art. 20, 39: written, scoped, dated, never lifelong)

    def consent(self, i: int) -> ConsentIn | None:
        """The written consent of person ``i`` to the credit service agency, if any (~1.5 %
        of persons): adult when signed, valid 1-5 years."""
        h = _mix(self.seed, _T_CONSENT, i)
        if h % 1000 >= 15:
            return None
        person = self.person(i)
        signed = _CONSENT_FIRST + timedelta(
            days=(h >> 10) % ((_CONSENT_LAST - _CONSENT_FIRST).days + 1)
        )
        if person.birth.year + 19 > signed.year:
            return None
        # Valid when the data is collected (occurred_at) and when it is submitted.
        years = 1 + (h >> 40) % 5
        while signed + timedelta(days=365 * years) <= _SUBMITTED_AT.date():
            years += 1
        categories = {"INCOME", "DEPOSIT"} if (h >> 50) & 1 else {"INCOME"}
        return ConsentIn(
            source_id=f"CONSENT/P{i}",
            subject=person.ref,
            provider_id=self.csa,
            categories=frozenset(categories),
            signed_on=signed,
            valid_until=signed + timedelta(days=365 * years),
            evidence=f"书面授权书 AUTH-{signed.year}-{i:08d}",
        )
