"""``credit``: start and stop the local Neo4j, apply the schema, seed, and bring it all up.

Every command takes ``--instance`` (demo, test, sandbox, ...) so that several local
Neo4j instances live side by side; with ``NEO4J_URI`` set, the external server is used
and the Neo4j commands are not needed.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli import sandbox as sandbox_cli
from core import settings as settings_module
from core.errors import BatchRefused, CreditError
from graph import migrate, server
from graph.connection import session_graph
from seed import load

app = typer.Typer(help=__doc__, no_args_is_help=True, pretty_exceptions_enable=False)
neo4j_app = typer.Typer(
    help="Start, stop and inspect a local Neo4j instance.", no_args_is_help=True
)
app.add_typer(neo4j_app, name="neo4j")
console = Console()

Instance = Annotated[
    str, typer.Option("--instance", "-i", help="Named local Neo4j instance (demo, test, ...).")
]


def _fail(exc: CreditError) -> None:
    console.print(f"[bold red]error[/] [{exc.code}] {exc.message}")
    if isinstance(exc, BatchRefused):
        for v in exc.violations[:20]:
            console.print(
                f"  item {v.item} {v.field or ''}: [{v.code}] Art. {v.article}: {v.message}"
            )
    raise typer.Exit(1)


@neo4j_app.command("start")
def neo4j_start(instance: Instance = "demo") -> None:
    """Resolve Neo4j (first time only), configure and start the instance, wait until ready."""
    cfg = settings_module.load(instance).local
    try:
        server.start(cfg, console.print)
    except CreditError as exc:
        _fail(exc)
    console.print(
        f"Neo4j {cfg.version} [green]ready[/] at {cfg.uri} (user {cfg.user}, "
        f"password in {cfg.password_file})"
    )


@neo4j_app.command("stop")
def neo4j_stop(instance: Instance = "demo") -> None:
    """Stop the instance cleanly (SIGTERM, then SIGKILL after a minute)."""
    cfg = settings_module.load(instance).local
    stopped = server.stop(cfg)
    console.print(f"instance {instance!r} " + ("stopped" if stopped else "was not running"))


@neo4j_app.command("status")
def neo4j_status(instance: Instance = "demo") -> None:
    """Show whether the instance runs and answers."""
    cfg = settings_module.load(instance).local
    st = server.status(cfg)
    table = Table(show_header=False)
    for key, value in (
        ("instance", st.name),
        ("running", st.running),
        ("pid", st.pid),
        ("reachable", st.reachable),
        ("uri", st.uri),
        ("home", st.home),
        ("version", st.version),
    ):
        table.add_row(key, str(value))
    console.print(table)
    if not st.running:
        raise typer.Exit(3)


@app.command("migrate")
def migrate_cmd(instance: Instance = "demo") -> None:
    """Apply the numbered schema migrations (constraints and indexes)."""
    try:
        with session_graph(settings_module.load(instance)) as graph:
            applied = migrate.apply(graph)
    except CreditError as exc:
        _fail(exc)
    console.print(f"applied: {', '.join(applied) or 'nothing new'}")


@app.command("seed")
def seed_cmd(
    instance: Instance = "demo",
    size: Annotated[
        str,
        typer.Option(
            help="small (~1,000 subjects), default (~50,000), large (~1,000,000) or a number"
        ),
    ] = "default",
    seed: Annotated[int, typer.Option(help="Random seed of the synthetic city.")] = 2026,
    force: Annotated[bool, typer.Option(help="Load again even if already seeded.")] = False,
) -> None:
    """Load the reference data and a deterministic synthetic city through the validated ingest."""
    try:
        n = load.subjects_for(size)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    settings = settings_module.load(instance)
    try:
        with session_graph(settings) as graph:
            migrate.apply(graph)
            load.load_reference(graph)
            with Progress(
                TextColumn("seeding"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                disable=not sys.stderr.isatty(),
            ) as bar:
                task = bar.add_task("seed", total=None)
                summary = load.load_city(
                    graph,
                    n,
                    seed=seed,
                    batch_size=settings.ingest_batch_size,
                    force=force,
                    progress=lambda done, _total: bar.advance(task, done),
                )
    except CreditError as exc:
        _fail(exc)
    if summary.skipped:
        console.print(
            f"city of {n} subjects (seed {seed}) already loaded: "
            f"{summary.records} records; use --force to load again"
        )
    else:
        console.print(
            f"loaded {n} subjects: {summary.records} records, {summary.roles} roles, "
            f"{summary.consents} consents, {summary.listings} listings"
        )


@app.command("serve")
def serve_cmd(
    instance: Instance = "demo",
    host: Annotated[str | None, typer.Option(help="Bind address (CREDIT_API_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (CREDIT_API_PORT).")] = None,
) -> None:
    """Serve the GraphQL API at /graphql (GraphiQL in development mode)."""
    import uvicorn

    from api.app import create_app

    settings = settings_module.load(instance)
    api = settings.api
    console.print(
        f"GraphQL API ({api.mode}) at http://{host or api.host}:{port or api.port}"
        "/graphql — get tokens with `.venv/bin/credit token <persona>`"
    )
    uvicorn.run(
        create_app(settings), host=host or api.host, port=port or api.port, log_level="warning"
    )


@app.command("token")
def token_cmd(
    persona: Annotated[str, typer.Argument(help="Persona name (see `credit personas`).")],
    instance: Instance = "demo",
    subject: Annotated[
        str | None,
        typer.Option(help="Subject key for the subject persona (default: a person of the city)."),
    ] = None,
    ttl: Annotated[int, typer.Option(help="Validity in seconds.")] = 3600,
) -> None:
    """Issue a development access token for a persona."""
    from api.identity import TokenService, load_or_create_key
    from api.personas import PERSONAS

    if persona not in PERSONAS:
        raise typer.BadParameter(f"unknown persona; one of {', '.join(PERSONAS)}")
    p = PERSONAS[persona]
    settings = settings_module.load(instance)
    if p.role == "SUBJECT" and subject is None:
        try:
            with session_graph(settings) as graph:
                subject = load.sample_subject(graph)
        except CreditError as exc:
            _fail(exc)
    tokens = TokenService(
        load_or_create_key(settings.api.signing_key), settings.api.issuer, settings.api.audience
    )
    print(
        tokens.issue(
            f"{persona}-{subject or p.organization}",
            p.role,
            organization=p.organization,
            sector=p.sector,
            purposes=p.purposes,
            subject_key=subject,
            ttl_s=ttl,
        )
    )


@app.command("personas")
def personas_cmd() -> None:
    """List the personas with their role, organization, sector and purposes."""
    from api.personas import PERSONAS

    table = Table("persona", "role", "organization", "sector", "purposes", "who")
    for p in PERSONAS.values():
        table.add_row(
            p.name,
            p.role,
            p.organization or "",
            p.sector or "",
            ", ".join(p.purposes),
            p.description,
        )
    console.print(table)


@app.command("up")
def up_cmd(
    instance: Instance = "demo",
    size: Annotated[str, typer.Option(help="City size to seed.")] = "default",
    serve: Annotated[bool, typer.Option(help="Serve the API afterwards.")] = True,
) -> None:
    """Start Neo4j (unless NEO4J_URI is set), migrate, seed, then serve the API."""
    settings = settings_module.load(instance)
    if settings.external is None:
        neo4j_start(instance)
    seed_cmd(instance=instance, size=size, seed=2026, force=False)
    if settings.external is None:
        cfg = settings.local
        console.print(
            f"\nNeo4j: {cfg.uri}  user: {cfg.user}  password: "
            f"{server.password(cfg)}  database: {cfg.database}"
        )
        console.print(f"stop it with: .venv/bin/credit neo4j stop --instance {instance}")
    console.print("tokens: .venv/bin/credit token <persona>  (list: .venv/bin/credit personas)")
    console.print(
        "call:   curl -s -X POST http://127.0.0.1:8000/graphql -H 'content-type: "
        "application/json' -H \"authorization: Bearer $TOKEN\" -H 'credit-channel: "
        "GOV_SHARING' -H 'credit-purpose: ADMINISTRATIVE_LICENSING' -d '{\"query\": "
        '"{ seriousDishonestyList { totalCount } }"}\''
    )
    if serve:
        serve_cmd(instance=instance, host=None, port=None)


audit_app = typer.Typer(
    help="Verify and checkpoint the tamper-evident audit log.", no_args_is_help=True
)
app.add_typer(audit_app, name="audit")
app.add_typer(sandbox_cli.app, name="sandbox")


def _audit_run(instance: str, work: Any) -> Any:
    import asyncio

    from neo4j import AsyncGraphDatabase

    settings = settings_module.load(instance)
    if settings.external is not None:
        ext = settings.external
        uri, auth, database = ext.uri, (ext.user, ext.password), ext.database
    else:
        cfg = settings.local
        uri, auth, database = cfg.uri, (cfg.user, server.password(cfg)), cfg.database

    async def run() -> Any:
        driver = AsyncGraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
        try:
            return await work(driver, database, settings)
        finally:
            await driver.close()

    return asyncio.run(run())


@audit_app.command("verify")
def audit_verify(instance: Instance = "demo") -> None:
    """Re-hash every entry, recompute the root, check every signed checkpoint (Art. 56)."""
    from audit.checkpoint import load_or_create_key
    from graph import audit_store

    async def work(driver: Any, database: str, settings: settings_module.Settings) -> Any:
        key = load_or_create_key(settings.api.audit_key)
        return await audit_store.verify(driver, database, key.public_key())

    report = _audit_run(instance, work)
    if report.ok:
        console.print(f"[green]audit log verified[/]: {report.size} entries")
        return
    console.print(f"[bold red]audit log FAILED verification[/] ({report.size} entries):")
    for problem in report.problems:
        console.print(f"  - {problem}")
    raise typer.Exit(2)


@audit_app.command("checkpoint")
def audit_checkpoint(instance: Instance = "demo") -> None:
    """Sign the current tree head with the audit key (Ed25519)."""
    from audit.checkpoint import load_or_create_key
    from graph import audit_store

    async def work(driver: Any, database: str, settings: settings_module.Settings) -> Any:
        key = load_or_create_key(settings.api.audit_key)
        return await audit_store.checkpoint(driver, database, key, "credit-platform")

    cp = _audit_run(instance, work)
    console.print(f"checkpoint size {cp.size} root {cp.root.hex()} key {cp.key_id}")


@audit_app.command("consistency")
def audit_consistency(
    old: Annotated[int, typer.Argument(help="Size of the earlier checkpoint.")],
    new: Annotated[int, typer.Argument(help="Size of the later checkpoint.")],
    instance: Instance = "demo",
) -> None:
    """Check that the checkpoint at OLD is a prefix of the one at NEW (nothing rewritten)."""
    from audit.checkpoint import load_or_create_key
    from graph import audit_store

    async def work(driver: Any, database: str, settings: settings_module.Settings) -> Any:
        key = load_or_create_key(settings.api.audit_key)
        return await audit_store.verify_checkpoints(driver, database, key.public_key(), old, new)

    if _audit_run(instance, work):
        console.print(f"[green]consistent[/]: checkpoint {old} is a prefix of checkpoint {new}")
        return
    console.print(f"[bold red]NOT consistent[/]: checkpoints {old} and {new}")
    raise typer.Exit(2)
