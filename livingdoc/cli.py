"""``python -m livingdoc``: rebuild the report from cucumber JSON, check the gate, list.

The report is normally written by the pytest plugin at the end of a feature run;
these commands rebuild it from the stored results without rerunning anything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from livingdoc import articles as articles_module
from livingdoc import report
from livingdoc.coverage import load_pending, summarize
from livingdoc.results import from_cucumber

app = typer.Typer(
    help="Living documentation of the regulation: articles, scenarios, coverage.",
    no_args_is_help=True,
)
console = Console()

CucumberOption = Annotated[
    Path | None,
    typer.Option(
        "--cucumber",
        help="cucumber JSON to read (ours, or pytest-bdd's --cucumberjson output); "
        "default: cucumber.json in the report directory",
    ),
]


def _cucumber(path: Path | None) -> Path:
    chosen = path or report.default_dir() / report.CUCUMBER
    if not chosen.exists():
        console.print(
            f"[red]No results at {chosen}[/red]: run the features first "
            "(make spec, or pytest tests/features), or pass --cucumber."
        )
        raise typer.Exit(2)
    return chosen


@app.command()
def build(
    cucumber: CucumberOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="HTML file (default: index.html beside)")
    ] = None,
    partial: Annotated[
        bool | None,
        typer.Option("--partial/--full", help="override run.json: partial or full run"),
    ] = None,
) -> None:
    """(Re)build the HTML report from cucumber JSON."""
    written = report.build(_cucumber(cucumber), output, partial)
    console.print(f"report written: {written}")


@app.command()
def check(cucumber: CucumberOption = None) -> None:
    """Apply the coverage gate to stored results; exit 1 when it fails."""
    scenarios = from_cucumber(json.loads(_cucumber(cucumber).read_text(encoding="utf-8")))
    articles = articles_module.load()
    summary = summarize(articles_module.operational(articles), scenarios, load_pending())
    console.print(f"op articles covered by a passing scenario: [bold]{summary.figure}[/bold]")
    found = report.gate(scenarios)
    for gap in found:
        console.print(f"[red]- {gap.message}[/red]")
    if found:
        raise typer.Exit(1)
    console.print("[green]coverage gate passed[/green]")


@app.command("articles")
def list_articles(
    kind: Annotated[str | None, typer.Option(help="only op, cfg or decl")] = None,
) -> None:
    """List the articles with their kind, pending state and obligation."""
    pending = load_pending()
    table = Table("art", "chapter", "kind", "pending", "obligation")
    for number, article in articles_module.load().items():
        if kind is None or article.kind == kind:
            table.add_row(
                str(number),
                article.chapter.heading,
                article.kind,
                "yes" if number in pending else "",
                article.summary,
            )
    console.print(table)
