"""Reading credit files: one Cypher query per GraphQL root field, filtered and masked in
the database according to an ``AccessScope``.

Queries are assembled from fixed fragments (never from caller input); every value is a
parameter. Each returns plain dicts that the API turns into GraphQL types.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from graph.access_scope import AccessScope
from graph.effects import Work


def _mask(expr: str, head: str, tail: str) -> str:
    """Cypher that desensitizes a string (Art. 23): keep head and tail, star the rest."""
    return (
        f"CASE WHEN {expr} IS NULL THEN null WHEN size({expr}) <= ${head} + ${tail} "
        f"THEN substring($stars, 0, size({expr})) ELSE left({expr}, ${head}) + "
        f"substring($stars, 0, size({expr}) - ${head} - ${tail}) + right({expr}, ${tail}) END"
    )


_PERSON_MASKED = "$desensitize AND s:Person"

SUBJECT_PROJECTION = f"""{{
  key: CASE WHEN {_PERSON_MASKED} THEN null ELSE s.key END,
  type: CASE WHEN s:Person THEN 'PERSON' ELSE 'ORGANIZATION' END,
  idType: s.idType,
  number: CASE WHEN {_PERSON_MASKED} THEN {_mask("s.number", "idHead", "idTail")}
          ELSE s.number END,
  name: CASE WHEN {_PERSON_MASKED} THEN {_mask("s.name", "nameHead", "nameTail")}
        ELSE s.name END,
  kind: s.kind
}}"""

_FIELD_VALUE = (
    f"CASE WHEN k IN $masked THEN {_mask('toString(r[k])', 'nameHead', 'nameTail')} "
    "ELSE toString(r[k]) END"
)

# The creation is the first state of every record (Art. 39: history is never overwritten):
# it is derived from the record itself, so the ingest writes no extra node for it; later
# changes (correction, repair, revocation) are (:RecordChange) nodes.
CREATION = """[{seq: 0, at: r.recordedAt, by: r.provider, action: 'CREATED',
  status: CASE WHEN size(r.holdReasons) > 0 THEN 'PENDING_REVIEW' ELSE 'ACTIVE' END,
  reason: CASE WHEN size(r.holdReasons) > 0
          THEN 'held for review: ' + reduce(s = '', x IN r.holdReasons | s + x + ' ')
          ELSE 'submitted by the provider' END,
  document: head([(r)-[:RESTS_ON]->(b:BasisDocument) | b.number])}]"""

#: The parts of a record a GraphQL selection may leave out, each costing the database
#: more than a property of the record node: its catalog item's name, version and field
#: labels, its fields, the document it rests on, and its history.
RECORD_PARTS = frozenset({"catalog", "labels", "fields", "basis", "history"})

_RECORD_PART_CYPHER = {
    "catalog": "catalogName: c.name",
    "labels": "fieldsJson: c.fieldsJson",
    "fields": f"""fields: [k IN keys(r) WHERE NOT k IN $system AND NOT k IN $hidden
           | {{name: k, value: {_FIELD_VALUE}}}]""",
    "basis": """basis: head([(r)-[:RESTS_ON]->(b:BasisDocument) | b {.type, .number, .issuer,
         .issuedOn, .legalBasis, .status}])""",
    "history": f"""history: CASE WHEN $history THEN {CREATION}
           + [(r)-[:HAS_CHANGE]->(h:RecordChange)
              | h {{.seq, .at, .by, .action, .status, .reason, .document, .previous}}]
           ELSE [] END""",
}


@cache
def record_projection(parts: frozenset[str] = RECORD_PARTS) -> str:
    """The map a record is read as (over ``r`` and its catalog item ``c``): the record
    node's own properties always, and of ``RECORD_PARTS`` only those named."""
    unknown = parts - RECORD_PARTS
    if unknown:
        raise ValueError(f"unknown record parts {sorted(unknown)}")
    extra = "".join(f",\n  {_RECORD_PART_CYPHER[p]}" for p in sorted(parts))
    return f"""{{
  id: r.id, family: r.family, kind: r.kind, status: r.status,
  occurredAt: r.occurredAt, recordedAt: r.recordedAt, publicUntil: r.publicUntil,
  provider: r.provider, catalogCode: r.catalogCode, catalogVersion: r.catalogVersion,
  flags: r.flags,
  holdReasons: r.holdReasons, objection: r.objection{extra}
}}"""


RECORD_PROJECTION = record_projection()

#: A dishonesty record that still counts against its subject: in force, within its
#: publicity and retention periods (over ``r``; for measures, Art. 36, and evaluation,
#: Art. 28, so both judge a subject by the same records).
CURRENT_DISHONESTY = """r.kind = 'DISHONEST' AND r.status = 'ACTIVE'
  AND (r.publicUntil IS NULL OR r.publicUntil >= $today)
  AND (r.retainUntil IS NULL OR r.retainUntil >= $today)"""

LISTING_PROJECTION = """{
  id: l.id, sector: l.sector, ground: l.ground, stage: l.stage, active: l.active,
  conductOn: l.conductOn, decidedOn: l.decidedOn, reasons: l.reasons,
  underObjection: coalesce(l.objectionPending, false)
}"""


#: The optional record filters of a credit file, written into the query only when given.
_FILE_FILTERS = {
    "kinds": "r.kind IN $onlyKinds",
    "status": "r.status = $onlyStatus",
    "from": "r.occurredAt >= $periodFrom",
    "to": "r.occurredAt <= $periodTo",
}


@cache
def credit_file_query(
    scope_shape: tuple[str, str, bool, bool],
    filters: frozenset[str],
    parts: frozenset[str],
    with_commitments: bool,
) -> str:
    """A subject's credit file: the subject, a page of its records, its listings and
    marks, its commitments. ``scope_shape`` is (record filter, subject filter, records
    wanted and visible, listings wanted and visible); ``parts`` the record parts the
    selection asks for. Every visible record is counted, only the page is projected."""
    record_filter, subject_filter, with_records, with_listings = scope_shape
    optional = "".join(f" AND {_FILE_FILTERS[f]}" for f in sorted(filters))
    records = (
        f"""
CALL (s) {{
  OPTIONAL MATCH (s)-[:HAS_RECORD]->(r:Record)-[:UNDER]->(c:CatalogItem)
  WHERE {record_filter}{optional}
  WITH r, c ORDER BY r.occurredAt DESC, r.id
  WITH collect(CASE WHEN r IS NULL THEN null ELSE [r, c] END) AS rows
  CALL (rows) {{
    UNWIND rows[$offset..$offset + $first + 1] AS rc
    WITH rc[0] AS r, rc[1] AS c
    RETURN collect({record_projection(parts)}) AS page
  }}
  RETURN size(rows) AS total, page
}}"""
        if with_records
        else "WITH s, 0 AS total, [] AS page"
    )
    listings = (
        f"""
CALL (s) {{
  OPTIONAL MATCH (s)-[:LISTED_IN]->(l:Listing)
  WHERE l.active
  RETURN collect(CASE WHEN l IS NULL THEN null ELSE {LISTING_PROJECTION} END) AS listings
}}
CALL (s) {{
  OPTIONAL MATCH (s)-[:HAS_MARK]->(m:Mark)-[:FOR_LISTING]->(l:Listing)<-[:LISTED_IN]-(o)
  WHERE m.active
  RETURN collect(CASE WHEN m IS NULL THEN null ELSE {{listingId: l.id, role: m.role,
         since: m.since, organization: o.name, organizationKey: o.key,
         underObjection: coalesce(m.objectionPending, false)}} END) AS marks
}}"""
        if with_listings
        else "WITH s, total, page, [] AS listings, [] AS marks"
    )
    commitments = (
        """
CALL (s) {
  OPTIONAL MATCH (s)-[:COMMITTED]->(c:Commitment) WHERE NOT $desensitize
  RETURN collect(properties(c)) AS commitments
}"""
        if with_commitments
        else "WITH s, total, page, listings, marks, [] AS commitments"
    )
    return f"""
MATCH (s:Subject {{key: $key}})
WHERE {subject_filter}
{records}
{listings}
{commitments}
RETURN {SUBJECT_PROJECTION} AS subject, total, page, listings, marks, commitments
"""


def credit_file(
    scope: AccessScope,
    key: str,
    *,
    first: int,
    offset: int,
    only_kinds: list[str] | None,
    only_status: str | None,
    with_records: bool = True,
    with_listings: bool = True,
    with_commitments: bool = True,
    parts: frozenset[str] = RECORD_PARTS,
    period: tuple[date | None, date | None] = (None, None),
) -> Work[dict[str, Any] | None]:
    """Read one credit file through the scope; None when absent or not visible. ``period``
    keeps the records whose conduct falls in it (a credit report's period, Art. 25);
    ``with_*`` and ``parts`` leave out what the caller does not ask for."""
    values = {"kinds": only_kinds, "status": only_status, "from": period[0], "to": period[1]}
    shape = (
        scope.record_filter(),
        scope.subject_filter(),
        with_records and scope.sees_records,
        with_listings and scope.listings,
    )
    given = frozenset(f for f, v in values.items() if v is not None)
    query = credit_file_query(shape, given, parts, with_commitments)
    params = {
        **scope.params(),
        "key": key,
        "first": first,
        "offset": offset,
        "onlyKinds": only_kinds,
        "onlyStatus": only_status,
        "periodFrom": period[0],
        "periodTo": period[1],
    }
    rows = yield (query, params)
    return rows[0] if rows else None


#: The optional filters of the records list: each is written into the query only when
#: given, so that the planner never meets ``$x IS NULL OR ...`` (which it cannot serve
#: from an index).
_SEARCH_FILTERS = {
    "status": "r.status = $onlyStatus",
    "code": "r.catalogCode = $code",
    "provider": "r.provider = $provider",
    "from": "r.occurredAt >= $from",
    "to": "r.occurredAt <= $to",
}


@cache
def record_search_query(
    scope_shape: tuple[str, ...], filters: frozenset[str], with_after: bool, parts: frozenset[str]
) -> str:
    """Records across files, newest first, keyset-paginated, with a filtered total, in
    one pass: each family branch (``AccessScope.family_branches``) is an index seek on
    (family, kind); the visible rows are counted and the page is the top ``$first + 1``
    of the same rows, so nothing is read twice. ``scope_shape`` is
    ``(row filter, subject filter, *branches)`` of the scope (the query is cached per
    shape); ``parts`` the record parts the selection asks for."""
    row_filter, subject_filter, *branches = scope_shape
    optional = "".join(f" AND {_SEARCH_FILTERS[f]}" for f in sorted(filters))
    union = "\n  UNION ALL\n".join(
        f"""  MATCH (r:Record)-[:UNDER]->(c:CatalogItem)
  WHERE {branch} AND {row_filter} AND {subject_filter}{optional}
  RETURN r"""
        for branch in branches
    )
    after = (
        "WHERE r.occurredAt < $afterDate OR (r.occurredAt = $afterDate AND r.id > $afterId)"
        if with_after
        else ""
    )
    return f"""
CALL () {{
{union}
}}
WITH collect(r) AS rows
CALL (rows) {{
  UNWIND rows AS r
  WITH r {after}
  ORDER BY r.occurredAt DESC, r.id LIMIT $first + 1
  MATCH (s:Subject)-[:HAS_RECORD]->(r)-[:UNDER]->(c:CatalogItem)
  WITH s, r, c ORDER BY r.occurredAt DESC, r.id
  RETURN collect({{subject: {SUBJECT_PROJECTION}, record: {record_projection(parts)}}}) AS page
}}
RETURN size(rows) AS total, page
"""


def record_search(
    scope: AccessScope,
    filters: dict[str, Any],
    *,
    first: int,
    after: tuple[Any, str] | None,
    parts: frozenset[str] = RECORD_PARTS,
) -> Work[dict[str, Any]]:
    """Search records with filters (kinds, status, code, provider, from, to)."""
    kinds = filters.get("kinds")
    branches = scope.family_branches(kinds)
    if not branches:
        return {"total": 0, "page": []}  # nothing this access may see is of those kinds
    given = frozenset(f for f in _SEARCH_FILTERS if filters.get(f) is not None)
    shape = (scope.row_filter(), scope.record_subject_filter(), *branches)
    params = {
        **scope.params(),
        "first": first,
        "publicKinds": scope.public_kinds(kinds),
        "onlyKinds": kinds,
        "onlyStatus": filters.get("status"),
        "code": filters.get("code"),
        "provider": filters.get("provider"),
        "from": filters.get("from"),
        "to": filters.get("to"),
        "afterDate": after[0] if after else None,
        "afterId": after[1] if after else None,
    }
    rows = yield (record_search_query(shape, given, after is not None, parts), params)
    return rows[0]


SERIOUS_DISHONESTY_LIST = f"""
CALL () {{
  MATCH (s:Subject)-[:LISTED_IN]->(l:Listing) WHERE l.active
  RETURN count(l) AS total
}}
CALL () {{
  MATCH (s:Subject)-[:LISTED_IN]->(l:Listing) WHERE l.active AND l.id > $after
  WITH s, l ORDER BY l.id LIMIT $first + 1
  RETURN collect({{subject: {SUBJECT_PROJECTION}, listing: {LISTING_PROJECTION}}}) AS page
}}
RETURN total, page
"""


def serious_dishonesty_list(scope: AccessScope, *, first: int, after: str) -> Work[dict[str, Any]]:
    """The public serious-dishonesty list (Art. 29), persons desensitized on PUBLIC."""
    rows = yield (SERIOUS_DISHONESTY_LIST, {**scope.params(), "first": first, "after": after})
    return rows[0]


CATALOG = """
MATCH (c:CatalogItem)-[:IN_VERSION]->(v:CatalogVersion)
WHERE v.year = coalesce($year, v.year) AND ($kind IS NULL OR c.kind = $kind)
  AND c.code > $after
WITH c ORDER BY c.code LIMIT $first + 1
RETURN collect(properties(c)) AS page
"""

CATALOG_COUNT = """
MATCH (c:CatalogItem)-[:IN_VERSION]->(v:CatalogVersion)
WHERE v.year = coalesce($year, v.year) AND ($kind IS NULL OR c.kind = $kind)
RETURN count(c) AS total
"""

CURRENT_VERSION = """
MATCH (v:CatalogVersion) WHERE v.effectiveFrom <= $today
RETURN v.year AS year ORDER BY v.effectiveFrom DESC LIMIT 1
"""


def catalog_page(
    year: int | None, kind: str | None, *, first: int, after: str
) -> Work[dict[str, Any]]:
    """Catalog items of one version (default: the version in force)."""
    total_rows = yield (CATALOG_COUNT, {"year": year, "kind": kind})
    rows = yield (CATALOG, {"year": year, "kind": kind, "first": first, "after": after})
    return {"total": total_rows[0]["total"], "page": rows[0]["page"]}


def current_version(today: Any) -> Work[int | None]:
    rows = yield (CURRENT_VERSION, {"today": today})
    return int(rows[0]["year"]) if rows else None


MEASURES = """
MATCH (m:Measure)
WHERE ($list IS NULL OR m.list = $list) AND ($scope IS NULL OR m.scope = $scope)
  AND m.code > $after
WITH m ORDER BY m.code
WITH collect(properties(m)) AS found
RETURN size(found) AS total, found[0..$first + 1] AS page
"""


def measures_page(
    list_name: str | None, scope_name: str | None, *, first: int, after: str
) -> Work[dict[str, Any]]:
    """The incentive and punishment measure lists (Art. 33-35)."""
    rows = yield (
        MEASURES,
        {"list": list_name, "scope": scope_name, "first": first, "after": after},
    )
    return rows[0]
