"""``make fuzz``: schemathesis GraphQL requests against a live API in development mode.

Schemathesis reads the schema by introspection and generates, for every root query and
mutation, documents with arguments of every shape the types allow. Each case is sent
over real HTTP with a persona's token and declaration headers (the personas rotate, so
the same field is tried as the public, an agency, a provider, a subject and the auditor)
against the API on its own Neo4j instance ``fuzz`` (seeded with the small city, so reads
find data and writes meet real rules).

A case fails when the answer is a 5xx, is not a JSON object, carries an error without a
stable code, or an error that leaks an internal (an exception escaped: INTERNAL_ERROR,
or a traceback, a Neo4j or Python message in the text). Every failure is printed with
the document and variables that caused it; the exit status is 1 if there was one.

    python -m tools.fuzz --cases 50          # per root field
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

INSTANCE = "fuzz"
#: The fuzz instance's Bolt port unless CREDIT_NEO4J_PORT_FUZZ says otherwise.
DEFAULT_PORT = "8087"
#: Who sends the cases, in turn: (persona or None for the public, channel, purpose).
DECLARATIONS: tuple[tuple[str | None, str, str | None], ...] = (
    (None, "PUBLIC", None),
    ("housing-user", "GOV_SHARING", "ADMINISTRATIVE_LICENSING"),
    ("market-provider", "SUBMIT", "DATA_SUBMISSION"),
    ("operator", "GOV_SHARING", "OBJECTION_HANDLING"),
    ("subject", "SELF", "SELF_CHECK"),
    ("auditor", "AUDIT", "AUDIT"),
)
#: Text that never belongs in an answer: an internal leaked past the masking.
LEAK = re.compile(r"Traceback|File \"|neo4j\.|Neo\.\w+Error|\w+Error\(|\bat 0x[0-9a-f]+")

#: The subject the SELF persona is (the first person of the city).
_A_PERSON = (
    "MATCH (s:Subject) WHERE s.key STARTS WITH 'RIC:' RETURN s.key AS key ORDER BY key LIMIT 1"
)

cli = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@dataclasses.dataclass
class Tally:
    """What the run sent and found."""

    cases: int = 0
    statuses: Counter[int] = dataclasses.field(default_factory=Counter)
    codes: Counter[str] = dataclasses.field(default_factory=Counter)
    failures: list[str] = dataclasses.field(default_factory=list)


def problems(status: int, body: Any) -> list[str]:
    """Why an answer is a failure (empty: it is not)."""
    if status >= 500:
        return [f"HTTP {status}"]
    if not isinstance(body, dict):
        return [f"the answer is not a JSON object: {str(body)[:200]}"]
    found = []
    for error in body.get("errors") or ():
        code = (error.get("extensions") or {}).get("code")
        message = str(error.get("message", ""))
        if not code:
            found.append(f"an error without a code: {message[:200]}")
        elif code == "INTERNAL_ERROR":
            found.append(f"an exception escaped (INTERNAL_ERROR): {message[:200]}")
        if LEAK.search(message):
            found.append(f"an internal leaked into the message: {message[:300]}")
    return found


@contextmanager
def _city() -> Iterator[Any]:
    """The fuzz instance, started if needed, with the small city loaded (once); yields
    its settings and a person's subject key."""
    from core import settings as settings_module
    from graph import migrate, server
    from graph.connection import session_graph
    from seed import load

    os.environ.setdefault(f"CREDIT_NEO4J_PORT_{INSTANCE.upper()}", DEFAULT_PORT)
    settings = settings_module.load(INSTANCE)
    started = False
    if settings.external is None and not server.status(settings.local).reachable:
        server.start(settings.local)
        started = True
    try:
        with session_graph(settings) as graph:
            migrate.apply(graph)
            load.load_reference(graph)
            load.load_city(graph, load.subjects_for("small"), seed=2026)
            rows = graph.run(_A_PERSON)
        yield settings, str(rows[0]["key"])
    finally:
        if started and os.environ.get("CREDIT_FUZZ_KEEP_NEO4J") != "1":
            server.stop(settings.local)


def _register_scalars() -> None:
    """Strategies for the schema's own scalars: well-formed values and stray text."""
    import schemathesis
    from hypothesis import strategies as st
    from schemathesis.graphql import nodes

    text = st.text(max_size=40).map(nodes.String)
    days = st.dates().map(lambda d: nodes.String(d.isoformat()))
    moments = st.datetimes().map(lambda t: nodes.String(t.isoformat()))
    numbers = st.integers(min_value=-(2**40), max_value=2**40).map(nodes.Int)
    schemathesis.graphql.scalar("Date", st.one_of(days, text))
    schemathesis.graphql.scalar("DateTime", st.one_of(moments, text))
    schemathesis.graphql.scalar("JSON", st.one_of(text, numbers))


def _fuzz(base: str, tokens: Any, subject: str, cases: int, tally: Tally) -> None:
    import requests
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.core.result import Err

    from api.personas import persona_token

    def headers(turn: int) -> dict[str, str]:
        persona, channel, purpose = DECLARATIONS[turn % len(DECLARATIONS)]
        sent = {"credit-channel": channel}
        if purpose:
            sent["credit-purpose"] = purpose
        if persona:
            key = subject if persona == "subject" else None
            token = persona_token(tokens, persona, label="fuzz", subject=key)
            sent["authorization"] = f"Bearer {token}"
        return sent

    def fuzz_operation(operation: Any) -> None:
        label = operation.label

        @given(case=operation.as_strategy())
        @settings(
            max_examples=cases,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def one(case: Any) -> None:
            tally.cases += 1
            response = case.call(session=session, headers=headers(tally.cases), timeout=30)
            tally.statuses[response.status_code] += 1
            try:
                body = response.json()
            except ValueError:
                body = response.text
            for error in (body.get("errors") or ()) if isinstance(body, dict) else ():
                tally.codes[str((error.get("extensions") or {}).get("code"))] += 1
            for problem in problems(response.status_code, body):
                tally.failures.append(f"{label}: {problem}\n  document: {case.body}"[:2000])

        one()

    _register_scalars()
    schema = schemathesis.graphql.from_url(f"{base}/graphql", timeout=30)
    session = requests.Session()
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            tally.failures.append(f"schemathesis could not read an operation: {result.err()}")
            continue
        fuzz_operation(result.ok())


@cli.command()
def main(
    cases: int = typer.Option(50, help="Cases per root field (Hypothesis max_examples)."),
) -> None:
    """Fuzz every root query and mutation; exit 1 on any failure."""
    from api.app import create_app
    from api.identity import TokenService, load_or_create_key
    from tools.live_server import serving

    # Every refusal would be logged with its traceback: the answers are what is judged.
    logging.getLogger("strawberry.execution").setLevel(logging.CRITICAL)
    started = time.monotonic()
    tally = Tally()
    with _city() as (settings, subject), tempfile.TemporaryDirectory() as tmp:
        keys = Path(tmp)
        api = dataclasses.replace(
            settings.api,
            mode="development",
            signing_key=keys / "jwt.pem",
            audit_key=keys / "audit.pem",
            audit_journal=keys / "audit-journal.jsonl",
            rate_per_s=10_000.0,
            rate_burst=10_000,
            checkpoint_every_s=0,
        )
        tokens = TokenService(load_or_create_key(api.signing_key), api.issuer, api.audience)
        with serving(create_app(dataclasses.replace(settings, api=api))) as base:
            _fuzz(base, tokens, subject, cases, tally)
    seconds = time.monotonic() - started
    print(f"{tally.cases} cases in {seconds:.0f} s; HTTP statuses {dict(tally.statuses)}")
    print(f"error codes: {dict(tally.codes.most_common())}")
    for failure in tally.failures:
        print(f"FAIL {failure}")
    if tally.failures:
        print(f"{len(tally.failures)} failing cases")
        sys.exit(1)
    print("no 5xx, no uncoded or leaking error")


if __name__ == "__main__":
    cli()
