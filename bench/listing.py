"""Serious-dishonesty listing and synchronized marking at scale (Art. 29-31), in one run.

    python -m bench.listing [--organizations 10000] [--batch 1000] [--persons 2]

Runs on the "bench" instance (port 7987, or NEO4J_URI) over the city loaded there —
the large city for the issue's figure: ``python -m bench.ingest --subjects 2000 --rounds 1
--city large`` with ``CREDIT_NEO4J_HEAP=2g CREDIT_NEO4J_PAGECACHE=3g``. It lists
organizations that are not listed yet, each with up to ``--persons`` persons found
responsible in roles they held at the time of the conduct, through the same checked path
the platform uses (``store_listings``: grounds, basis, roles held then), and side by side
through a raw ``UNWIND … CREATE`` of the same listings, findings and marks without any
check. It reports listings and marks per second for both and their ratio, the Bolt round
trips per batch, and the round trips of the API workflow (propose, decide, remove) with 1
and with 4 responsible persons, which must be equal. Everything it creates is deleted.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

from neo4j import ManagedTransaction
from rich.console import Console
from rich.table import Table

from core import settings as settings_module
from core.submission import BasisDocumentIn, ListingIn, SubjectRef
from graph import migrate
from graph.connection import Graph, connect
from graph.effects import Work, run_sync
from graph.listings import MARK_RESPONSIBLE, store_listings

console = Console()
PREFIX = "BENCH-"
ROLES = ["LEGAL_REPRESENTATIVE_OF", "PRINCIPAL_OF", "ACTUAL_CONTROLLER_OF", "DIRECTOR_OF"]

#: Unlisted organizations with persons who held one of the Art. 31 roles at one date.
_CANDIDATES = """
MATCH (o:Organization) WHERE NOT EXISTS { (o)-[:LISTED_IN]->() }
MATCH (p:Person)-[r]->(o) WHERE type(r) IN $roles
WITH o, collect({key: p.key, role: type(r), from: r.from, to: r.to})[..$persons] AS held
WITH o, held, reduce(d = date('1900-01-01'), h IN held |
     CASE WHEN h.from > d THEN h.from ELSE d END) AS conductOn
WHERE all(h IN held WHERE h.to IS NULL OR h.to >= conductOn)
RETURN o.key AS key, o.name AS name, held, conductOn
LIMIT $n
"""
_RAW = """
UNWIND $rows AS row
MATCH (s:Subject {key: row.subjectKey})
CREATE (s)-[:LISTED_IN]->(l:Listing {id: row.id})
SET l += row.props, l.stage = 'DECIDED', l.active = true
MERGE (b:BasisDocument {key: row.basis.key})
ON CREATE SET b += row.basis, b.status = 'EFFECTIVE'
MERGE (l)-[:RESTS_ON]->(b)
"""
_CLEAN = """
MATCH (l:Listing) WHERE l.id STARTS WITH 'L-' + $prefix
OPTIONAL MATCH (m:Mark)-[:FOR_LISTING]->(l)
OPTIONAL MATCH (f:Responsibility)-[:IN_LISTING]->(l)
OPTIONAL MATCH (l)-[:RESTS_ON]->(b:BasisDocument)
DETACH DELETE l, m, f, b
"""
_COUNT_MARKS = """
MATCH (m:Mark)-[:FOR_LISTING]->(l:Listing) WHERE l.id STARTS WITH 'L-' + $prefix
RETURN count(m) AS marks
"""


def _ref(key: str, name: str = "?") -> SubjectRef:
    id_type, number = key.split(":", 1)
    return SubjectRef(id_type, number, name)


def _listings(rows: list[dict[str, Any]], tag: str) -> list[ListingIn]:
    found = []
    for i, row in enumerate(rows):
        conduct = row["conductOn"].to_native()
        basis = BasisDocumentIn("ADMIN_PENALTY", f"测罚字〔基准〕{tag}{i}号", "市测试局", conduct)
        found.append(
            ListingIn(
                f"{PREFIX}{tag}{i}",
                _ref(row["key"], row["name"]),
                "MARKET",
                2,
                conduct,
                max(conduct, date(2024, 1, 1)),
                basis,
                "基准测试：严重破坏市场公平竞争秩序",
                [(_ref(h["key"]), h["role"]) for h in row["held"]],
            )
        )
    return found


def _raw_rows(listings: Sequence[ListingIn]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    from graph.ingest import basis_props
    from rules import identifiers

    rows, marks = [], []
    for lst in listings:
        lid = "L-" + lst.source_id
        rows.append(
            {
                "id": lid,
                "subjectKey": identifiers.subject_key(lst.subject),
                "props": {"sector": lst.sector, "ground": lst.ground, "reasons": lst.reasons,
                          "conductOn": lst.conduct_on, "decidedOn": lst.decided_on},
                "basis": basis_props(lst.basis),
            }
        )  # fmt: skip
        marks.append(
            {
                "id": lid,
                "finding": lst.reasons,
                "decidedOn": lst.decided_on,
                "responsible": [
                    {"personKey": identifiers.subject_key(p), "role": r} for p, r in lst.responsible
                ],
            }
        )
    return rows, marks


def _time(graph: Graph, label: str, batches: list[list[ListingIn]], raw: bool) -> float:
    start = time.perf_counter()
    for batch in batches:
        if raw:
            rows, marks = _raw_rows(batch)

            def work(tx: ManagedTransaction, r: Any = rows, m: Any = marks) -> None:
                tx.run(_RAW, rows=r).consume()
                tx.run(MARK_RESPONSIBLE, rows=m).consume()

            graph.write(work)
        else:
            store_listings(graph, batch)
    seconds = time.perf_counter() - start
    console.print(f"  {label}: {seconds:.1f} s")
    return seconds


class _Counter:
    """Runs a Work generator in one transaction, counting its round trips."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def run(self, work: Work[Any]) -> tuple[Any, int]:
        trips = [0]

        def counted() -> Work[Any]:
            query = next(work)
            while True:
                trips[0] += 1
                rows = yield query
                try:
                    query = work.send(rows)
                except StopIteration as stop:
                    return stop.value

        return self.graph.write(run_sync, counted()), trips[0]


def _workflow_trips(graph: Graph, listing: ListingIn) -> tuple[int, int, int]:
    """Round trips of propose, decide and remove for one listing (the API's path)."""
    from graph import listing_cases, listings

    counter = _Counter(graph)
    today = date.today()
    measures = ["N-PUN-MARKET-SUPERVISION"]
    case, propose = counter.run(
        listing_cases.propose(listing, measures, "P-MARKET", "MARKET", today, 5)
    )
    graph.run(
        "MATCH (l:Listing {id: $id}) SET l.objectionUntil = date() - duration('P1D')",
        id=case["l"]["id"],
    )
    document = {
        "number": "基准列〔1〕号",
        "reasonsAndBasis": "基准",
        "punishments": "基准",
        "removalConditions": "基准",
        "removalProcedure": "基准",
        "remedies": "基准",
    }
    lid = case["l"]["id"]
    _, decide = counter.run(listing_cases.decide(lid, document, "P-MARKET", "MARKET", today))
    _, remove = counter.run(
        listings.remove_listing(lid, "基准", "基准移〔1〕号", "P-MARKET", "MARKET", today)
    )
    graph.run("MATCH (l:Listing {id: $id}) SET l.id = 'L-' + $prefix + l.id", id=lid,
              prefix=PREFIX)  # fmt: skip
    return propose, decide, remove


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organizations", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--persons", type=int, default=2)
    args = parser.parse_args(argv)

    graph = connect(settings_module.load("bench"), start_local=True)
    migrate.apply(graph)
    graph.run(_CLEAN, prefix=PREFIX)
    subjects = graph.run("MATCH (s:Subject) RETURN count(s) AS n")[0]["n"]
    console.print(f"city on the bench instance: {subjects:,} subjects")
    rows = graph.run(_CANDIDATES, roles=ROLES, persons=args.persons, n=2 * args.organizations + 2)
    if len(rows) < 2 * args.organizations + 2:
        raise SystemExit(
            f"only {len(rows)} unlisted organizations with role holders: load a larger city "
            "(python -m bench.ingest --city large)"
        )
    n, b = args.organizations, args.batch
    checked = _listings(rows[:n], "C")
    raw = _listings(rows[n : 2 * n], "R")
    marks_each = sum(len(x.responsible) for x in checked)
    console.print(f"{n:,} organizations, {marks_each:,} responsible persons, batches of {b:,}")
    t_checked = _time(
        graph, "checked (store_listings)", [checked[i : i + b] for i in range(0, n, b)], False
    )
    t_raw = _time(graph, "raw UNWIND CREATE", [raw[i : i + b] for i in range(0, n, b)], True)
    marks = graph.run(_COUNT_MARKS, prefix=PREFIX)[0]["marks"]
    one, four = rows[2 * n], rows[2 * n + 1]
    trips_one = _workflow_trips(graph, _listings([{**one, "held": one["held"][:1]}], "W1")[0])
    trips_many = _workflow_trips(graph, _listings([four], "W4")[0])
    graph.run(_CLEAN, prefix=PREFIX)
    graph.close()

    table = Table(title="listing and synchronized marking")
    for column in ("path", "listings/s", "marks/s", "round trips per batch"):
        table.add_column(column, justify="right")
    table.add_row("checked", f"{n / t_checked:,.0f}", f"{marks_each / t_checked:,.0f}", "3")
    table.add_row("raw", f"{n / t_raw:,.0f}", f"{marks_each / t_raw:,.0f}", "2")
    console.print(table)
    console.print(f"marks written in all: {marks:,}; ratio checked/raw: {t_raw / t_checked:.2f}")
    console.print(
        f"API workflow round trips (propose, decide, remove): {trips_one} with 1 person, "
        f"{trips_many} with {len(four['held'])} persons"
    )


if __name__ == "__main__":
    main()
