"""Record streams: per chunk of subjects, the Art. 11 basic records and the planned
positive, other, dishonesty and market records, each chunk from its own seeded ``Random``."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from core.submission import CIRCUMSTANCES, ConsentIn, RecordIn, SubjectRef
from seed.city.dates import (
    _FIRST_DAY,
    _LAST_DAY,
    _OLD_FIRST,
    _OLD_LAST,
    _OLD_SHARE,
    _add_years,
    _between,
    _version,
)
from seed.city.identifiers import _region_name
from seed.city.listings import _Listings
from seed.city.organizations import _INDUSTRIES
from seed.city.reference import _Item, _Provider
from seed.city.streams import _CHUNK, _T_BASIC, _T_OCHUNK, _T_PCHUNK, _mix
from seed.city.subjects import _Person

# Weights when picking among the items of a kind (items not named here weigh 1).
_WEIGHTS = {
    "N-DIS-ADMIN-PENALTY": 6, "N-DIS-COURT-DEBTOR": 3, "N-POS-VOLUNTEER": 4, "N-POS-BLOOD": 3,
    "N-POS-CHARITY": 2, "N-OTHER-LICENCE": 4, "L-OTHER-COMMITMENT": 2, "N-POS-TAX-A": 3,
}  # fmt: skip


@dataclass
class _Sequence:
    """Per-chunk counters: document serial numbers unique across the city, and the
    running count of dishonesty records."""

    family: int  # 1 persons, 2 organizations (3 is used by listing anchors)
    chunk: int
    n: int = 0
    dishonest: int = 0

    def serial(self) -> str:
        return f"{self.family}{self.chunk:05d}{self.n:05d}"


class _Records(_Listings):
    """World layer: the record streams ``City.batches()`` packs into provider batches."""

    def _when(self, rng: random.Random, earliest: date, old: bool = False) -> date:
        """A record date in the working window, or (≈0.2 %, or when ``old``) before the
        regulation took effect, so that Art. 58 has something to exclude."""
        roll = rng.random()
        if (old or roll < _OLD_SHARE) and earliest <= _OLD_LAST:
            return _between(rng, max(earliest, _OLD_FIRST), _OLD_LAST)
        return _between(rng, max(earliest, _FIRST_DAY), _LAST_DAY)

    def _pick_item(
        self, rng: random.Random, kind: str, subject_type: str, on: date
    ) -> _Item | None:
        key = (kind, subject_type, _version(on))
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = self.ref.pool(*key)
        if not pool:
            return None
        return rng.choices(pool, weights=[_WEIGHTS.get(i.code, 1) for i in pool])[0]

    def _pick_provider(
        self, rng: random.Random, item: _Item, prefer: str | None
    ) -> tuple[_Provider, dict[str, object]]:
        """A provider allowed for the item; commitment items also name the commitment
        (Art. 32), whose sector decides the provider."""
        eligible = self.ref.eligible[(item.code, item.version)]
        if any(f.name == "commitmentCode" for f in item.fields):
            options = [
                c for c in self.ref.commitments if any(p.sector == c.sector for p in eligible)
            ]
            if options:
                c = rng.choice(options)
                provider = rng.choice([p for p in eligible if p.sector == c.sector])
                return provider, {"commitmentCode": c.code, "commitmentMatter": c.matter}
        preferred = [p for p in eligible if p.sector == prefer]
        if preferred and rng.random() < 0.6:
            return rng.choice(preferred), {}
        return rng.choice(eligible), {}

    def _plan(
        self,
        rng: random.Random,
        subject_type: str,
        prefer: str | None,
        plan: list[str],
        subject: SubjectRef,
        adult: date,
        minor: date,
        prefix: str,
        seq: _Sequence,
    ) -> Iterator[tuple[str, RecordIn]]:
        for n, kind in enumerate(plan, start=1):
            earliest = minor if kind == "DISHONEST" else adult
            seq.n += 1
            # The first chunk always holds a few pre-2022 records and declared Art. 16
            # circumstances, so that even the small city exercises Art. 16 and Art. 58.
            on = self._when(rng, earliest, old=seq.chunk == 0 and seq.n in (3, 103))
            if kind.startswith("M-"):
                item = self.ref.items.get((kind, _version(on)))
            else:
                item = self._pick_item(rng, kind, subject_type, on)
            if item is None or subject_type not in item.subject_types:
                continue
            provider, overrides = self._pick_provider(rng, item, prefer)
            circumstance = None
            if item.kind == "DISHONEST":
                seq.dishonest += 1
                if seq.chunk == 0 and seq.dishonest in (2, 5):
                    circumstance = CIRCUMSTANCES[seq.dishonest % len(CIRCUMSTANCES)]
            yield (
                provider.id,
                self.record(
                    rng,
                    item,
                    provider,
                    subject,
                    on,
                    earliest,
                    f"{item.code}/{prefix}/{n}",
                    seq.serial(),
                    overrides,
                    circumstance=circumstance,
                ),
            )

    def person_basic(self, chunk: int) -> Iterator[tuple[str, RecordIn]]:
        """Art. 11: every person's identity record, dated once they are 16 or older."""
        rng = random.Random(_mix(self.seed, _T_BASIC, 0, chunk))
        for i in range(chunk * _CHUNK, min(self.n_persons, (chunk + 1) * _CHUNK)):
            person = self.person(i)
            on = max(_between(rng, _FIRST_DAY, date(2023, 12, 31)), _add_years(person.birth, 16))
            item = self.ref.items[("N-BASIC-PERSON", _version(on))]
            provider = rng.choice(self.ref.eligible[(item.code, item.version)])
            values: dict[str, object] = {
                "name": person.ref.name,
                "gender": person.gender,
                "birthDate": person.birth,
            }
            if person.region is not None:
                values["domicileRegion"] = _region_name(person.region)
            fields = {f.name: values[f.name] for f in item.fields if f.name in values}
            yield provider.id, RecordIn(f"{item.code}/P{i}/0", item.code, person.ref, on, fields)

    def org_basic(self, chunk: int) -> Iterator[tuple[str, RecordIn]]:
        """Art. 11: every organization's registration record, from its registration body."""
        rng = random.Random(_mix(self.seed, _T_BASIC, 1, chunk))
        for j in range(chunk * _CHUNK, min(self.n_orgs, (chunk + 1) * _CHUNK)):
            org = self.org(j)
            reg = org.registered_on
            on = max(
                _between(rng, _FIRST_DAY, date(2023, 12, 31)),
                reg + timedelta(days=rng.randrange(1, 30)),
            )
            item = self.ref.items[("N-BASIC-ORG", _version(on))]
            sector = "CIVIL_AFFAIRS" if org.authority == "5" else "MARKET"
            eligible = self.ref.eligible[(item.code, item.version)]
            provider = next((p for p in eligible if p.sector == sector), eligible[0])
            trade, _, scope = _INDUSTRIES[org.industry]
            street = self.streets[rng.randrange(len(self.streets))]
            values: dict[str, object] = {
                "name": org.ref.name,
                "orgKind": org.org_kind,
                "registeredOn": reg,
                "address": f"{_region_name(org.region)}{street}{rng.randint(1, 999)}号",
                "businessScope": scope
                if org.authority == "9"
                else f"{trade}领域公益服务、交流合作",
                "legalRepresentativeName": self.legal_representative(j, on).name,
            }
            if org.is_company:
                values["registeredCapital"] = f"{rng.randint(10, 10_000) * 10_000}.00"
            if rng.random() < 0.8:
                values["contactPhone"] = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            fields = {f.name: values[f.name] for f in item.fields if f.name in values}
            yield provider.id, RecordIn(f"{item.code}/O{j}/0", item.code, org.ref, on, fields)

    def person_records(self, chunk: int) -> Iterator[tuple[str, RecordIn]]:
        """Non-basic records of a chunk of persons: positive, other, dishonest (from age 16,
        so Art. 16's minors occur), utility payments and consent-only income records."""
        rng = random.Random(_mix(self.seed, _T_PCHUNK, chunk))
        seq = _Sequence(1, chunk)
        for i in range(chunk * _CHUNK, min(self.n_persons, (chunk + 1) * _CHUNK)):
            person = self.person(i)
            plan: list[str] = []
            if rng.random() < 0.10:
                plan += ["POSITIVE"] * rng.choice((1, 1, 2))
            if rng.random() < 0.08:
                plan.append("OTHER")
            if rng.random() < 0.03:
                plan += ["DISHONEST"] * rng.choice((1, 1, 1, 2))
            if rng.random() < 0.05:
                plan.append("M-UTILITY-PAYMENT")
            adult, minor = _add_years(person.birth, 18), _add_years(person.birth, 16)
            yield from self._plan(rng, "PERSON", None, plan, person.ref, adult, minor, f"P{i}", seq)
            consent = self.consent(i)
            if consent is not None:
                yield from self._income(rng, i, person, consent, seq)

    def _income(
        self, rng: random.Random, i: int, person: _Person, consent: ConsentIn, seq: _Sequence
    ) -> Iterator[tuple[str, RecordIn]]:
        """Consent-only market records, dated inside the consent's validity (Art. 20, 39)."""
        lo = max(consent.signed_on + timedelta(days=1), _FIRST_DAY)
        hi = min(consent.valid_until - timedelta(days=1), _LAST_DAY)
        provider = self.ref.providers[consent.provider_id]
        for n in range(rng.choice((1, 2))):
            on = _between(rng, lo, hi)
            item = self.ref.items.get(("M-INCOME", _version(on)))
            if item is None or provider not in self.ref.eligible[(item.code, item.version)]:
                continue
            seq.n += 1
            yield (
                provider.id,
                self.record(
                    rng,
                    item,
                    provider,
                    person.ref,
                    on,
                    lo,
                    f"M-INCOME/P{i}/c{n}",
                    seq.serial(),
                ),
            )

    def org_records(self, chunk: int) -> Iterator[tuple[str, RecordIn]]:
        """Non-basic records of a chunk of organizations, including the dishonesty record
        each listed organization's listing rests on."""
        rng = random.Random(_mix(self.seed, _T_OCHUNK, chunk))
        seq = _Sequence(2, chunk)
        for j in range(chunk * _CHUNK, min(self.n_orgs, (chunk + 1) * _CHUNK)):
            org = self.org(j)
            if self.is_listed(j):
                provider, record, _, _ = self.listing_anchor(j)
                yield provider.id, record
            plan: list[str] = []
            if rng.random() < 0.06:
                plan.append("POSITIVE")
            if rng.random() < 0.25:
                plan += ["OTHER"] * rng.choice((1, 1, 2))
            if rng.random() < 0.06:
                plan += ["DISHONEST"] * rng.choice((1, 1, 2, 3))
            if rng.random() < 0.05:
                plan.append("M-UTILITY-PAYMENT")
            if org.is_company and rng.random() < 0.04:
                plan.append("M-ASSOC-MEMBER")
            if org.authority == "9" and rng.random() < 0.03:
                plan.append("M-CREDIT-RATING")
            earliest = org.registered_on + timedelta(days=1)
            sector = _INDUSTRIES[org.industry][1]
            yield from self._plan(
                rng, "ORGANIZATION", sector, plan, org.ref, earliest, earliest, f"O{j}", seq
            )
