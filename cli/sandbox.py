"""``credit sandbox``: the audit sandbox's own Neo4j, journal, keys and API (issue 15)."""

from __future__ import annotations

import typer

app = typer.Typer(help=__doc__, no_args_is_help=True, pretty_exceptions_enable=False)
