"""Credit repair (Art. 46) and the withdrawal notices it sends downstream (Art. 47).

On approval the record takes the state its catalog item prescribes (repaired, shielded or
deleted) as a new step of its history, and in the same transaction every organization
the audit log shows received that item about that subject through an authorized query
gets a withdrawal notice it must acknowledge within a number of working days.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from core.errors import BatchRefused, NotFound
from graph.effects import Work
from rules.repair import (
    REPAIR_OUTCOMES,
    check_application,
    check_repair_decision,
    must_withdraw,
)
from rules.working_days import add_working_days

_RECORD = """
MATCH (s:Subject {key: $subjectKey})-[:HAS_RECORD]->(r:Record {id: $recordId})
RETURN r.kind AS kind, r.status AS status,
       EXISTS { (r)<-[:FOR_RECORD]-(:RepairApplication {status: 'PENDING'}) } AS pending
"""
_APPLY = """
MATCH (r:Record {id: $recordId})
CREATE (a:RepairApplication)-[:FOR_RECORD]->(r)
SET a = $props
RETURN properties(a) AS a
"""
_READ = """
MATCH (a:RepairApplication {id: $id})-[:FOR_RECORD]->(r:Record)-[:UNDER]->(c:CatalogItem),
      (s:Subject)-[:HAS_RECORD]->(r)
OPTIONAL MATCH (p:Provider {id: r.provider})
RETURN properties(a) AS a, r.status AS status, c.onRepair AS onRepair, c.code AS code,
       p.sector AS sector, s.key AS subjectKey, COUNT { (r)-[:HAS_CHANGE]->() } AS changes
"""
_DECIDE = """
MATCH (a:RepairApplication {id: $id})-[:FOR_RECORD]->(r:Record)
SET a.status = $decision, a.reply = $reply, a.document = $document, a.decidedOn = $today,
    a.decidedBy = $by, r.status = coalesce($status, r.status),
    r.repairedOn = CASE WHEN $status IS NULL THEN r.repairedOn ELSE $today END
FOREACH (_ IN CASE WHEN $status IS NULL THEN [] ELSE [1] END |
  CREATE (r)-[:HAS_CHANGE]->(:RecordChange {seq: $seq, at: $today, by: $by,
          action: 'REPAIRED', status: $status, reason: $reply, document: $document}))
RETURN properties(a) AS a
"""
#: Every access to the subject's file still holding its body; ``must_withdraw`` picks
#: those whose recipients must take the information down (Art. 47).
_RECEIVED = """
MATCH (:Subject {key: $subjectKey})<-[:CONCERNS]-(e:AuditEntry)
WHERE e.body IS NOT NULL
RETURN e.body AS body
"""
_NOTIFY = """
MATCH (r:Record {id: $recordId})
UNWIND $notices AS n
CREATE (w:WithdrawalNotice)-[:WITHDRAWS]->(r)
SET w = n
"""


def apply(subject_key: str, record_id: str, reasons: str, today: date) -> Work[dict[str, Any]]:
    """Art. 46: the subject applies for repair of one of its dishonesty records."""
    rows = yield (_RECORD, {"subjectKey": subject_key, "recordId": record_id})
    if not rows:
        raise NotFound(f"no record {record_id!r} in your credit file")
    problems = check_application(rows[0]["kind"], rows[0]["status"], reasons)
    if problems:
        raise BatchRefused(problems)
    if rows[0]["pending"]:
        raise NotFound("an application for this record is already pending")
    props = {
        "id": "RP-" + uuid.uuid4().hex[:16],
        "recordId": record_id,
        "subjectKey": subject_key,
        "reasons": reasons,
        "appliedOn": today,
        "status": "PENDING",
    }
    done = yield (_APPLY, {"recordId": record_id, "props": props})
    return dict(done[0]["a"])


def recipients(bodies: list[str], record_id: str, code: str) -> list[str]:
    """Art. 47: the organizations whose successful authorized queries returned the record
    (read from the audit entries' bodies, which name the records disclosed; entries
    written before they did are matched by catalog item, which may over-notify)."""
    found = set()
    for text in bodies:
        body = json.loads(text)
        if "records" in body:
            received = record_id in body["records"]
        else:
            received = any(str(f).startswith(code + ".") for f in body.get("fields") or [])
        if received and must_withdraw(body.get("channel", ""), body.get("outcome", "")):
            found.add(body.get("organization") or body.get("actor"))
    return sorted(str(f) for f in found if f)


def decide(
    application_id: str,
    approve: bool,
    reply: str,
    document: str,
    by: str,
    sector: str | None,
    today: date,
    ack_days: int,
) -> Work[dict[str, Any]]:
    """Art. 46: the sector authority of the record's provider decides; on approval the
    record is repaired as its catalog item says and Art. 47 notices go out."""
    rows = yield (_READ, {"id": application_id})
    if not rows:
        raise NotFound(f"no repair application {application_id!r}")
    row = rows[0]
    if row["sector"] != sector:
        raise NotFound(f"no repair application {application_id!r} for your sector")
    problems = check_repair_decision(row["a"]["status"], approve, reply, document)
    if problems:
        raise BatchRefused(problems)
    status = REPAIR_OUTCOMES[row["onRepair"] or "MARK"] if approve else None
    done = yield (
        _DECIDE,
        {"id": application_id, "decision": "APPROVED" if approve else "REJECTED",
         "reply": reply, "document": document, "today": today, "by": by, "status": status,
         "seq": row["changes"] + 1},
    )  # fmt: skip
    result = dict(done[0]["a"])
    result["recordStatus"] = status or row["status"]
    result["noticeIds"] = []
    if status is not None:
        result["noticeIds"] = yield from notify(
            row["subjectKey"], row["a"]["recordId"], row["code"], "REPAIRED", today, ack_days
        )
    result["notices"] = len(result["noticeIds"])
    return result


def notify(
    subject_key: str, record_id: str, code: str, reason: str, today: date, ack_days: int
) -> Work[list[str]]:
    """Art. 47: one withdrawal notice per organization that received the information.
    Returns the ids of the notices issued (to be pushed to the recipients)."""
    # Every access concerning the subject: which of them bind their recipient is the rule's
    # decision (``must_withdraw``), not the query's.
    bodies = yield (_RECEIVED, {"subjectKey": subject_key})
    deadline = add_working_days(today, ack_days)
    notices = [
        {
            "id": "WD-" + uuid.uuid4().hex[:16],
            "recipient": org,
            "recordId": record_id,
            "subjectKey": subject_key,
            "catalogCode": code,
            "reason": reason,
            "issuedOn": today,
            "ackBy": deadline.due,
            "provisional": deadline.provisional,
            "status": "PENDING",
        }
        for org in recipients([r["body"] for r in bodies], record_id, code)
    ]
    if notices:
        yield (_NOTIFY, {"recordId": record_id, "notices": notices})
    return [str(n["id"]) for n in notices]
