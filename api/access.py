"""From a verified actor and its declared channel and purpose to an ``AccessScope``.

The decision function is consulted once per resource type (each record kind, market
information, each sensitive field category, listings) — a few dozen memoized calls per
request — and the answers become the row filters and field masks of the Cypher.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from api.identity import Actor
from api.policy import CHANNELS, OPERATION_CHANNELS, AccessDenied, Decision, PolicyEngine
from core.errors import CreditError
from graph.access_scope import AccessScope, Mask
from rules.authorization import is_valid_on
from rules.purposes import is_known_purpose

RECORD_KINDS = ("BASIC", "POSITIVE", "DISHONEST", "OTHER")
FIELD_CATEGORIES = (
    "NAME",
    "ID_NUMBER",
    "CONTACT",
    "ADDRESS",
    "INCOME",
    "DEPOSIT",
    "SECURITIES",
    "COMMERCIAL_INSURANCE",
    "REAL_ESTATE",
    "TAX_AMOUNT",
)
#: Art. 23: on public disclosure these are desensitized rather than removed.
DESENSITIZED_CATEGORIES = ("NAME", "ID_NUMBER")
VISIBLE_STATUSES: dict[str, tuple[str, ...]] = {
    "PUBLIC": ("ACTIVE",),
    "GOV_SHARING": ("ACTIVE",),
    "BY_AUTHORITY": ("ACTIVE", "PENDING_REVIEW"),
    "AUTHORIZED": ("ACTIVE",),
    "SELF": (
        "ACTIVE",
        "PENDING_REVIEW",
        "CORRECTED",
        "REPAIRED",
        "SHIELDED",
        "REVOKED",
        "EXPIRED",
        "DELETED",
    ),
}


NAME_MASK = Mask(1, 0)
ID_MASK = Mask(3, 2)


class BadDeclaration(CreditError):
    """The request's channel, purpose or authorization declaration is wrong."""

    code = "BAD_DECLARATION"


@dataclass(frozen=True)
class Declaration:
    """What a request declares (Art. 22 channel, Art. 24 purpose, the authorization)."""

    channel: str = "PUBLIC"
    purpose: str = "NONE"
    authorization_id: str | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> Declaration:
        """Read ``Credit-Channel``, ``Credit-Purpose`` and ``Credit-Authorization``."""
        channel = headers.get("credit-channel", "PUBLIC").strip().upper() or "PUBLIC"
        purpose = headers.get("credit-purpose", "").strip().upper()
        authorization = headers.get("credit-authorization", "").strip() or None
        if channel not in CHANNELS + OPERATION_CHANNELS:
            raise BadDeclaration(
                f"channel {channel!r} is not one of the five disclosure channels "
                f"({', '.join(CHANNELS)}) nor an operation channel "
                f"({', '.join(OPERATION_CHANNELS)})",
                article=22,
            )
        if channel == "PUBLIC":
            return cls("PUBLIC", "NONE", None)
        if not purpose:
            raise BadDeclaration(
                f"the {channel} channel needs a declared purpose (Credit-Purpose header)",
                article=24,
            )
        if not is_known_purpose(purpose):
            raise BadDeclaration(
                f"purpose {purpose!r} is not in the closed list of purposes", article=4
            )
        if channel == "AUTHORIZED" and authorization is None:
            raise BadDeclaration(
                "the AUTHORIZED channel names the authorization it relies on "
                "(Credit-Authorization header)",
                article=24,
            )
        return cls(channel, purpose, authorization)


@dataclass
class CompiledAccess:
    """The scope plus every decision that produced it (for the audit and the sandbox)."""

    scope: AccessScope
    decisions: list[Decision] = field(default_factory=list)


@dataclass
class ScopeCompiler:
    """Compiles scopes with one policy engine and the catalog's field categories."""

    engine: PolicyEngine
    fields_by_category: dict[str, tuple[str, ...]]
    name_mask: Mask = NAME_MASK
    id_mask: Mask = ID_MASK

    def check_purpose(self, actor: Actor, decl: Declaration) -> None:
        """Art. 24: a declared purpose must be one the actor's token allows."""
        if decl.channel != "PUBLIC" and decl.purpose not in actor.purposes:
            raise AccessDenied(
                f"purpose {decl.purpose} is not among the purposes of your token "
                f"({', '.join(actor.purposes) or 'none'})",
                Decision(
                    False, "token: the declared purpose is not among its purposes", 24, "purpose"
                ),
            )

    def compile(
        self,
        actor: Actor,
        decl: Declaration,
        today: date,
        authorization: tuple[dict[str, Any], str] | None = None,
        provider_grants: tuple[tuple[str, tuple[str, ...]], ...] | None = None,
    ) -> CompiledAccess:
        """Decide every resource type once and build the scope."""
        if decl.channel not in CHANNELS:
            raise BadDeclaration(
                f"{decl.channel} is an operation channel: information is disclosed only "
                f"through {', '.join(CHANNELS)}",
                article=22,
            )
        self.check_purpose(actor, decl)
        role, chan, purp = actor.role, decl.channel, decl.purpose
        decisions: list[Decision] = []

        def allowed(resource: str) -> bool:
            decision = self.engine.decide(role, chan, purp, resource)
            decisions.append(decision)
            return decision.allowed

        kinds = tuple(k for k in RECORD_KINDS if allowed(f"record:{k}"))
        market = allowed("record:MARKET")
        listings = allowed("listing")
        denied = [c for c in FIELD_CATEGORIES if not allowed(f"field:{c}")]
        masked: list[str] = []
        hidden: list[str] = []
        for category in denied:
            names = self.fields_by_category.get(category, ())
            (masked if chan == "PUBLIC" and category in DESENSITIZED_CATEGORIES else hidden).extend(
                names
            )
        scope = AccessScope(
            channel=chan,
            today=today,
            kinds=kinds,
            market=market,
            statuses=VISIBLE_STATUSES[chan],
            public_only=chan == "PUBLIC",
            expired_dishonesty_hidden=chan == "AUTHORIZED",
            hidden_fields=tuple(sorted(set(hidden))),
            masked_fields=tuple(sorted(set(masked))),
            desensitize=chan == "PUBLIC",
            listings=listings,
            name_mask=self.name_mask,
            id_mask=self.id_mask,
        )
        scope = self._channel_rows(actor, decl, scope, today, authorization, provider_grants)
        return CompiledAccess(scope, decisions)

    def _channel_rows(
        self,
        actor: Actor,
        decl: Declaration,
        scope: AccessScope,
        today: date,
        authorization: tuple[dict[str, Any], str] | None,
        provider_grants: tuple[tuple[str, tuple[str, ...]], ...] | None,
    ) -> AccessScope:
        if decl.channel in ("GOV_SHARING", "BY_AUTHORITY"):
            if not actor.sector:
                raise AccessDenied(
                    "government sharing and query by authority are for bodies with a sector",
                    Decision(False, "token: no sector for a sector channel", 24, "sector"),
                )
            return replace(scope, sector=actor.sector)
        if decl.channel == "SELF":
            if not actor.subject_key:
                raise AccessDenied(
                    "the SELF channel is for a credit subject querying its own file",
                    Decision(False, "token: no own credit file for SELF", 40, "subject"),
                )
            return replace(scope, subject_key=actor.subject_key)
        if decl.channel == "AUTHORIZED":
            return self._authorized(scope, actor, decl, today, authorization, provider_grants)
        return scope

    @staticmethod
    def _authorized(
        scope: AccessScope,
        actor: Actor,
        decl: Declaration,
        today: date,
        authorization: tuple[dict[str, Any], str] | None,
        provider_grants: tuple[tuple[str, tuple[str, ...]], ...] | None,
    ) -> AccessScope:
        def deny(message: str, article: int = 24) -> AccessDenied:
            return AccessDenied(message, Decision(False, "authorization", article, "authorization"))

        if authorization is None:
            raise deny(f"authorization {decl.authorization_id!r} does not exist")
        auth, grantor = authorization
        if auth.get("grantee") != actor.organization:
            raise deny("the authorization was not granted to your organization")
        if auth.get("purpose") != decl.purpose:
            raise deny(
                f"the authorization is for purpose {auth.get('purpose')}, not "
                f"{decl.purpose}: information is used only for the agreed purpose"
            )
        revoked = auth.get("revokedOn")
        if not is_valid_on(
            _date(auth["validFrom"]),
            _date(auth["validTo"]),
            _date(revoked) if revoked else None,
            today,
        ):
            raise deny(
                "the authorization is not valid today (expired, revoked or not yet started)", 39
            )
        grants = (provider_grants or ()) if actor.role == "CREDIT_SERVICE_AGENCY" else None
        codes = tuple(str(c) for c in auth.get("scope") or ())
        return replace(scope, subject_key=grantor, catalog_codes=codes, provider_grants=grants)


def _date(value: object) -> date:
    """Neo4j dates arrive as ``neo4j.time.Date``; compare as ``datetime.date``."""
    to_native = getattr(value, "to_native", None)
    result = to_native() if to_native else value
    assert isinstance(result, date)
    return result
