"""Load reference data and a synthetic city into the graph through the validated ingest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.errors import BatchRefused, NotFound
from graph import listings, reference
from graph.connection import Graph
from graph.consents import record_consents
from graph.ingest import submit
from seed import catalog

_SEEDED = "MATCH (s:SeedRun {subjects: $subjects, seed: $seed}) RETURN s.records AS records"
_MARK_SEEDED = """
MERGE (s:SeedRun {subjects: $subjects, seed: $seed})
SET s.records = $records, s.completedAt = datetime()
"""


@dataclass
class SeedSummary:
    """What a seeding run loaded."""

    subjects: int
    records: int
    roles: int
    consents: int
    listings: int
    skipped: bool = False


def load_reference(graph: Graph) -> catalog.Reference:
    """Read, check and store the reference data files."""
    ref = catalog.load()
    reference.store(graph, ref)
    return ref


def subjects_for(size: str) -> int:
    """A named size (small, default, large) or a number of subjects."""
    from seed.city import SIZES

    if size in SIZES:
        return SIZES[size]
    if size.isdigit() and int(size) > 0:
        return int(size)
    raise ValueError(f"size must be one of {', '.join(SIZES)} or a positive number, not {size!r}")


def load_city(
    graph: Graph,
    n_subjects: int,
    *,
    seed: int = 2026,
    batch_size: int = 5000,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> SeedSummary:
    """Load the synthetic city of ``n_subjects`` through the validated ingest.

    A city already loaded with the same size and seed is skipped unless ``force``.
    ``progress(done_records_and_roles, total_estimate)`` is called after each batch.
    """
    if not force:
        done = graph.run(_SEEDED, subjects=n_subjects, seed=seed)
        if done:
            return SeedSummary(n_subjects, done[0]["records"], 0, 0, 0, skipped=True)
    from seed.city import generate_city  # faker is slow to import; only seeding needs it

    city = generate_city(n_subjects, seed=seed)
    consents = record_consents(graph, city.consents) if city.consents else 0
    records = roles = 0
    for batch in city.batches(batch_size):
        report = submit(graph, batch)
        if report.refused:
            raise BatchRefused(report.violations)
        records += report.created + report.unchanged
        roles += report.roles_created
        if progress:
            progress(len(batch.records) + len(batch.roles), 0)
    n_listings = listings.store_listings(graph, city.listings)
    graph.run(_MARK_SEEDED, subjects=n_subjects, seed=seed, records=records)
    return SeedSummary(n_subjects, records, roles, consents, n_listings)


_SAMPLE_SUBJECT = """
MATCH (p:Person)-[:HAS_RECORD]->(r:Record {kind: 'DISHONEST'})
RETURN p.key AS key ORDER BY p.key LIMIT 1
"""


def sample_subject(graph: Graph) -> str:
    """A person of the city with a dishonesty record, for the subject persona's token."""
    rows = graph.run(_SAMPLE_SUBJECT)
    if not rows:
        raise NotFound("the city has no person with records yet: run `credit seed` first")
    return str(rows[0]["key"])
