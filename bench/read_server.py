"""The API as the read benchmark runs it: protected (policy and audit, as in production)
or unprotected (same schema, resolvers, Cypher and answers; no per-request decisions, no
audit entry), with a count of Neo4j queries and transactions per request.

    python -m bench.read_server --port 8701 --mode protected|protected-graph|policy-only|unprotected

"protected" commits audit entries to the local journal (the default); "protected-graph"
commits each group in the graph (CREDIT_AUDIT_MODE=graph, for several API processes).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

import uvicorn
from neo4j._async.work.session import AsyncSession
from neo4j._async.work.transaction import AsyncTransactionBase
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.access import CompiledAccess
from api.app import CreditGraphQL, create_app
from api.context import RequestContext
from core import settings as settings_module

COUNTS = {"queries": 0, "transactions": 0, "requests": 0}

_run = AsyncTransactionBase.run
_auto = AsyncSession.run
_read = AsyncSession.execute_read
_write = AsyncSession.execute_write


async def _counted_run(self: Any, *args: Any, **kwargs: Any) -> Any:
    COUNTS["queries"] += 1
    return await _run(self, *args, **kwargs)


async def _counted_auto(self: Any, *args: Any, **kwargs: Any) -> Any:
    # An auto-commit query is a query and a transaction of its own.
    COUNTS["queries"] += 1
    COUNTS["transactions"] += 1
    return await _auto(self, *args, **kwargs)


async def _counted_read(self: Any, *args: Any, **kwargs: Any) -> Any:
    COUNTS["transactions"] += 1
    return await _read(self, *args, **kwargs)


async def _counted_write(self: Any, *args: Any, **kwargs: Any) -> Any:
    COUNTS["transactions"] += 1
    return await _write(self, *args, **kwargs)


AsyncTransactionBase.run = _counted_run  # type: ignore[method-assign]
AsyncSession.run = _counted_auto  # type: ignore[method-assign]
AsyncSession.execute_read = _counted_read  # type: ignore[method-assign]
AsyncSession.execute_write = _counted_write  # type: ignore[method-assign]


#: Scopes compiled once per (actor, channel, purpose) for the unprotected mode.
_SCOPES: dict[tuple[str, str, str], CompiledAccess] = {}


class OpenContext(RequestContext):
    """A context that decides nothing per request: the scope the policy gives this actor
    is compiled at its first request and reused, so the Cypher and the answer are the
    protected mode's own (same filters, same masks) and only the per-request decisions
    and the audit entry are missing. (A scope that showed everything answered about 5 %
    more records and bytes, which made the unprotected side the heavier one.)"""

    async def access(self) -> CompiledAccess:
        key = (self.actor.id, self.decl.channel, self.decl.purpose)
        if key not in _SCOPES:
            _SCOPES[key] = await super().access()
        self._access = _SCOPES[key]
        return self._access


class ProtectedView(CreditGraphQL):
    async def execute_operation(self, request: Request, **kwargs: Any) -> Any:  # type: ignore[override]
        COUNTS["requests"] += 1
        return await super().execute_operation(request=request, **kwargs)


class PolicyOnlyView(ProtectedView):
    async def _audit(self, ctx: RequestContext, result: Any) -> Any:
        return result


class UnprotectedView(ProtectedView):
    async def get_context(self, request: Request, response: Any) -> RequestContext:  # type: ignore[override]
        ctx = await super().get_context(request, response)
        return OpenContext(ctx.services, ctx.actor, ctx.declaration)

    async def _audit(self, ctx: RequestContext, result: Any) -> Any:
        return result


async def stats(request: Request) -> Response:
    # The journal writer counts its entries, fsync rounds and graph copies.
    audit = getattr(request.app.state.services.audit, "stats", {})
    return JSONResponse({**COUNTS, **audit})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--mode",
        choices=("protected", "protected-graph", "policy-only", "unprotected"),
        required=True,
    )
    parser.add_argument("--instance", default="bench")
    args = parser.parse_args()
    settings = settings_module.load(args.instance)
    audit_mode = "graph" if args.mode == "protected-graph" else "journal"
    settings = replace(
        settings,
        api=replace(
            settings.api,
            mode="production",
            rate_burst=10**9,
            rate_per_s=1e9,
            audit_mode=audit_mode,
        ),
    )
    view = {
        "protected": ProtectedView,
        "protected-graph": ProtectedView,
        "policy-only": PolicyOnlyView,
        "unprotected": UnprotectedView,
    }[args.mode]
    app = create_app(settings, view_class=view)
    app.router.routes.append(Route("/bench-stats", stats))
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
