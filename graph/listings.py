"""Serious-dishonesty listings with their responsible persons and synchronized marks.

The full workflow (notice, objection, decision, removal) comes with the workflow issue;
this module stores decided listings, checks that each responsible person held the named
role in the organization when the conduct happened (Art. 31), and marks those persons —
nobody else (Art. 36).
"""

from __future__ import annotations

from collections.abc import Sequence

from neo4j import ManagedTransaction

from core.errors import BatchRefused, Violation
from core.submission import ListingIn
from graph.connection import Graph
from rules import identifiers
from rules.listing import check_listing

_ROLE_HELD = """
UNWIND $rows AS row
MATCH (p:Subject {key: row.personKey})-[r]->(o:Subject {key: row.organizationKey})
WHERE p:Person AND o:Organization AND type(r) = row.role
  AND r.from <= row.conductOn AND (r.to IS NULL OR r.to >= row.conductOn)
RETURN DISTINCT row.i AS i
"""

_STORE_LISTINGS = """
UNWIND $rows AS row
MATCH (s:Subject {key: row.subjectKey})
MERGE (l:Listing {id: row.id})
ON CREATE SET l += row.props, l.stage = 'DECIDED', l.active = true
MERGE (s)-[:LISTED_IN]->(l)
MERGE (b:BasisDocument {key: row.basis.key})
ON CREATE SET b += row.basis, b.status = 'EFFECTIVE'
MERGE (l)-[:RESTS_ON]->(b)
WITH l, row
UNWIND row.responsible AS resp
MATCH (p:Subject {key: resp.personKey}) WHERE p:Person
MERGE (f:Responsibility {key: row.id + '|' + resp.personKey + '|' + resp.role})
ON CREATE SET f.role = resp.role, f.finding = row.props.reasons
MERGE (f)-[:IN_LISTING]->(l)
MERGE (p)-[:FOUND_RESPONSIBLE]->(f)
MERGE (m:Mark {key: f.key})
ON CREATE SET m.active = true, m.since = row.props.decidedOn, m.role = resp.role
MERGE (p)-[:HAS_MARK]->(m)
MERGE (m)-[:FOR_LISTING]->(l)
MERGE (m)-[:BECAUSE]->(f)
"""


def store_listings(graph: Graph, listings: Sequence[ListingIn]) -> int:
    """Store decided listings and mark their responsible persons, all or nothing."""
    if not listings:
        return 0

    def work(tx: ManagedTransaction) -> int:
        problems = [p for i, lst in enumerate(listings) for p in check_listing(lst, i)]
        checks = [
            {"i": f"{i}|{j}", "personKey": identifiers.subject_key(person),
             "organizationKey": identifiers.subject_key(lst.subject), "role": role,
             "conductOn": lst.conduct_on}
            for i, lst in enumerate(listings)
            for j, (person, role) in enumerate(lst.responsible)
        ]  # fmt: skip
        held = {row["i"] for row in tx.run(_ROLE_HELD, rows=checks)}
        for check in checks:
            if check["i"] not in held:
                index = int(str(check["i"]).split("|")[0])
                problems.append(
                    Violation(
                        "NOT_RESPONSIBLE_ROLE",
                        f"{check['personKey']} did not hold {check['role']} in "
                        f"{check['organizationKey']} on {check['conductOn']}: only those who held "
                        "the role at the time of the conduct are marked",
                        31,
                        index,
                        "responsible",
                    )
                )
        if problems:
            raise BatchRefused(problems)
        rows = []
        for lst in listings:
            b = lst.basis
            rows.append(
                {
                    "id": "L-" + lst.source_id,
                    "subjectKey": identifiers.subject_key(lst.subject),
                    "props": {
                        "sector": lst.sector,
                        "ground": lst.ground,
                        "conductOn": lst.conduct_on,
                        "decidedOn": lst.decided_on,
                        "reasons": lst.reasons,
                    },
                    "basis": {
                        "key": f"{b.issuer}|{b.number}",
                        "type": b.type,
                        "number": b.number,
                        "issuer": b.issuer,
                        "issuedOn": b.issued_on,
                        "legalBasis": b.legal_basis,
                    },
                    "responsible": [
                        {"personKey": identifiers.subject_key(p), "role": r}
                        for p, r in lst.responsible
                    ],
                }
            )
        tx.run(_STORE_LISTINGS, rows=rows).consume()
        return len(rows)

    stored: int = graph.write(work)
    return stored
