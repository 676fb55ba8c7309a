"""Evaluations in the graph (Art. 28, 44): computed from the subject's own current
information by the published formula, stored with every factor's explanation, objected
to and answered; an upheld objection re-evaluates and keeps the old result in history."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict
from datetime import date
from typing import Any

from core.errors import BatchRefused, NotFound
from graph.effects import Work
from graph.reads import CURRENT_DISHONESTY
from rules.evaluation import check_answer, check_objection, evaluate, subject_problem
from rules.working_days import add_working_days
from seed.evaluation import formula

#: The counts the formula's factors apply to, from the subject's own current information.
_FACTS = f"""
MATCH (s:Subject {{key: $key}})
RETURN CASE WHEN s:Person THEN 'PERSON' ELSE 'ORGANIZATION' END AS subjectType,
  COUNT {{ (s)-[:HAS_RECORD]->(r:Record) WHERE {CURRENT_DISHONESTY} }} AS DISHONEST_RECORDS,
  COUNT {{ (s)-[:LISTED_IN]->(:Listing {{active: true}}) }} AS SERIOUS_LISTINGS,
  COUNT {{ (s)-[:COMMITTED]->(c:Commitment) WHERE c.status IN ['BROKEN', 'FALSE'] }}
    AS BROKEN_COMMITMENTS,
  COUNT {{ (s)-[:HAS_RECORD]->(:Record {{kind: 'POSITIVE', status: 'ACTIVE'}}) }}
    AS POSITIVE_RECORDS,
  COUNT {{ (s)-[:COMMITTED]->(:Commitment {{status: 'KEPT'}}) }} AS KEPT_COMMITMENTS
"""
_STORE = """
MATCH (s:Subject {key: $key})
OPTIONAL MATCH (s)-[:EVALUATED]->(old:Evaluation {status: 'CURRENT'})
SET old.status = 'SUPERSEDED'
WITH DISTINCT s
CREATE (s)-[:EVALUATED]->(e:Evaluation)
SET e = $props
RETURN properties(e) AS e
"""
_READ = """
MATCH (s:Subject)-[:EVALUATED]->(e:Evaluation {id: $id})
RETURN properties(e) AS e, s.key AS subjectKey
"""
_CURRENT = """
MATCH (:Subject {key: $key})-[:EVALUATED]->(e:Evaluation)
WHERE e.status IN ['CURRENT', 'UNDER_OBJECTION']
RETURN properties(e) AS e
"""
_SET = "MATCH (e:Evaluation {id: $id}) SET e += $changes RETURN properties(e) AS e"


def run(key: str, by: str, today: date) -> Work[dict[str, Any]]:
    """Art. 28: evaluate an organization now, by the published formula."""
    rows = yield (_FACTS, {"key": key, "today": today})
    if not rows:
        raise NotFound("no credit file for that identifier")
    problem = subject_problem(rows[0]["subjectType"])
    if problem is not None:
        raise BatchRefused([problem])
    result = evaluate(rows[0], formula())
    props = {
        "id": "EV-" + uuid.uuid4().hex[:16],
        "subjectKey": key,
        "score": result.score,
        "grade": result.grade,
        "formulaVersion": result.formula_version,
        "factorsJson": json.dumps([asdict(f) for f in result.factors], ensure_ascii=False),
        "evaluatedOn": today,
        "evaluatedBy": by,
        "status": "CURRENT",
    }
    stored = yield (_STORE, {"key": key, "props": props})
    return dict(stored[0]["e"])


def current(key: str) -> Work[dict[str, Any]]:
    """The subject's current evaluation (also while an objection is pending)."""
    rows = yield (_CURRENT, {"key": key})
    if not rows:
        raise NotFound("no current evaluation for that subject")
    return dict(rows[0]["e"])


def object_to(
    subject_key: str, evaluation_id: str, reasons: str, today: date, days: int
) -> Work[dict[str, Any]]:
    """Art. 44: the subject objects to its evaluation; verification is due in working days."""
    rows = yield (_READ, {"id": evaluation_id})
    if not rows or rows[0]["subjectKey"] != subject_key:
        raise NotFound(f"no evaluation {evaluation_id!r} of yours")
    problems = check_objection(rows[0]["e"]["status"], reasons)
    if problems:
        raise BatchRefused(problems)
    due = add_working_days(today, days)
    changes = {
        "status": "UNDER_OBJECTION",
        "objection": reasons,
        "objectedOn": today,
        "objectionDueBy": due.due,
        "provisional": due.provisional,
    }
    done = yield (_SET, {"id": evaluation_id, "changes": changes})
    return dict(done[0]["e"])


def answer(
    evaluation_id: str, upheld: bool, reply: str, by: str, today: date
) -> Work[dict[str, Any]]:
    """Art. 44: verified and answered; an upheld objection corrects the evaluation by
    evaluating again (the objected result stays, marked CORRECTED)."""
    rows = yield (_READ, {"id": evaluation_id})
    if not rows:
        raise NotFound(f"no evaluation {evaluation_id!r}")
    problems = check_answer(rows[0]["e"]["status"], reply)
    if problems:
        raise BatchRefused(problems)
    changes = {
        "status": "CORRECTED" if upheld else "CURRENT",
        "objectionReply": reply,
        "answeredOn": today,
        "answeredBy": by,
    }
    done = yield (_SET, {"id": evaluation_id, "changes": changes})
    if not upheld:
        return dict(done[0]["e"])
    again = yield from run(rows[0]["subjectKey"], by, today)
    link = {"objectionReply": reply, "correctsEvaluation": evaluation_id}
    corrected = yield (_SET, {"id": again["id"], "changes": link})
    return dict(corrected[0]["e"])
