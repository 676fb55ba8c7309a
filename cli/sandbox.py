"""``credit sandbox``: the audit sandbox's own Neo4j, journal, keys and API (issue 15).

``up`` starts it (Neo4j instance "sandbox", the deterministic city, the API in sandbox
mode on its own port, in the background), ``reset`` puts it back to the seed in seconds,
``down`` stops it. ``token PERSONA`` asks the running sandbox for a persona's token (no
signing key on the reviewer's side), ``explain REQUEST-ID`` prints the decision trace of
a past request from the sandbox's audit log, and ``replay --policy DIR`` re-decides the
recorded accesses under a proposed model/policy pair.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

from api import sandbox_log
from api import sandbox_runtime as runtime
from api.policy import PolicyEngine
from audit import replay_report
from audit.replay import accesses_of, engine_for, journal_entries, replay
from core import settings as settings_module
from core.errors import CreditError

app = typer.Typer(help=__doc__, no_args_is_help=True, pretty_exceptions_enable=False)
#: Messages go to stderr, so that a JSON or HTML report on stdout stays clean.
console = Console(stderr=True)
stdout = Console()


class Format(StrEnum):
    table = "table"
    json = "json"
    html = "html"


def _settings() -> settings_module.Settings:
    return settings_module.load("sandbox")


def _fail(exc: CreditError) -> None:
    console.print(f"[bold red]error[/] [{exc.code}] {exc.message}")
    raise typer.Exit(1)


@app.command("up")
def up() -> None:
    """Start the sandbox: its Neo4j, the seeded city (seed 2026) and the API (background)."""
    settings = _settings()
    try:
        runtime.check_isolated(settings)
        runtime.seed_graph(settings, console.print)
        pid = runtime.start_api(settings)
    except CreditError as exc:
        _fail(exc)
    url = runtime.base_url(settings)
    console.print(f"sandbox API (pid {pid}) at {url}/graphql, page at {url}/sandbox")
    console.print("tokens: credit sandbox token <persona>; stop: credit sandbox down")


@app.command("reset")
def reset() -> None:
    """Back to the seed: the graph restored from its snapshot, a new audit journal (the old
    one is kept under <runtime>/sandbox/journals for replay)."""
    try:
        times = runtime.reset(_settings())
    except CreditError as exc:
        _fail(exc)
    console.print(
        f"sandbox reset in {times.total_s:.1f} s (API stop {times.api_stop_s:.1f} s, graph "
        f"{times.graph_s:.1f} s, API start {times.api_start_s:.1f} s)"
    )


@app.command("down")
def down() -> None:
    """Stop the sandbox API and its Neo4j."""
    api, neo4j = runtime.down(_settings())
    console.print(
        f"sandbox API {'stopped' if api else 'was not running'}, "
        f"Neo4j {'stopped' if neo4j else 'was not running'}"
    )


@app.command("token")
def token(
    persona: Annotated[str, typer.Argument(help="Persona name (see `credit personas`).")],
    subject: Annotated[str | None, typer.Option(help="Subject key for the subject.")] = None,
) -> None:
    """Print a sandbox token for a persona, minted by the running sandbox API."""
    if persona == "public":
        console.print("the public (社会公众) is anonymous: send no token, declare PUBLIC")
        raise typer.Exit(0)
    settings = _settings()
    try:
        answer = httpx.post(
            f"{runtime.base_url(settings)}/sandbox/token",
            json={"persona": persona, "subject": subject},
            timeout=10,
        )
    except httpx.HTTPError as exc:
        console.print(
            f"[bold red]error[/] the sandbox API does not answer ({exc}): run `credit sandbox up`"
        )
        raise typer.Exit(1) from None
    body = answer.json()
    if answer.status_code != 200:
        console.print(f"[bold red]error[/] [{body.get('code')}] {body.get('error')}")
        raise typer.Exit(1)
    print(body["token"])


def _with_driver(settings: settings_module.Settings, work: Any) -> Any:
    """Run ``work(driver, database)`` with an async driver on the sandbox's Neo4j."""
    from cli.main import _audit_run  # cli.main registers this sub-app: import it late

    return _audit_run("sandbox", lambda driver, database, _settings: work(driver, database))


def find_entry(settings: settings_module.Settings, request_id: str) -> dict[str, Any] | None:
    """The audit entry of a request: the sandbox's log, else a journal set aside by a reset."""
    entry: dict[str, Any] | None = _with_driver(
        settings, lambda driver, db: sandbox_log.find_in_graph(driver, db, request_id)
    )
    if entry is not None:
        return entry
    aside = list(sandbox_log.journal_files(runtime.paths(settings).journals))
    return sandbox_log.find_in_journals(aside, request_id)


@app.command("explain")
def explain(
    request_id: Annotated[str, typer.Argument(help="The response's requestId.")],
    journal: Annotated[
        Path | None,
        typer.Option(help="Look in this journal file (default: the sandbox's audit log)."),
    ] = None,
) -> None:
    """Print the decision trace of a past sandbox request, from its audit log entry."""
    settings = _settings()
    try:
        entry = (
            sandbox_log.find_in_journals([journal], request_id)
            if journal is not None
            else find_entry(settings, request_id)
        )
    except CreditError as exc:
        _fail(exc)
    if entry is None:
        console.print(f"[bold red]error[/] no audit entry for request {request_id}")
        raise typer.Exit(1)
    engine = PolicyEngine()
    comments = {f"{engine.policy.name}:{line.number}": line for line in engine.lines}
    console.print(
        f"request {request_id} ({entry['at']}): {entry['role']} "
        f"{entry['actor']} over {entry['channel']} for {entry['purpose']}"
        f"{' with authorization ' + entry['authorization'] if entry.get('authorization') else ''}"
        f": {entry['operation']} -> {entry['outcome']}"
    )
    if entry.get("policy") != engine.digest:
        console.print(
            f"[yellow]decided under policy {entry.get('policy')}; the policy in force "
            f"is {engine.digest}: comments are those of the file in force[/]"
        )
    table = Table("resource", "decision", "line", "article", "why (the line's comment)")
    for d in entry.get("trace") or []:
        line = comments.get(d["line"])
        text = f"p, {', '.join(line.fields)}" if line else d["line"]
        why = line.comment if line else "no policy line allows it (Art. 22 default deny)"
        table.add_row(
            d["resource"],
            "[green]allow[/]" if d["allowed"] else "[red]deny[/]",
            text,
            str(d.get("article") or ""),
            why,
        )
    stdout.print(table)
    for label in ("subjects", "fields", "records", "errors"):
        if entry.get(label):
            console.print(f"{label}: {', '.join(map(str, entry[label]))}")


def _when(value: str | None) -> datetime | None:
    """An ISO date or date-time; without a zone, UTC (the log's time zone)."""
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@app.command("replay")
def replay_cmd(
    policy: Annotated[
        Path, typer.Option(help="Folder with the proposed *_model.conf and *_policy.csv.")
    ],
    journal: Annotated[
        Path | None,
        typer.Option(help="A journal file to replay (default: the sandbox's audit log)."),
    ] = None,
    since: Annotated[str | None, typer.Option(help="From (ISO date-time, UTC).")] = None,
    until: Annotated[str | None, typer.Option(help="Until (ISO date-time, UTC).")] = None,
    output: Annotated[Format, typer.Option("--format", help="table, json or html.")] = Format.table,
    out: Annotated[Path | None, typer.Option(help="Write the report to this file.")] = None,
) -> None:
    """Re-decide the recorded accesses under a proposed policy; report changes and violations.

    Exits 2 when the proposed policy violates the regulation."""
    settings = _settings()
    try:
        proposed = engine_for(policy)
    except CreditError as exc:
        _fail(exc)
    baseline = PolicyEngine()
    began = time.perf_counter()
    if journal is not None:
        entries: Any = journal_entries(journal, _when(since), _when(until))
    else:
        try:
            entries = _with_driver(
                settings,
                lambda driver, db: sandbox_log.graph_entries(
                    driver, db, _when(since), _when(until)
                ),
            )
        except CreditError as exc:
            _fail(exc)
    report = replay(accesses_of(entries, baseline), baseline, proposed)
    report.seconds = time.perf_counter() - began
    if output is Format.table:
        for table in replay_report.as_table(report):
            stdout.print(table)
        text = None
    elif output is Format.json:
        text = json.dumps(replay_report.as_json(report), ensure_ascii=False, indent=2)
    else:
        text = replay_report.as_html(report)
    if text is not None:
        if out is not None:
            out.write_text(text, encoding="utf-8")
            console.print(f"report written to {out}")
        else:
            print(text)
    if report.violations or any(c.violations for c in report.changes):
        console.print(f"[bold red]{len(report.violations)} violation(s)[/] of the regulation")
        raise typer.Exit(2)
