"""Mutation testing of the regulation's rules, with the zh-CN features as the only tests.

    make mutation                         # or: python -m tools.mutation
    python -m tools.mutation 'rules.listing.*'   # one rule module (mutmut name patterns)
    python -m tools.mutation --summary    # re-read the last results, run nothing

mutmut (configured in ``[tool.mutmut]`` of pyproject.toml) copies the project into
``mutants/``, changes one thing at a time in the functions of ``rules/`` (a ``<`` into
``<=``, a constant, a removed argument, ...) and maps each function to the feature
scenarios that call it. ``tools/mutation_runner.py`` then runs, for each mutant, those
scenarios, fastest first, in one pytest session that keeps the graph and the API up
between mutants. A scenario that fails kills the mutant; a mutant that every scenario
lets through shows a rule the features do not pin down.

This script prepares what mutmut cannot: the copy's ``PROJECT_ROOT`` is ``mutants/``, so
the Neo4j jars, the runtime folder and the port are given by environment variables, and
the tests' Neo4j instance is started once and kept for every mutant. All scenarios share
that one database, so mutants run one at a time. Results are kept per mutant in mutmut's
files: a run only runs mutants without a result (functions changed since are reset),
unless patterns name them. It then
prints the share of mutants killed and the survivors, each with the article its
function's docstring names and the change mutmut made, and writes the same with the
full diffs to ``reports/mutation.md``.

Defaults (each overridable by its environment variable): runtime folder
``.runtime/mutation``, Bolt port 7897 (``CREDIT_NEO4J_PORT_TEST``), so that a run never
touches the instances of ``make test`` (7787, and 7797 for ``tests/test_server.py``).
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.mutation_runner import RESTART

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).parent / "mutmut"
#: Bolt port of the test instance during a mutation run, unless CREDIT_NEO4J_PORT_TEST says.
PORT = "7897"
#: A mutant mutmut runs itself while preparing (a function reached by one scenario).
PREPARE_MUTANT = "rules.commitments.x_dishonesty_record__mutmut_1"
#: The one pytest session that runs the planned mutants, in mutants/.
RUNNER_ARGS = ("-q", "-p", "no:cacheprovider", "-p", "no:livingdoc.pytest_plugin",
               "-p", "tools.mutation_runner", "tests/features")  # fmt: skip
#: Seconds a mutant may take beyond its scenarios' time, before the factor of 4.
TIMEOUT_CONSTANT_S = 10.0
#: Statuses that count as the features detecting the mutant (as mutmut's own badge does).
DETECTED = ("killed", "timeout")
#: Statuses that say nothing about the features: excluded from the score.
UNTESTED = ("skipped", "not checked", "check was interrupted by user")


@dataclass(frozen=True)
class Summary:
    """How many mutants ended in which mutmut status."""

    statuses: dict[str, str]

    @property
    def counts(self) -> Counter[str]:
        return Counter(self.statuses.values())

    @property
    def total(self) -> int:
        return len(self.statuses)

    @property
    def tested(self) -> int:
        return self.total - sum(self.counts[s] for s in UNTESTED)

    @property
    def detected(self) -> int:
        return sum(self.counts[s] for s in DETECTED)

    @property
    def score(self) -> float:
        return 100.0 * self.detected / self.tested if self.tested else 0.0

    def grouped(self, name: Callable[[str], str]) -> dict[str, Summary]:
        """The same summary for each group of mutants (a rule module, a function)."""
        groups: dict[str, dict[str, str]] = {}
        for key, status in self.statuses.items():
            groups.setdefault(name(key), {})[key] = status
        return {g: Summary(groups[g]) for g in sorted(groups)}

    @property
    def not_killed(self) -> list[str]:
        """Mutants the features let through: survived, never called, or unclear."""
        skip = (*DETECTED, *UNTESTED)
        return sorted((k for k, s in self.statuses.items() if s not in skip), key=_natural)


def module_of(key: str) -> str:
    """``rules.listing`` for ``rules.listing.x_check_listing__mutmut_3``."""
    return key.partition("__mutmut_")[0].rpartition(".")[0]


def function_of(key: str) -> str:
    """``rules.records.RecordCheck.refuse`` for ``rules.records.xǁRecordCheckǁrefuse__mutmut_1``."""
    module, _, mangled = key.partition("__mutmut_")[0].rpartition(".")
    parts = mangled.split("ǁ")
    return f"{module}.{parts[1]}.{parts[2]}" if len(parts) == 3 else f"{module}.{mangled[2:]}"


def _natural(key: str) -> tuple[str, int]:
    """Sort mutants of one function by number: ..._mutmut_2 before ..._mutmut_10."""
    function, _, number = key.partition("__mutmut_")
    return function, int(number) if number.isdigit() else 0


def environment() -> dict[str, str]:
    """The environment of a run: the copy in mutants/ must find the jars and a runtime
    folder outside itself, and keep the tests' Neo4j running between mutants."""
    env = dict(os.environ)
    env.setdefault("CREDIT_RUNTIME_DIR", str(ROOT / ".runtime" / "mutation"))
    env.setdefault("CREDIT_NEO4J_CACHE", str(ROOT / ".cache" / "neo4j"))
    env.setdefault("CREDIT_NEO4J_PORT_TEST", PORT)
    env["CREDIT_TEST_KEEP_NEO4J"] = "1"
    return env


def start_neo4j() -> bool:
    """Start the tests' Neo4j instance unless it runs (or an external one is given);
    return whether this run started it."""
    if os.environ.get("CREDIT_TEST_NEO4J_URI", "").strip():
        return False
    from core import settings
    from graph import server

    cfg = settings.load("test").local
    if server.status(cfg).reachable:
        return False
    server.start(cfg, print)
    return True


def stop_neo4j() -> None:
    from core import settings
    from graph import server

    server.stop(settings.load("test").local)


def mutmut(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MUTMUT), *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def _cheapest_mutant() -> str:
    """A mutant of the function whose scenarios take least time, from the last mapping."""
    stats_file = ROOT / "mutants" / "mutmut-stats.json"
    if not stats_file.exists():
        return PREPARE_MUTANT
    stats = json.loads(stats_file.read_text("utf-8"))
    duration: dict[str, float] = stats["duration_by_test"]
    tests_of: dict[str, list[str]] = stats["tests_by_mangled_function_name"]
    if not tests_of:
        return PREPARE_MUTANT
    cheapest = min(tests_of, key=lambda f: sum(duration.get(t, 0.0) for t in tests_of[f]))
    return f"{cheapest}__mutmut_1"


def prepare_mutants() -> int:
    """mutmut generates the mutants in mutants/ (results of changed functions are reset)
    and maps each rule function to the scenarios that call it, timing each scenario.

    mutmut insists on running at least one mutant itself, with a pytest session of its
    own: it is given one of the function with the fewest scenarios; ``run_mutants`` runs
    the rest."""
    code = 1
    for name in dict.fromkeys((_cheapest_mutant(), PREPARE_MUTANT)):
        code = subprocess.run(
            [str(MUTMUT), "run", "--max-children", "1", name], cwd=ROOT, check=False
        ).returncode
        if code == 0:
            break
    return code


@dataclass(frozen=True)
class Planned:
    """A mutant to run: the scenarios that reach its function, fastest first."""

    mutant: str
    meta: Path
    tests: list[str]
    limit_s: float


def plan_mutants(patterns: list[str]) -> list[Planned]:
    """Mutants without a result (or those matching ``patterns``, rerun), fastest first."""
    mutants_dir = ROOT / "mutants"
    stats = json.loads((mutants_dir / "mutmut-stats.json").read_text("utf-8"))
    tests_of: dict[str, list[str]] = stats["tests_by_mangled_function_name"]
    duration: dict[str, float] = stats["duration_by_test"]
    planned = []
    for meta in sorted(mutants_dir.glob("rules/**/*.py.meta")):
        codes: dict[str, int | None] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        for key, code in codes.items():
            chosen = any(fnmatch.fnmatch(key, p) for p in patterns)
            if (patterns and not chosen) or (not patterns and code is not None):
                continue
            tests = sorted(tests_of.get(key.partition("__mutmut_")[0], []),
                           key=lambda t: duration.get(t, 0.0))  # fmt: skip
            total = sum(duration.get(t, 0.0) for t in tests)
            planned.append(Planned(key, meta, tests, (total + TIMEOUT_CONSTANT_S) * 4))
    return sorted(planned, key=lambda p: (p.limit_s, p.mutant))


def record_results(planned: list[Planned], results: Path) -> set[str]:
    """Write the runner's results into mutmut's files; return the mutants decided."""
    by_name = {p.mutant: p for p in planned}
    lines = [json.loads(x) for x in results.read_text("utf-8").splitlines() if x.strip()]
    metas: dict[Path, dict[str, Any]] = {}
    for line in lines:
        p = by_name.get(line["mutant"])
        if p is None:
            continue
        meta = metas.setdefault(p.meta, json.loads(p.meta.read_text("utf-8")))
        meta["exit_code_by_key"][p.mutant] = line["exit_code"]
        meta["durations_by_key"][p.mutant] = line["duration"]
    for path, meta in metas.items():
        path.write_text(json.dumps(meta, indent=4), "utf-8")
    return {line["mutant"] for line in lines}


def run_mutants(patterns: list[str]) -> int:
    """Generate, map, then run every planned mutant in as few pytest sessions as possible
    (tools/mutation_runner.py); a session that ends on a timeout is followed by another."""
    code = prepare_mutants()
    if code != 0:
        print(f"mutmut could not prepare the mutants (exit {code})", file=sys.stderr)
        return code
    planned = plan_mutants(patterns)
    print(f"{len(planned)} mutants to run", flush=True)
    runtime = ROOT / "mutants" / ".runner"
    runtime.mkdir(exist_ok=True)
    results = runtime / "results.jsonl"
    results.write_text("", "utf-8")
    left, sessions = planned, 0
    while left:
        sessions += 1
        plan = runtime / "plan.json"
        plan.write_text(json.dumps([{"mutant": p.mutant, "tests": p.tests,
                                     "limit_s": p.limit_s} for p in left]), "utf-8")  # fmt: skip
        env = {**os.environ, "CREDIT_MUTATION_PLAN": str(plan),
               "CREDIT_MUTATION_RESULTS": str(results)}  # fmt: skip
        run = subprocess.run(
            [sys.executable, "-m", "pytest", *RUNNER_ARGS],
            cwd=ROOT / "mutants",
            env=env,
            check=False,
        )
        done = record_results(planned, results)
        remaining = [p for p in left if p.mutant not in done]
        if run.returncode not in (0, RESTART) or len(remaining) == len(left):
            print(f"the mutation session failed (exit {run.returncode})", file=sys.stderr)
            return run.returncode or 1
        left = remaining
    print(f"{len(planned)} mutants run in {sessions} pytest session(s)")
    return 0


def read_results(patterns: list[str]) -> Summary:
    """The status of every mutant (``mutmut results --all true``), or of those matching."""
    done = mutmut("results", "--all", "true")
    if done.returncode != 0:
        raise SystemExit(f"mutmut results failed:\n{done.stderr}")
    statuses: dict[str, str] = {}
    for line in done.stdout.splitlines():
        key, sep, status = line.strip().rpartition(": ")
        if sep and "__mutmut_" in key:
            statuses[key] = status
    if patterns:
        statuses = {
            k: s for k, s in statuses.items() if any(fnmatch.fnmatch(k, p) for p in patterns)
        }
    return Summary(statuses)


def diff_of(key: str) -> str:
    """The unified diff of one mutant against the rule's source (``mutmut show``)."""
    lines = mutmut("show", key).stdout.splitlines()
    return "\n".join(line for line in lines if not line.startswith("# "))


def change_of(diff: str) -> str:
    """The changed lines of a diff on one line: ``old`` → ``new``."""
    old = [ln[1:].strip() for ln in diff.splitlines() if ln.startswith("-") and ln[:3] != "---"]
    new = [ln[1:].strip() for ln in diff.splitlines() if ln.startswith("+") and ln[:3] != "+++"]
    text = f"{' / '.join(old)} → {' / '.join(new) or '(removed)'}"
    return text if len(text) <= 180 else text[:177] + "..."


def article_of(key: str) -> str:
    """The articles named in the docstring of the mutated function (else its module)."""
    module = module_of(key)
    qualified = function_of(key)[len(module) + 1 :].split(".")
    owner, function = (qualified[0], qualified[1]) if len(qualified) == 2 else (None, qualified[0])
    path = ROOT / (module.replace(".", "/") + ".py")
    if not path.exists():
        return "?"
    tree = ast.parse(path.read_text("utf-8"))
    scope: list[ast.stmt] = tree.body
    if owner:
        classes = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == owner]
        scope = classes[0].body if classes else []
    doc = ""
    for node in scope:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == function:
            doc = ast.get_docstring(node) or ""
    numbers: list[str] = []
    for text in (doc, ast.get_docstring(tree) or ""):
        for mention in re.findall(r"Arts?\.\s*([\d(), and]+)", text):
            for n in re.findall(r"\d+", re.sub(r"\(\d+\)", "", mention)):
                if n not in numbers:
                    numbers.append(n)
        if numbers:
            break
    return "Art. " + ", ".join(numbers) if numbers else "—"


def print_summary(summary: Summary, seconds: float | None, target: float) -> dict[str, str]:
    """Print the counts, the score and the survivors; return the survivors' diffs."""
    counts = summary.counts
    print()
    print("Mutation testing of rules/ with the features (tests/features) as the only tests")
    print(f"  total     {summary.total:5d}")
    for status in sorted(counts, key=lambda s: -counts[s]):
        print(f"  {status:<9} {counts[status]:5d}")
    print(
        f"  score     {summary.score:6.1f} %  = (killed + timeout) / {summary.tested} tested"
        f"  (target ≥ {target:g} %{'' if summary.score >= target else ', NOT MET'})"
    )
    if seconds is not None:
        print(f"  run time  {seconds / 60:6.1f} min")
    if counts["not checked"]:
        print(f"  ({counts['not checked']} not checked: the run did not reach them)")
    print("\nBy rule module: detected / tested, score")
    for module, part in summary.grouped(module_of).items():
        score = f"{part.score:6.1f} %" if part.tested else "     —"
        print(f"  {module:<24} {part.detected:4d} / {part.tested:<4d} {score}")
    print("\nFunctions with mutants not killed: not killed / tested [articles]")
    for function, part in summary.grouped(function_of).items():
        if part.not_killed:
            missed, article = len(part.not_killed), article_of(part.not_killed[0])
            print(f"  {function:<48} {missed:3d} / {part.tested:<3d} [{article}]")
    diffs = {key: diff_of(key) for key in summary.not_killed}
    if diffs:
        print(f"\nMutants not killed ({len(diffs)}): status, mutant, article, change")
        for key, diff in diffs.items():
            status = summary.statuses[key]
            print(f"  {status:<9} {key}  [{article_of(key)}]  {change_of(diff)}")
    return diffs


def write_report(
    path: Path, summary: Summary, diffs: dict[str, str], seconds: float | None, target: float
) -> None:
    counts = summary.counts
    lines = [
        "# Mutation testing of the rules",
        "",
        "`make mutation` (tools/mutation.py, mutmut): every function in `rules/` mutated, "
        "the zh-CN features (`tests/features`) as the only tests.",
        "",
        "| status | mutants |",
        "|---|---:|",
        f"| total | {summary.total} |",
        *(f"| {s} | {counts[s]} |" for s in sorted(counts, key=lambda s: -counts[s])),
        "",
        f"Score: **{summary.score:.1f} %** = (killed + timeout) / {summary.tested} tested; "
        f"target ≥ {target:g} %.",
    ]
    if seconds is not None:
        lines.append(f"Run time: {seconds / 60:.1f} min.")
    lines += ["", "| rule module | detected | tested | score |", "|---|---:|---:|---:|"]
    for module, part in summary.grouped(module_of).items():
        score = f"{part.score:.1f} %" if part.tested else "—"
        lines.append(f"| {module} | {part.detected} | {part.tested} | {score} |")
    lines += ["", "| function | articles | not killed | tested |", "|---|---|---:|---:|"]
    for function, part in summary.grouped(function_of).items():
        if part.not_killed:
            article = article_of(part.not_killed[0])
            lines.append(f"| {function} | {article} | {len(part.not_killed)} | {part.tested} |")
    lines += ["", f"## Mutants not killed ({len(diffs)})", ""]
    for key, diff in diffs.items():
        lines += [f"### {key} — {summary.statuses[key]}, {article_of(key)}", "", "```diff", diff]
        lines += ["```", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("patterns", nargs="*", help="mutant name patterns, e.g. 'rules.listing.*'")
    parser.add_argument("--summary", action="store_true", help="only summarize the last run")
    parser.add_argument("--report", default="reports/mutation.md", help="'' for none")
    parser.add_argument("--fail-under", type=float, default=90.0, help="target score, in %%")
    parser.add_argument("--keep-neo4j", action="store_true", help="leave the instance running")
    args = parser.parse_args(argv)
    if not MUTMUT.exists():
        raise SystemExit(f"mutmut is not installed in {MUTMUT.parent}: run make install")

    seconds: float | None = None
    if not args.summary:
        os.environ.update(environment())
        started = start_neo4j()
        began = time.monotonic()
        try:
            code = run_mutants(args.patterns)
        finally:
            if started and not args.keep_neo4j:
                stop_neo4j()
        seconds = time.monotonic() - began
        if code != 0:
            return code

    summary = read_results(args.patterns)
    if not summary.total:
        raise SystemExit("no mutation results: run `make mutation` first")
    diffs = print_summary(summary, seconds, args.fail_under)
    if args.report:
        write_report(ROOT / args.report, summary, diffs, seconds, args.fail_under)
        print(f"\nreport with the diffs: {args.report}")
    return 0 if summary.score >= args.fail_under else 1


if __name__ == "__main__":
    sys.exit(main())
