"""The audit sandbox (issue 15): the sandbox page at ``/sandbox`` and the sandbox-only
GraphQL fields (what-if policy replay).

Everything here answers in sandbox mode only: the page and its token endpoint are not
mounted in another mode, and the GraphQL fields refuse with ``SANDBOX_ONLY``. Tokens are
minted by the sandbox API with the sandbox's own key, issuer and audience, so a reviewer
never holds a signing key and no token minted here is valid outside the sandbox.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Annotated

import strawberry
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from api.context import RequestContext, Services
from api.personas import PERSONAS, persona_token, requested_persona
from api.resolve import Ctx, op
from api.sandbox_examples import EXAMPLES
from api.sandbox_log import graph_entries
from audit import replay_report
from audit.replay import ReplayReport, accesses_of, engine_for, replay
from core.errors import CreditError
from core.settings import Settings

STATIC = Path(__file__).resolve().parent / "static" / "sandbox"
#: Some agent headers for the page: it loads only its own script and style.
HEADERS = {
    "content-security-policy": "default-src 'self'; style-src 'self'; script-src 'self'",
    "x-content-type-options": "nosniff",
    "cache-control": "no-cache",
}
_SUBJECT = """
MATCH (p:Person)-[:HAS_RECORD]->(:Record {kind: 'DISHONEST', status: 'ACTIVE'})
RETURN p.key AS key ORDER BY p.key LIMIT 1
"""
#: Characters of an uploaded model or policy file.
MAX_POLICY_CHARS = 200_000


class SandboxOnly(CreditError):
    """A sandbox feature was asked of an API in another mode."""

    code = "SANDBOX_ONLY"


def _require_sandbox(ctx: RequestContext) -> None:
    mode = ctx.services.settings.api.mode
    if mode != "sandbox":
        raise SandboxOnly(f"this field answers in the audit sandbox only, not in {mode} mode")


@strawberry.type(description="An access that a proposed policy changes (Art. 22, 24).")
class PolicyChange:
    role: str = strawberry.field(description="The persona's role.")
    channel: str = strawberry.field(description="The disclosure channel (Art. 22).")
    purpose: str = strawberry.field(description="The declared purpose (Art. 24).")
    resource: str = strawberry.field(description="The resource type decided.")
    gained: bool = strawberry.field(description="True if access is gained, false if lost.")
    accesses: int = strawberry.field(description="Recorded accesses the change affects.")
    line: str = strawberry.field(description="The proposed line that now decides.")
    article: int | None = strawberry.field(description="The article that line cites.")
    violations: list[str] = strawberry.field(
        description="Articles of the regulation the new decision breaks (empty: a change only)."
    )


@strawberry.type(description="The replay of the recorded accesses under a proposed policy.")
class PolicyReplay:
    accesses: int = strawberry.field(description="Recorded accesses replayed.")
    decisions: int = strawberry.field(description="Decisions re-taken.")
    changes: list[PolicyChange] = strawberry.field(description="What the proposal changes.")
    violations: list[str] = strawberry.field(
        description="What the proposed policy allows that the regulation forbids (Art. 20, "
        "22, 23, 24), and lines without an article comment."
    )
    unexercised: list[str] = strawberry.field(
        description="Added lines no recorded access exercises yet (their effect is unseen)."
    )
    html: str = strawberry.field(description="The report as a standalone HTML page.")


async def run_replay(services: Services, model: str, policy: str) -> ReplayReport:
    """Replay the sandbox's audit log under an uploaded model and policy text."""
    with tempfile.TemporaryDirectory(prefix="sandbox-policy-") as folder:
        (Path(folder) / "proposed_model.conf").write_text(model, encoding="utf-8")
        (Path(folder) / "proposed_policy.csv").write_text(policy, encoding="utf-8")
        proposed = engine_for(Path(folder))
    await services.audit.flush()  # journal mode: the graph holds every committed entry
    began = time.perf_counter()
    entries = await graph_entries(services.driver, services.database)
    report = replay(accesses_of(entries, services.engine), services.engine, proposed)
    report.seconds = time.perf_counter() - began
    return report


@strawberry.type(description="The audit sandbox's root query fields.")
class SandboxQueries:
    # strawberry's decorators are untyped for resolvers with arguments (as in api.measures,
    # which pyproject's mypy override lists).
    @strawberry.field(description="The personas whose tokens the sandbox mints (sandbox only).")
    def sandbox_personas(self, info: Ctx) -> list[str]:
        _require_sandbox(op(info))
        return list(PERSONAS)


@strawberry.type(description="The audit sandbox's root mutation fields.")
class SandboxMutations:
    @strawberry.mutation(
        description="Re-decide the accesses recorded in the sandbox's audit log under a "
        "proposed model and policy, and report what would change and what would violate "
        "the regulation (sandbox only; nothing is adopted)."
    )
    async def replay_policy(
        self,
        info: Ctx,
        policy: Annotated[str, strawberry.argument(description="The proposed *_policy.csv.")],
        model: Annotated[
            str | None,
            strawberry.argument(description="The proposed *_model.conf (default: in force)."),
        ] = None,
    ) -> PolicyReplay:
        ctx = op(info)
        _require_sandbox(ctx)
        if len(policy) > MAX_POLICY_CHARS or len(model or "") > MAX_POLICY_CHARS:
            raise CreditError(f"a policy file is at most {MAX_POLICY_CHARS} characters")
        engine = ctx.services.engine
        text = model if model is not None else engine.model.read_text(encoding="utf-8")
        report = await run_replay(ctx.services, text, policy)
        return PolicyReplay(
            accesses=report.accesses,
            decisions=report.decisions,
            changes=[
                PolicyChange(
                    role=c.role,
                    channel=c.channel,
                    purpose=c.purpose,
                    resource=c.resource,
                    gained=c.gained,
                    accesses=c.accesses,
                    line=c.after.line,
                    article=c.after.article,
                    violations=[str(v) for v in c.violations],
                )
                for c in report.changes
            ],
            violations=[str(v) for v in report.violations],
            unexercised=[f"{x.number}: p, {', '.join(x.fields)}" for x in report.unexercised],
            html=replay_report.as_html(report),
        )


async def _page(_: Request) -> Response:
    return FileResponse(STATIC / "index.html", headers=HEADERS)


async def _asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ("sandbox.js", "sandbox.css"):
        return JSONResponse({"error": "no such file"}, status_code=404)
    return FileResponse(STATIC / name, headers=HEADERS)


async def _personas(_: Request) -> Response:
    return JSONResponse(
        [
            {
                "name": p.name,
                "role": p.role,
                "description": p.description,
                "purposes": list(p.purposes),
            }
            for p in PERSONAS.values()
        ]
    )


async def _examples(_: Request) -> Response:
    return JSONResponse([e.as_json() for e in EXAMPLES])


async def _token(request: Request) -> Response:
    """Mint a sandbox token for a persona (the subject persona: a person of the city)."""
    services = request.app.state.services
    asked = await requested_persona(request, PERSONAS)
    if isinstance(asked, Response):
        return asked
    name, body = asked
    persona = PERSONAS[name]
    subject = body.get("subject")
    if persona.role == "SUBJECT" and not subject:
        records, _, _ = await services.driver.execute_query(_SUBJECT, database_=services.database)
        subject = records[0]["key"] if records else None
    token = persona_token(services.tokens, name, label="sandbox", subject=subject)
    return JSONResponse({"persona": name, "role": persona.role, "subject": subject, "token": token})


def sandbox_routes(settings: Settings) -> list[BaseRoute]:
    """The sandbox page and its helpers; none outside sandbox mode."""
    if settings.api.mode != "sandbox":
        return []
    return [
        Route("/sandbox", _page),
        Route("/sandbox/assets/{name}", _asset),
        Route("/sandbox/personas", _personas),
        Route("/sandbox/examples", _examples),
        Route("/sandbox/token", _token, methods=["POST"]),
    ]
