"""The ASGI application: strawberry on starlette, audit before disclosure, hardening.

Every GraphQL request — query or mutation, allowed or refused — is written to the
tamper-evident audit log *before* its response is built; if the entry cannot be
written, the response carries no data. Limits follow the OWASP GraphQL cheat sheet.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

from graphql import GraphQLError
from neo4j import AsyncDriver, AsyncGraphDatabase
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry import Schema
from strawberry.asgi import GraphQL
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionResult

from api.access import ID_MASK, NAME_MASK, BadDeclaration, Declaration, ScopeCompiler
from api.clock import ClockRefused, RequestDay, request_day
from api.context import RequestContext, Services, fields_by_category
from api.hardening import RateLimiter, schema_extensions
from api.identity import (
    PUBLIC_ACTOR,
    AuthenticationError,
    TokenService,
    load_or_create_key,
    read_revoked,
)
from api.policy import PolicyEngine
from api.schema import Mutation, Query
from api.spec import spec_route
from api.subscriptions import Subscription
from audit.checkpoint import load_or_create_key as load_audit_key
from core import settings as settings_module
from core.errors import ConfigurationError, CreditError
from core.settings import ApiSettings, Settings
from graph import audit_store, server
from graph.access_scope import Mask
from graph.audit_journal import JournalAuditWriter
from graph.audit_writer import AuditSink, AuditWriter

log = logging.getLogger("credit.api")
JSON_TYPES = ("application/json", "application/graphql-response+json")


def _mask(spec: str, default: Mask) -> Mask:
    try:
        head, tail = (int(x) for x in spec.split(","))
    except ValueError:
        return default
    return Mask(head, tail)


def build_schema(settings: Settings) -> Schema:
    """The schema with its protective extensions; introspection off in production."""
    api = settings.api
    config = StrawberryConfig(
        disable_field_suggestions=api.production,
        batching_config={"max_operations": api.max_batch},
    )
    return Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=schema_extensions(api),
        config=config,
    )


class CreditGraphQL(GraphQL[RequestContext, None]):
    """The strawberry view with identity, declaration, rate limit, timeout and audit."""

    def __init__(self, schema: Schema, services_ref: dict[str, Services], settings: Settings):
        super().__init__(
            schema,
            graphql_ide=None if settings.api.production else "graphiql",
            allow_queries_via_get=False,
        )
        self._services = services_ref
        self._settings = settings

    async def get_context(self, request: Request, response: Any) -> RequestContext:  # type: ignore[override]
        services = self._services["services"]
        actor = PUBLIC_ACTOR
        problem: CreditError | None = None
        header = request.headers.get("authorization", "")
        if header:
            scheme, _, token = header.partition(" ")
            try:
                if scheme.lower() != "bearer" or not token:
                    raise AuthenticationError("use 'Authorization: Bearer <token>'")
                actor = services.tokens.verify(token.strip())
            except AuthenticationError as exc:
                problem = exc
        declaration = None
        try:
            declaration = Declaration.from_headers(request.headers)
        except BadDeclaration as exc:
            problem = problem or exc
        day = RequestDay(date.today(), simulated=False)
        try:
            day = request_day(request.headers, self._settings.api.mode, day.today)
        except ClockRefused as exc:  # judged on the real day, and refused
            problem = problem or exc
        return RequestContext(
            services, actor, declaration, problem, today=day.today, simulated_day=day.simulated
        )

    async def execute_operation(self, request: Request, **kwargs: Any) -> Any:  # type: ignore[override]
        ctx: RequestContext = kwargs["context"]
        key = ctx.actor.id if not ctx.actor.anonymous else f"ip:{_client(request)}"
        if not ctx.services.limiter.allow(key):
            return self._refuse(ctx, "RATE_LIMITED", "too many requests: slow down")
        try:
            result = await asyncio.wait_for(
                super().execute_operation(request=request, **kwargs),
                timeout=self._settings.api.timeout_s,
            )
        except TimeoutError:
            result = _error_result("TIMEOUT", "the request took too long and was stopped")
        return await self._audit(ctx, result)

    async def _audit(self, ctx: RequestContext, result: Any) -> Any:
        results = result if isinstance(result, list) else [result]
        errors = [
            str(e.message)
            for r in results
            if isinstance(r, ExecutionResult)
            for e in r.errors or ()
        ]
        outcome = (
            "refused"
            if errors and all(isinstance(r, ExecutionResult) and r.data is None for r in results)
            else "ok"
        )
        entry = ctx.audit_entry(outcome, errors)
        try:
            await ctx.services.audit.append(entry)
        except Exception:
            log.exception("audit entry could not be written: nothing is returned")
            failed = _error_result(
                "AUDIT_UNAVAILABLE", "the access could not be recorded, so nothing is returned"
            )
            return [failed for _ in results] if isinstance(result, list) else failed
        if self._settings.api.mode in ("sandbox", "development"):
            trace = [d.trace() for d in ctx.decisions]
            for r in results:
                if isinstance(r, ExecutionResult):
                    r.extensions = {
                        **(r.extensions or {}),
                        "decisions": trace,
                        "requestId": ctx.request_id,
                    }
        return result

    def _refuse(self, ctx: RequestContext, code: str, message: str) -> ExecutionResult:
        ctx.operations.append("refused")
        return _error_result(code, message)


def _error_result(code: str, message: str) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": code})])


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class GraphQLGuard:
    """Refuse what the endpoint never accepts before strawberry sees it: non-POST bodies
    that are not JSON (CSRF-safe), oversized bodies."""

    def __init__(self, app: ASGIApp, max_body: int = 1_000_000) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
            ctype = headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype not in JSON_TYPES:
                response = JSONResponse(
                    {
                        "errors": [
                            {
                                "message": "only application/json (or application/"
                                "graphql-response+json) bodies are accepted",
                                "extensions": {"code": "UNSUPPORTED_MEDIA_TYPE"},
                            }
                        ]
                    },
                    status_code=415,
                )
                await response(scope, receive, send)
                return
            if int(headers.get("content-length", "0") or 0) > self.max_body:
                response = JSONResponse(
                    {
                        "errors": [
                            {
                                "message": "request body too large",
                                "extensions": {"code": "BODY_TOO_LARGE"},
                            }
                        ]
                    },
                    status_code=413,
                )
                await response(scope, receive, send)
                return
            if ctype != "application/json":
                # strawberry parses JSON bodies by this media type only.
                scope = {
                    **scope,
                    "headers": [
                        (k, b"application/json") if k.decode().lower() == "content-type" else (k, v)
                        for k, v in scope["headers"]
                    ],
                }
        await self.app(scope, receive, send)


async def create_services(settings: Settings) -> Services:
    """Open the driver and load the policy, keys and catalog field categories."""
    if settings.external is not None:
        ext = settings.external
        uri, auth, database = ext.uri, (ext.user, ext.password), ext.database
    else:
        cfg = settings.local
        uri, auth, database = cfg.uri, (cfg.user, server.password(cfg)), cfg.database
    driver = AsyncGraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
    await driver.verify_connectivity()
    api = settings.api
    engine = PolicyEngine()
    compiler = ScopeCompiler(
        engine,
        await fields_by_category(driver, database),
        _mask(api.name_mask, NAME_MASK),
        _mask(api.id_mask, ID_MASK),
    )
    tokens = TokenService(
        load_or_create_key(api.signing_key),
        api.issuer,
        api.audience,
        read_revoked(api.revoked_tokens),
    )
    return Services(
        settings,
        driver,
        database,
        engine,
        compiler,
        tokens,
        load_audit_key(api.audit_key),
        RateLimiter(api.rate_per_s, api.rate_burst),
        _audit_sink(api, driver, database),
        load_audit_key(api.webhook_key_path),
    )


def _audit_sink(api: ApiSettings, driver: AsyncDriver, database: str) -> AuditSink:
    """The journal (single sequencer, fast) or the graph's head lock (any process count)."""
    if api.audit_mode == "journal":
        return JournalAuditWriter(
            driver, database, api.audit_journal, gather_s=api.audit_copy_every_s
        )
    if api.audit_mode == "graph":
        return AuditWriter(driver, database)
    raise ConfigurationError(f"CREDIT_AUDIT_MODE must be journal or graph, not {api.audit_mode!r}")


async def _checkpoints(services: Services, every_s: float = 60.0) -> None:
    """Sign the tree head periodically, so auditors can check nothing was rewritten."""
    while True:
        await asyncio.sleep(every_s)
        try:
            await audit_store.checkpoint(
                services.driver, services.database, services.audit_key, services.settings.api.issuer
            )
        except Exception:
            log.exception("audit checkpoint failed; will retry")


def create_app(
    settings: Settings | None = None, view_class: type[CreditGraphQL] | None = None
) -> Starlette:
    """The application. Services are created at startup (lifespan). ``view_class`` lets
    the read benchmark measure the same endpoint without policy and audit."""
    settings = settings or settings_module.load()
    services_ref: dict[str, Services] = {}

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        services = services_ref["services"] = await create_services(settings)
        # For tests and tools in the same process: the services and their event loop.
        app.state.services, app.state.loop = services, asyncio.get_running_loop()
        every = settings.api.checkpoint_every_s
        task = asyncio.create_task(_checkpoints(services, every)) if every > 0 else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
            await services.audit.close()
            await services.driver.close()

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok", "mode": settings.api.mode})

    view = (view_class or CreditGraphQL)(build_schema(settings), services_ref, settings)
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/graphql", GraphQLGuard(view)),
            # Subscriptions (graphql-transport-ws); the same token and declaration headers.
            WebSocketRoute("/graphql", view),
            spec_route(),
        ],
        lifespan=lifespan,
    )
    return app
