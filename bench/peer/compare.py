# ruff: noqa: E501  (taken as it is from the shared peer kit; its long lines are its tables)
"""Side by side: the project's GraphQL API against @neo4j/graphql 7 (the peer) on one Neo4j.

    CHECKOUT/.venv/bin/python compare.py --checkout CHECKOUT --uri bolt://HOST:PORT \\
        (--password-file FILE | --password PW | env NEO4J_PASSWORD) [--user neo4j]
        [--concurrency 16] [--rounds 6] [--seconds 4] [--warmup 10]
        [--queries credit_file,list,check] [--variants project,peer,peer-scoped]

CHECKOUT is a project checkout with its virtual environment installed (``make install``);
the Neo4j at --uri holds a seeded city (``credit seed``) and no other API process writes
audit entries to it while this runs. Runs with the checkout's Python (it imports the
project's load generator, ``bench.http_load``, and its token service).

What it does:

1. Starts the project's API as ``bench/read_server.py --mode protected`` runs it
   (production mode, Casbin decisions, field masks and row filters compiled into the
   Cypher, an audit entry fsync'd to the journal before each response; rate limit lifted)
   and the peer (``server.mjs``: @neo4j/graphql 7.6 on @apollo/server 5, one Node process
   with two endpoints: ``/graphql`` with no authorization, ``/graphql-scoped`` with an
   @authorization filter on the JWT's sector claim that mirrors the project's GOV_SHARING
   row filter and field list).
2. Checks that the answers correspond on a sample of subjects and on the list page.
3. Warms every variant, then runs rounds in alternating order (A B C, C B A, ...) with
   the same closed-loop keep-alive generator at a fixed concurrency, and reports per query:
   req/s, p50, p99, errors, Bolt transactions and queries per request, server CPU per
   request, and the project/peer ratios (pooled, and the median of per-round ratios).

Queries: (a) the credit file of one subject, (b) the list page (dishonesty records
across files, first 20, with subject names), (c) the check agencies run most, before a
licence, an award or a subsidy: one applicant's dishonesty records and active listings.

Both servers get the same token (persona housing-user, GOV_SHARING,
ADMINISTRATIVE_LICENSING) and the same subject ids (subjects with dishonesty records, as
in bench/read.py, half persons and half organizations). Default timings take about 4 to 5 minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PEER_DIR = Path(__file__).resolve().parent

# (a) The credit file of one subject: bench/read.py's query, and its peer equivalent.
PROJECT_CREDIT_FILE = """query($t: String!, $n: String!) { creditFile(idType: $t, number: $n, first: 20) {
  subject { name number type kind }
  records { totalCount edges { node { id kind status catalogCode occurredAt
            fields { name value } basis { type number } } } }
  listings { id ground } marks { listingId role } } }"""
PEER_CREDIT_FILE = """query($key: String!) { subjects(where: { key: { eq: $key } }) {
  name number type kind
  recordsConnection(first: 20, sort: [{ node: { occurredAt: DESC } }, { node: { id: ASC } }]) {
    totalCount edges { node { id kind status catalogCode occurredAt
      fields { name value } basis { type number } } } }
  listings(where: { active: { eq: true } }) { id ground }
  marks(where: { active: { eq: true } }) { role listing { id } } } }"""

# (b) A list page: dishonesty records across files, newest first, 20, with the subject's name.
PROJECT_LIST = """{ records(kinds: ["DISHONEST"], first: 20) { totalCount edges { node {
  subject { name } record { id catalogCode occurredAt fields { name value } } } } } }"""
PEER_LIST = """{ recordsConnection(first: 20, where: { kind: { eq: "DISHONEST" } },
  sort: [{ occurredAt: DESC }, { id: ASC }]) { totalCount edges { node {
  id catalogCode occurredAt fields { name value } subject { name } } } } }"""

# (c) The check agencies run most: before a licence, a procurement award or a subsidy
# (Art. 27, 33-36), is the applicant on a dishonesty record or the serious-dishonesty
# list? Its dishonesty records (first 20, newest first) and active listings.
PROJECT_CHECK = """query($t: String!, $n: String!) { creditFile(idType: $t, number: $n,
  kinds: ["DISHONEST"], first: 20) { subject { name }
  records { totalCount edges { node { id catalogCode occurredAt } } }
  listings { id ground } } }"""
PEER_CHECK = """query($key: String!) { subjects(where: { key: { eq: $key } }) { name
  recordsConnection(first: 20, where: { node: { kind: { eq: "DISHONEST" } } },
    sort: [{ node: { occurredAt: DESC } }, { node: { id: ASC } }]) {
    totalCount edges { node { id catalogCode occurredAt } } }
  listings(where: { active: { eq: true } }) { id ground } } }"""

# Subjects with dishonesty records, as in bench/read.py, but half persons and half
# organizations (bench/read.py's ORDER BY number takes persons only: RIC numbers sort first).
SUBJECTS = """
CALL () {
  MATCH (s:Person)-[:HAS_RECORD]->(:Record {kind: 'DISHONEST'})
  WITH DISTINCT s ORDER BY s.number LIMIT $half RETURN s
  UNION
  MATCH (s:Organization)-[:HAS_RECORD]->(:Record {kind: 'DISHONEST'})
  WITH DISTINCT s ORDER BY s.number LIMIT $half RETURN s
}
RETURN s.idType AS t, s.number AS n, s.key AS k ORDER BY k
"""

VARIANTS = ("project", "peer", "peer-scoped")
QUERIES = ("credit_file", "list", "check")


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _wait(url: str, proc: subprocess.Popen[bytes], what: str) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited with {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{what} did not answer at {url}")


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def _post(url: str, headers: dict[str, str], query: str, variables: dict[str, Any]) -> Any:
    body = json.dumps({"query": query, "variables": variables}).encode()
    req = urllib.request.Request(
        url, body, {"content-type": "application/json", **headers}, method="POST"
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        raw = r.read()
    answer = json.loads(raw)
    if answer.get("errors"):
        raise SystemExit(f"{url} answered errors: {json.dumps(answer['errors'])[:500]}")
    return answer["data"], len(raw)


def _listening_pid(port: int) -> int | None:
    """The process listening on a local TCP port (Linux /proc), to read Neo4j's CPU time."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    cols = line.split()
                    if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:
                        inodes.add(cols[9])
        except OSError:
            continue
    if not inodes:
        return None
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return int(pid)
        except OSError:
            continue
    return None


def _cpu_s(pid: int | None) -> float:
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- normalizing answers so that the project's and the peer's can be compared -----------


def _fields(fs: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    return sorted((f["name"], f["value"]) for f in fs)


def _norm_project_file(d: dict[str, Any]) -> dict[str, Any]:
    cf = d["creditFile"]
    return {
        "subject": cf["subject"],
        "total": cf["records"]["totalCount"],
        "records": [
            {
                **{k: n[k] for k in ("id", "kind", "status", "catalogCode", "occurredAt")},
                "fields": _fields(n["fields"]),
                "basis": [n["basis"]] if n["basis"] else [],
            }
            for n in (e["node"] for e in cf["records"]["edges"])
        ],
        "listings": sorted((x["id"], x["ground"]) for x in cf["listings"]),
        "marks": sorted((m["listingId"], m["role"]) for m in cf["marks"]),
    }


def _norm_peer_file(d: dict[str, Any]) -> dict[str, Any] | None:
    if not d["subjects"]:
        return None
    s = d["subjects"][0]
    rc = s["recordsConnection"]
    return {
        "subject": {k: s[k] for k in ("name", "number", "type", "kind")},
        "total": rc["totalCount"],
        "records": [
            {
                **{k: n[k] for k in ("id", "kind", "status", "catalogCode", "occurredAt")},
                "fields": _fields(n["fields"]),
                "basis": n["basis"],
            }
            for n in (e["node"] for e in rc["edges"])
        ],
        "listings": sorted((x["id"], x["ground"]) for x in s["listings"]),
        "marks": sorted((lst["id"], m["role"]) for m in s["marks"] for lst in m["listing"]),
    }


def _norm_project_check(d: dict[str, Any]) -> Any:
    cf = d["creditFile"]
    rows = [
        (n["id"], n["catalogCode"], n["occurredAt"])
        for n in (e["node"] for e in cf["records"]["edges"])
    ]
    return (
        cf["subject"]["name"],
        cf["records"]["totalCount"],
        rows,
        sorted((x["id"], x["ground"]) for x in cf["listings"]),
    )


def _norm_peer_check(d: dict[str, Any]) -> Any:
    if not d["subjects"]:
        return None
    s = d["subjects"][0]
    rc = s["recordsConnection"]
    rows = [(n["id"], n["catalogCode"], n["occurredAt"]) for n in (e["node"] for e in rc["edges"])]
    return (
        s["name"],
        rc["totalCount"],
        rows,
        sorted((x["id"], x["ground"]) for x in s["listings"]),
    )


def _norm_project_list(d: dict[str, Any]) -> dict[str, Any]:
    r = d["records"]
    return {
        "total": r["totalCount"],
        "rows": [
            (
                e["node"]["record"]["id"],
                e["node"]["record"]["catalogCode"],
                e["node"]["record"]["occurredAt"],
                e["node"]["subject"]["name"],
                _fields(e["node"]["record"]["fields"]),
            )
            for e in r["edges"]
        ],
    }


def _norm_peer_list(d: dict[str, Any]) -> dict[str, Any]:
    r = d["recordsConnection"]
    return {
        "total": r["totalCount"],
        "rows": [
            (
                n["id"],
                n["catalogCode"],
                n["occurredAt"],
                n["subject"][0]["name"] if n["subject"] else None,
                _fields(n["fields"]),
            )
            for n in (e["node"] for e in r["edges"])
        ],
    }


def _verify(
    urls: dict[str, str],
    headers: dict[str, str],
    subjects: list[dict[str, str]],
    sample: int,
    variants: list[str],
) -> dict[str, Any]:
    """Ask every variant the same questions and say where the answers differ."""
    out: dict[str, Any] = {"credit_file": {}, "list": {}}
    step = max(len(subjects) // max(sample, 1), 1)
    chosen = subjects[::step][:sample]
    sizes: dict[str, dict[str, list[int]]] = {v: {"credit_file": [], "list": []} for v in variants}
    files: dict[str, list[Any]] = {v: [] for v in variants}
    for s in chosen:
        for v in variants:
            if v == "project":
                data, size = _post(
                    urls[v], headers, PROJECT_CREDIT_FILE, {"t": s["t"], "n": s["n"]}
                )
                files[v].append(_norm_project_file(data))
            else:
                data, size = _post(urls[v], headers, PEER_CREDIT_FILE, {"key": s["k"]})
                files[v].append(_norm_peer_file(data))
            sizes[v]["credit_file"].append(size)
    lists: dict[str, Any] = {}
    for v in variants:
        if v == "project":
            data, size = _post(urls[v], headers, PROJECT_LIST, {})
            lists[v] = _norm_project_list(data)
        else:
            data, size = _post(urls[v], headers, PEER_LIST, {})
            lists[v] = _norm_peer_list(data)
        sizes[v]["list"].append(size)
    checks: dict[str, list[Any]] = {v: [] for v in variants}
    for s in chosen:
        for v in variants:
            if v == "project":
                data, size = _post(urls[v], headers, PROJECT_CHECK, {"t": s["t"], "n": s["n"]})
                checks[v].append(_norm_project_check(data))
            else:
                data, size = _post(urls[v], headers, PEER_CHECK, {"key": s["k"]})
                checks[v].append(_norm_peer_check(data))
    out["check"] = {
        v: {
            "subjects": len(chosen),
            "dishonesty_records": sum(c[1] for c in checks[v] if c),
            "identical_to_project": sum(
                1 for a, b in zip(checks["project"], checks[v], strict=True) if a == b
            )
            if "project" in variants
            else None,
        }
        for v in variants
    }
    for v in variants:
        out["credit_file"][v] = {
            "subjects": len(chosen),
            "records_total": sum(f["total"] for f in files[v] if f),
            "records_on_pages": sum(len(f["records"]) for f in files[v] if f),
            "fields_on_pages": sum(len(r["fields"]) for f in files[v] if f for r in f["records"]),
            "avg_response_bytes": round(statistics.mean(sizes[v]["credit_file"])),
        }
        out["list"][v] = {
            "total": lists[v]["total"],
            "rows": len(lists[v]["rows"]),
            "fields": sum(len(r[4]) for r in lists[v]["rows"]),
            "response_bytes": sizes[v]["list"][0],
        }
    if "project" in variants:
        for v in variants:
            if v == "project":
                continue
            same = sum(1 for a, b in zip(files["project"], files[v], strict=True) if a == b)
            diff_total = sum(
                1
                for a, b in zip(files["project"], files[v], strict=True)
                if b and a["total"] != b["total"]
            )
            diff_fields = sum(
                1
                for a, b in zip(files["project"], files[v], strict=True)
                if b
                and [r["id"] for r in a["records"]] == [r["id"] for r in b["records"]]
                and a["records"] != b["records"]
            )
            first_diff = next(
                (
                    (s["k"], a, b)
                    for s, a, b in zip(chosen, files["project"], files[v], strict=True)
                    if a != b
                ),
                None,
            )
            out["credit_file"][v]["identical_to_project"] = same
            out["credit_file"][v]["subjects_with_other_total"] = diff_total
            out["credit_file"][v]["subjects_same_rows_other_fields"] = diff_fields
            out["credit_file"][v]["first_difference"] = first_diff
            pl, vl = lists["project"], lists[v]
            out["list"][v]["identical_to_project"] = pl == vl
            out["list"][v]["same_row_ids"] = [r[0] for r in pl["rows"]] == [
                r[0] for r in vl["rows"]
            ]
    return out


def _requests(
    urls: dict[str, str], headers: dict[str, str], subjects: list[dict[str, str]], http_load: Any
) -> dict[str, dict[str, list[bytes]]]:
    reqs: dict[str, dict[str, list[bytes]]] = {}
    for v, url in urls.items():
        if v == "project":
            cf = http_load.encode_requests(
                url, headers, PROJECT_CREDIT_FILE, [{"t": s["t"], "n": s["n"]} for s in subjects]
            )
            li = http_load.encode_requests(url, headers, PROJECT_LIST, [{}])
        else:
            cf = http_load.encode_requests(
                url, headers, PEER_CREDIT_FILE, [{"key": s["k"]} for s in subjects]
            )
            li = http_load.encode_requests(url, headers, PEER_LIST, [{}])
        if v == "project":
            ck = http_load.encode_requests(
                url, headers, PROJECT_CHECK, [{"t": s["t"], "n": s["n"]} for s in subjects]
            )
        else:
            ck = http_load.encode_requests(
                url, headers, PEER_CHECK, [{"key": s["k"]} for s in subjects]
            )
        reqs[v] = {"credit_file": cf, "list": li, "check": ck}
    return reqs


def _p(lat: list[float], q: float) -> float:
    s = sorted(lat)
    return s[max(int(len(s) * q) - 1, 0)] if s else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--checkout", required=True, type=Path, help="project checkout (with .venv)"
    )
    parser.add_argument("--uri", required=True, help="Bolt URI of the seeded Neo4j")
    parser.add_argument("--user", default=os.environ.get("NEO4J_USER", "neo4j"))
    parser.add_argument("--password", default=None, help="or --password-file, or NEO4J_PASSWORD")
    parser.add_argument("--password-file", type=Path, default=None)
    parser.add_argument("--database", default=os.environ.get("NEO4J_DATABASE", "neo4j"))
    parser.add_argument("--api-port", type=int, default=8011)
    parser.add_argument("--peer-port", type=int, default=4011)
    parser.add_argument(
        "--instance",
        default="bench",
        help="instance name the project API runs under: names its audit journal "
        "(CHECKOUT/.runtime/audit/<instance>-journal.jsonl)",
    )
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=6, help="0: compare the answers only")
    parser.add_argument("--seconds", type=float, default=4, help="measured seconds per round")
    parser.add_argument(
        "--warmup",
        type=float,
        default=10,
        help="seconds of load per variant and query before round 1",
    )
    parser.add_argument(
        "--subjects", type=int, default=500, help="subject ids to spread the load over"
    )
    parser.add_argument(
        "--verify-sample", type=int, default=100, help="subjects whose answers are compared"
    )
    parser.add_argument("--queries", default=",".join(QUERIES))
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument(
        "--neo4j-pid",
        type=int,
        default=None,
        help="Neo4j's process, for its CPU per request (default: found from a local --uri's port)",
    )
    parser.add_argument("--json", type=Path, default=None, help="write the raw figures here")
    args = parser.parse_args()

    checkout = args.checkout.resolve()
    python = checkout / ".venv" / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{python} is missing: run `make install` in the checkout")
    password = args.password
    if args.password_file is not None:
        password = args.password_file.read_text().strip()
    if password is None:
        password = os.environ.get("NEO4J_PASSWORD", "")
    queries = [q for q in args.queries.split(",") if q]
    variants = [v for v in args.variants.split(",") if v]
    for q in queries:
        if q not in QUERIES:
            raise SystemExit(f"unknown query {q!r} (choose from {', '.join(QUERIES)})")
    for v in variants:
        if v not in VARIANTS:
            raise SystemExit(f"unknown variant {v!r} (choose from {', '.join(VARIANTS)})")

    # The project's modules, from the checkout (load generator, tokens, settings).
    sys.path.insert(0, str(checkout))
    env = {
        **os.environ,
        "NEO4J_URI": args.uri,
        "NEO4J_USER": args.user,
        "NEO4J_PASSWORD": password,
        "NEO4J_DATABASE": args.database,
    }
    os.environ.update(
        {k: env[k] for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")}
    )
    from neo4j import GraphDatabase

    from bench import http_load
    from bench.personas import persona_headers
    from core import settings as settings_module

    settings = settings_module.load(args.instance)
    if args.neo4j_pid is None:
        target = urlsplit(args.uri)
        if target.hostname in ("127.0.0.1", "localhost", "::1"):
            args.neo4j_pid = _listening_pid(target.port or 7687)

    if not (PEER_DIR / "node_modules" / "@neo4j" / "graphql").exists():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is needed to install the peer (npm ci in the peer folder)")
        print("installing the peer's packages (npm ci)...", flush=True)
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PEER_DIR, check=True)
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node (20+) is needed for the peer")

    with GraphDatabase.driver(args.uri, auth=(args.user, password)) as driver:
        records, _, _ = driver.execute_query(
            SUBJECTS, half=max(args.subjects // 2, 1), database_=args.database
        )
        subjects = [{"t": r["t"], "n": r["n"], "k": r["k"]} for r in records]
    if not subjects:
        raise SystemExit("no subject with a dishonesty record: seed the city first (credit seed)")

    headers = persona_headers(settings, "housing-user", "GOV_SHARING", "ADMINISTRATIVE_LICENSING")

    for port in (args.api_port, args.peer_port):
        if not _free(port):
            raise SystemExit(f"port {port} is in use")
    procs: dict[str, subprocess.Popen[bytes]] = {}
    try:
        if "project" in variants:
            procs["project"] = subprocess.Popen(
                [
                    str(python),
                    "-m",
                    "bench.read_server",
                    "--port",
                    str(args.api_port),
                    "--mode",
                    "protected",
                    "--instance",
                    args.instance,
                ],
                cwd=checkout,
                env=env,
            )
        if any(v.startswith("peer") for v in variants):
            procs["peer"] = subprocess.Popen(
                [
                    node,
                    "server.mjs",
                    "--port",
                    str(args.peer_port),
                    "--uri",
                    args.uri,
                    "--user",
                    args.user,
                    "--database",
                    args.database,
                    "--jwt-key",
                    str(settings.api.signing_key),
                    "--issuer",
                    settings.api.issuer,
                    "--audience",
                    settings.api.audience,
                ],
                cwd=PEER_DIR,
                env={**env, "NODE_ENV": "production"},
            )
        api_base = f"http://127.0.0.1:{args.api_port}"
        peer_base = f"http://127.0.0.1:{args.peer_port}"
        if "project" in procs:
            _wait(api_base + "/healthz", procs["project"], "the project API")
        if "peer" in procs:
            _wait(peer_base + "/healthz", procs["peer"], "the peer")
        urls = {
            "project": api_base + "/graphql",
            "peer": peer_base + "/graphql",
            "peer-scoped": peer_base + "/graphql-scoped",
        }
        urls = {v: urls[v] for v in variants}
        pid = {
            "project": procs["project"].pid if "project" in procs else None,
            "peer": procs["peer"].pid if "peer" in procs else None,
            "peer-scoped": procs["peer"].pid if "peer" in procs else None,
        }

        est = args.warmup * len(variants) * len(queries) + args.rounds * len(queries) * len(
            variants
        ) * (1 + args.seconds)
        print(
            f"{len(subjects)} subjects; variants {', '.join(variants)}; queries "
            f"{', '.join(queries)}; concurrency {args.concurrency}; about {est / 60:.1f} min of load; "
            f"Neo4j pid {args.neo4j_pid or 'unknown (no Neo4j CPU figures)'}",
            flush=True,
        )

        check = _verify(urls, headers, subjects, args.verify_sample, variants)
        _print_check(check, variants)
        if args.rounds <= 0:
            return  # --rounds 0: compare the answers only

        reqs = _requests(urls, headers, subjects, http_load)

        def stats_of(v: str) -> dict[str, int]:
            if v == "project":
                c = _get_json(api_base + "/bench-stats")
            else:
                c = _get_json(peer_base + "/bench-stats")["open" if v == "peer" else "scoped"]
            return {k: int(c.get(k, 0)) for k in ("requests", "transactions", "queries")}

        def load(v: str, q: str, seconds: float) -> Any:
            return asyncio.run(
                http_load.closed_loop(urls[v], reqs[v][q], args.concurrency, seconds)
            )

        for q in queries:
            for v in variants:
                r = load(v, q, args.warmup)
                if r.errors:
                    print(f"warm-up {v} {q}: {r.errors} errors, first: {r.first_error}")

        res: dict[str, dict[str, dict[str, Any]]] = {
            q: {
                v: {
                    "lat": [],
                    "s": 0.0,
                    "err": 0,
                    "rounds_p50": [],
                    "rounds_rps": [],
                    "cpu": 0.0,
                    "db_cpu": 0.0,
                    "tx": 0,
                    "queries": 0,
                    "req": 0,
                }
                for v in variants
            }
            for q in queries
        }
        for round_no in range(args.rounds):
            order = variants if round_no % 2 == 0 else list(reversed(variants))
            for q in queries:
                for v in order:
                    load(v, q, 1.0)  # settle: connections, the other variant's queue gone
                    before, cpu0, db0 = stats_of(v), _cpu_s(pid[v]), _cpu_s(args.neo4j_pid)
                    t0 = time.perf_counter()
                    r = load(v, q, args.seconds)
                    # Wall time until the last answer: the workers stop sending at
                    # --seconds but their last requests finish after it, which for a
                    # slow query is a large share of the requests counted.
                    elapsed = time.perf_counter() - t0
                    cpu, db = _cpu_s(pid[v]) - cpu0, _cpu_s(args.neo4j_pid) - db0
                    after = stats_of(v)
                    m = res[q][v]
                    m["lat"] += r.latencies
                    m["s"] += elapsed
                    m["err"] += r.errors
                    m["rounds_p50"].append(
                        statistics.median(r.latencies) if r.latencies else float("nan")
                    )
                    m["rounds_rps"].append(len(r.latencies) / elapsed)
                    m["cpu"] += cpu
                    m["db_cpu"] += db
                    for k, key in (
                        ("tx", "transactions"),
                        ("queries", "queries"),
                        ("req", "requests"),
                    ):
                        m[k] += after[key] - before[key]
                    if r.errors:
                        print(f"  {v} {q}: {r.errors} errors, first: {r.first_error}")
                    print(
                        f"round {round_no + 1} {q:11s} {v:11s} {len(r.latencies) / elapsed:7.1f} req/s "
                        f"p50 {statistics.median(r.latencies) * 1000 if r.latencies else float('nan'):6.1f} ms",
                        flush=True,
                    )
        _report(res, variants, queries, args, check)
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "check": check,
                        "results": {
                            q: {
                                v: {k: val for k, val in m.items() if k != "lat"}
                                | {
                                    "p50": statistics.median(m["lat"]) if m["lat"] else None,
                                    "p99": _p(m["lat"], 0.99),
                                    "n": len(m["lat"]),
                                }
                                for v, m in per.items()
                            }
                            for q, per in res.items()
                        },
                    },
                    indent=2,
                    default=str,
                )
            )
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _print_check(check: dict[str, Any], variants: list[str]) -> None:
    cf, li = check["credit_file"], check["list"]
    print("\nanswers (same token, GOV_SHARING / ADMINISTRATIVE_LICENSING):")
    for v in variants:
        c = cf[v]
        line = (
            f"  credit_file {v:11s}: {c['subjects']} subjects, {c['records_total']} records in "
            f"all, {c['records_on_pages']} on the pages, {c['fields_on_pages']} fields, "
            f"{c['avg_response_bytes']} B/answer"
        )
        if "identical_to_project" in c:
            line += (
                f"; identical to the project's: {c['identical_to_project']}/{c['subjects']}"
                f" (other total: {c['subjects_with_other_total']}, same rows other fields: "
                f"{c['subjects_same_rows_other_fields']})"
            )
        print(line)
    for v in variants:
        c = li[v]
        line = (
            f"  list        {v:11s}: total {c['total']}, {c['rows']} rows, {c['fields']} fields, "
            f"{c['response_bytes']} B"
        )
        if "identical_to_project" in c:
            line += f"; identical to the project's: {c['identical_to_project']} (same row ids: {c['same_row_ids']})"
        print(line)
    for v in variants:
        c = check["check"][v]
        line = f"  check       {v:11s}: {c['subjects']} subjects, {c['dishonesty_records']} dishonesty records"
        if v != "project" and c["identical_to_project"] is not None:
            line += f"; identical to the project's: {c['identical_to_project']}/{c['subjects']}"
        print(line)
    for v in variants:
        diff = cf[v].get("first_difference")
        if diff:
            key, a, b = diff
            print(f"  first credit_file difference, {v} vs project, subject {key}:")
            print(
                f"    project: total {a['total']}, records {[(r['id'], r['catalogCode']) for r in a['records']][:4]}"
            )
            if b:
                print(
                    f"    {v}: total {b['total']}, records {[(r['id'], r['catalogCode']) for r in b['records']][:4]}"
                )
    print()


def _report(
    res: dict[str, Any],
    variants: list[str],
    queries: list[str],
    args: argparse.Namespace,
    check: dict[str, Any],
) -> None:
    print(
        f"\nconcurrency {args.concurrency}, {args.rounds} rounds x {args.seconds:g} s per variant and query"
    )
    head = (
        f"{'query':11s} {'variant':11s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s} {'errors':>6s} "
        f"{'tx/req':>7s} {'bolt q/req':>10s} {'srv CPU ms/req':>14s}"
    )
    if args.neo4j_pid:
        head += f" {'Neo4j CPU ms/req':>16s}"
    print(head)
    for q in queries:
        for v in variants:
            m = res[q][v]
            n = max(len(m["lat"]), 1)
            req = max(m["req"], 1)
            line = (
                f"{q:11s} {v:11s} {len(m['lat']) / m['s']:8.1f} {statistics.median(m['lat']) * 1000:8.2f} "
                f"{_p(m['lat'], 0.99) * 1000:8.2f} {m['err']:6d} {m['tx'] / req:7.2f} "
                f"{m['queries'] / req:10.2f} {m['cpu'] * 1000 / n:14.2f}"
            )
            if args.neo4j_pid:
                line += f" {m['db_cpu'] * 1000 / n:16.2f}"
            print(line)
    if "project" not in variants:
        return
    print(
        "\nproject / peer (latency > 1: the project is slower; req/s < 1: the project serves less)"
    )
    for q in queries:
        p = res[q]["project"]
        for v in variants:
            if v == "project":
                continue
            o = res[q][v]
            rps = (len(p["lat"]) / p["s"]) / (len(o["lat"]) / o["s"])
            p50 = statistics.median(p["lat"]) / statistics.median(o["lat"])
            p99 = _p(p["lat"], 0.99) / _p(o["lat"], 0.99)
            r50 = [a / b for a, b in zip(p["rounds_p50"], o["rounds_p50"], strict=True)]
            rrps = [a / b for a, b in zip(p["rounds_rps"], o["rounds_rps"], strict=True)]
            print(
                f"  {q:11s} vs {v:11s}: req/s x{rps:.2f}, p50 x{p50:.2f}, p99 x{p99:.2f}; "
                f"median of {len(r50)} per-round ratios: p50 x{statistics.median(r50):.2f}, "
                f"req/s x{statistics.median(rrps):.2f}"
            )
            print(f"  {'':11s}    per-round p50 ratios: {', '.join(f'{x:.2f}' for x in r50)}")


if __name__ == "__main__":
    main()
