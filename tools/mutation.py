"""Mutation testing of the regulation's rules, with the zh-CN features as the only tests.

    make mutation                         # or: python -m tools.mutation
    python -m tools.mutation 'rules.listing.*'   # one rule module (mutmut name patterns)
    python -m tools.mutation --summary    # re-read the last results, run nothing

mutmut (configured in ``[tool.mutmut]`` of pyproject.toml) copies the project into
``mutants/``, changes one thing at a time in the functions of ``rules/`` (a ``<`` into
``<=``, a constant, a removed argument, ...) and, for each such mutant, runs the feature
scenarios that called the mutated function. A scenario that fails kills the mutant; a
mutant that every scenario lets through shows a rule the features do not pin down.

This script prepares what mutmut cannot: the copy's ``PROJECT_ROOT`` is ``mutants/``, so
the Neo4j jars, the runtime folder and the port are given by environment variables, and
the tests' Neo4j instance is started once and kept for every mutant instead of per
mutant. All scenarios share that one database, so mutants run one at a time. It then
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
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).parent / "mutmut"
#: Bolt port of the test instance during a mutation run, unless CREDIT_NEO4J_PORT_TEST says.
PORT = "7897"
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
            # One worker: every scenario wipes and fills the same test database.
            run = subprocess.run(
                [str(MUTMUT), "run", "--max-children", "1", *args.patterns], cwd=ROOT, check=False
            )
        finally:
            if started and not args.keep_neo4j:
                stop_neo4j()
        seconds = time.monotonic() - began
        if run.returncode != 0:
            print(f"mutmut run failed (exit {run.returncode})", file=sys.stderr)
            return run.returncode

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
