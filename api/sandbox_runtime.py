"""The audit sandbox as a running thing: its Neo4j instance, seed, journal and API process.

``up`` starts the sandbox's own Neo4j (instance "sandbox"), seeds the city once through
the validated ingest (deterministic), snapshots it, and starts the API in sandbox mode as
a background process on its own port. ``reset`` stops the API, puts the graph back to the
snapshot, sets the journal aside (so it can still be replayed) and starts the API again.
``down`` stops both. Nothing here touches another instance's data, journal or keys.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from api import sandbox_seed
from core.errors import ConfigurationError
from core.settings import Settings
from graph import migrate, server
from graph.connection import session_graph
from seed import load

#: The sandbox city: always the same size and seed, so every reviewer sees the same city.
CITY_SIZE = "small"
CITY_SEED = 2026
_PRODUCTION_ISSUERS = ("credit-platform",)


@dataclass(frozen=True)
class SandboxPaths:
    """Where the sandbox keeps its own files (under ``<runtime>/sandbox``)."""

    root: Path

    @property
    def snapshot(self) -> Path:
        return self.root / "seed-snapshot.json"

    @property
    def pid(self) -> Path:
        return self.root / "api.pid"

    @property
    def log(self) -> Path:
        return self.root / "api.log"

    @property
    def spec(self) -> Path:
        """The living documentation of ``make spec TARGET=sandbox`` (served at /spec)."""
        return self.root / "spec"

    @property
    def journals(self) -> Path:
        """Journals set aside by resets (``credit sandbox replay --journal``)."""
        return self.root / "journals"


@dataclass(frozen=True)
class ResetTimes:
    """Seconds each step of a reset took."""

    api_stop_s: float
    graph_s: float
    api_start_s: float

    @property
    def total_s(self) -> float:
        return self.api_stop_s + self.graph_s + self.api_start_s


def paths(settings: Settings) -> SandboxPaths:
    return SandboxPaths(settings.runtime_dir / "sandbox")


def check_isolated(settings: Settings) -> None:
    """The sandbox runs in sandbox mode with an issuer of its own (never production's)."""
    api = settings.api
    if api.mode != "sandbox":
        raise ConfigurationError(f"the sandbox runs in sandbox mode, not {api.mode!r}")
    if api.issuer in _PRODUCTION_ISSUERS:
        raise ConfigurationError(
            f"the sandbox's token issuer must be its own, not {api.issuer!r}: unset "
            "CREDIT_JWT_ISSUER for the sandbox"
        )


def base_url(settings: Settings) -> str:
    return f"http://{settings.api.host}:{settings.api.port}"


def seed_graph(settings: Settings, say: Callable[[str], None]) -> None:
    """Start the sandbox Neo4j, migrate, seed the city once and keep its snapshot."""
    if settings.external is None:
        server.start(settings.local, say)
    files = paths(settings)
    with session_graph(settings) as graph:
        migrate.apply(graph)
        if files.snapshot.exists():
            return
        load.load_reference(graph)
        n = load.subjects_for(CITY_SIZE)
        summary = load.load_city(graph, n, seed=CITY_SEED, batch_size=settings.ingest_batch_size)
        say(f"sandbox city: {n} subjects, {summary.records} records (seed {CITY_SEED})")
        sandbox_seed.save(sandbox_seed.take(graph, n, CITY_SEED), files.snapshot)


def api_pid(settings: Settings) -> int | None:
    """The sandbox API's pid when its process is alive."""
    try:
        pid = int(paths(settings).pid.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except OSError:
        return None
    return pid


def start_api(settings: Settings, timeout_s: float = 60) -> int:
    """Start the API in sandbox mode in the background; wait until /healthz answers."""
    check_isolated(settings)
    running = api_pid(settings)
    if running is not None:
        return running
    if not server.is_port_free(settings.api.port, settings.api.host):
        raise ConfigurationError(
            f"port {settings.api.port} is in use: stop what listens there or set CREDIT_API_PORT"
        )
    files = paths(settings)
    files.root.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "CREDIT_INSTANCE": "sandbox",
        "CREDIT_MODE": "sandbox",
        "CREDIT_SPEC_DIR": str(files.spec),
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "api.app:create_app",
        "--factory",
        "--host",
        settings.api.host,
        "--port",
        str(settings.api.port),
        "--log-level",
        "warning",
    ]
    with files.log.open("ab") as log:
        proc = subprocess.Popen(
            command, env=env, stdout=log, stderr=log, start_new_session=True, cwd=os.getcwd()
        )
    files.pid.write_text(str(proc.pid))
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            files.pid.unlink(missing_ok=True)
            tail = files.log.read_text(errors="replace").splitlines()[-15:]
            raise ConfigurationError("the sandbox API did not start:\n" + "\n".join(tail))
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base_url(settings)}/healthz", timeout=1).status_code == 200:
                return proc.pid
        time.sleep(0.1)
    stop_api(settings)
    raise ConfigurationError(f"the sandbox API did not answer within {timeout_s:.0f} s")


def stop_api(settings: Settings, timeout_s: float = 20) -> bool:
    """Stop the sandbox API (SIGTERM: its journal is flushed and closed); True if it ran."""
    pid = api_pid(settings)
    if pid is None:
        paths(settings).pid.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, signal.SIGKILL)
    paths(settings).pid.unlink(missing_ok=True)
    return True


def set_journal_aside(settings: Settings) -> Path | None:
    """Move the journal under ``journals/`` (named by the time), so the next API starts a
    new log and the old one can still be explained and replayed."""
    journal = settings.api.audit_journal
    if not journal.exists():
        return None
    target = paths(settings).journals / f"{time.strftime('%Y%m%dT%H%M%S')}-{journal.name}"
    target.parent.mkdir(parents=True, exist_ok=True)
    journal.replace(target)
    return target


def reset(settings: Settings) -> ResetTimes:
    """Back to the seed: API stopped, graph restored from the snapshot, new journal."""
    check_isolated(settings)
    began = time.monotonic()
    was_running = stop_api(settings)
    stopped = time.monotonic()
    try:
        snapshot = sandbox_seed.load(paths(settings).snapshot)
        with session_graph(settings) as graph:
            sandbox_seed.restore(graph, snapshot)
        set_journal_aside(settings)
    finally:
        restored = time.monotonic()
        if was_running:  # back up even when the restore failed: the error says why
            start_api(settings)
    return ResetTimes(stopped - began, restored - stopped, time.monotonic() - restored)


def down(settings: Settings) -> tuple[bool, bool]:
    """Stop the API and the sandbox Neo4j: (API was running, Neo4j was running)."""
    api = stop_api(settings)
    neo4j = server.stop(settings.local) if settings.external is None else False
    return api, neo4j
