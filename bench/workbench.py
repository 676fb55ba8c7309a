"""The investigators' workbench under load: GraphQL with policy and audit on, against the
same Cypher sent raw through the driver.

    CREDIT_NEO4J_PORT_WBBENCH=8017 python -m bench.workbench --instance wbbench \\
        [--concurrency 8] [--seconds 10] [--port 8150]

The instance must hold a seeded city (``credit seed --instance wbbench --size default``;
the seed command reports its own load time). Three workloads, each with targets picked
from the graph:

- ``neighbourhood`` depth 3 around organizations that hold or are held in group chains;
- ``control`` of the bottom organization of a six-layer holding chain;
- ``paths`` (maxHops 6) from that organization's legal representative to the person at
  the top of its chain.

For each, at ``--concurrency`` closed-loop workers: requests/s, p50 and p95 through the
API (``bench.read_server`` in production mode: decisions, masks, audit entry committed
before the answer) and through the raw driver (the Cypher of ``graph/workbench.py`` with
the same parameters), and CPU per request (API process + Neo4j vs. this process +
Neo4j, from /proc) with their ratio. Never run by ``make test``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from neo4j import AsyncGraphDatabase
from rich.console import Console
from rich.table import Table

from bench import http_load
from bench.personas import persona_headers
from core import settings as settings_module
from core.submission import ROLES
from graph import server
from graph import workbench as g
from graph.connection import connect

console = Console()
TODAY = date.today()
#: Masking parameters of the investigator (persons visible, listings visible).
MASK = {
    "maskPersons": False,
    "listings": True,
    "nameHead": 1,
    "nameTail": 0,
    "idHead": 3,
    "idTail": 2,
    "stars": "*" * 32,
}
ORGS_IN_CHAINS = """
MATCH (o:Organization)<-[:SHAREHOLDER_OF]-(:Organization)
RETURN DISTINCT o.key AS key ORDER BY key LIMIT 200
"""
SIX_LAYER = """
MATCH (top:Person)-[:SHAREHOLDER_OF]->(:Organization)-[:SHAREHOLDER_OF*5]->(o:Organization)
WHERE NOT EXISTS { (o)-[:SHAREHOLDER_OF]->(:Organization) }
MATCH (lr:Person)-[r:LEGAL_REPRESENTATIVE_OF]->(o) WHERE r.to IS NULL
RETURN DISTINCT o.key AS org, lr.key AS lr, top.key AS top ORDER BY org LIMIT 200
"""

#: Selects name among the node parts: the raw Cypher below reads the same (``{"name"}``).
NEIGHBOURHOOD = """query($s: String!, $cap: Int!) {
  neighbourhood(subject: $s, depth: 3, nodeCap: $cap) {
  truncated nodes { id name type } edges { role source target since until share } } }"""
CONTROL = """query($s: String!) { control(organization: $s) {
  holders { holder { id name } share paths { nodes shares } } majorityChain
  beneficialOwners { holder { id } share } recordedControllers { subject { id } } } }"""
PATHS = """query($a: String!, $b: String!) { paths(from: $a, to: $b, maxHops: 6) {
  paths { nodes { id name } hops { role since until } } } }"""


def _cpu_s(pid: int | None) -> float:
    """User + system CPU seconds a process has used so far."""
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def _raw(
    uri: str,
    auth: tuple[str, str],
    database: str,
    work: list[Callable[[], Any]],
    concurrency: int,
    seconds: float,
) -> tuple[list[float], int]:
    """The same Cypher through one async driver, ``concurrency`` workers back to back."""
    driver = AsyncGraphDatabase.driver(uri, auth=auth)
    latencies: list[float] = []
    stop = time.perf_counter() + seconds
    errors = 0

    async def worker(k: int) -> None:
        nonlocal errors
        i = k
        while time.perf_counter() < stop:
            gen = work[i % len(work)]()
            i += concurrency
            query, params = next(gen)
            start = time.perf_counter()
            try:
                records, _, _ = await driver.execute_query(
                    query, params, database_=database, routing_="r"
                )
                rows = [dict(r) for r in records]
                with contextlib.suppress(StopIteration):
                    gen.send(rows)
            except Exception:
                errors += 1
            latencies.append(time.perf_counter() - start)

    await asyncio.gather(*(worker(k) for k in range(concurrency)))
    await driver.close()
    return latencies, errors


def _start_api(port: int, mode: str, instance: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """``bench.read_server`` in production mode: ``mode`` protected or policy-only."""
    command = [sys.executable, "-m", "bench.read_server", "--port", str(port), "--mode", mode]
    return subprocess.Popen([*command, "--instance", instance], env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--instance", default="wbbench")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--node-cap", type=int, default=200, help="neighbourhood nodeCap")
    parser.add_argument(
        "--modes",
        default="protected",
        help="API modes of bench.read_server to run, comma-separated: protected (policy "
        "and audit, the target), policy-only (no audit entry: shows what the audit costs)",
    )
    args = parser.parse_args()
    settings = settings_module.load(args.instance)
    graph = connect(settings)
    subjects = graph.run("MATCH (s:Subject) RETURN count(s) AS n")[0]["n"]
    roles = graph.run("MATCH ()-[r]->(:Organization) RETURN count(r) AS n")[0]["n"]
    orgs = [r["key"] for r in graph.run(ORGS_IN_CHAINS)]
    chains = graph.run(SIX_LAYER)
    graph.close()
    if not orgs or not chains:
        raise SystemExit(
            f"instance {args.instance!r} holds no group chains: "
            f"run `credit seed --instance {args.instance}` first"
        )
    console.print(
        f"{subjects:,} subjects, {roles:,} role edges; {len(orgs)} neighbourhood targets, "
        f"{len(chains)} six-layer chains"
    )
    neo4j_pid = None if settings.external else server.running_pid(settings.local)
    headers = persona_headers(settings, "investigator", "BY_AUTHORITY", "INVESTIGATION")
    all_roles = list(ROLES)
    workloads: dict[str, tuple[str, list[dict[str, str]], list[Callable[[], Any]]]] = {
        "neighbourhood d3": (
            NEIGHBOURHOOD,
            [{"s": k, "cap": args.node_cap} for k in orgs],
            [
                lambda k=k: g.neighbourhood(  # type: ignore[misc]
                    k, 3, all_roles, TODAY, args.node_cap, MASK, frozenset({"name"})
                )
                for k in orgs
            ],
        ),
        "control 6 layers": (
            CONTROL,
            [{"s": c["org"]} for c in chains],
            [
                lambda k=c["org"]: g.holding_chains(k, TODAY, 8, MASK)  # type: ignore[misc]
                for c in chains
            ],
        ),
        "paths ≤ 6": (
            PATHS,
            [{"a": c["lr"], "b": c["top"]} for c in chains if c["lr"] != c["top"]],
            [
                lambda a=c["lr"], b=c["top"]: g.paths(  # type: ignore[misc]
                    a, b, all_roles, 6, TODAY, 20, MASK
                )
                for c in chains
                if c["lr"] != c["top"]
            ],
        ),
    }
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    env = {**os.environ, "CREDIT_AUDIT_JOURNAL": f"/tmp/wbbench-journal-{os.getpid()}.jsonl"}
    apis = {
        mode: _start_api(args.port + i, mode, args.instance, env) for i, mode in enumerate(modes)
    }
    table = Table(title=f"workbench at concurrency {args.concurrency}, {args.seconds:.0f} s each")
    for column in (
        "workload",
        "via",
        "req/s",
        "p50 ms",
        "p95 ms",
        "errors",
        "CPU ms/req (client|API + Neo4j)",
        "CPU ratio",
    ):
        table.add_column(column)
    try:
        for i in range(len(modes)):
            http_load.wait_healthy(f"http://127.0.0.1:{args.port + i}")
        local = settings.local
        auth = ("neo4j", (local.home / "password").read_text().strip())
        for name, (query, variables, work) in workloads.items():
            asyncio.run(_raw(local.uri, auth, "neo4j", work, args.concurrency, args.warmup))
            own, db_raw = _cpu_s(os.getpid()), _cpu_s(neo4j_pid)
            lat, errors = asyncio.run(
                _raw(local.uri, auth, "neo4j", work, args.concurrency, args.seconds)
            )
            own, db_raw = _cpu_s(os.getpid()) - own, _cpu_s(neo4j_pid) - db_raw
            m = max(1, len(lat))
            via_raw = (own + db_raw) / m * 1000
            for i, (mode, api) in enumerate(apis.items()):
                url = f"http://127.0.0.1:{args.port + i}/graphql"
                requests = http_load.encode_requests(url, headers, query, variables)
                asyncio.run(http_load.closed_loop(url, requests, args.concurrency, args.warmup))
                api_cpu, db_cpu = _cpu_s(api.pid), _cpu_s(neo4j_pid)
                load = asyncio.run(
                    http_load.closed_loop(url, requests, args.concurrency, args.seconds)
                )
                api_cpu, db_cpu = _cpu_s(api.pid) - api_cpu, _cpu_s(neo4j_pid) - db_cpu
                n = max(1, len(load.latencies))
                via_api = (api_cpu + db_cpu) / n * 1000
                if load.first_error:
                    console.print(f"{name} ({mode}): first error {load.first_error}")
                table.add_row(
                    name if i == 0 else "", f"GraphQL {mode}", f"{n / args.seconds:.0f}",
                    f"{_pct(load.latencies, 0.5):.1f}", f"{_pct(load.latencies, 0.95):.1f}",
                    str(load.errors), f"{api_cpu / n * 1000:.2f} + {db_cpu / n * 1000:.2f}",
                    f"{via_api / via_raw:.2f}",
                )  # fmt: skip
                console.print(
                    f"{name} ({mode}): median {statistics.median(load.latencies) * 1000:.1f} ms"
                )
            table.add_row(
                "", "raw Cypher", f"{m / args.seconds:.0f}", f"{_pct(lat, 0.5):.1f}",
                f"{_pct(lat, 0.95):.1f}", str(errors),
                f"{own / m * 1000:.2f} + {db_raw / m * 1000:.2f}", "1",
            )  # fmt: skip
    finally:
        for api in apis.values():
            api.terminate()
            api.wait(timeout=30)
    console.print(table)


if __name__ == "__main__":
    main()
