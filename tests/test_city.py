"""The synthetic city generator (seed/city/): deterministic, valid, consistent.

Fast and database-free: one small city, checked against the TOML data files read here
independently of the generator's own reader.
"""

from __future__ import annotations

import re
import time
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from stdnum.cn import ric, uscc

from core.submission import (
    BASIS_DOCUMENT_TYPES,
    CIRCUMSTANCES,
    ROLES,
    Batch,
    RecordIn,
    RoleIn,
    SubjectRef,
)
from rules.catalog import RESERVED_FIELD_NAMES
from seed.city import SIZES, City, generate_city

DATA = Path(__file__).resolve().parents[1] / "seed" / "data"
BATCH_SIZE = 250
RESPONSIBLE_ROLES = {
    "LEGAL_REPRESENTATIVE_OF",
    "PRINCIPAL_OF",
    "ACTUAL_CONTROLLER_OF",
    "DIRECTOR_OF",
}
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_FORMAT = re.compile(r"^[1-9ANY][1-9][0-9]{6}[0-9ABCDEFGHJKLMNPQRTUWXY]{10}$")
FORBIDDEN_WORDS = ("religion", "gene", "fingerprint", "blood", "disease", "medical", "illness")


def load(name: str) -> dict[str, Any]:
    with (DATA / name).open("rb") as fh:
        return tomllib.load(fh)


def catalog_version(on: date) -> int:
    return 2026 if on.year >= 2026 else 2025


@cache
def items() -> dict[tuple[str, int], dict[str, Any]]:
    return {
        (item["code"], version): item
        for item in load("catalog.toml")["item"]
        for version in item["versions"]
    }


@cache
def providers() -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in load("providers.toml")["provider"]}


@dataclass
class Generated:
    city: City
    batches: list[Batch]
    seconds: float


@pytest.fixture(scope="module")
def small() -> Generated:
    started = time.perf_counter()
    city = generate_city(SIZES["small"])
    batches = list(city.batches(BATCH_SIZE))
    return Generated(city, batches, time.perf_counter() - started)


def records(g: Generated) -> list[tuple[int, str, RecordIn]]:
    return [(n, b.provider_id, r) for n, b in enumerate(g.batches) for r in b.records]


def roles(g: Generated) -> list[tuple[int, RoleIn]]:
    return [(n, r) for n, b in enumerate(g.batches) for r in b.roles]


def subjects(g: Generated) -> dict[str, SubjectRef]:
    return {
        r.subject.number: r.subject
        for _, _, r in records(g)
        if r.catalog_code.startswith("N-BASIC")
    }


# ----------------------------------------------------------------------------- data files


def test_data_files_parse_and_are_consistent() -> None:
    sectors = {s["code"] for s in load("sectors.toml")["sector"]}
    assert {"MARKET", "TAX", "COURT", "HRSS", "CREDIT"} <= sectors
    for p in providers().values():
        assert p["sector"] in sectors
        assert p["family"] in ("PUBLIC", "MARKET")
    assert [p["id"] for p in providers().values() if p["may_submit_roles"]] == ["P-MARKET"]
    keys = None
    for item in load("catalog.toml")["item"]:
        if item["scope"] == "LOCAL" and item["kind"] == "DISHONEST":
            assert 1 <= item["art15_category"] <= 6, item["code"]
        else:
            assert "art15_category" not in item, item["code"]
        assert set(item["provider_sectors"]) <= sectors
        for fld in item["fields"]:
            assert fld["name"] not in RESERVED_FIELD_NAMES
            assert not any(w in fld["name"].lower() for w in FORBIDDEN_WORDS)
        item_keys = set(item) - {"art15_category"}
        assert keys is None or item_keys == keys, item["code"]
        keys = item_keys
    for m in load("measures.toml")["measure"]:
        assert m["implementer"] in sectors
        if m["list"] == "PUNISHMENT" and m["scope"] == "LOCAL":
            assert 1 <= m["art35_kind"] <= 9
        if m["list"] == "INCENTIVE":
            assert 1 <= m["art33_kind"] <= 7
    for c in load("commitments.toml")["item"]:
        assert c["sector"] in sectors


# ----------------------------------------------------------------------------- generator


def test_small_city_is_fast(small: Generated) -> None:
    assert small.seconds < 3.0


def test_deterministic_and_reiterable(small: Generated) -> None:
    again = generate_city(SIZES["small"])
    assert list(again.batches(BATCH_SIZE)) == small.batches
    assert list(small.city.batches(BATCH_SIZE)) == small.batches  # re-iterable
    assert again.consents == small.city.consents
    assert again.listings == small.city.listings
    other_seed = generate_city(SIZES["small"], seed=7)
    assert next(iter(other_seed.batches(BATCH_SIZE))) != small.batches[0]


def test_sizes_are_about_right(small: Generated) -> None:
    city = small.city
    assert (city.n_persons, city.n_organizations) == (700, 300)
    found = subjects(small)
    persons = [s for s in found.values() if s.id_type != "USCC"]
    orgs = [s for s in found.values() if s.id_type == "USCC"]
    assert (len(persons), len(orgs)) == (700, 300)
    assert 1 <= sum(p.id_type == "PASSPORT" for p in persons) <= 20
    assert 10 <= sum(o.kind == "UNINCORPORATED" for o in orgs) <= 60
    assert 2 <= len(city.consents) <= 30
    assert 1 <= len(city.listings) <= 10
    kinds = Counter(
        items()[(r.catalog_code, catalog_version(r.occurred_at))]["kind"]
        for _, _, r in records(small)
    )
    assert kinds["BASIC"] == 1000
    assert kinds["DISHONEST"] >= 20 and kinds["POSITIVE"] >= 20 and kinds["OTHER"] >= 50


def test_identifiers_are_valid_and_unique(small: Generated) -> None:
    found = subjects(small)
    assert len(found) == 1000  # one BASIC record per subject, unique numbers
    authorities: Counter[str] = Counter()
    for number, subject in found.items():
        if subject.id_type == "RIC":
            assert ric.is_valid(number), number
            assert 1950 <= ric.get_birth_date(number).year <= 2007
        elif subject.id_type == "PASSPORT":
            assert re.fullmatch(r"E[0-9]{8}", number)
        else:
            assert subject.id_type == "USCC"
            assert USCC_FORMAT.fullmatch(number), number
            assert number[-1] == uscc.calc_check_digit(number[:17])
            if number[0] in "159":
                assert uscc.is_valid(number)
            assert subject.kind in ("LEGAL_PERSON", "UNINCORPORATED")
            authorities[number[0]] += 1
    assert authorities["9"] > authorities["5"] > 0
    assert sum(authorities[a] for a in "ANY") > 0


def test_roles_reference_existing_subjects_and_are_dated(small: Generated) -> None:
    found = subjects(small)
    by_org: dict[str, list[RoleIn]] = defaultdict(list)
    orgs_of: dict[str, set[str]] = defaultdict(set)
    for _, role in roles(small):
        assert role.role in ROLES
        assert found[role.holder.number] == role.holder
        assert found[role.organization.number] == role.organization
        assert role.organization.id_type == "USCC"
        assert role.end is None or role.start < role.end
        assert (role.share is not None) == (role.role == "SHAREHOLDER_OF")
        if role.share is not None:
            assert 0 < role.share <= 1
        if role.holder.id_type == "RIC":  # role holders are adults
            birth = ric.get_birth_date(role.holder.number)
            assert birth.year + 18 <= role.start.year
        else:
            assert role.role == "SHAREHOLDER_OF" or role.holder.id_type == "PASSPORT"
        by_org[role.organization.number].append(role)
        orgs_of[role.holder.number].add(role.organization.number)
    assert len(by_org) == 300
    for org, held in by_org.items():
        assert any(r.role == "LEGAL_REPRESENTATIVE_OF" for r in held), org
        assert any(r.role == "PRINCIPAL_OF" for r in held), org
        for day in {r.start for r in held}:
            total = sum(
                r.share or 0
                for r in held
                if r.role == "SHAREHOLDER_OF" and r.start <= day and (r.end is None or day < r.end)
            )
            assert total <= 1.0, org
    assert any(
        r.end is not None and r.role == "LEGAL_REPRESENTATIVE_OF"
        for held in by_org.values()
        for r in held
    )
    assert max(len(o) for o in orgs_of.values()) >= 3  # people with roles in several orgs


def test_holding_chains_are_deep_with_a_few_cycles(small: Generated) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for _, role in roles(small):
        if role.role == "SHAREHOLDER_OF" and role.holder.id_type == "USCC":
            owners[role.organization.number].add(role.holder.number)
    cycles: set[frozenset[str]] = set()

    def depth(org: str, path: tuple[str, ...]) -> int:
        """The longest simple holding chain above ``org``; a holder already on the path
        closes a cycle (recorded, not followed)."""
        deepest = 0
        for holder in owners.get(org, ()):
            if holder in path:
                cycles.add(frozenset((*path[path.index(holder) :], org)))
            else:
                deepest = max(deepest, depth(holder, (*path, org)))
        return 1 + deepest

    assert max(depth(org, ()) for org in owners) >= 6  # six-layer chains
    # Cross-holdings (a subsidiary holding part of its parent), a few groups only.
    assert cycles and all(len(c) == 2 for c in cycles), cycles
    assert len(cycles) < len(owners) / 10


def test_records_match_the_catalog(small: Generated) -> None:
    consents = {c.subject.number: c for c in small.city.consents}
    seen: set[tuple[str, str]] = set()
    circumstances = 0
    for _, provider_id, rec in records(small):
        assert (provider_id, rec.source_id) not in seen
        seen.add((provider_id, rec.source_id))
        on = rec.occurred_at
        assert date(2023, 1, 1) <= on <= date(2026, 11, 1) or on < date(2022, 1, 1)
        item = items().get((rec.catalog_code, catalog_version(on)))
        assert item is not None, (rec.catalog_code, on)
        subject_type = "ORGANIZATION" if rec.subject.id_type == "USCC" else "PERSON"
        assert subject_type in item["subject_types"]
        provider = providers()[provider_id]
        assert provider["family"] == item["family"]
        if item["family"] == "PUBLIC":
            assert provider["sector"] in item["provider_sectors"]
        else:
            assert provider["kind"] in item["provider_kinds"]
        fields = {f["name"]: f for f in item["fields"]}
        assert set(rec.fields) <= set(fields), rec.catalog_code
        assert {n for n, f in fields.items() if f["required"]} <= set(rec.fields)
        for name, value in rec.fields.items():
            expected = {"string": str, "date": date, "decimal": str, "int": int, "bool": bool}
            assert type(value) is expected[fields[name]["type"]], (rec.catalog_code, name)
            if fields[name]["type"] == "decimal":
                float(str(value))
        if item["kind"] == "DISHONEST":
            assert rec.basis is not None and rec.basis.type in BASIS_DOCUMENT_TYPES
            if provider["sector"] == "COURT":
                assert rec.basis.type == "JUDGMENT"
            elif rec.catalog_code == "L-DIS-ADMIN":
                act = rec.fields["actType"]
                assert rec.basis.type == {"行政强制": "ADMIN_ENFORCEMENT"}.get(
                    act, "ADMIN_ADJUDICATION"
                )
            elif rec.catalog_code == "L-DIS-COMMITMENT":
                assert rec.basis.type == "OTHER_LEGAL" and rec.basis.legal_basis
            elif rec.catalog_code.startswith("N-DIS"):
                assert rec.basis.type == "ADMIN_PENALTY"
            circumstances += bool(rec.circumstances)
        else:
            assert rec.basis is None and not rec.circumstances
        assert rec.circumstances <= set(CIRCUMSTANCES)
        if item["consent_only"] and not provider["public_body"]:
            consent = consents[rec.subject.number]
            assert consent.provider_id == provider_id
            categories = {f["category"] for f in item["fields"] if f["name"] in rec.fields}
            assert categories - {"NONE"} <= consent.categories
            assert consent.signed_on < on < consent.valid_until
    # Art. 16 third paragraph and Art. 58 are exercised even by the small city, rarely.
    assert 1 <= circumstances <= 6
    old = sum(r.occurred_at < date(2022, 1, 1) for _, _, r in records(small))
    assert 1 <= old <= 6
    # Art. 14: records dated 2026 use the 2026 catalog, incl. an item only it has.
    assert any(r.catalog_code == "L-DIS-PRO-INTEGRITY" for _, _, r in records(small))


def test_consents_are_written_and_time_limited(small: Generated) -> None:
    for c in small.city.consents:
        assert c.subject.id_type != "USCC" and c.evidence
        assert c.signed_on < c.valid_until <= date(c.signed_on.year + 5, 12, 31)
        assert (c.valid_until - c.signed_on).days <= 5 * 365
        assert providers()[c.provider_id]["kind"] == "CREDIT_SERVICE"
        if c.subject.id_type == "RIC":  # signed by an adult
            assert ric.get_birth_date(c.subject.number).year + 18 <= c.signed_on.year


def test_batches_are_bounded_grouped_and_ordered(small: Generated) -> None:
    last_basic: dict[str, int] = {}
    first_other: dict[str, int] = {}
    for n, batch in enumerate(small.batches):
        assert 0 < len(batch.records) + len(batch.roles) <= BATCH_SIZE
        if batch.roles:
            assert batch.provider_id == "P-MARKET"
        for rec in batch.records:
            if rec.catalog_code.startswith("N-BASIC"):
                last_basic[rec.subject.number] = n
            else:
                first_other.setdefault(rec.subject.number, n)
        for role in batch.roles:
            for s in (role.holder, role.organization):
                last_basic[s.number] = max(last_basic.get(s.number, n), n)
    for number, n in first_other.items():
        assert last_basic[number] < n


def test_listings_name_who_held_the_role_at_the_time(small: Generated) -> None:
    held: dict[tuple[str, str, str], list[RoleIn]] = defaultdict(list)
    for _, r in roles(small):
        held[(r.holder.number, r.organization.number, r.role)].append(r)
    dishonest = {(r.subject.number, r.occurred_at) for _, _, r in records(small) if r.basis}
    for listing in small.city.listings:
        assert listing.subject.id_type == "USCC"
        assert listing.ground in (1, 2, 3) and listing.reasons
        assert listing.decided_on > listing.conduct_on
        assert (listing.subject.number, listing.conduct_on) in dishonest
        assert 1 <= len(listing.responsible) <= 3
        for person, role_name in listing.responsible:
            assert role_name in RESPONSIBLE_ROLES
            assert any(
                r.start <= listing.conduct_on and (r.end is None or listing.conduct_on < r.end)
                for r in held[(person.number, listing.subject.number, role_name)]
            ), (person, role_name)


def test_registration_names_the_legal_representative_of_the_time(small: Generated) -> None:
    reps: dict[str, list[RoleIn]] = defaultdict(list)
    for _, r in roles(small):
        if r.role == "LEGAL_REPRESENTATIVE_OF":
            reps[r.organization.number].append(r)
    for _, _, rec in records(small):
        if rec.catalog_code == "N-BASIC-ORG":
            on = rec.occurred_at
            (current,) = [
                r
                for r in reps[rec.subject.number]
                if r.start <= on and (r.end is None or on < r.end)
            ]
            assert rec.fields["legalRepresentativeName"] == current.holder.name
            assert rec.fields["registeredOn"] <= on


def test_city_passes_the_ingest_rules(small: Generated) -> None:
    """The validated ingest refuses a whole batch on any violation: run its pure rules
    (no database) over the city, on the collection date the batches declare."""
    from rules import identifiers
    from rules.consent import check_consent
    from rules.listing import check_listing
    from rules.records import check_record
    from rules.roles import check_role
    from seed.catalog import load as load_reference

    ref = load_reference()
    catalog = {i.key: i for i in ref.items}
    by_id = {p.id: p for p in ref.providers}
    consents = defaultdict(list)
    for n, c in enumerate(small.city.consents):
        assert check_consent(c, n) == []
        consents[identifiers.subject_key(c.subject)].append(c)
    for batch in small.batches:
        assert batch.submitted_at is not None
        provider = by_id[batch.provider_id]
        assert not batch.roles or provider.may_submit_roles
        for n, rec in enumerate(batch.records):
            mine = consents.get(identifiers.subject_key(rec.subject), [])
            when = batch.submitted_at.date()
            check = check_record(rec, n, provider, ref.versions, catalog, mine, when)
            assert check.violations == [], rec
        for n, role in enumerate(batch.roles):
            assert check_role(role, n) == []
    for n, listing in enumerate(small.city.listings):
        assert check_listing(listing) == [], n
