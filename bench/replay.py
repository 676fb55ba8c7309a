"""What-if replay of recorded accesses under a changed policy, in entries per second.

    python -m bench.replay [--entries 100000] [--rounds 3] [--seed 2026]

Builds ``--entries`` audit entries as the sandbox writes them (canonical JSON bodies with
their decision trace, for the personas, channels and purposes the policy knows, reads
and operations mixed), then times the replay from the bodies — JSON parsing, the
accesses, both decisions per resource, grouping — under a proposed policy that changes
and breaks lines (Art. 20, 23), and reports the median entries per second. The violation
scan of the proposed policy's whole decision space is timed apart (it does not grow with
the log). No Neo4j is needed: reading the log from the graph is the audit store's cost.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from api.personas import PERSONAS
from api.policy import POLICY_DIR, PolicyEngine
from api.sandbox_trace import entry_decisions
from audit.policy_violations import policy_violations
from audit.replay import READ_RESOURCES, accesses_of, engine_for, replay

console = Console()
#: Persona, channel, purpose of the recorded accesses (all declarations the API accepts).
DECLARATIONS = (
    ("tax-authority", "BY_AUTHORITY", "SUPERVISION"),
    ("market-authority", "GOV_SHARING", "ADMINISTRATIVE_LICENSING"),
    ("housing-user", "GOV_SHARING", "PUBLIC_PROCUREMENT"),
    ("operator", "BY_AUTHORITY", "OBJECTION_HANDLING"),
    ("subject", "SELF", "SELF_CHECK"),
    ("bank", "AUTHORIZED", "LENDING"),
    ("credit-agency", "AUTHORIZED", "CREDIT_SERVICE"),
    ("coordinator", "GOV_SHARING", "CREDIT_EVALUATION"),
)
OPERATIONS = ("op:fileObjection", "op:creditReport", "op:decideObjection", "op:applyForRepair")


def entries(count: int, seed: int, engine: PolicyEngine) -> list[tuple[str, str]]:
    """``count`` recorded accesses as ``(at, canonical body)``: 80 % reads (a public one in
    four), 20 % operations."""
    rng = random.Random(seed)
    made: list[tuple[str, str]] = []
    for i in range(count):
        if rng.random() < 0.2:
            persona, channel, purpose = rng.choice(DECLARATIONS)
            resources: tuple[str, ...] = (rng.choice(OPERATIONS),)
        elif rng.random() < 0.25:
            persona, channel, purpose = "public", "PUBLIC", "NONE"
            resources = READ_RESOURCES
        else:
            persona, channel, purpose = rng.choice(DECLARATIONS)
            resources = READ_RESOURCES
        role = "PUBLIC" if persona == "public" else PERSONAS[persona].role
        decided = [engine.decide(role, channel, purpose, r) for r in resources]
        body = {
            "requestId": f"{i:032x}",
            "actor": f"{persona}-bench",
            "role": role,
            "channel": channel,
            "purpose": purpose,
            "outcome": "ok",
            "trace": entry_decisions(decided),
            "decisions": sorted({d.line for d in decided}),
            "policy": engine.digest,
        }
        made.append(("2026-12-01T00:00:00Z", json.dumps(body, sort_keys=True)))
    return made


def _proposed(folder: Path) -> PolicyEngine:
    """The policy in force with two lines broken (Art. 20, 23) and one lost (Art. 23)."""
    text = (POLICY_DIR / "credit_policy.csv").read_text("utf-8")
    text = text.replace(
        "p, *, BY_AUTHORITY, *, field:TAX_AMOUNT, deny, 20",
        "p, *, BY_AUTHORITY, *, field:TAX_AMOUNT, allow, 24",
    ).replace("p, *, PUBLIC, NONE, record:POSITIVE, allow, 23\n", "")
    text += "\n# proposal (Art. 23)\np, *, PUBLIC, NONE, field:NAME, allow, 23\n"
    (folder / "credit_policy.csv").write_text(text, "utf-8")
    (folder / "credit_model.conf").write_text((POLICY_DIR / "credit_model.conf").read_text())
    return engine_for(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    baseline = PolicyEngine()
    log = entries(args.entries, args.seed, baseline)
    rates: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.rounds):
            # Fresh engines each round: their decision caches start empty, as in the CLI.
            base, proposed = PolicyEngine(), _proposed(Path(folder))
            began = time.perf_counter()
            parsed = ((at, json.loads(body)) for at, body in log)
            report = replay(accesses_of(parsed, base), base, proposed)
            rates.append(len(log) / (time.perf_counter() - began))
        began = time.perf_counter()
        violations = policy_violations(_proposed(Path(folder)))
        scan = time.perf_counter() - began
    table = Table("measure", "value", title=f"replay of {len(log):,} recorded accesses")
    table.add_row("entries per second (median)", f"{statistics.median(rates):,.0f}")
    table.add_row("rounds", ", ".join(f"{r:,.0f}" for r in rates))
    table.add_row("decisions re-taken per round", f"{report.decisions:,}")
    table.add_row(
        "changes / accesses affected", f"{len(report.changes)} / {report.changed_accesses:,}"
    )
    table.add_row("violation scan of the proposed policy", f"{scan:.2f} s, {len(violations)} found")
    console.print(table)


if __name__ == "__main__":
    main()
