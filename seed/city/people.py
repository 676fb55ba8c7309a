"""Persons (Art. 10): a name, a birth date, a gender, and a citizen ID number (RIC) or,
for about 1 %, a passport."""

from __future__ import annotations

from datetime import timedelta

from core.submission import SubjectRef
from seed.city.base import _CACHE_LIMIT, _Base
from seed.city.dates import _BIRTH_DAYS, _BIRTH_FIRST
from seed.city.identifiers import _passport_number, _ric_for
from seed.city.streams import _T_PERSON, _mix
from seed.city.subjects import _Person


class _People(_Base):
    """World layer: persons, derived on demand and kept in a bounded memo."""

    # -- persons (Art. 10: citizen ID number, or another valid ID document)

    def person(self, i: int) -> _Person:
        found = self._persons.get(i)
        if found is None:
            if len(self._persons) >= _CACHE_LIMIT:
                self._persons.clear()
            found = self._persons[i] = self._make_person(i)
        return found

    def _make_person(self, i: int) -> _Person:
        h = _mix(self.seed, _T_PERSON, i)
        name = self.names[(h >> 32) % len(self.names)]
        if h % 100 == 0:  # ~1 %: no citizen ID, a passport instead
            number = _passport_number(i, self.offset)
            birth = _BIRTH_FIRST + timedelta(days=(h >> 8) % _BIRTH_DAYS)
            gender = "男" if (h >> 40) & 1 else "女"
            return _Person(i, SubjectRef("PASSPORT", number, name), birth, gender, None)
        # Bijective index -> (region, birth date, order code): unique RICs without a registry.
        if i % 5:
            regions, idx = self.home, (i // 5) * 4 + i % 5 - 1
        else:
            regions, idx = self.other, i // 5
        region, birth, order, number = _ric_for(idx, regions, self.offset)
        gender = "男" if order % 2 else "女"
        return _Person(i, SubjectRef("RIC", number, name), birth, gender, region)
