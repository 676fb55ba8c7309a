"""Recording written consents (Art. 20) in the graph."""

from __future__ import annotations

from collections.abc import Sequence

from neo4j import ManagedTransaction

from core.errors import BatchRefused, Violation
from core.submission import ConsentIn
from graph import ingest_cypher as q
from graph.connection import Graph
from graph.ingest import subject_row
from graph.reference import read_provider
from rules import identifiers
from rules.consent import check_consent


def record_consents(graph: Graph, consents: Sequence[ConsentIn]) -> int:
    """Record consents all at once, or none; raises ``BatchRefused`` listing every problem."""

    def work(tx: ManagedTransaction) -> int:
        problems = [p for i, c in enumerate(consents) for p in check_consent(c, i)]
        for provider_id in sorted({c.provider_id for c in consents}):
            if read_provider(tx, provider_id) is None:
                problems.append(
                    Violation(
                        "UNKNOWN_PROVIDER",
                        f"{provider_id!r} is not a registered provider",
                        20,
                        None,
                        "providerId",
                    )
                )
        if problems:
            raise BatchRefused(problems)
        persons = {identifiers.subject_key(c.subject): subject_row(c.subject)[1] for c in consents}
        tx.run(q.MERGE_PERSONS, rows=list(persons.values())).consume()
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
        tx.run(q.MERGE_CONSENTS, rows=rows).consume()
        return len(rows)

    written: int = graph.write(work)
    return written
