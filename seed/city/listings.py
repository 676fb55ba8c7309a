"""Serious-dishonesty listings (Art. 29-31): about 1 % of organizations, each resting on a
dishonesty record and naming who held a responsible role on the day of the conduct."""

from __future__ import annotations

import random
from datetime import date, timedelta

from core.submission import ListingIn, RecordIn, SubjectRef
from seed.city.dates import _between, _version
from seed.city.reference import _Provider
from seed.city.roles import _RESPONSIBLE_ROLES
from seed.city.streams import _T_LISTING, _mix
from seed.city.values import _Values

# Art. 29 grounds of a local serious-dishonesty list, as reasons quote them.
_GROUNDS = {
    1: "严重危害人民群众身体健康和生命安全",
    2: "严重破坏市场公平竞争秩序和社会秩序",
    3: "有履行能力但是拒不履行、逃避执行法定义务，严重影响行政机关公信",
}
# (catalog code, sector, Art. 29 ground) a listing may rest on.
_LISTING_ANCHORS = (
    ("N-DIS-ADMIN-PENALTY", "MARKET", 2),
    ("N-DIS-ADMIN-PENALTY", "EMERGENCY", 1),
    ("N-DIS-ADMIN-PENALTY", "HEALTH", 1),
    ("N-DIS-COURT-DEBTOR", "COURT", 3),
    ("N-DIS-TAX-MAJOR", "TAX", 2),
    ("N-DIS-ECOLOGY", "ECOLOGY", 1),
    ("N-DIS-WAGE-ARREARS", "HRSS", 3),
)


class _Listings(_Values):
    """World layer: each listed organization's listing and the record it rests on."""

    # -- serious-dishonesty listings (Art. 29-31)

    def listing_anchor(self, j: int) -> tuple[_Provider, RecordIn, str, int]:
        """The dishonesty record a listing rests on: (provider, record, sector, ground)."""
        rng = random.Random(_mix(self.seed, _T_LISTING, j))
        org = self.org(j)
        code, sector, ground = rng.choice(_LISTING_ANCHORS)
        lo = max(date(2023, 2, 1), org.registered_on + timedelta(days=60))
        on = _between(rng, lo, date(2026, 5, 31))
        # Never on a role's first or last day: who held the role then must be unambiguous.
        boundaries = {d for r in self.roles(j) for d in (r.start, r.end) if d is not None}
        while on in boundaries:
            on += timedelta(days=1)
        item = self.ref.items[(code, _version(on))]
        eligible = self.ref.eligible[(item.code, item.version)]
        provider = next(p for p in eligible if p.sector == sector and p.kind == "STATE_ORGAN")
        record = self.record(
            rng,
            item,
            provider,
            org.ref,
            on,
            on,
            f"{code}/O{j}/L",
            f"3{j:09d}",
            allow_circumstances=False,
        )
        return provider, record, sector, ground

    def listing(self, j: int) -> ListingIn:
        """Org ``j`` on the serious-dishonesty list, with 1-3 persons who held a
        responsible role (Art. 31) on the day of the conduct."""
        provider, record, sector, ground = self.listing_anchor(j)
        assert record.basis is not None  # dishonesty records always carry one
        rng = random.Random(_mix(self.seed, _T_LISTING, j, 1))
        on = record.occurred_at
        held: dict[str, tuple[SubjectRef, str]] = {}
        for role in self.roles(j):  # legal representative first: roles list starts with it
            active = role.start < on and (role.end is None or on < role.end)
            if role.role in _RESPONSIBLE_ROLES and active:
                held.setdefault(role.holder.number, (role.holder, role.role))
        people = list(held.values())
        responsible = people[:1] + rng.sample(people[1:], min(len(people) - 1, rng.randint(0, 2)))
        org = self.org(j)
        reasons = (
            f"{org.ref.name}于{on.year}年{on.month}月{on.day}日发生的失信行为经"
            f"{self.ref.authorities.get(sector, provider.name)}依法认定（{record.basis.number}），"
            f"属于《市社会信用条例》第二十九条第二款第{'一二三'[ground - 1]}项规定的"
            f"{_GROUNDS[ground]}的情形，列入严重失信主体名单。"
        )
        return ListingIn(
            source_id=f"LISTING/O{j}",
            subject=org.ref,
            sector=sector,
            ground=ground,
            conduct_on=on,
            decided_on=on + timedelta(days=rng.randint(30, 150)),
            basis=record.basis,
            reasons=reasons,
            responsible=tuple(responsible),
        )
