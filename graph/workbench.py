"""The Cypher of the investigators' workbench: neighbourhoods, shortest paths, holding
chains and role timelines over the dated role edges (Art. 31 judges roles on the day of
the conduct, so every query takes the day ``asOf``).

One query per root field. Queries are assembled from fixed fragments (a depth or a set
of role types validated against ``core.submission.ROLES``, never caller text); every
value is a parameter. Nodes are identified by ``elementId`` inside an answer: a person
the caller may not see comes back without key, number or clear name (desensitized in the
database, Art. 23), and the API gives it a placeholder id.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from core.errors import NotFound
from core.submission import ROLES
from graph.effects import Work
from graph.reads import LISTING_PROJECTION, _mask

_DATED = "r.from <= $asOf AND (r.to IS NULL OR r.to >= $asOf)"
_MASKED = "($maskPersons AND {v}:Person)"


#: The optional parts of a node projection (the GraphQL GraphNode fields that need them);
#: the element id, key and type are always read (ids, masking, the audit's subjects).
NODE_PARTS = frozenset({"number", "name", "kind", "listed", "marked"})


def node(v: str, parts: frozenset[str] = NODE_PARTS) -> str:
    """Projection of subject ``v``: masked persons keep only their type and a
    desensitized name; marks and listings only when the caller may see listings. Only
    the ``parts`` asked for are read (``listed`` and ``marked`` are subqueries)."""
    masked = _MASKED.format(v=v)
    optional = {
        "number": f"number: CASE WHEN {masked} THEN "
        f"{_mask(f'{v}.number', 'idHead', 'idTail')} ELSE {v}.number END",
        "name": f"name: CASE WHEN {masked} THEN "
        f"{_mask(f'{v}.name', 'nameHead', 'nameTail')} ELSE {v}.name END",
        "kind": f"kind: {v}.kind",
        "listed": f"listed: $listings AND "
        f"EXISTS {{ ({v})-[:LISTED_IN]->(:Listing {{active: true}}) }}",
        "marked": f"marked: $listings AND NOT {masked} AND "
        f"EXISTS {{ ({v})-[:HAS_MARK]->(:Mark {{active: true}}) }}",
    }
    fields = [
        f"eid: elementId({v})",
        f"key: CASE WHEN {masked} THEN null ELSE {v}.key END",
        f"type: CASE WHEN {v}:Person THEN 'PERSON' ELSE 'ORGANIZATION' END",
        *(text for part, text in optional.items() if part in parts),
    ]
    return "{\n  " + ",\n  ".join(fields) + "\n}"


def edge(v: str) -> str:
    """Projection of role edge ``v``: holder → organization, dated, with share and provider."""
    return f"""{{
  eid: elementId({v}), role: type({v}), source: elementId(startNode({v})),
  target: elementId(endNode({v})), since: {v}.from, until: {v}.to, share: {v}.share,
  provider: {v}.provider
}}"""


def check_roles(roles: list[str] | None) -> list[str]:
    """The role types to follow (all by default); unknown ones are refused by the API."""
    return list(ROLES) if not roles else [r for r in ROLES if r in roles]


def _level(i: int, through_persons: bool) -> str:
    """One breadth-first step: the role edges of the frontier's subjects on the day (not
    back to the level before, whose edges are already taken), new subjects capped so the
    answer never exceeds ``$cap`` nodes; ``cuts`` remembers whether the cap cut any."""
    persons = "" if through_persons else "AND NOT f:Person"
    return f"""
CALL (frontier, previous) {{
  UNWIND frontier AS f
  MATCH (f)-[r]-(n:Subject)
  WHERE type(r) IN $roles AND {_DATED} {persons} AND NOT n IN previous
  RETURN collect(DISTINCT r) AS rels{i}, collect(DISTINCT n) AS found{i}
}}
WITH s, cuts, edges + rels{i} AS edges, seen, frontier,
     [x IN found{i} WHERE NOT x IN seen] AS new{i}
WITH s, edges, seen + new{i}[0..$cap - size(seen)] AS seen, frontier AS previous,
     new{i}[0..$cap - size(seen)] AS frontier, cuts + [size(new{i}) > $cap - size(seen)] AS cuts
"""


def neighbourhood_query(
    depth: int, through_persons: bool, parts: frozenset[str] = NODE_PARTS
) -> str:
    """Subjects within ``depth`` role edges of the start, breadth first. Without
    ``through_persons`` (PUBLIC) a person is a leaf: no route runs through a person, so
    no answer links one person to another."""
    steps = "".join(_level(i, through_persons) for i in range(1, depth + 1))
    return f"""
MATCH (s:Subject {{key: $key}})
WITH s, [s] AS frontier, [] AS previous, [s] AS seen, [] AS edges, [] AS cuts
{steps}
WITH s, seen, any(c IN cuts WHERE c) AS truncated,
     [r IN edges WHERE startNode(r) IN seen AND endNode(r) IN seen] AS edges
RETURN {node("s", parts)} AS center, [n IN seen | {node("n", parts)}] AS nodes,
       [r IN edges | {edge("r")}] AS edges, truncated
"""


def neighbourhood(
    key: str,
    depth: int,
    roles: list[str],
    as_of: date,
    cap: int,
    mask: dict[str, Any],
    parts: frozenset[str] = NODE_PARTS,
) -> Work[dict[str, Any]]:
    """The neighbourhood of ``key`` on ``as_of`` (``mask``: the masking parameters;
    ``parts``: the node parts to read)."""
    query = neighbourhood_query(depth, not mask["maskPersons"], parts)
    rows = yield (query, {**mask, "key": key, "roles": roles, "asOf": as_of, "cap": cap})
    if not rows:
        raise NotFound("no subject with that identifier")
    return dict(rows[0])


def paths_query(roles: list[str], max_hops: int) -> str:
    """All shortest paths through the named role types, every edge held on the day."""
    types = "|".join(r for r in ROLES if r in roles)
    return f"""
MATCH (a:Subject {{key: $from}}), (b:Subject {{key: $to}})
OPTIONAL MATCH p = allShortestPaths((a)-[rels:{types}*..{max_hops}]-(b))
WHERE all(r IN rels WHERE {_DATED}) AND ($throughPersons OR
      all(x IN nodes(p)[1..-1] WHERE NOT x:Person))
WITH a, b, p LIMIT $limit
RETURN {node("a")} AS source, {node("b")} AS target,
       collect(CASE WHEN p IS NULL THEN null ELSE {{
         nodes: [n IN nodes(p) | {node("n")}], hops: [r IN relationships(p) | {edge("r")}]
       }} END) AS paths
"""


def paths(
    source: str,
    target: str,
    roles: list[str],
    max_hops: int,
    as_of: date,
    limit: int,
    mask: dict[str, Any],
) -> Work[dict[str, Any]]:
    """Shortest paths between two subjects (at most ``limit`` of them)."""
    params = {
        **mask,
        "from": source,
        "to": target,
        "asOf": as_of,
        "limit": limit,
        "throughPersons": not mask["maskPersons"],
    }
    rows = yield (paths_query(roles, max_hops), params)
    if not rows:
        raise NotFound("no subject with one of those identifiers")
    return dict(rows[0])


#: The upstream holding subgraph of an organization on the day: every shareholding edge
#: on some holding chain into it (relationship-unique paths, so cycles end), plus the
#: actual controllers recorded as such (Art. 31).
HOLDING_CHAINS = f"""
MATCH (o:Subject:Organization {{key: $key}})
OPTIONAL MATCH path = (:Subject)-[rels:SHAREHOLDER_OF*1..{{depth}}]->(o)
WHERE all(r IN rels WHERE {_DATED})
WITH o, collect(path) AS chains
WITH o, [c IN chains | relationships(c)] AS lists
WITH o, reduce(acc = [], l IN lists | acc + [r IN l WHERE NOT r IN acc]) AS rels
RETURN {node("o")} AS organization,
       [r IN rels | {edge("r")}] AS holdings,
       [n IN reduce(acc = [], r IN rels | CASE WHEN startNode(r) IN acc THEN acc
        ELSE acc + startNode(r) END) | {node("n")}] AS holders,
       COLLECT {{
         MATCH (p:Person)-[r:ACTUAL_CONTROLLER_OF]->(o) WHERE {_DATED}
         RETURN {{subject: {node("p")}, edge: {edge("r")}}}
       }} AS recorded
"""


def holding_chains(key: str, as_of: date, depth: int, mask: dict[str, Any]) -> Work[dict[str, Any]]:
    """The holdings upstream of organization ``key`` on ``as_of``."""
    query = HOLDING_CHAINS.replace("{depth}", str(depth))
    rows = yield (query, {**mask, "key": key, "asOf": as_of})
    if not rows:
        raise NotFound("no organization with that identifier")
    return dict(rows[0])


ROLE_TIMELINE = f"""
MATCH (s:Subject {{key: $key}})
CALL (s) {{
  OPTIONAL MATCH (s)-[r]->(o:Organization) WHERE type(r) IN $roles
  WITH r, o ORDER BY r.from, type(r), o.key
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {{
    edge: {edge("r")}, organization: {node("o")},
    listings: CASE WHEN $listings THEN COLLECT {{
      MATCH (o)-[:LISTED_IN]->(l:Listing)
      WHERE l.conductOn >= r.from AND (r.to IS NULL OR l.conductOn <= r.to)
      RETURN {LISTING_PROJECTION} ORDER BY l.conductOn
    }} ELSE [] END,
    marks: CASE WHEN $listings THEN COLLECT {{
      MATCH (s)-[:HAS_MARK]->(m:Mark)-[:FOR_LISTING]->(l:Listing)<-[:LISTED_IN]-(o)
      WHERE m.role = type(r) AND l.conductOn >= r.from
        AND (r.to IS NULL OR l.conductOn <= r.to)
      OPTIONAL MATCH (m)-[:BECAUSE]->(f:Responsibility)
      RETURN {{listingId: l.id, role: m.role, since: m.since, active: m.active,
              endedOn: m.endedOn, conductOn: l.conductOn, finding: f.finding}}
      ORDER BY l.conductOn
    }} ELSE [] END
  }} END) AS roles
}}
RETURN {node("s")} AS subject, roles
"""


def role_timeline(key: str, roles: list[str], mask: dict[str, Any]) -> Work[dict[str, Any]]:
    """Every role ``key`` held or holds, with the listings of that organization whose
    conduct falls in the role's period and the marks they gave this subject (Art. 31)."""
    rows = yield (ROLE_TIMELINE, {**mask, "key": key, "roles": roles})
    if not rows:
        raise NotFound("no subject with that identifier")
    return dict(rows[0])


SEARCH = f"""
MATCH (s:Subject)
WHERE (s.name CONTAINS $text OR s.key = $text) AND (NOT $maskPersons OR s:Organization)
WITH s ORDER BY s:Person, s.name, s.key LIMIT $first
RETURN {node("s")} AS subject
"""


def search(text: str, first: int, mask: dict[str, Any]) -> Work[list[dict[str, Any]]]:
    """Subjects whose name contains ``text`` or whose key is ``text``; organizations only
    when persons are masked (a desensitized person cannot be looked up by name)."""
    rows = yield (SEARCH, {**mask, "text": text, "first": first})
    return [row["subject"] for row in rows]
