"""The investigators' workbench (issue 14): relationship exploration, ultimate control,
role timelines, and the browser explorer at ``/explore``.

Every field is an operation decided by the policy (``op:neighbourhood``, ``op:paths``,
``op:control``, ``op:roleTimeline``, ``op:searchSubjects``) and audited like any other
access. Investigation is a query by authority for the INVESTIGATION purpose (Art. 24,
27); PUBLIC sees organizations' registration links with persons desensitized and never
expanded (Art. 23). Whether persons are visible is one decision (``relation:PERSON``),
compiled into the Cypher as ``$maskPersons``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

import strawberry

from api import types as t
from api import workbench_types as w
from api.access import CompiledAccess
from api.context import RequestContext
from api.policy import AccessDenied, Decision
from api.resolve import BadArgument, Ctx, op, subject_key
from api.selection import node_parts, selection_paths
from api.workbench_page import workbench_routes
from core.submission import ROLES
from graph import workbench as g
from graph.effects import Work
from graph.workbench_read import read_plain
from rules import control

__all__ = ["WorkbenchQueries", "workbench_routes"]

T = TypeVar("T")

MAX_DEPTH = 3
MAX_HOPS = 6
MAX_NODES = 500
MAX_PATHS = 20
#: Holding chains followed upwards at most (the city's are at most 6 layers).
CONTROL_DEPTH = 8

RolesArg = Annotated[
    list[str] | None,
    strawberry.argument(description=f"Role types to follow (default all: {', '.join(ROLES)})."),
]
AsOfArg = Annotated[
    date | None,
    strawberry.argument(
        description="The day the roles are taken on (default today): Art. 31 judges the "
        "roles held on the day of the conduct."
    ),
]
SubjectArg = Annotated[
    str, strawberry.argument(description="Subject key 'ID_TYPE:NUMBER', e.g. 'USCC:91…'.")
]


def _key(text: str) -> str:
    id_type, sep, number = text.partition(":")
    if not sep:
        raise BadArgument("a subject is given as 'ID_TYPE:NUMBER', e.g. 'USCC:91310000…'")
    return subject_key(id_type.strip().upper(), number.strip())


def _roles(roles: list[str] | None) -> list[str]:
    unknown = sorted(set(roles or ()) - set(ROLES))
    if unknown:
        raise BadArgument(f"unknown roles {', '.join(unknown)}; roles are {', '.join(ROLES)}")
    return g.check_roles(roles)


async def _masking(ctx: RequestContext) -> tuple[dict[str, Any], Decision, CompiledAccess]:
    """The masking parameters of this request: persons masked unless ``relation:PERSON``
    is allowed; name and number masks of the channel's scope; listings if allowed."""
    access = await ctx.access()
    decl = ctx.decl
    persons = ctx.services.engine.decide(
        ctx.actor.role, decl.channel, decl.purpose, "relation:PERSON"
    )
    ctx.decisions.append(persons)
    scope = access.scope.params()
    mask = {
        "maskPersons": not persons.allowed,
        "listings": access.scope.listings,
        **{k: scope[k] for k in ("nameHead", "nameTail", "idHead", "idTail", "stars")},
    }
    return mask, persons, access


def _start(ctx: RequestContext, key: str, persons: Decision) -> None:
    """A person cannot be a starting point when persons are masked (Art. 23)."""
    ctx.requested.add(key)
    if not persons.allowed and not key.startswith("USCC:"):
        raise AccessDenied(
            "natural persons are desensitized on this channel and cannot be looked up "
            f"({persons.rule})",
            persons,
        )


async def _read(ctx: RequestContext, make_work: Callable[[], Work[T]]) -> T:
    return await read_plain(ctx.services.driver, ctx.services.database, make_work)


def _disclose(ctx: RequestContext, nodes: list[w.GraphNode], what: str) -> None:
    ctx.disclose([n.key for n in nodes if n.key], [what])


@strawberry.type(description="The investigators' workbench: relationships, control, timelines.")
class WorkbenchQueries:
    @strawberry.field(
        description="Subjects and dated role edges within `depth` (≤ 3) edges of a subject "
        "on `asOf`, breadth first, capped at `nodeCap` nodes (`truncated` says so). PUBLIC "
        "(Art. 23): persons are desensitized placeholders and never expanded."
    )
    async def neighbourhood(
        self,
        info: Ctx,
        subject: SubjectArg,
        depth: Annotated[int, strawberry.argument(description="1 to 3 edges.")] = 1,
        roles: RolesArg = None,
        as_of: AsOfArg = None,
        node_cap: Annotated[
            int, strawberry.argument(description=f"At most this many nodes (≤ {MAX_NODES}).")
        ] = 200,
    ) -> w.Neighbourhood:
        ctx = op(info, "op:neighbourhood")
        if not 1 <= depth <= MAX_DEPTH:
            raise BadArgument(f"depth must be between 1 and {MAX_DEPTH}")
        if not 1 <= node_cap <= MAX_NODES:
            raise BadArgument(f"nodeCap must be between 1 and {MAX_NODES}")
        key, follow = _key(subject), _roles(roles)
        mask, persons, _ = await _masking(ctx)
        _start(ctx, key, persons)
        day = as_of or ctx.today
        parts = node_parts(selection_paths(info), ("center.", "nodes."))
        row = await _read(
            ctx, lambda: g.neighbourhood(key, depth, follow, day, node_cap, mask, parts)
        )
        ids = w.NodeIds(persons)
        nodes, edges = ids.split_masked(
            [ids.node(n) for n in row["nodes"]], [ids.edge(e) for e in row["edges"]]
        )
        _disclose(ctx, nodes, "roles")
        return w.Neighbourhood(
            center=ids.node(row["center"]),
            as_of=day,
            nodes=nodes,
            edges=edges,
            truncated=bool(row["truncated"]),
            node_cap=node_cap,
        )

    @strawberry.field(
        description="All shortest paths (at most 20) between two subjects through role "
        "edges held on `asOf`, each hop with its role and dates (query by authority)."
    )
    async def paths(
        self,
        info: Ctx,
        source: Annotated[str, strawberry.argument(name="from", description="Subject key.")],
        target: Annotated[str, strawberry.argument(name="to", description="Subject key.")],
        max_hops: Annotated[int, strawberry.argument(description="1 to 6 hops.")] = 4,
        roles: RolesArg = None,
        as_of: AsOfArg = None,
    ) -> w.RolePaths:
        ctx = op(info, "op:paths")
        if not 1 <= max_hops <= MAX_HOPS:
            raise BadArgument(f"maxHops must be between 1 and {MAX_HOPS}")
        a, b, follow = _key(source), _key(target), _roles(roles)
        if a == b:
            raise BadArgument("from and to are the same subject")
        mask, persons, _ = await _masking(ctx)
        _start(ctx, a, persons)
        _start(ctx, b, persons)
        day = as_of or ctx.today
        row = await _read(ctx, lambda: g.paths(a, b, follow, max_hops, day, MAX_PATHS, mask))
        ids = w.NodeIds(persons)
        found = [
            w.RolePath(
                nodes=[ids.node(n) for n in p["nodes"]], hops=[ids.edge(e) for e in p["hops"]]
            )
            for p in row["paths"]
        ]
        _disclose(ctx, [n for p in found for n in p.nodes], "roles")
        return w.RolePaths(
            source=ids.node(row["source"]), target=ids.node(row["target"]), as_of=day, paths=found
        )

    @strawberry.field(
        description="Equity penetration (股权穿透) of an organization on `asOf`: every "
        "upstream holder with its cumulative share and the paths summing to it, the "
        "ultimate controller by majority chain, the beneficial owners by the reviewed "
        "threshold, and the actual controllers recorded as such (Art. 31)."
    )
    async def control(
        self, info: Ctx, organization: SubjectArg, as_of: AsOfArg = None
    ) -> w.Control:
        ctx = op(info, "op:control")
        key = _key(organization)
        if not key.startswith("USCC:"):
            raise BadArgument("control is computed for an organization (a USCC key)")
        mask, persons, _ = await _masking(ctx)
        _start(ctx, key, persons)
        day = as_of or ctx.today
        row = await _read(ctx, lambda: g.holding_chains(key, day, CONTROL_DEPTH, mask))
        ids = w.NodeIds(persons)
        org = ids.node(row["organization"])
        by_eid = {row["organization"]["eid"]: org}
        by_eid.update({n["eid"]: ids.node(n) for n in row["holders"]})
        holdings = [
            control.Holding(e["source"], e["target"], float(e["share"] or 0))
            for e in row["holdings"]
        ]
        result = control.penetrate(row["organization"]["eid"], holdings, CONTROL_DEPTH + 1)
        chain = control.majority_chain(row["organization"]["eid"], holdings)
        threshold = control.reviewed_threshold()
        persons_eids = {e for e, n in by_eid.items() if n.type == "PERSON"}
        owners = control.beneficial_owners(result, persons_eids, threshold)
        recorded = [
            w.RecordedController(subject=ids.node(r["subject"]), edge=ids.edge(r["edge"]))
            for r in row["recorded"]
        ]
        nodes = list(by_eid.values())
        _disclose(ctx, nodes + [r.subject for r in recorded], "holdings")
        return w.Control(
            organization=org,
            as_of=day,
            algorithm=control.__doc__.split("Algorithm", 1)[1].strip() if control.__doc__ else "",
            nodes=nodes,
            holdings=[ids.edge(e) for e in row["holdings"]],
            holders=[ids.holder_share(h, by_eid) for h in result.holders],
            majority_chain=[ids.id(e) for e in chain],
            ultimate_controller=by_eid[chain[-1]] if len(chain) > 1 else None,
            beneficial_owner_threshold=threshold,
            beneficial_owners=[ids.holder_share(h, by_eid) for h in owners],
            recorded_controllers=recorded,
            truncated=result.truncated,
        )

    @strawberry.field(
        description="Every role a subject held or holds, oldest first, with the listings "
        "of the organization for conduct within the role's period and the synchronized "
        "marks they gave this subject (Art. 31)."
    )
    async def role_timeline(
        self, info: Ctx, subject: SubjectArg, roles: RolesArg = None
    ) -> w.RoleTimeline:
        ctx = op(info, "op:roleTimeline")
        key, follow = _key(subject), _roles(roles)
        mask, persons, _ = await _masking(ctx)
        _start(ctx, key, persons)
        row = await _read(ctx, lambda: g.role_timeline(key, follow, mask))
        ids = w.NodeIds(persons)
        subject_node = ids.node(row["subject"])
        entries = [
            w.TimelineEntry(
                edge=ids.edge(e["edge"]),
                organization=ids.node(e["organization"]),
                listings=[t.Listing.of(listing) for listing in e["listings"]],
                marks=[w.timeline_mark(m) for m in e["marks"]],
            )
            for e in row["roles"]
        ]
        _disclose(ctx, [subject_node, *(e.organization for e in entries)], "roleTimeline")
        return w.RoleTimeline(subject=subject_node, entries=entries)

    @strawberry.field(
        description="Subjects whose name contains `text` (or whose key is `text`), for the "
        "explorer's search; organizations only where persons are masked (Art. 23)."
    )
    async def search_subjects(
        self,
        info: Ctx,
        text: Annotated[str, strawberry.argument(description="Part of a name, or a key.")],
        first: Annotated[int, strawberry.argument(description="At most 50.")] = 10,
    ) -> list[w.GraphNode]:
        ctx = op(info, "op:searchSubjects")
        if not 2 <= len(text.strip()) <= 100:
            raise BadArgument("search text must be 2 to 100 characters")
        if not 1 <= first <= 50:
            raise BadArgument("first must be between 1 and 50")
        mask, persons, _ = await _masking(ctx)
        found = await _read(ctx, lambda: g.search(text.strip(), first, mask))
        ids = w.NodeIds(persons)
        nodes = [ids.node(n) for n in found]
        _disclose(ctx, nodes, "name")
        return nodes
