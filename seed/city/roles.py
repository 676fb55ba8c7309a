"""Roles (Art. 31): dated legal representatives, principals, directors, shareholders and
actual controllers, including the owners and shared people of corporate groups along
their holding chains."""

from __future__ import annotations

import random
from datetime import date, timedelta

from core.submission import RoleIn, SubjectRef
from seed.city.dates import _LAST_DAY, _LAST_ROLE_START, _between
from seed.city.organizations import _GROUP_PARENT, _GROUP_SIZE, _Organizations
from seed.city.streams import _T_GROUP, _T_ROLES, _mix
from seed.city.subjects import _Org, _Person

_ROLE_LR = "LEGAL_REPRESENTATIVE_OF"
_ROLE_PR = "PRINCIPAL_OF"
_ROLE_AC = "ACTUAL_CONTROLLER_OF"
_ROLE_DI = "DIRECTOR_OF"
_ROLE_SH = "SHAREHOLDER_OF"
_RESPONSIBLE_ROLES = (_ROLE_LR, _ROLE_PR, _ROLE_AC, _ROLE_DI)  # Art. 31
# Group holding variants (``group_variant``): plain, diamond, nominee-like top, cross-held
# (the top's subsidiary holds part of the top: a holding cycle).
_PLAIN, _DIAMOND, _NOMINEE, _CROSS = 0, 1, 2, 3
_VARIANTS = 4
#: The cross-held variant: the subsidiary at position 1 holds this much of the top.
_CROSS_BP = 1_000


class _Roles(_Organizations):
    """World layer: the roles of each organization, a pure function of its index."""

    # -- roles (Art. 31: dated, so that whoever held a role *then* can be found)

    def _pick_holder(self, rng: random.Random, start: date, used: set[int]) -> _Person:
        """A person adult (18+) before ``start``, not already used in this organization."""
        for _ in range(64):
            # A fifth of the picks come from a few "serial entrepreneurs" (5 % of persons),
            # the rest from everyone: most people hold one role, some hold many.
            i = rng.randrange(self.entrepreneurs if rng.random() < 0.2 else self.n_persons)
            if i not in used and self.person(i).birth.year + 18 < start.year:
                used.add(i)
                return self.person(i)
        for i in range(self.n_persons):  # tiny cities only
            if i not in used and self.person(i).birth.year + 18 < start.year:
                used.add(i)
                return self.person(i)
        return self.person(rng.randrange(self.n_persons))  # degenerate city: no adult left

    def _group_people(self, j: int) -> list[_Person]:
        """Owner, co-owner and a shared director of a corporate group: the same for all its
        members, which is what makes people hold roles across a holding chain."""
        block = j // _GROUP_SIZE
        rng = random.Random(_mix(self.seed, _T_GROUP, block, 2))
        top = self.org(block * _GROUP_SIZE).registered_on
        used: set[int] = set()
        return [self._pick_holder(rng, top, used) for _ in range(3)]

    def roles(self, j: int) -> list[RoleIn]:
        """All dated roles in org ``j``: legal representative (first), principal,
        directors, shareholders, actual controller. Regenerated identically on each call."""
        org = self.org(j)
        rng = random.Random(_mix(self.seed, _T_ROLES, j))
        reg = org.registered_on
        out: list[RoleIn] = []
        used: set[int] = set()

        def add(
            holder: SubjectRef,
            role: str,
            start: date,
            end: date | None = None,
            share: float | None = None,
        ) -> None:
            out.append(RoleIn(f"ROLE/O{j}/{len(out)}", holder, org.ref, role, start, end, share))

        group = self._group_people(j) if org.group_position is not None else []
        used.update(p.index for p in group)
        reps = self._legal_representatives(j, rng, used)
        for person, start, end in reps:
            add(person.ref, _ROLE_LR, start, end)

        # Principal: usually the legal representative, otherwise a manager of its own.
        if rng.random() < 0.7:
            for person, start, end in reps:
                add(person.ref, _ROLE_PR, start, end)
        else:
            add(self._pick_holder(rng, reg, used).ref, _ROLE_PR, reg)

        # Directors: 1-3 for most legal persons; some left the board.
        if org.ref.kind == "LEGAL_PERSON" and org.authority in "95":
            n = rng.choices((0, 1, 2, 3), weights=(1, 4, 4, 2))[0]
            directors = [self._pick_holder(rng, reg, used) for _ in range(n)]
            if group:
                directors.append(group[2])
            for person in directors:
                start = min(reg + timedelta(days=rng.randrange(1_000)), _LAST_ROLE_START)
                end = start + timedelta(days=rng.randrange(365, 2_500))
                add(
                    person.ref,
                    _ROLE_DI,
                    start,
                    end if rng.random() < 0.2 and end < _LAST_DAY else None,
                )

        # Shareholders (persons and organizations), shares summing to at most 1.
        holders: list[tuple[SubjectRef, int, date]] = []  # holder, basis points, start
        if org.group_position is not None:
            holders += self._group_holders(j, rng, group, used)
        elif org.authority == "9":
            n = rng.choices((1, 2, 3, 4), weights=(3, 4, 2, 1))[0]
            cuts = sorted(rng.sample(range(1, 100), n - 1))
            parts = [(b - a) * 100 for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
            for k, bp in enumerate(parts):
                owner_org = self._owner_org(rng, j) if k == 0 and rng.random() < 0.12 else None
                holder = owner_org.ref if owner_org else self._pick_holder(rng, reg, used).ref
                holders.append((holder, bp, reg))
        shares = _shares([bp for _, bp, _ in holders])
        sale = rng.random() < 0.1 and bool(holders) and holders[-1][0].id_type != "USCC"
        for k, ((holder, _, start), share) in enumerate(zip(holders, shares, strict=True)):
            if sale and k == len(holders) - 1 and reg + timedelta(days=400) < _LAST_ROLE_START:
                sold = _between(rng, reg + timedelta(days=400), _LAST_ROLE_START)
                add(holder, _ROLE_SH, start, sold, share)
                add(self._pick_holder(rng, sold, used).ref, _ROLE_SH, sold, None, share)
            else:
                add(holder, _ROLE_SH, start, None, share)

        # Actual controller: a group's owner, or for some companies the largest person holder.
        if group:
            add(group[0].ref, _ROLE_AC, reg)
        elif rng.random() < 0.3:
            people = [(bp, h) for h, bp, _ in holders if h.id_type != "USCC"]
            controller = (
                max(people, key=lambda t: t[0])[1]
                if people
                else self._pick_holder(rng, reg, used).ref
            )
            add(controller, _ROLE_AC, reg)
        return out

    def _group_holders(
        self, j: int, rng: random.Random, group: list[_Person], used: set[int]
    ) -> list[tuple[SubjectRef, int, date]]:
        """Shareholders of a group member (holder, basis points, start). The group's
        variant adds what investigators meet in real chains (issue 14): a *diamond*
        (position 3 is also held by the side branch 6, so two paths reach it) or a
        *nominee-like* top (position 0 held by a person with no other role in the group,
        while the owner is recorded as actual controller) or a *cross-holding* (position 1
        holds 10 % of the top, position 0, that holds it in turn: a cycle that equity
        penetration must not walk round twice)."""
        org, reg = self.org(j), self.org(j).registered_on
        pos = org.group_position
        assert pos is not None
        first = (j // _GROUP_SIZE) * _GROUP_SIZE
        variant = self.group_variant(j)
        parent = _GROUP_PARENT[pos]
        if parent is None:
            bp = rng.randrange(60, 101) * 100
            top = group[0].ref
            if variant == _NOMINEE:
                top = self._pick_holder(rng, reg, used).ref
            cross = self.org(first + 1)
            cross_start = max(reg, cross.registered_on)
            crossed = variant == _CROSS and cross_start < _LAST_ROLE_START
            if crossed:
                bp = min(bp, 10_000 - _CROSS_BP)
            holders = [(top, bp, reg)]
            if crossed:
                holders.append((cross.ref, _CROSS_BP, cross_start))
            rest = 10_000 - bp - (_CROSS_BP if crossed else 0)
            if rest > 0:
                holders.append((group[1].ref, rest, reg))
            return holders
        owner = self.org(first + parent)
        bp = rng.randrange(51, 101) * 100
        if variant == _DIAMOND and pos == 3:
            side = self.org(first + 6)
            bp = min(bp, 8_000)
            return [(owner.ref, bp, reg), (side.ref, 10_000 - bp, max(reg, side.registered_on))]
        holders = [(owner.ref, bp, reg)]
        if bp < 10_000:
            holders.append((self._pick_holder(rng, reg, used).ref, 10_000 - bp, reg))
        return holders

    def group_variant(self, j: int) -> int:
        """Which holding pattern org ``j``'s group follows (plain, diamond, nominee, cross)."""
        return _mix(self.seed, _T_GROUP, j // _GROUP_SIZE, 3) % _VARIANTS

    def _legal_representatives(
        self, j: int, rng: random.Random, used: set[int]
    ) -> list[tuple[_Person, date, date | None]]:
        """The first draws of ``roles(j)``: legal representatives with their periods,
        sometimes one replaced by another (Art. 31 must mark the one of the time)."""
        reg = self.org(j).registered_on
        change: date | None = None
        if self.is_listed(j):
            change = _between(
                rng, max(date(2023, 6, 1), reg + timedelta(days=400)), date(2025, 6, 30)
            )
        elif rng.random() < 0.15 and reg + timedelta(days=400) < _LAST_ROLE_START:
            change = _between(rng, reg + timedelta(days=400), _LAST_ROLE_START)
        reps: list[tuple[_Person, date, date | None]] = [
            (self._pick_holder(rng, reg, used), reg, change)
        ]
        if change is not None:
            reps.append((self._pick_holder(rng, change, used), change, None))
        return reps

    def _owner_org(self, rng: random.Random, j: int) -> _Org | None:
        """An earlier company that owns part of org ``j``: earlier index, so no cycles."""
        reg = self.org(j).registered_on
        for _ in range(5):
            if j == 0:
                return None
            owner = self.org(rng.randrange(j))
            if owner.is_company and owner.registered_on < reg:
                return owner
        return None

    def legal_representative(self, j: int, on: date) -> SubjectRef:
        """Who represented org ``j`` on ``on``, without generating all its roles."""
        rng = random.Random(_mix(self.seed, _T_ROLES, j))
        group = self._group_people(j) if self.org(j).group_position is not None else []
        reps = self._legal_representatives(j, rng, {p.index for p in group})
        for person, start, end in reps:
            if start <= on and (end is None or on < end):
                return person.ref
        return reps[-1][0].ref


def _shares(bps: list[int]) -> list[float]:
    """Basis points to fractions whose float sum never exceeds 1 (whatever the order)."""
    shares = [bp / 10_000 for bp in bps]
    while len(shares) > 1 and (sum(shares) > 1.0 or sum(reversed(shares)) > 1.0):
        bps[-1] -= 1
        shares[-1] = bps[-1] / 10_000
    return shares
