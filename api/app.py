"""The ASGI application: strawberry on starlette, audit before disclosure, hardening.

Every GraphQL request — query or mutation, allowed or refused — is written to the
tamper-evident audit log *before* its response is built; if the entry cannot be
written, the response carries no data. Limits follow the OWASP GraphQL cheat sheet.

HTTP follows GraphQL over HTTP (``api/http_transport.py``): POST only, both response
media types, bodies capped however they arrive.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException, StarletteRequestAdapter
from graphql import GraphQLError
from neo4j import AsyncDriver, AsyncGraphDatabase
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry import Schema
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from api.access import ID_MASK, NAME_MASK, BadDeclaration, Declaration, ScopeCompiler
from api.clock import ClockRefused, RequestDay, request_day
from api.context import RequestContext, Services, fields_by_category
from api.execution import PlainFieldExecutionContext
from api.hardening import RateLimiter, schema_extensions
from api.http_transport import (
    GRAPHQL_RESPONSE,
    HTTP_CODES,
    JSON,
    GraphQLGuard,
    dumps,
    graphql_response_status,
    http_refusal,
    is_request_error,
    request_data,
    response_media_type,
)
from api.identity import (
    PUBLIC_ACTOR,
    AuthenticationError,
    TokenService,
    load_or_create_key,
    read_revoked,
)
from api.policy import PolicyEngine
from api.sandbox import sandbox_routes
from api.sandbox_trace import TRACE_MODES, entry_decisions, response_trace
from api.schema import Mutation, Query
from api.spec import spec_route
from api.subscriptions import Subscription
from api.workbench import workbench_routes
from audit.checkpoint import load_or_create_key as load_audit_key
from core import settings as settings_module
from core.errors import ConfigurationError, CreditError
from core.settings import ApiSettings, Settings
from graph import audit_store, server
from graph.access_scope import Mask
from graph.audit_journal import JournalAuditWriter
from graph.audit_writer import AuditSink, AuditWriter

log = logging.getLogger("credit.api")
#: Operations over HTTP (subscriptions: graphql-transport-ws on the WebSocket).
HTTP_OPERATIONS = frozenset({OperationType.QUERY, OperationType.MUTATION})


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
        execution_context_class=PlainFieldExecutionContext,
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

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """strawberry's HTTP handling, with its refusals (HTTPException) answered as JSON
        errors with a code, and operations over GET refused before anything runs."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            if request.method == "GET" and not self.should_render_graphql_ide(
                StarletteRequestAdapter(request)
            ):
                # By design (OWASP): a link or an <img> on another site cannot run one.
                raise HTTPException(405, "operations are accepted over POST only, not GET")
            response = await self.run(request)
        except HTTPException as exc:
            response = http_refusal(
                exc.status_code, exc.reason, response_media_type(request.headers.get("accept"))
            )
        await response(scope, receive, send)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """A POST body (the guard refused other media types, GET never gets here) as one
        request or a batch, each checked as GraphQL over HTTP says: an object whose
        ``query`` is a string, ``operationName`` a string, ``variables`` and
        ``extensions`` objects (each may be null). strawberry checks a single request's
        query, variables and extensions only, and a batch item or a body that is not an
        object failed there with a server error."""
        data = self.parse_json(await request.get_body())
        if not isinstance(data, list):
            return request_data(data)
        batching = self.schema.config.batching_config
        if batching is None:
            raise HTTPException(400, "batching is not enabled")
        if not 0 < len(data) <= batching["max_operations"]:
            raise HTTPException(400, f"a batch holds 1 to {batching['max_operations']} operations")
        return [request_data(item) for item in data]

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: RequestContext,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """strawberry's, with queries and mutations only: a subscription runs on the
        WebSocket (over POST, strawberry ran it as a query and its generator failed)."""
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=HTTP_OPERATIONS,
                operation_extensions=request_data.extensions,
            )
        except CannotGetOperationTypeError as exc:
            raise HTTPException(400, exc.as_http_error_reason()) from exc
        except InvalidOperationTypeError as exc:
            raise HTTPException(
                400, f"{exc.as_http_error_reason('POST')}: subscribe over the WebSocket"
            ) from exc
        except MissingQueryError as exc:
            raise HTTPException(400, "no GraphQL query found in the request") from exc

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        """The sub-response carries the media type the client's Accept chose."""
        sub_response = await super().get_sub_response(request)
        sub_response.headers["content-type"] = response_media_type(request.headers.get("accept"))
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """graphql-response+json: a request error (the document did not parse or
        validate, the variables did not coerce, the view refused it) has no ``data``."""
        response = await super().process_result(request, result)
        media = response_media_type(request.headers.get("accept"))
        if media == GRAPHQL_RESPONSE and is_request_error(result):
            response.pop("data", None)
        return response

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        """UTF-8 JSON (Chinese as itself, not ``\\uXXXX``) in the negotiated media type; a
        graphql-response+json answer without ``data`` is a 4xx or 5xx."""
        media = sub_response.headers.get("content-type", JSON)
        del sub_response.headers["content-type"]
        status = sub_response.status_code or 200
        if media == GRAPHQL_RESPONSE:
            status = graphql_response_status(response_data) or status
        response = Response(
            dumps(response_data), status_code=status, media_type=f"{media}; charset=utf-8"
        )
        response.headers.raw.extend(sub_response.headers.raw)
        if sub_response.background:
            response.background = sub_response.background
        return response

    def encode_json(self, data: object) -> str:
        """JSON for the WebSocket messages, as UTF-8 as the HTTP answers."""
        return dumps(data).decode("utf-8")

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
            result = await self._bounded(ctx, super().execute_operation(request=request, **kwargs))
        except HTTPException as exc:
            # Refused by strawberry before execution (no query, an operation name the
            # document lacks, a subscription over POST): recorded as refused all the same.
            code = HTTP_CODES.get(exc.status_code, "BAD_REQUEST")
            await self._audit(ctx, self._refuse(ctx, code, exc.reason))
            raise
        return await self._audit(ctx, result)

    async def _bounded(self, ctx: RequestContext, operation: Awaitable[Any]) -> Any:
        """The operation's result, or TIMEOUT once ``timeout_s`` has passed — unless it has
        begun a write: then its own result, however long it takes, so that the answer
        always says what the graph holds (a write is never reported as not done)."""
        task = asyncio.ensure_future(operation)
        done, _ = await asyncio.wait({task}, timeout=self._settings.api.timeout_s)
        if task in done or ctx.writes_begun:
            return await task
        task.cancel()  # no write has begun: nothing is left half done
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return _error_result("TIMEOUT", "the request took too long and was stopped")

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
        traced = self._settings.api.mode in TRACE_MODES
        if traced:
            # The sandbox explains and replays past requests from the log (sandbox_trace).
            entry["trace"] = entry_decisions(ctx.decisions)
        try:
            await ctx.services.audit.append(entry)
        except Exception:
            log.exception("audit entry could not be written: nothing is returned")
            failed = _error_result(
                "AUDIT_UNAVAILABLE", "the access could not be recorded, so nothing is returned"
            )
            return [failed for _ in results] if isinstance(result, list) else failed
        if traced:
            decisions = [d.trace() for d in ctx.decisions]
            trace = response_trace(ctx)
            for r in results:
                if isinstance(r, ExecutionResult):
                    r.extensions = {
                        **(r.extensions or {}),
                        "decisions": decisions,
                        "trace": trace,
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


def _tune_collector() -> None:
    """What start-up built (schema, policy, caches, modules) is moved out of the cyclic
    collector's generations, and a young collection waits for 20,000 new container
    objects instead of 700: a request allocates a few thousand (dicts of rows, GraphQL
    result maps), so the collector no longer runs several times per request, and its
    full passes no longer walk the start-up heap (they were the API's slowest answers)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


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
        _tune_collector()
        # For tests and tools in the same process: the services and their event loop.
        app.state.services, app.state.loop = services, asyncio.get_running_loop()
        every = settings.api.checkpoint_every_s
        task = asyncio.create_task(_checkpoints(services, every)) if every > 0 else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
            await services.close()

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok", "mode": settings.api.mode})

    view = (view_class or CreditGraphQL)(build_schema(settings), services_ref, settings)
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/graphql", GraphQLGuard(view, settings.api.max_body)),
            # Subscriptions (graphql-transport-ws); the same token and declaration headers.
            WebSocketRoute("/graphql", view),
            spec_route(),
            *workbench_routes(settings),
            *sandbox_routes(settings),
        ],
        lifespan=lifespan,
    )
    return app
