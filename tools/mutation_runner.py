"""Runs many mutants in one pytest session: the Neo4j graph, the reference data and the API
are set up once, and each mutant only reruns the scenarios that reach its function.

mutmut's own runner starts a new pytest session per mutant (a fork of a warm process),
so every mutant paid for connecting, wiping and migrating the graph and starting the API
again: about 2 s of each 3 s mutant. mutmut's trampolines read the mutant to call from
``MUTANT_UNDER_TEST`` on every call, and the test API is served by a thread of this
process, so the mutant can be switched between scenario runs instead.

    python -m pytest -p tools.mutation_runner tests/features   # (in mutants/)

``CREDIT_MUTATION_PLAN`` names a JSON file: a list of ``{"mutant": name, "tests": [node
ids, fastest first], "limit_s": seconds}``. One JSON line per mutant is appended to
``CREDIT_MUTATION_RESULTS`` as soon as it is decided: ``{"mutant", "exit_code",
"duration", "test"}`` with mutmut's exit codes (1 killed, 0 survived, 36 timeout, 33 no
tests). The first failing scenario kills a mutant. A mutant that runs past its limit is
recorded as a timeout and the session ends at once (its scenario may be stuck in the API
thread); ``tools/mutation.py`` starts a new session for the mutants left.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType

import pytest
from _pytest.runner import runtestprotocol
from mutmut.mutation.trampoline import set_mutant_under_test

#: Exit codes mutmut's result files use (mutmut.stats.status_by_exit_code).
KILLED, SURVIVED, NO_TESTS, TIMEOUT = 1, 0, 33, 36
#: The session's own exit code after a timeout: the driver starts a new one.
RESTART = 75


class MutantTimeout(BaseException):
    """Raised by the alarm inside whatever the scenario was doing."""


#: Set by the alarm: pytest reports the interrupted scenario as failed, but the mutant
#: did not fail a scenario, it ran too long.
_timed_out = False


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    global _timed_out
    _timed_out = True
    raise MutantTimeout


def _clear_rule_caches() -> None:
    """Cached results of rule functions must not carry one mutant's answers into the next."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("rules.") or module is None:
            continue
        for value in vars(module).values():
            if isinstance(value, functools._lru_cache_wrapper):
                value.cache_clear()


def _run_item(item: pytest.Item, others: list[pytest.Item]) -> bool:
    """Run one scenario with fresh function fixtures; session fixtures are kept. True if
    it passed."""
    # The item after this one decides what is torn down: any other item keeps the
    # session (its chain shares the session node) and ends this item's own fixtures.
    nextitem = next((o for o in others if o is not item), None)
    if hasattr(item, "_initrequest"):
        item._initrequest()
    reports = runtestprotocol(item, nextitem=nextitem, log=False)
    return not any(r.failed for r in reports)


def pytest_runtestloop(session: pytest.Session) -> bool:
    plan = json.loads(Path(os.environ["CREDIT_MUTATION_PLAN"]).read_text())
    results = Path(os.environ["CREDIT_MUTATION_RESULTS"])
    items = {item.nodeid: item for item in session.items}
    every = list(session.items)
    signal.signal(signal.SIGALRM, _on_alarm)
    with results.open("a", encoding="utf-8") as out:

        def record(mutant: str, code: int, started: float, test: str | None) -> None:
            line = {
                "mutant": mutant,
                "exit_code": code,
                "duration": round(time.perf_counter() - started, 3),
                "test": test,
            }
            out.write(json.dumps(line) + "\n")
            out.flush()

        for entry in plan:
            mutant, started = entry["mutant"], time.perf_counter()
            tests = [items[t] for t in entry["tests"] if t in items]
            if not tests:
                record(mutant, NO_TESTS, started, None)
                continue
            set_mutant_under_test(mutant)
            _clear_rule_caches()
            code, culprit = SURVIVED, None
            signal.setitimer(signal.ITIMER_REAL, float(entry["limit_s"]))
            try:
                for item in tests:
                    if not _run_item(item, every):
                        code, culprit = KILLED, item.nodeid
                        break
            except MutantTimeout:
                pass
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if _timed_out:
                record(mutant, TIMEOUT, started, None)
                os._exit(RESTART)
            record(mutant, code, started, culprit)
    set_mutant_under_test("")
    return True
