"""What one request may see, compiled once from the policy decisions, then into Cypher.

An ``AccessScope`` is the bridge between the decision function (``api/policy.py``) and
the Cypher in ``graph/reads.py``: which record kinds and families, which statuses, which
catalog items (public, shared with a sector, covered by an authorization), which fields
are hidden or desensitized. Filtering and masking happen in the database, so pagination
and counts never leak what a caller may not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: Record properties that are not catalog fields (never listed as fields).
SYSTEM_PROPERTIES = (
    "id",
    "sourceId",
    "sourceKey",
    "provider",
    "catalogCode",
    "catalogVersion",
    "subjectKey",
    "family",
    "kind",
    "status",
    "holdReasons",
    "flags",
    "circumstances",
    "occurredAt",
    "recordedAt",
    "publicUntil",
    "retainUntil",
    "contentHash",
    "basisKey",
    "objection",
)


@dataclass(frozen=True)
class Mask:
    """Desensitization pattern (Art. 23): keep ``head`` and ``tail`` characters."""

    head: int
    tail: int


@dataclass(frozen=True)
class AccessScope:
    """Row filters and field masks for one channel, purpose and actor."""

    channel: str
    today: date
    kinds: tuple[str, ...] = ()
    market: bool = False
    statuses: tuple[str, ...] = ("ACTIVE",)
    public_only: bool = False
    #: Art. 47: dishonesty information past its publicity period is not disclosed to
    #: those who would keep using it (authorized parties and credit service agencies).
    expired_dishonesty_hidden: bool = False
    sector: str | None = None
    subject_key: str | None = None
    catalog_codes: tuple[str, ...] | None = None
    provider_grants: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    hidden_fields: tuple[str, ...] = ()
    masked_fields: tuple[str, ...] = ()
    desensitize: bool = False
    listings: bool = False
    name_mask: Mask = Mask(1, 0)
    id_mask: Mask = Mask(3, 2)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def sees_records(self) -> bool:
        return bool(self.kinds) or self.market

    def params(self) -> dict[str, Any]:
        """The Cypher parameters of the compiled filter."""
        grants = [{"provider": p, "codes": list(c)} for p, c in self.provider_grants or ()]
        return {
            "kinds": list(self.kinds),
            "market": self.market,
            "statuses": list(self.statuses),
            "today": self.today,
            "sector": self.sector,
            "selfKey": self.subject_key,
            "codes": list(self.catalog_codes or ()),
            "grants": grants,
            "hidden": list(self.hidden_fields),
            "masked": list(self.masked_fields),
            "system": list(SYSTEM_PROPERTIES),
            "desensitize": self.desensitize,
            "nameHead": self.name_mask.head,
            "nameTail": self.name_mask.tail,
            "idHead": self.id_mask.head,
            "idTail": self.id_mask.tail,
            "stars": "*" * 32,
            # Art. 40: the subject sees the source and reason of every change; so does
            # the authority that verifies objections and repairs.
            "history": self.channel in ("SELF", "BY_AUTHORITY"),
        }

    def record_filter(self) -> str:
        """The WHERE clause over ``r`` (record) and ``c`` (catalog item): fixed fragments
        chosen by the scope, values always passed as parameters."""
        return (
            "((r.family = 'PUBLIC' AND r.kind IN $kinds) OR (r.family = 'MARKET' AND $market))"
            f" AND {self.row_filter()}"
        )

    def family_branches(self, only_kinds: list[str] | None) -> list[str]:
        """The family and kind part of ``record_filter`` as one predicate per branch, each
        served by the (family, kind) index: the PUBLIC kinds this access sees (less those
        ``only_kinds`` leaves out, ``$publicKinds``) and, when it sees market information,
        the MARKET family. A query that unions the branches reads only the records of the
        visible kinds, where the OR form makes the planner scan every record."""
        branches = []
        if any(only_kinds is None or k in only_kinds for k in self.kinds):
            branches.append("r.family = 'PUBLIC' AND r.kind IN $publicKinds")
        if self.market:
            only = " AND r.kind IN $onlyKinds" if only_kinds is not None else ""
            branches.append(f"r.family = 'MARKET'{only}")
        return branches

    def public_kinds(self, only_kinds: list[str] | None) -> list[str]:
        """``$publicKinds`` of ``family_branches``."""
        return [k for k in self.kinds if only_kinds is None or k in only_kinds]

    def row_filter(self) -> str:
        """``record_filter`` less the family and kind: status, retention, channel rows."""
        parts = [
            "r.status IN $statuses",
            "(r.retainUntil IS NULL OR r.retainUntil >= $today)",
        ]
        if self.public_only:
            # Art. 23: public items, within their publicity period (checked at query time).
            parts.append("c.public AND r.publicUntil IS NOT NULL AND r.publicUntil >= $today")
        if self.expired_dishonesty_hidden:
            parts.append(
                "(r.kind <> 'DISHONEST' OR r.publicUntil IS NULL OR r.publicUntil >= $today)"
            )
        if self.sector is not None:
            # Art. 24: only items shared with the requester's sector.
            parts.append("c.shared AND ('*' IN c.shareSectors OR $sector IN c.shareSectors)")
        if self.catalog_codes is not None:
            parts.append("r.catalogCode IN $codes")
        if self.provider_grants is not None:
            # Art. 53: the provider authorized the credit service agency for this item.
            parts.append(
                "any(g IN $grants WHERE g.provider = r.provider AND r.catalogCode IN g.codes)"
            )
        return " AND ".join(parts)

    def subject_filter(self) -> str:
        """Restricts the subject for SELF and AUTHORIZED."""
        return "s.key = $selfKey" if self.subject_key is not None else "true"

    def record_subject_filter(self) -> str:
        """``subject_filter`` over the record's own subject key (the record_subject index)."""
        return "r.subjectKey = $selfKey" if self.subject_key is not None else "true"
