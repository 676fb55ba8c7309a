"""Integration tests against the tests' own real Neo4j: schema, ingest, roles, consents,
listings. No mocks: every assertion reads the graph back."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from core.errors import BatchRefused, ConfigurationError
from core.submission import Batch, ConsentIn, ListingIn, RoleIn
from graph import listings, migrate
from graph.connection import Graph
from graph.consents import record_consents
from graph.ingest import submit
from seed import catalog
from tests import builders

pytestmark = pytest.mark.integration
TODAY = date(2026, 11, 20)


def _count(graph: Graph, label: str) -> int:
    return int(graph.run(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"])


def _snapshot(graph: Graph) -> dict[str, int]:
    labels = ("Subject", "Record", "BasisDocument", "Consent", "Listing", "Mark")
    rels = graph.run("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return {**{label: _count(graph, label) for label in labels}, "relationships": rels}


@pytest.fixture(scope="module")
def ref() -> catalog.Reference:
    return catalog.load()


def test_constraints_present(graph: Graph) -> None:
    names = {row["name"] for row in graph.run("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {
        "subject_key",
        "record_source",
        "record_id",
        "catalog_item_key",
        "provider_id",
        "role_source_lr",
        "consent_key",
    } <= names


def test_migrations_idempotent(graph: Graph) -> None:
    assert migrate.apply(graph) == []


def test_edited_migration_detected(graph: Graph) -> None:
    graph.run("MATCH (m:Migration {id: '001_credit_files'}) SET m.checksum = 'edited'")
    try:
        with pytest.raises(ConfigurationError, match="changed after it was applied"):
            migrate.apply(graph)
    finally:
        first = migrate.available()[0]
        graph.run(
            "MATCH (m:Migration {id: $id}) SET m.checksum = $c", id=first.id, c=first.checksum
        )


def test_reference_loaded_with_versions(graph: Graph, ref: catalog.Reference) -> None:
    assert _count(graph, "CatalogItem") == len(ref.items)
    rows = graph.run(
        "MATCH (c:CatalogItem {code: 'L-DIS-PRO-INTEGRITY'})-[:IN_VERSION]->(v) "
        "RETURN collect(v.year) AS years"
    )
    assert rows[0]["years"] == [2026]


def test_records_linked_to_catalog_version_provider_basis(
    clean_graph: Graph, ref: catalog.Reference
) -> None:
    rec = builders.record(ref, "N-DIS-ADMIN-PENALTY", on=date(2025, 6, 1))
    report = submit(clean_graph, Batch("P-MARKET", [rec]), today=TODAY)
    assert report.written and report.created == 1
    row = clean_graph.run(
        "MATCH (s:Subject:Person)-[:HAS_RECORD]->(r:Record)-[:UNDER]->(c:CatalogItem), "
        "(r)-[:PROVIDED_BY]->(p:Provider), (r)-[:RESTS_ON]->(b:BasisDocument) "
        "RETURN c.key AS item, p.id AS provider, b.type AS basis, r.status AS status, "
        "r.publicUntil AS publicUntil, r.retainUntil AS retainUntil, s.birthDate AS born"
    )[0]
    assert row["item"] == "N-DIS-ADMIN-PENALTY@2025"  # the version in force at the conduct
    assert row["provider"] == "P-MARKET" and row["basis"] == "ADMIN_PENALTY"
    assert row["status"] == "ACTIVE" and row["born"].to_native() == date(1985, 5, 17)
    assert row["retainUntil"].to_native() > row["publicUntil"].to_native()


def test_reingest_writes_nothing_new(clean_graph: Graph, ref: catalog.Reference) -> None:
    batch = Batch(
        "P-MARKET",
        [builders.record(ref, "N-BASIC-ORG"), builders.record(ref, "N-DIS-ADMIN-PENALTY")],
    )
    assert submit(clean_graph, batch, today=TODAY).created == 2
    before = _snapshot(clean_graph)
    again = submit(clean_graph, batch, today=TODAY)
    assert again.written and again.created == 0 and again.unchanged == 2
    assert _snapshot(clean_graph) == before


def test_changed_content_is_refused_not_overwritten(
    clean_graph: Graph, ref: catalog.Reference
) -> None:
    rec = builders.record(ref, "N-BASIC-ORG")
    submit(clean_graph, Batch("P-MARKET", [rec]), today=TODAY)
    changed = dataclasses.replace(rec, fields={**rec.fields, "name": "改名后的名称"})
    before = _snapshot(clean_graph)
    report = submit(clean_graph, Batch("P-MARKET", [changed]), today=TODAY)
    assert [(v.code, v.article) for v in report.violations] == [("RECORD_CONFLICT", 39)]
    assert _snapshot(clean_graph) == before


@pytest.mark.parametrize(
    "breakage",
    ["bad_id", "forbidden", "no_basis", "unknown_item", "undeclared", "bad_type", "future"],
)
def test_one_bad_item_writes_nothing(
    clean_graph: Graph, ref: catalog.Reference, breakage: str
) -> None:
    good = builders.record(ref, "N-DIS-ADMIN-PENALTY")
    bad = builders.record(ref, "N-DIS-ADMIN-PENALTY")
    bad = {
        "bad_id": dataclasses.replace(
            bad,
            subject=dataclasses.replace(
                bad.subject, number=builders.break_check_digit(bad.subject.number)
            ),
        ),
        "forbidden": dataclasses.replace(bad, fields={**bad.fields, "fingerprint": "x"}),
        "no_basis": dataclasses.replace(bad, basis=None),
        "unknown_item": dataclasses.replace(bad, catalog_code="N-NOPE"),
        "undeclared": dataclasses.replace(bad, fields={**bad.fields, "nickname": "x"}),
        "bad_type": dataclasses.replace(bad, fields={k: 12 for k in bad.fields}),
        "future": dataclasses.replace(bad, occurred_at=date(2027, 1, 1)),
    }[breakage]
    before = _snapshot(clean_graph)
    report = submit(
        clean_graph,
        Batch(
            "P-MARKET",
            [good, bad, good.__class__(**{**good.__dict__, "source_id": good.source_id + "-b"})],
        ),
        today=TODAY,
    )
    assert report.violations and not report.written
    assert {v.item for v in report.violations} == {1}
    assert all(v.code and v.article for v in report.violations)
    assert _snapshot(clean_graph) == before


def test_duplicate_source_ids_refused(clean_graph: Graph, ref: catalog.Reference) -> None:
    rec = builders.record(ref, "N-BASIC-ORG")
    report = submit(clean_graph, Batch("P-MARKET", [rec, rec]), today=TODAY)
    assert [v.code for v in report.violations] == ["DUPLICATE_SOURCE_ID"] * 2


def test_roles_are_dated_and_idempotent(clean_graph: Graph) -> None:
    org, boss, heir = builders.organization(), builders.person(), builders.person(name="测试丁")
    roles = [
        RoleIn("r1", boss, org, "LEGAL_REPRESENTATIVE_OF", date(2020, 1, 1), date(2024, 6, 30)),
        RoleIn("r2", heir, org, "LEGAL_REPRESENTATIVE_OF", date(2024, 7, 1)),
        RoleIn("r3", builders.organization(), org, "SHAREHOLDER_OF", date(2020, 1, 1), None, 0.6),
    ]
    batch = Batch("P-MARKET", roles=roles)
    assert submit(clean_graph, batch, today=TODAY).roles_created == 3
    assert submit(clean_graph, batch, today=TODAY).roles_created == 0
    rows = clean_graph.run(
        "MATCH (p:Person)-[r:LEGAL_REPRESENTATIVE_OF]->(o:Organization) "
        "WHERE r.from <= date('2025-01-01') AND (r.to IS NULL OR r.to >= date('2025-01-01')) "
        "RETURN p.name AS name"
    )
    assert rows == [{"name": "测试丁"}]


def test_roles_only_from_registration_provider(clean_graph: Graph) -> None:
    role = RoleIn("r1", builders.person(), builders.organization(), "DIRECTOR_OF", date(2020, 1, 1))
    report = submit(clean_graph, Batch("P-TAX", roles=[role]), today=TODAY)
    assert [v.code for v in report.violations] == ["PROVIDER_NOT_ALLOWED"]
    assert _count(clean_graph, "Subject") == 0


def test_consents_refused_atomically(clean_graph: Graph) -> None:
    ok = ConsentIn(
        "c1",
        builders.person(),
        "M-CSA-1",
        frozenset({"INCOME"}),
        date(2026, 1, 1),
        date(2027, 1, 1),
        "同意书1",
    )
    lifelong = dataclasses.replace(ok, source_id="c2", valid_until=date(2090, 1, 1))
    with pytest.raises(BatchRefused) as err:
        record_consents(clean_graph, [ok, lifelong])
    assert [v.code for v in err.value.violations] == ["LIFELONG_AUTHORIZATION"]
    assert _count(clean_graph, "Consent") == 0 and _count(clean_graph, "Subject") == 0
    assert record_consents(clean_graph, [ok]) == 1


def test_listing_marks_only_who_held_the_role_then(clean_graph: Graph) -> None:
    org, old_rep, new_rep = builders.organization(), builders.person(), builders.person()
    submit(
        clean_graph,
        Batch(
            "P-MARKET",
            roles=[
                RoleIn(
                    "a",
                    old_rep,
                    org,
                    "LEGAL_REPRESENTATIVE_OF",
                    date(2020, 1, 1),
                    date(2024, 6, 30),
                ),
                RoleIn("b", new_rep, org, "LEGAL_REPRESENTATIVE_OF", date(2024, 7, 1)),
            ],
        ),
        today=TODAY,
    )
    basis = builders.basis_for(date(2025, 3, 1))
    listing = ListingIn(
        "x1",
        org,
        "MARKET",
        2,
        date(2025, 3, 1),
        date(2025, 5, 1),
        basis,
        "测试理由",
        [(old_rep, "LEGAL_REPRESENTATIVE_OF")],
    )
    with pytest.raises(BatchRefused) as err:
        listings.store_listings(clean_graph, [listing])
    assert [(v.code, v.article) for v in err.value.violations] == [("NOT_RESPONSIBLE_ROLE", 31)]
    assert _count(clean_graph, "Listing") == 0
    right = dataclasses.replace(listing, responsible=[(new_rep, "LEGAL_REPRESENTATIVE_OF")])
    assert listings.store_listings(clean_graph, [right]) == 1
    marked = clean_graph.run(
        "MATCH (p:Person)-[:HAS_MARK]->(:Mark)-[:FOR_LISTING]->(:Listing) RETURN p.key AS key"
    )
    assert marked == [{"key": f"RIC:{new_rep.number}"}]
