"""GraphQL types of the investigators' workbench: subjects as graph nodes, dated role
edges, paths, holding chains and role timelines."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import strawberry

from api import types as t
from api.policy import Decision
from rules.control import HolderShare as RuleHolderShare


def _d(value: Any) -> date | None:
    native = value.to_native() if hasattr(value, "to_native") else value
    return native if isinstance(native, date) else None


@strawberry.type(description="Why a node is shown as a masked placeholder: the decision.")
class HiddenReason:
    reason: str = strawberry.field(description="What is hidden and why, in a sentence.")
    rule: str = strawberry.field(description="The policy line (or default deny) that decided.")
    article: int | None = strawberry.field(description="The article the decision rests on.")


@strawberry.type(description="A credit subject drawn as a node of the relationship graph.")
class GraphNode:
    id: str = strawberry.field(
        description="Node id within this answer: the subject's key, or a placeholder "
        "('masked-1', …) for a person the caller may not see (never its identifier)."
    )
    key: str | None = strawberry.field(description="Credit file key; null when masked.")
    type: str = strawberry.field(description="PERSON or ORGANIZATION.")
    name: str = strawberry.field(description="Name; a masked person's is desensitized (Art. 23).")
    number: str | None = strawberry.field(description="Identifier; desensitized when masked.")
    kind: str | None = strawberry.field(description="LEGAL_PERSON or UNINCORPORATED.")
    masked: bool = strawberry.field(description="Whether this node is a masked placeholder.")
    hidden_because: HiddenReason | None = strawberry.field(
        description="For a masked node: the decision and article that hide it."
    )
    listed: bool = strawberry.field(
        description="On the serious-dishonesty list (Art. 29), when listings are visible."
    )
    marked: bool = strawberry.field(
        description="Carries an active synchronized mark (Art. 31), when visible."
    )


@strawberry.type(description="A dated role edge: holder → organization (Art. 11, 31).")
class RoleEdge:
    id: str = strawberry.field(description="Edge id within this answer.")
    role: str = strawberry.field(
        description="LEGAL_REPRESENTATIVE_OF, PRINCIPAL_OF, ACTUAL_CONTROLLER_OF, "
        "DIRECTOR_OF or SHAREHOLDER_OF."
    )
    source: str = strawberry.field(description="Node id of the holder.")
    target: str = strawberry.field(description="Node id of the organization.")
    since: date | None = strawberry.field(description="First day the role was held.")
    until: date | None = strawberry.field(description="Last day held; null while held.")
    share: float | None = strawberry.field(description="Shareholding fraction (0, 1].")
    provider: str | None = strawberry.field(description="The provider that reported it.")


@strawberry.type(description="Subjects and role edges around a subject on one day.")
class Neighbourhood:
    center: GraphNode = strawberry.field(description="The subject asked about.")
    as_of: date = strawberry.field(description="The day the roles are taken on (Art. 31).")
    nodes: list[GraphNode] = strawberry.field(description="Subjects, the center first.")
    edges: list[RoleEdge] = strawberry.field(description="Role edges among those subjects.")
    truncated: bool = strawberry.field(
        description="True when the node cap cut the answer: expand a node to see more."
    )
    node_cap: int = strawberry.field(description="The node cap applied.")


@strawberry.type(description="One shortest path: subjects in order and the role edges.")
class RolePath:
    nodes: list[GraphNode] = strawberry.field(description="Subjects from source to target.")
    hops: list[RoleEdge] = strawberry.field(
        description="Each hop with its role and dates (an edge may point either way)."
    )


@strawberry.type(description="Shortest paths between two subjects through role edges.")
class RolePaths:
    source: GraphNode = strawberry.field(description="The first subject.")
    target: GraphNode = strawberry.field(description="The second subject.")
    as_of: date = strawberry.field(description="The day every edge is held on.")
    paths: list[RolePath] = strawberry.field(description="All shortest paths (bounded).")


@strawberry.type(description="One holding path: holder first, the organization last.")
class OwnershipPath:
    nodes: list[str] = strawberry.field(description="Node ids from the holder down.")
    shares: list[float] = strawberry.field(description="The share of each hop.")
    share: float = strawberry.field(description="Their product.")


@strawberry.type(description="A holder's cumulative share and the paths that sum to it.")
class HolderShare:
    holder: GraphNode = strawberry.field(description="The holder.")
    share: float = strawberry.field(description="Cumulative share (sum over paths, ≤ 1).")
    direct_share: float = strawberry.field(description="Direct share (0 if only indirect).")
    paths: list[OwnershipPath] = strawberry.field(description="The paths summed.")


@strawberry.type(description="A recorded actual controller (实际控制人) and its dated edge.")
class RecordedController:
    subject: GraphNode = strawberry.field(description="The person recorded as controller.")
    edge: RoleEdge = strawberry.field(description="The ACTUAL_CONTROLLER_OF edge.")


@strawberry.type(description="Equity penetration (股权穿透) of an organization on one day.")
class Control:
    organization: GraphNode = strawberry.field(description="The organization asked about.")
    as_of: date = strawberry.field(description="The day the holdings are taken on.")
    algorithm: str = strawberry.field(description="How the figures are computed.")
    nodes: list[GraphNode] = strawberry.field(description="Every subject in the tree.")
    holdings: list[RoleEdge] = strawberry.field(description="The shareholding edges used.")
    holders: list[HolderShare] = strawberry.field(
        description="Every upstream holder, largest cumulative share first."
    )
    majority_chain: list[str] = strawberry.field(
        description="Node ids from the organization up through each majority (> 50 %) holder."
    )
    ultimate_controller: GraphNode | None = strawberry.field(
        description="The top of the majority chain; null when nobody holds a majority."
    )
    beneficial_owner_threshold: float = strawberry.field(
        description="The reviewed threshold (seed/data/beneficial_owner.toml)."
    )
    beneficial_owners: list[HolderShare] = strawberry.field(
        description="Natural persons at or above the threshold."
    )
    recorded_controllers: list[RecordedController] = strawberry.field(
        description="Actual controllers recorded as such on the day (Art. 31)."
    )
    truncated: bool = strawberry.field(description="True when a depth or path bound was hit.")


@strawberry.type(description="A synchronized mark given for a role (Art. 31).")
class TimelineMark:
    listing_id: str = strawberry.field(description="The listing the mark follows.")
    role: str = strawberry.field(description="The role found responsible.")
    conduct_on: date | None = strawberry.field(description="Day of the conduct.")
    since: date | None = strawberry.field(description="Marked since.")
    active: bool = strawberry.field(description="Whether the mark is in force.")
    ended_on: date | None = strawberry.field(description="When it ended, if it did.")
    finding: str | None = strawberry.field(description="The finding of responsibility.")


@strawberry.type(description="One role held, with the listings and marks that fall in it.")
class TimelineEntry:
    edge: RoleEdge = strawberry.field(description="The dated role edge.")
    organization: GraphNode = strawberry.field(description="The organization.")
    listings: list[t.Listing] = strawberry.field(
        description="Listings of the organization for conduct within the role's period."
    )
    marks: list[TimelineMark] = strawberry.field(
        description="Marks this subject got for those listings in this role (Art. 31)."
    )


@strawberry.type(description="Every role a subject held or holds, oldest first.")
class RoleTimeline:
    subject: GraphNode = strawberry.field(description="The subject.")
    entries: list[TimelineEntry] = strawberry.field(description="Roles, by start date.")


@dataclass
class NodeIds:
    """Maps the database's element ids to the ids an answer shows: the key, or a
    placeholder for a masked person (numbered in order of appearance)."""

    hidden: Decision | None
    ids: dict[str, str] = field(default_factory=dict)
    masked: int = 0

    def node(self, row: dict[str, Any]) -> GraphNode:
        eid = row["eid"]
        masked = row["key"] is None
        if eid not in self.ids:
            if masked:
                self.masked += 1
                self.ids[eid] = f"masked-{self.masked}"
            else:
                self.ids[eid] = row["key"]
        reason = None
        if masked and self.hidden is not None:
            reason = HiddenReason(
                reason="a natural person disclosed publicly is desensitized and not "
                "expanded: no identifier, no links to other persons (Art. 23)",
                rule=self.hidden.rule,
                article=self.hidden.article,
            )
        return GraphNode(
            id=self.ids[eid],
            key=row["key"],
            type=row["type"],
            name=row.get("name") or "",
            number=row.get("number"),
            kind=row.get("kind"),
            masked=masked,
            hidden_because=reason,
            listed=bool(row.get("listed")),
            marked=bool(row.get("marked")),
        )

    def split_masked(
        self, nodes: list[GraphNode], edges: list[RoleEdge]
    ) -> tuple[list[GraphNode], list[RoleEdge]]:
        """One placeholder per edge for a masked person: the same person in two
        organizations becomes two unrelated placeholders, so a public answer never ties
        a desensitized person to several organizations or to other persons (Art. 23)."""
        masked = {n.id: n for n in nodes if n.masked}
        if not masked:
            return nodes, edges
        kept = [n for n in nodes if not n.masked]
        out: list[RoleEdge] = []
        count = 0
        for e in edges:
            ends = {}
            for end in (e.source, e.target):
                if end in masked:
                    count += 1
                    ends[end] = f"masked-{count}"
                    kept.append(replace(masked[end], id=ends[end]))
            source, target = ends.get(e.source, e.source), ends.get(e.target, e.target)
            out.append(replace(e, id=f"{source}>{e.role}>{target}", source=source, target=target))
        return kept, out

    def id(self, eid: str) -> str:
        return self.ids.get(eid, eid)

    def edge(self, row: dict[str, Any]) -> RoleEdge:
        return RoleEdge(
            id=f"{self.id(row['source'])}>{row['role']}>{self.id(row['target'])}"
            f"@{_d(row['since'])}",
            role=row["role"],
            source=self.id(row["source"]),
            target=self.id(row["target"]),
            since=_d(row["since"]),
            until=_d(row["until"]),
            share=row["share"],
            provider=row["provider"],
        )

    def holder_share(self, found: RuleHolderShare, nodes: dict[str, GraphNode]) -> HolderShare:
        return HolderShare(
            holder=nodes[found.holder],
            share=round(found.share, 6),
            direct_share=round(found.direct, 6),
            paths=[
                OwnershipPath(
                    nodes=[self.id(e) for e in p.subjects],
                    shares=list(p.shares),
                    share=round(p.share, 6),
                )
                for p in found.paths
            ],
        )


def timeline_mark(row: dict[str, Any]) -> TimelineMark:
    return TimelineMark(
        listing_id=row["listingId"],
        role=row["role"],
        conduct_on=_d(row["conductOn"]),
        since=_d(row["since"]),
        active=bool(row["active"]),
        ended_on=_d(row["endedOn"]),
        finding=row["finding"],
    )
