"""The listing procedure in the graph (Art. 29-31): proposal with notice, objection and
answer, decision with its document and the synchronized marks, each step in the
listing's history with who, when, what and on which document."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from core.errors import BatchRefused, NotFound
from core.refusals import refuse
from core.submission import ListingIn
from graph.effects import Work
from graph.ingest import basis_props
from graph.listings import (
    MARK_RESPONSIBLE,
    ROLE_HELD,
    remove_listing,
    role_checks,
    role_violations,
)
from rules import identifiers
from rules.listing import check_listing
from rules.listing_procedure import (
    NOTICE_RIGHTS,
    check_answer,
    check_decision,
    check_objection,
    check_punishments,
)
from rules.working_days import add_working_days

_MEASURES = "MATCH (m:Measure) WHERE m.code IN $codes RETURN m.code AS code, properties(m) AS m"
_SUBJECT = "MATCH (s:Subject {key: $key}) RETURN s:Organization AS organization"
_PROPOSE = """
MATCH (s:Subject {key: $subjectKey})
CREATE (s)-[:LISTED_IN]->(l:Listing)
SET l = $props
MERGE (b:BasisDocument {key: $basis.key})
ON CREATE SET b += $basis, b.status = 'EFFECTIVE'
MERGE (l)-[:RESTS_ON]->(b)
CREATE (l)-[:HAS_STEP]->(:ListingStep {seq: 1, at: $today, by: $by, action: 'NOTIFIED',
        note: 'notice served with reasons, basis, punishments and rights',
        document: $props.noticeNumber})
"""
_READ = """
MATCH (s:Subject)-[:LISTED_IN]->(l:Listing {id: $id})
RETURN properties(l) AS l, s.key AS subjectKey, COUNT { (l)-[:HAS_STEP]->() } AS steps
"""
_STEP = """
MATCH (l:Listing {id: $id})
SET l += $set
CREATE (l)-[:HAS_STEP]->(:ListingStep {seq: $seq, at: $today, by: $by, action: $action,
        note: $note, document: $document})
"""
_CASE = """
MATCH (s:Subject)-[:LISTED_IN]->(l:Listing {id: $id})
RETURN properties(l) AS l, s.key AS subjectKey, s.name AS subjectName,
       [(l)-[:HAS_STEP]->(x:ListingStep) | properties(x)] AS steps
"""
_MY_CASES = """
MATCH (s:Subject {key: $key})-[:LISTED_IN]->(l:Listing)
RETURN properties(l) AS l, s.key AS subjectKey, s.name AS subjectName,
       [(l)-[:HAS_STEP]->(x:ListingStep) | properties(x)] AS steps
ORDER BY l.noticeServedOn DESC, l.id
"""


def propose(
    proposal: ListingIn,
    punishments: Sequence[str],
    by: str,
    sector: str | None,
    today: date,
    notice_days: int,
) -> Work[dict[str, Any]]:
    """Art. 29, 30: a sector authority proposes a listing and the notice is served — the
    reasons and basis, the punishments that follow and the subject's rights — with an
    objection period in working days. Responsible persons (Art. 31) are checked against
    the roles they held at the time of the conduct, and marked only on decision."""
    if proposal.sector != sector:
        raise BatchRefused([refuse("listing.propose_not_own_sector")])
    problems = check_listing(proposal)
    key = identifiers.subject_key(proposal.subject)
    responsible = [(identifiers.subject_key(p), role) for p, role in proposal.responsible]
    found = yield (_SUBJECT, {"key": key})
    if not found:
        raise NotFound(f"no credit file for {key}")
    if responsible and not found[0]["organization"]:
        problems.append(refuse("listing.responsible_not_organization"))
    measures = yield (_MEASURES, {"codes": list(punishments)})
    problems += check_punishments(punishments, {r["code"]: r["m"] for r in measures}, sector)
    checks = role_checks(key, proposal.conduct_on, responsible)
    held = yield (ROLE_HELD, {"rows": checks})
    problems += role_violations(checks, {r["i"] for r in held})
    if problems:
        raise BatchRefused(problems)
    deadline = add_working_days(today, notice_days)
    props = {
        "id": "L-" + uuid.uuid4().hex[:16],
        "sourceId": proposal.source_id,
        "sector": sector,
        "ground": proposal.ground,
        "conductOn": proposal.conduct_on,
        "reasons": proposal.reasons,
        "punishments": list(punishments),
        "rights": NOTICE_RIGHTS,
        "responsibleKeys": [k for k, _ in responsible],
        "responsibleRoles": [r for _, r in responsible],
        "stage": "NOTIFIED",
        "active": False,
        "proposedBy": by,
        "noticeNumber": f"{proposal.source_id}-告知",
        "noticeServedOn": today,
        "objectionUntil": deadline.due,
        "provisional": deadline.provisional,
    }
    yield (
        _PROPOSE,
        {"subjectKey": key, "props": props, "basis": basis_props(proposal.basis), "today": today,
         "by": by},
    )  # fmt: skip
    return (yield from case(str(props["id"])))


def _read(listing_id: str) -> Work[dict[str, Any]]:
    rows = yield (_READ, {"id": listing_id})
    if not rows:
        raise NotFound(f"no listing {listing_id!r}")
    return dict(rows[0])


def _step(
    listing_id: str, seq: int, today: date, by: str, action: str, note: str, document: str,
    changes: dict[str, Any],
) -> Work[None]:  # fmt: skip
    yield (
        _STEP,
        {"id": listing_id, "seq": seq, "today": today, "by": by, "action": action,
         "note": note, "document": document, "set": changes},
    )  # fmt: skip


def object_to(subject_key: str, listing_id: str, reasons: str, today: date) -> Work[dict[str, Any]]:
    """Art. 30: the notified subject objects within the objection period; Art. 41 item 3,
    42: a listed subject objects that it did not meet the criteria, and the listing
    carries an objection mark in every channel while it is verified."""
    row = yield from _read(listing_id)
    if row["subjectKey"] != subject_key:
        raise NotFound(f"no listing {listing_id!r} of yours")
    listing = row["l"]
    until = listing.get("objectionUntil")
    pending = bool(listing.get("objectionPending"))
    problems = check_objection(
        listing["stage"], today, until.to_native() if until else None, reasons, pending
    )
    if problems:
        raise BatchRefused(problems)
    if listing["stage"] == "DECIDED":
        changes: dict[str, Any] = {"objectionPending": True, "objection": reasons,
                                   "objectedOn": today}  # fmt: skip
        action = "OBJECTED_AFTER_DECISION"
    else:
        changes, action = (
            {"stage": "OBJECTED", "objection": reasons, "objectedOn": today},
            "OBJECTED",
        )
    yield from _step(listing_id, row["steps"] + 1, today, subject_key, action, reasons, "",
                     changes)  # fmt: skip
    return (yield from case(listing_id))


def answer(
    listing_id: str, upheld: bool, reply: str, by: str, sector: str | None, today: date
) -> Work[dict[str, Any]]:
    """Art. 30: the authority verifies the objection and answers: before the decision an
    upheld objection withdraws the proposal and a rejected one lets the procedure go on;
    after it (Art. 41 item 3, 42) an upheld objection revokes the listing, ending its
    marks in the same transaction, and a rejected one lifts the objection mark."""
    row = yield from _read(listing_id)
    listing = row["l"]
    _own_sector(listing, sector)
    pending = bool(listing.get("objectionPending"))
    problems = check_answer(listing["stage"], reply, pending)
    if problems:
        raise BatchRefused(problems)
    action = "OBJECTION_UPHELD" if upheld else "OBJECTION_REJECTED"
    changes: dict[str, Any] = {"objectionReply": reply, "answeredOn": today}
    if listing["stage"] == "DECIDED":
        changes["objectionPending"] = False
    else:
        changes["stage"] = "WITHDRAWN" if upheld else "NOTIFIED"
    yield from _step(listing_id, row["steps"] + 1, today, by, action, reply, "", changes)
    if upheld and listing["stage"] == "DECIDED":
        yield from remove_listing(listing_id, reply, "异议核查属实", by, sector, today, "REVOKED")
    return (yield from case(listing_id))


def decide(
    listing_id: str, document: dict[str, str], by: str, sector: str | None, today: date
) -> Work[dict[str, Any]]:
    """Art. 30: the decision, after notice and objection period, by a document stating
    reasons and basis, punishments, removal conditions and procedure, and remedies,
    served on the subject; Art. 31: the responsible persons are marked in the same
    transaction."""
    row = yield from _read(listing_id)
    listing = row["l"]
    _own_sector(listing, sector)
    until = listing["objectionUntil"].to_native()
    problems = check_decision(listing["stage"], today, until, document)
    responsible = list(zip(listing["responsibleKeys"], listing["responsibleRoles"], strict=True))
    checks = role_checks(row["subjectKey"], listing["conductOn"], responsible)
    held = yield (ROLE_HELD, {"rows": checks})
    problems += role_violations(checks, {r["i"] for r in held})
    if problems:
        raise BatchRefused(problems)
    changes = {
        **{f"decision_{k}": v for k, v in document.items()},
        "stage": "DECIDED",
        "active": True,
        "decidedOn": today,
        "decidedBy": by,
        "servedOn": today,
    }
    yield from _step(listing_id, row["steps"] + 1, today, by, "DECIDED",
                     "decision served on the subject", document["number"], changes)  # fmt: skip
    marks = {
        "id": listing_id,
        "finding": document["reasonsAndBasis"],
        "decidedOn": today,
        "responsible": [{"personKey": k, "role": r} for k, r in responsible],
    }
    yield (MARK_RESPONSIBLE, {"rows": [marks]})
    return (yield from case(listing_id))


def _own_sector(listing: dict[str, Any], sector: str | None) -> None:
    if listing["sector"] != sector:
        raise BatchRefused([refuse("listing.not_listing_authority")])


def case(listing_id: str) -> Work[dict[str, Any]]:
    """A listing with its notice, decision document and steps."""
    rows = yield (_CASE, {"id": listing_id})
    if not rows:
        raise NotFound(f"no listing {listing_id!r}")
    return dict(rows[0])


def my_cases(subject_key: str) -> Work[list[dict[str, Any]]]:
    """Every listing notice and decision served on the subject (Art. 30, 40)."""
    rows = yield (_MY_CASES, {"key": subject_key})
    return [dict(r) for r in rows]
