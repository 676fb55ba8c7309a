"""Per-process services and per-request context.

``Services`` holds what lives as long as the process: one async driver, the policy
engine, the token service, the audit signing key. ``RequestContext`` holds what one HTTP
request declares and what it discloses, so that the audit entry written before the
response names the actor, channel, purpose, authorization, subjects, fields and the
policy lines that decided.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from neo4j import AsyncDriver, AsyncManagedTransaction
from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

from api.access import BadDeclaration, CompiledAccess, Declaration, ScopeCompiler
from api.hardening import RateLimiter, bounded
from api.identity import Actor, TokenService
from api.policy import OPERATION_CHANNELS, AccessDenied, Decision, PolicyEngine
from core.errors import CreditError
from core.settings import Settings
from graph import authorizations
from graph.audit_writer import AuditSink
from graph.effects import Work, execute_write, read_auto_commit, run_async
from graph.read_sessions import ReadSessions

T = TypeVar("T")

#: Tries of a read on transient failures (a managed transaction's retry, for auto-commit).
READ_ATTEMPTS = 3
#: Error messages an audit entry keeps (a batch refusal is one message listing its items).
MAX_AUDIT_ERRORS = 20
_FIELDS = "MATCH (c:CatalogItem) RETURN c.fieldsJson AS fields"


@dataclass
class Services:
    """Process-wide services of the API."""

    settings: Settings
    driver: AsyncDriver
    database: str
    engine: PolicyEngine
    compiler: ScopeCompiler
    tokens: TokenService
    audit_key: Ed25519PrivateKey
    limiter: RateLimiter
    audit: AuditSink
    #: Signs webhook deliveries (Art. 47); None disables them.
    webhook_key: Ed25519PrivateKey | None = None
    #: Idle READ sessions the reads borrow (built from the driver and database).
    read_sessions: ReadSessions = field(init=False)

    def __post_init__(self) -> None:
        self.read_sessions = ReadSessions(self.driver, self.database)

    async def read(self, make_work: Callable[[], Work[T]]) -> T:
        """Run read-only graph work as auto-commit queries (one round trip each), retried
        on transient failures with ``make_work`` again (a generator cannot be replayed)."""

        for attempt in range(READ_ATTEMPTS):
            try:
                async with self.read_sessions.session() as session:
                    return await read_auto_commit(session, make_work())
            except (TransientError, ServiceUnavailable, SessionExpired):
                if attempt + 1 == READ_ATTEMPTS:
                    raise
                await asyncio.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    async def write(self, make_work: Callable[[], Work[T]]) -> T:
        """Run graph work in a write transaction (``make_work`` again on retry)."""

        async def tx_work(tx: AsyncManagedTransaction) -> T:
            return await run_async(tx, make_work())

        async with self.driver.session(database=self.database) as session:
            return await execute_write(session, tx_work)

    async def transaction(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        async with self.driver.session(database=self.database) as session:
            return await execute_write(session, work)

    async def close(self) -> None:
        """Close the audit sink, the idle read sessions and the driver."""
        await self.audit.close()
        await self.read_sessions.close()
        await self.driver.close()


async def fields_by_category(driver: AsyncDriver, database: str) -> dict[str, tuple[str, ...]]:
    """Catalog field names per personal/consent-only category, for the field masks."""
    records, _, _ = await driver.execute_query(_FIELDS, database_=database)
    found: dict[str, set[str]] = {}
    for record in records:
        for spec in json.loads(record["fields"]):
            found.setdefault(spec.get("category", "NONE"), set()).add(spec["name"])
    return {category: tuple(sorted(names)) for category, names in found.items()}


@dataclass
class RequestContext:
    """What one request declares, is allowed, and discloses."""

    services: Services
    actor: Actor
    declaration: Declaration | None
    problem: CreditError | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    today: date = field(default_factory=date.today)
    #: Whether ``today`` was set by the request (the sandbox clock, ``api/clock.py``).
    simulated_day: bool = False
    decisions: list[Decision] = field(default_factory=list)
    subjects: set[str] = field(default_factory=set)
    requested: set[str] = field(default_factory=set)
    fields: set[str] = field(default_factory=set)
    #: Ids of the records the response carries: who received which record (Art. 47, 56).
    records: set[str] = field(default_factory=set)
    operations: list[str] = field(default_factory=list)
    #: Write transactions this request has begun: once one has, the request timeout no
    #: longer cuts it short, so the answer always tells what the graph holds.
    writes_begun: int = 0
    _access: CompiledAccess | None = None

    @property
    def decl(self) -> Declaration:
        """The declaration, or the error that made it unusable."""
        if self.problem is not None:
            raise self.problem
        assert self.declaration is not None
        return self.declaration

    async def write(self, make_work: Callable[[], Work[T]]) -> T:
        """Run graph work in a write transaction for this request. The transaction is
        shielded: a timeout or a client gone never leaves it half-sent, and the view
        waits for a request that has begun writing (``writes_begun``)."""
        return await self.shielded(self.services.write(make_work))

    async def shielded(self, writing: Awaitable[T]) -> T:
        """Await a write (``write``, or one the graph code runs itself) as begun and
        shielded from cancellation."""
        self.writes_begun += 1
        return await asyncio.shield(writing)

    def check_purpose(self) -> None:
        """Art. 24: the declared purpose is one the token carries, on every operation (not
        only on reads of credit files); the refusal is remembered for the audit entry."""
        try:
            self.services.compiler.check_purpose(self.actor, self.decl)
        except AccessDenied as exc:
            self.decisions.append(exc.decision)
            raise

    def require(self, resource: str, channel: str | None = None) -> Decision:
        """Decide an operation-level resource (and remember the decision).

        ``channel`` is the channel the operation is decided on. An operation channel
        (SUBMIT, AUDIT) must be the one the request declared: a declaration that does not
        fit the operation is refused, never rewritten (Art. 22). Reference information
        decided on PUBLIC (the catalog, the measure lists) is public whatever the
        declaration."""
        decl = self.decl
        self.check_purpose()
        if channel in OPERATION_CHANNELS and decl.channel != channel:
            raise BadDeclaration(
                f"{resource.removeprefix('op:')} is a {channel} operation: declare "
                f"'Credit-Channel: {channel}', not {decl.channel}",
                article=22,
            )
        decision = self.services.engine.decide(
            self.actor.role, channel or decl.channel, decl.purpose, resource
        )
        self.decisions.append(decision)
        if not decision.allowed:
            raise AccessDenied(
                f"{self.actor.role} may not use {resource} over the {channel or decl.channel} "
                f"channel for purpose {decl.purpose} ({decision.rule})",
                decision,
            )
        return decision

    async def access(self) -> CompiledAccess:
        """The compiled scope of this request (compiled once)."""
        if self._access is not None:
            return self._access
        decl = self.decl
        auth = grants = None
        if decl.channel == "AUTHORIZED" and decl.authorization_id:
            auth_id = decl.authorization_id
            auth = await self.services.read(lambda: authorizations.get(auth_id))
            if self.actor.role == "CREDIT_SERVICE_AGENCY" and self.actor.organization:
                agency, today = self.actor.organization, self.today
                found = await self.services.read(
                    lambda: authorizations.provider_grants(agency, today)
                )
                grants = tuple(found)
        try:
            compiled = self.services.compiler.compile(self.actor, decl, self.today, auth, grants)
        except AccessDenied as exc:
            self.decisions.append(exc.decision)
            raise
        self.decisions.extend(compiled.decisions)
        self._access = compiled
        return compiled

    def disclose(
        self, subject_keys: list[str], field_names: list[str], record_ids: Sequence[str] = ()
    ) -> None:
        """Remember what the response carries, for the audit entry."""
        self.subjects.update(k for k in subject_keys if k)
        self.fields.update(field_names)
        self.records.update(record_ids)

    def audit_entry(self, outcome: str, errors: list[str]) -> dict[str, Any]:
        """The access entry, written before the response leaves (Art. 40, 56)."""
        decl = self.declaration
        return {
            "requestId": self.request_id,
            "actor": self.actor.id,
            "role": self.actor.role,
            "organization": self.actor.organization,
            "channel": decl.channel if decl else "INVALID",
            "purpose": decl.purpose if decl else "INVALID",
            "authorization": decl.authorization_id if decl else None,
            "operation": ",".join(self.operations) or "unknown",
            "subjects": sorted(self.subjects),
            "requested": sorted(self.requested - self.subjects),
            "fields": sorted(self.fields),
            "records": sorted(self.records),
            "decisions": sorted({d.line for d in self.decisions}),
            "policy": self.services.engine.digest,
            "outcome": outcome,
            # Bounded: an entry never grows with what a caller sent (messages are cut and
            # hashed, at most MAX_AUDIT_ERRORS of them).
            "errors": [bounded(e) for e in errors[:MAX_AUDIT_ERRORS]]
            + (
                [f"… and {len(errors) - MAX_AUDIT_ERRORS} more"]
                if len(errors) > MAX_AUDIT_ERRORS
                else []
            ),
            **({"asOf": self.today.isoformat()} if self.simulated_day else {}),
        }
