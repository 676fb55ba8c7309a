"""Validated ingest against a raw ``UNWIND … MERGE`` of the same records, in one run.

    python -m bench.ingest [--subjects 20000] [--rounds 3] [--city default|large|N]

Runs on its own local Neo4j instance ("bench", port 7987, or CREDIT_NEO4J_PORT_BENCH) or
on NEO4J_URI, which it wipes. Both paths write the same records into an emptied graph
with the same batch size; rounds alternate the order, and the ratio of the medians is
reported (target ≥ 0.5). ``--city`` also times loading a whole city through ``credit
seed``'s path (reference data, consents, validated batches, listings).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from core import settings as settings_module
from core.submission import Batch, ConsentIn
from graph import migrate
from graph.connection import Graph, connect
from graph.consents import record_consents
from graph.ingest import _record_row, subject_row, submit
from rules import identifiers
from rules.records import check_record
from seed.catalog import Reference
from seed.city import generate_city
from seed.load import load_city, load_reference, subjects_for

console = Console()


_WIPE = """
MATCH (n) WHERE n:Subject OR n:Record OR n:BasisDocument OR n:Consent OR n:Listing
   OR n:Responsibility OR n:Mark OR n:SeedRun
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS
"""

# The baseline: a loader that trusts its input and writes the very same graph (the same
# subject and record properties, relationships and basis documents) with plain
# UNWIND … MERGE, so the ratio isolates what validation costs.
_RAW_SUBJECTS = """
UNWIND $rows AS row
MERGE (s:Subject {key: row.subject.key})
ON CREATE SET s += row.subject
"""
_RAW_RECORDS = """
UNWIND $rows AS row
MATCH (s:Subject {key: row.subjectKey})
MATCH (c:CatalogItem {key: row.catalogKey})
MATCH (p:Provider {id: row.provider})
MERGE (r:Record {sourceKey: row.props.sourceKey})
ON CREATE SET r += row.props
MERGE (s)-[:HAS_RECORD]->(r)
MERGE (r)-[:UNDER]->(c)
MERGE (r)-[:PROVIDED_BY]->(p)
WITH r, row WHERE row.basis IS NOT NULL
MERGE (b:BasisDocument {key: row.basis.key})
ON CREATE SET b += row.basis
MERGE (r)-[:RESTS_ON]->(b)
"""


def _wipe(graph: Graph) -> None:
    with graph.driver.session(database=graph.database) as session:
        session.run(_WIPE).consume()


def _raw_rows(
    batch: Batch, ref: Reference, consents: dict[str, list[ConsentIn]]
) -> list[dict[str, Any]]:
    """The rows the validated ingest would write, computed untimed, for the baseline."""
    items = {i.key: i for i in ref.items}
    provider = next(p for p in ref.providers if p.id == batch.provider_id)
    today = (batch.submitted_at or datetime.now(UTC)).date()
    rows = []
    for index, rec in enumerate(batch.records):
        mine = consents.get(identifiers.subject_key(rec.subject), [])
        check = check_record(rec, index, provider, ref.versions, items, mine, today)
        assert check.item is not None and not check.violations, check.violations
        row = _record_row(batch, rec, check, check.item, today)
        row["subject"] = subject_row(rec.subject)[1]
        rows.append(row)
    return rows


def _time_validated(graph: Graph, batches: Sequence[Batch]) -> tuple[float, int]:
    start = time.perf_counter()
    written = 0
    for batch in batches:
        report = submit(graph, batch)
        if report.refused:
            raise SystemExit(f"generator produced a refused batch: {report.violations[:3]}")
        written += report.created
    return time.perf_counter() - start, written


def _time_raw(graph: Graph, rows: Sequence[list[dict[str, Any]]]) -> tuple[float, int]:
    start = time.perf_counter()
    for batch_rows in rows:
        with graph.driver.session(database=graph.database) as session:

            def work(tx: Any, r: list[dict[str, Any]] = batch_rows) -> None:
                tx.run(_RAW_SUBJECTS, rows=r).consume()
                tx.run(_RAW_RECORDS, rows=r).consume()

            session.execute_write(work)
    return time.perf_counter() - start, sum(len(r) for r in rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subjects", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--city", default="", help="also time loading this city size")
    args = parser.parse_args(argv)

    settings = settings_module.load("bench")
    graph = connect(settings, start_local=True)
    migrate.apply(graph)
    city = generate_city(args.subjects)
    # Records only: roles need no catalog and have no raw counterpart worth comparing.
    batches = [dataclasses.replace(b, roles=()) for b in city.batches(args.batch_size) if b.records]
    ref = load_reference(graph)
    consents: dict[str, list[ConsentIn]] = {}
    for c in city.consents:
        consents.setdefault(identifiers.subject_key(c.subject), []).append(c)
    raw = [_raw_rows(b, ref, consents) for b in batches]
    validated_rates, raw_rates = [], []
    for round_no in range(args.rounds):
        order = ("validated", "raw") if round_no % 2 == 0 else ("raw", "validated")
        for path in order:
            _wipe(graph)
            if path == "validated":
                record_consents(graph, city.consents)
                seconds, n = _time_validated(graph, batches)
                validated_rates.append(n / seconds)
            else:
                seconds, n = _time_raw(graph, raw)
                raw_rates.append(n / seconds)
            console.print(
                f"round {round_no + 1} {path:9s} {n:7d} records {seconds:7.2f} s "
                f"{n / seconds:9.0f} records/s"
            )
    table = Table(title=f"ingest, {args.subjects} subjects, batch {args.batch_size}")
    table.add_column("path")
    table.add_column("records/s (median)", justify="right")
    v, r = statistics.median(validated_rates), statistics.median(raw_rates)
    table.add_row("validated ingest", f"{v:,.0f}")
    table.add_row("raw UNWIND … MERGE", f"{r:,.0f}")
    table.add_row("ratio validated / raw", f"{v / r:.2f} (target ≥ 0.5)")
    console.print(table)

    if args.city:
        n_subjects = subjects_for(args.city)
        _wipe(graph)
        start = time.perf_counter()
        summary = load_city(graph, n_subjects, batch_size=args.batch_size, force=True)
        seconds = time.perf_counter() - start
        console.print(
            f"city {args.city}: {n_subjects:,} subjects, {summary.records:,} records, "
            f"{summary.roles:,} roles loaded in {seconds:.1f} s "
            f"({summary.records / seconds:,.0f} records/s)"
        )
    graph.close()


if __name__ == "__main__":
    main()
