"""Recording written consents (Art. 20) in the graph."""

from __future__ import annotations

from collections.abc import Sequence

from neo4j import ManagedTransaction

from core.errors import BatchRefused
from core.refusals import refuse
from core.submission import ConsentIn
from graph import ingest_cypher as q
from graph.connection import Graph
from graph.effects import Work, run_sync
from graph.ingest import subject_row
from graph.reference import read_provider
from rules import identifiers
from rules.consent import check_consent


def consent_work(consents: Sequence[ConsentIn]) -> Work[int]:
    """Check and record consents all at once, or none; raises ``BatchRefused`` listing
    every problem."""
    problems = [p for i, c in enumerate(consents) for p in check_consent(c, i)]
    for provider_id in sorted({c.provider_id for c in consents}):
        provider = yield from read_provider(provider_id)
        if provider is None:
            problems.append(refuse("consent.unknown_provider", provider=provider_id))
    if problems:
        raise BatchRefused(problems)
    persons = {identifiers.subject_key(c.subject): subject_row(c.subject)[1] for c in consents}
    yield (q.MERGE_PERSONS, {"rows": list(persons.values())})
    rows = [
        {
            "key": f"{c.provider_id}|{c.source_id}",
            "sourceId": c.source_id,
            "subjectKey": identifiers.subject_key(c.subject),
            "provider": c.provider_id,
            "categories": sorted(c.categories),
            "signedOn": c.signed_on,
            "validUntil": c.valid_until,
            "evidence": c.evidence,
        }
        for c in consents
    ]
    yield (q.MERGE_CONSENTS, {"rows": rows})
    return len(rows)


def record_consents(graph: Graph, consents: Sequence[ConsentIn]) -> int:
    """Record consents in one transaction (see ``consent_work``)."""

    def work(tx: ManagedTransaction) -> int:
        return run_sync(tx, consent_work(consents))

    written: int = graph.write(work)
    return written
