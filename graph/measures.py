"""Which listed measures apply to a subject (Art. 33-36), from its own file only."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.errors import NotFound
from graph.effects import Work
from graph.reads import CURRENT_DISHONESTY
from rules.measures import Measure, Standing, applicability

#: One round trip: the subject's own standing and the whole measure list. Only the
#: subject's own records and listings count; a person connected to a listed
#: organization contributes nothing here unless it was itself found responsible (mark).
_STANDING = f"""
MATCH (s:Subject {{key: $key}})
OPTIONAL MATCH (s)-[:HAS_RECORD]->(r:Record) WHERE {CURRENT_DISHONESTY}
OPTIONAL MATCH (p:Provider {{id: r.provider}})
WITH s, collect(DISTINCT p.sector) AS dishonest
OPTIONAL MATCH (s)-[:LISTED_IN]->(l:Listing {{active: true}})
WITH s, dishonest, collect(DISTINCT l.sector) AS listed
RETURN CASE WHEN s:Person THEN 'PERSON' ELSE 'ORGANIZATION' END AS subjectType,
       dishonest, listed,
       EXISTS {{ (s)-[:HAS_MARK]->(:Mark {{active: true}}) }} AS marked,
       COLLECT {{ MATCH (m:Measure) RETURN properties(m) AS m ORDER BY m.code }} AS measures
"""

_MEASURE_FIELDS = (
    "code",
    "list",
    "scope",
    "matter",
    "target",
    "means",
    "implementer",
    "basis",
    "severity",
)


def _measure(props: dict[str, Any]) -> Measure:
    return Measure(
        **{name: props[name] for name in _MEASURE_FIELDS},
        target_subject_types=tuple(props["target_subject_types"]),
        sectors=tuple(props["sectors"]),
        art35_kind=props.get("art35_kind"),
        art33_kind=props.get("art33_kind"),
    )


def applicable_measures(key: str, today: date) -> Work[list[tuple[dict[str, Any], str]]]:
    """The listed measures that apply to the subject, each with the reason it applies."""
    rows = yield (_STANDING, {"key": key, "today": today})
    if not rows:
        raise NotFound("no credit file for that identifier")
    row = rows[0]
    standing = Standing(
        row["subjectType"],
        frozenset(row["dishonest"]),
        frozenset(row["listed"]),
        bool(row["marked"]),
    )
    found = []
    for props in row["measures"]:
        reason = applicability(_measure(props), standing)
        if reason is not None:
            found.append((props, reason))
    return found
