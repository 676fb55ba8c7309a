"""Subject-profile reads over HTTP under concurrency, with policy and audit on and off.

    python -m bench.read [--concurrency 16] [--seconds 3] [--rounds 12]

Starts four API processes on the "bench" Neo4j instance (loading the small city if it
is empty): one as in production (decisions, masks, audit entry committed to the journal
before each response), one the same with the graph as the audit commit point
(CREDIT_AUDIT_MODE=graph), one with the policy but no audit, and one with the same schema,
resolvers and Cypher but neither. The load comes from a lean HTTP client
(``bench.http_load``), so that the client takes little of the two cores it shares with
the servers. The report gives:

- at saturation (closed loop, ``--concurrency`` workers): throughput, p50 and p99 for each
  mode in short alternating rounds, the p50 overhead (target ≤ 10 %) as the median of the
  per-round ratios, and the CPU the API process and Neo4j spend per request (from /proc,
  so not moved by waiting);
- a side-by-side phase, where protected and unprotected are loaded at the same moment;
- at a steady arrival rate below saturation (open loop, half the unprotected throughput
  by default): p50 and its overhead, the latency one request takes as users see it;
- Neo4j queries and transactions per request (target: one read per root field, plus the
  audit append), and how many entries each fsync round and each graph copy carries.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from bench import http_load
from bench.http_load import LoadResult
from bench.personas import persona_headers
from core import settings as settings_module
from graph import migrate, server
from graph.connection import connect
from seed.load import load_city, load_reference

console = Console()
QUERY = """query($t: String!, $n: String!) { creditFile(idType: $t, number: $n, first: 20) {
  subject { name number type kind }
  records { totalCount edges { node { id kind status catalogCode occurredAt
            fields { name value } basis { type number } } } }
  listings { id ground } marks { listingId role } } }"""
SUBJECTS = """
MATCH (s:Subject)-[:HAS_RECORD]->(r:Record {kind: 'DISHONEST'})
RETURN DISTINCT s.idType AS t, s.number AS n ORDER BY n LIMIT 500
"""


def _load(url: str, requests: list[bytes], concurrency: int, seconds: float) -> LoadResult:
    result = asyncio.run(http_load.closed_loop(url, requests, concurrency, seconds))
    if result.first_error:
        console.print(f"first error: {result.first_error}")
    return result


def _cpu_s(pid: int | None) -> float:
    """User + system CPU seconds a process (all its threads) has used so far."""
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _side_by_side(
    urls: dict[str, str], requests: dict[str, list[bytes]], concurrency: int, seconds: float
) -> dict[str, list[float]]:
    """Load every API at once, ``concurrency`` workers each, for ``seconds``: the modes
    share every moment of the machine, so a burst of steal or GC moves all of them."""
    loads = await asyncio.gather(
        *(http_load.closed_loop(url, requests[m], concurrency, seconds) for m, url in urls.items())
    )
    return {mode: load.latencies for mode, load in zip(urls, loads, strict=True)}


def _ratios(measured: list[float], baseline: list[float]) -> list[float]:
    """Each round's overhead: its p50 over the baseline's p50 of the same round, minus 1."""
    return [m / b - 1 for m, b in zip(measured, baseline, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=3, help="measured seconds per round")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument(
        "--side-seconds",
        type=float,
        default=20,
        help="seconds of the side-by-side phase (protected and unprotected at once)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=10,
        # A Neo4j JVM started by the bench compiles its write paths (the audit copy) late:
        # with 3 s, the first run after a start measured +35 % for what later runs put
        # at +4 to +18 %.
        help="seconds of load per mode before round 1",
    )
    parser.add_argument(
        "--cold-warmup",
        type=float,
        default=45,
        help="seconds of warm-up per mode when this run starts Neo4j itself",
    )
    parser.add_argument(
        "--modes",
        default="protected,policy-only,unprotected",
        help="comma-separated modes to compare (protected and unprotected always run); "
        "protected-graph is a second sequencer on the same log, so the journal process "
        "re-places its pending entries after each of its rounds: compare it in its own run",
    )
    parser.add_argument(
        "--open-load",
        type=float,
        default=0.5,
        help="steady-rate phase: arrival rate as a share of unprotected throughput",
    )
    parser.add_argument(
        "--open-rate", type=float, default=0.0, help="steady-rate phase: requests/s (fixed)"
    )
    parser.add_argument("--open-rounds", type=int, default=8)
    parser.add_argument("--open-seconds", type=float, default=4)
    parser.add_argument("--instance", default="bench", help="local Neo4j instance to use")
    args = parser.parse_args()
    settings = settings_module.load(args.instance)
    # A Neo4j JVM this run starts compiles its read and write paths during the first
    # minute of load: with a short warm-up, its CPU per request was twice the warm
    # figure for the first rounds, and more so for the audit copy (writes).
    cold = not settings.external and server.running_pid(settings.local) is None
    warmup = max(args.warmup, args.cold_warmup) if cold else args.warmup
    graph = connect(settings, start_local=True)
    migrate.apply(graph)
    load_reference(graph)
    subjects = [{"t": r["t"], "n": r["n"]} for r in graph.run(SUBJECTS)]
    if not subjects:
        load_city(graph, 1000)
        subjects = [{"t": r["t"], "n": r["n"]} for r in graph.run(SUBJECTS)]
    graph.close()
    neo4j_pid = None if settings.external else server.running_pid(settings.local)
    headers = persona_headers(settings, "housing-user", "GOV_SHARING", "ADMINISTRATIVE_LICENSING")
    all_ports = {
        "protected": 8701,
        "protected-graph": 8704,
        "policy-only": 8703,
        "unprotected": 8702,
    }
    chosen = {"protected", "unprotected", *args.modes.split(",")}
    ports = {mode: port for mode, port in all_ports.items() if mode in chosen}
    procs = {
        mode: subprocess.Popen(
            [sys.executable, "-m", "bench.read_server", "--port", str(port), "--mode", mode]
        )
        for mode, port in ports.items()
    }
    results: dict[str, dict[str, Any]] = {
        m: {"lat": [], "s": 0.0, "err": 0, "rounds": [], "api_cpu": 0.0, "db_cpu": 0.0}
        for m in ports
    }
    bases = {mode: f"http://127.0.0.1:{port}" for mode, port in ports.items()}
    urls = {mode: f"{base}/graphql" for mode, base in bases.items()}
    requests = {
        mode: http_load.encode_requests(url, headers, QUERY, subjects) for mode, url in urls.items()
    }
    opened: dict[str, list[float]] = {m: [] for m in ("protected", "unprotected")}
    open_rounds: dict[str, list[float]] = {m: [] for m in opened}
    try:
        for mode, url in urls.items():
            http_load.wait_healthy(bases[mode])
            # Query plans, page cache and the interpreter warmed before anything counts.
            _load(url, requests[mode], args.concurrency, warmup)
        for round_no in range(args.rounds):
            order = list(ports) if round_no % 2 == 0 else list(reversed(ports))
            for mode in order:
                url = urls[mode]
                _load(url, requests[mode], args.concurrency, 1.0)  # warm-up
                api_cpu, db_cpu = _cpu_s(procs[mode].pid), _cpu_s(neo4j_pid)
                load = _load(url, requests[mode], args.concurrency, args.seconds)
                lat = load.latencies
                # CPU time counts each process's own work and none of its waiting: it
                # shows where the protected mode's cost lies, apart from queueing.
                api_cpu = _cpu_s(procs[mode].pid) - api_cpu
                db_cpu = _cpu_s(neo4j_pid) - db_cpu
                results[mode]["api_cpu"] += api_cpu
                results[mode]["db_cpu"] += db_cpu
                results[mode]["lat"] += lat
                results[mode]["rounds"].append(statistics.median(lat))
                results[mode]["s"] += args.seconds
                results[mode]["err"] += load.errors
                console.print(
                    f"round {round_no + 1} {mode:11s} {len(lat) / args.seconds:7.1f} "
                    f"req/s p50 {statistics.median(lat) * 1000:6.1f} ms, CPU ms/req API "
                    f"{api_cpu * 1000 / max(len(lat), 1):.2f} Neo4j "
                    f"{db_cpu * 1000 / max(len(lat), 1):.2f}"
                )
        # Side by side: protected and unprotected loaded at the same time, half the workers
        # each. Each API process gets its share of the CPU, so the one that needs more per
        # request answers more slowly; Neo4j's share of the audit copy slows both alike,
        # which this view does not charge to the protected side (the rounds above do).
        side_urls = {m: urls[m] for m in ("protected", "unprotected")}
        side = asyncio.run(
            _side_by_side(side_urls, requests, max(args.concurrency // 2, 1), args.side_seconds)
        )
        # A steady arrival rate below saturation: the latency one request takes as users
        # see it at that load, rather than the queue of a saturated machine.
        unprotected_rate = len(results["unprotected"]["lat"]) / results["unprotected"]["s"]
        rate = args.open_rate or round(unprotected_rate * args.open_load, 1)
        for round_no in range(args.open_rounds):
            order = list(opened) if round_no % 2 == 0 else list(reversed(opened))
            for mode in order:
                load = asyncio.run(
                    http_load.open_loop(urls[mode], requests[mode], rate, args.open_seconds)
                )
                opened[mode] += load.latencies
                open_rounds[mode].append(statistics.median(load.latencies))
                results[mode]["err"] += load.errors
        all_counts = {m: httpx.get(f"{base}/bench-stats").json() for m, base in bases.items()}
    finally:
        for proc in procs.values():
            proc.terminate()
            proc.wait(timeout=10)

    table = Table(
        title=f"creditFile over HTTP, concurrency {args.concurrency}, {len(subjects)} subjects"
    )
    for col in (
        "mode",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "queries/req",
        "tx/req",
        "API CPU ms/req",
        "Neo4j CPU ms/req",
    ):
        table.add_column(col, justify="right")
    p50: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for mode, r in results.items():
        lat = sorted(r["lat"])
        p50[mode] = statistics.median(lat)
        c = all_counts[mode]
        table.add_row(
            mode,
            f"{len(lat) / r['s']:.1f}",
            f"{p50[mode] * 1000:.1f}",
            f"{lat[int(len(lat) * 0.99) - 1] * 1000:.1f}",
            str(r["err"]),
            f"{c['queries'] / max(c['requests'], 1):.2f}",
            f"{c['transactions'] / max(c['requests'], 1):.2f}",
            f"{r['api_cpu'] * 1000 / max(len(lat), 1):.2f}",
            f"{r['db_cpu'] * 1000 / max(len(lat), 1):.2f}",
        )
        cpu[mode] = (r["api_cpu"] + r["db_cpu"]) / max(len(lat), 1)
    console.print(table)
    # Rounds of the modes run back to back (in alternating order), so each round's ratio
    # shares the machine's state at that moment: steal time on a shared VM and Neo4j's
    # own background work come in bursts that move one round by ±20 % or more. The
    # median of the per-round ratios is the figure least moved by a disturbed round;
    # the ratio of the pooled p50s is given beside it.
    paired = {
        mode: _ratios(results[mode]["rounds"], results["unprotected"]["rounds"])
        for mode in results
        if mode != "unprotected"
    }
    overhead = statistics.median(paired["protected"])
    pooled = p50["protected"] / p50["unprotected"] - 1
    console.print(
        f"policy + audit overhead at p50: {overhead * 100:+.1f} % (median of "
        f"{len(paired['protected'])} paired rounds; pooled p50s {pooled * 100:+.1f} %; "
        "target ≤ 10 %; audit journal, the default)"
    )
    console.print(
        f"per-round overheads: {', '.join(f'{r * 100:+.1f}' for r in paired['protected'])} %"
    )
    side_p50 = {m: statistics.median(lat) for m, lat in side.items()}
    console.print(
        f"side by side ({args.side_seconds:.0f} s, both loaded at once, "
        f"{max(args.concurrency // 2, 1)} workers each): protected p50 "
        f"{side_p50['protected'] * 1000:.1f} ms ({len(side['protected'])} requests), "
        f"unprotected {side_p50['unprotected'] * 1000:.1f} ms "
        f"({len(side['unprotected'])}): "
        f"{(side_p50['protected'] / side_p50['unprotected'] - 1) * 100:+.1f} %"
    )
    console.print(
        f"CPU per request (API process + Neo4j): "
        f"{(cpu['protected'] / cpu['unprotected'] - 1) * 100:+.1f} % with policy + audit"
    )
    open_paired = _ratios(open_rounds["protected"], open_rounds["unprotected"])
    if open_paired:
        open_p50 = {m: statistics.median(lat) for m, lat in opened.items()}
        console.print(
            f"steady {rate:.0f} req/s ({args.open_rounds} rounds of {args.open_seconds:.0f} s "
            f"per mode): p50 protected {open_p50['protected'] * 1000:.1f} ms, unprotected "
            f"{open_p50['unprotected'] * 1000:.1f} ms: policy + audit overhead at p50 "
            f"{statistics.median(open_paired) * 100:+.1f} % (median of paired rounds; pooled "
            f"{(open_p50['protected'] / open_p50['unprotected'] - 1) * 100:+.1f} %)"
        )
    journal = all_counts["protected"]
    if journal.get("syncs"):
        console.print(
            f"audit journal: {journal['entries']} entries, "
            f"{journal['entries'] / journal['syncs']:.1f} per fsync round, "
            f"{journal['entries'] / max(journal['copies'], 1):.0f} per graph copy"
        )
    for mode, label in (
        ("protected-graph", "graph as commit point"),
        ("policy-only", "policy alone"),
    ):
        if mode in p50:
            console.print(
                f"{label}: {statistics.median(paired[mode]) * 100:+.1f} % (median of paired "
                f"rounds; pooled p50s {(p50[mode] / p50['unprotected'] - 1) * 100:+.1f} %)"
            )


if __name__ == "__main__":
    main()
