"""Serious-dishonesty listings with their responsible persons and synchronized marks.

The full workflow (notice, objection, decision, removal) comes with the workflow issue;
this module stores decided listings, checks that each responsible person held the named
role in the organization when the conduct happened (Art. 31), and marks those persons —
nobody else (Art. 36).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import Any

from neo4j import ManagedTransaction

from core.errors import BatchRefused, NotFound, Violation
from core.refusals import refuse
from core.submission import ListingIn
from graph.connection import Graph
from graph.effects import Work
from graph.ingest import basis_props
from rules import identifiers
from rules.listing import check_listing
from rules.listing_procedure import check_ending

ROLE_HELD = """
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
"""
#: Art. 31: each person found responsible gets a mark linked to the listing and finding.
MARK_RESPONSIBLE = """
UNWIND $rows AS row
MATCH (l:Listing {id: row.id})
UNWIND row.responsible AS resp
MATCH (p:Subject {key: resp.personKey}) WHERE p:Person
MERGE (f:Responsibility {key: row.id + '|' + resp.personKey + '|' + resp.role})
ON CREATE SET f.role = resp.role, f.finding = row.finding
MERGE (f)-[:IN_LISTING]->(l)
MERGE (p)-[:FOUND_RESPONSIBLE]->(f)
MERGE (m:Mark {key: f.key})
ON CREATE SET m.active = true, m.since = row.decidedOn, m.role = resp.role
MERGE (p)-[:HAS_MARK]->(m)
MERGE (m)-[:FOR_LISTING]->(l)
MERGE (m)-[:BECAUSE]->(f)
"""


def role_checks(subject_key: str, conduct_on: date, responsible: Sequence[Any]) -> list[Any]:
    """Rows for ``ROLE_HELD``: one per (person key, role) found responsible."""
    return [
        {
            "i": f"0|{j}",
            "personKey": person,
            "organizationKey": subject_key,
            "role": role,
            "conductOn": conduct_on,
        }
        for j, (person, role) in enumerate(responsible)
    ]


def role_violations(checks: list[dict[str, Any]], held: set[Any]) -> list[Violation]:
    """Art. 31: only those who held the role at the time of the conduct are marked."""
    return [
        refuse(
            "listing.role_not_held",
            int(str(c["i"]).split("|")[0]),
            person=c["personKey"],
            role=c["role"],
            organization=c["organizationKey"],
            conduct_on=c["conductOn"],
        )
        for c in checks
        if c["i"] not in held
    ]


def store_listings(graph: Graph, listings: Sequence[ListingIn]) -> int:
    """Store decided listings and mark their responsible persons, all or nothing."""
    if not listings:
        return 0

    def work(tx: ManagedTransaction) -> int:
        problems = [
            dataclasses.replace(p, item=i)
            for i, lst in enumerate(listings)
            for p in check_listing(lst)
        ]
        checks = [
            {
                "i": f"{i}|{j}",
                "personKey": identifiers.subject_key(person),
                "organizationKey": identifiers.subject_key(lst.subject),
                "role": role,
                "conductOn": lst.conduct_on,
            }
            for i, lst in enumerate(listings)
            for j, (person, role) in enumerate(lst.responsible)
        ]
        held = {row["i"] for row in tx.run(ROLE_HELD, rows=checks)}
        problems.extend(role_violations(checks, held))
        if problems:
            raise BatchRefused(problems)
        rows: list[dict[str, Any]] = []
        for lst in listings:
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
                    "basis": basis_props(lst.basis),
                    "responsible": [
                        {"personKey": identifiers.subject_key(p), "role": r}
                        for p, r in lst.responsible
                    ],
                }
            )
        tx.run(_STORE_LISTINGS, rows=rows).consume()
        marks = [
            {
                "id": r["id"],
                "finding": r["props"]["reasons"],
                "decidedOn": r["props"]["decidedOn"],
                "responsible": r["responsible"],
            }
            for r in rows
        ]
        tx.run(MARK_RESPONSIBLE, rows=marks).consume()
        return len(rows)

    stored: int = graph.write(work)
    return stored


_REMOVE = """
MATCH (o:Subject)-[:LISTED_IN]->(l:Listing {id: $id})
RETURN l.active AS active, l.sector AS sector, l.stage AS stage
"""
_END = """
MATCH (l:Listing {id: $id})
SET l.active = false, l.stage = $outcome, l.removedOn = $today, l.removedBy = $by,
    l.removalReason = $reason, l.removalDocument = $document, l.objectionPending = false
WITH l
OPTIONAL MATCH (m:Mark)-[:FOR_LISTING]->(l) WHERE m.active
SET m.active = false, m.endedOn = $today,
    m.endReason = 'listing ' + toLower($outcome) + ': ' + $reason
RETURN count(m) AS ended
"""
_WHY_MARKED = """
MATCH (p:Subject {key: $key})-[:HAS_MARK]->(m:Mark {active: true})-[:FOR_LISTING]->(l:Listing),
      (m)-[:BECAUSE]->(f:Responsibility), (o:Subject)-[:LISTED_IN]->(l)
OPTIONAL MATCH (p)-[r]->(o) WHERE type(r) = f.role AND r.from <= l.conductOn
  AND (r.to IS NULL OR r.to >= l.conductOn)
RETURN l.id AS listingId, l.sector AS sector, l.ground AS ground, l.decidedOn AS decidedOn,
       l.conductOn AS conductOn, o.name AS organization, o.key AS organizationKey,
       f.role AS role, f.finding AS finding, r.from AS roleFrom, r.to AS roleTo
ORDER BY listingId
"""


def remove_listing(
    listing_id: str,
    reason: str,
    document: str,
    by: str,
    sector: str | None,
    today: date,
    outcome: str = "REMOVED",
) -> Work[int]:
    """End a listing — removed when its conditions are met, repaired or revoked; every
    synchronized mark it carried ends in the same transaction (Art. 31). Returns how many
    marks ended."""
    problems = check_ending(outcome)
    if problems:
        raise BatchRefused(problems)
    rows = yield (_REMOVE, {"id": listing_id})
    if not rows:
        raise NotFound(f"no listing {listing_id!r}")
    if rows[0]["sector"] != sector:
        raise BatchRefused([refuse("listing.remove_not_responsible")])
    if not rows[0]["active"]:
        raise BatchRefused([refuse("listing.remove_not_decided", stage=rows[0]["stage"])])
    ended = yield (
        _END,
        {"id": listing_id, "today": today, "by": by, "reason": reason, "document": document,
         "outcome": outcome},
    )  # fmt: skip
    return int(ended[0]["ended"])


def why_marked(person_key: str) -> Work[list[dict[str, Any]]]:
    """Art. 31: why a person is marked — listing → organization → role held at the time of
    the conduct → the finding of responsibility."""
    rows = yield (_WHY_MARKED, {"key": person_key})
    return rows
