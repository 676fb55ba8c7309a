"""Resolve, configure, start, stop and report on the project's own Neo4j Community instances.

The platform runs Neo4j without a packaged distribution: Maven resolves the
``org.neo4j:neo4j`` runtime jars once into a cache folder shared by all instances, and
each named instance ("demo", "test", ...) gets its own home folder (configuration, data,
logs, pid file), its own Bolt port and its own generated password. Nothing in this module
is global, so several instances run side by side without touching each other.

Every failure raises :class:`~core.errors.ConfigurationError` (or its subclass
:class:`~core.errors.Neo4jUnavailable`) with a message saying what is wrong and how to
fix it, because the person reading it is usually running ``make up`` on a fresh machine.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

from core.errors import ConfigurationError, Neo4jUnavailable
from core.settings import LocalNeo4j

#: The Maven project whose runtime dependencies are the Neo4j server's class path.
POM_FILE = Path(__file__).resolve().parent / "neo4j_dist" / "pom.xml"

#: Written into the jar folder last, so its presence means a complete resolution.
MARKER_FILE = ".resolved"

#: The oldest Java major version Neo4j 5.26 runs on.
MIN_JAVA = 17

#: The class ``bin/neo4j console`` ends up running for Community Edition.
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"

#: The class behind ``neo4j-admin``; the ``bin/neo4j-admin`` bootloader forks it.
ADMIN_TOOL = "org.neo4j.cli.AdminTool"

#: Module access Neo4j and Netty need on Java 17+ (what the packaged neo4j.conf adds).
JVM_FLAGS: tuple[str, ...] = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)

#: JVM tuning the packaged neo4j.conf applies through ``server.jvm.additional``.
JVM_TUNING: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)

#: Sub-folders of an instance home; every path setting of the instance points into them.
HOME_DIRS: tuple[str, ...] = ("conf", "data", "logs", "run", "import", "plugins")

#: Maven may need a while the first time (about 200 jars); beyond this it is stuck.
MVN_TIMEOUT_S = 1200.0

#: How often a starting instance is probed.
POLL_INTERVAL_S = 0.5

_SIZE = re.compile(r"^[1-9][0-9]*[kKmMgG]?$")
_FRAME = re.compile(r"^\s+(at |\.\.\. \d+ more)")
_JAVA_VERSION = re.compile(r'version\s+"(\d+)(?:\.(\d+))?[^"]*"')


@dataclass(frozen=True)
class ServerStatus:
    """What ``credit neo4j status`` shows about one local instance."""

    name: str
    running: bool
    pid: int | None
    uri: str
    home: Path
    version: str
    reachable: bool


# --------------------------------------------------------------------------- jars


def jar_dir(cfg: LocalNeo4j) -> Path:
    """The class-path folder of ``cfg.version``, shared by every instance using that version."""
    return cfg.cache_dir / cfg.version / "lib"


def ensure_jars(cfg: LocalNeo4j, console_print: Callable[[str], None] | None = None) -> Path:
    """Return the jar folder of ``cfg.version``, resolving it with Maven the first time.

    Maven writes into a temporary sibling folder that is renamed into place only after a
    complete, successful run (with the marker file inside), so an interrupted download
    never leaves a half-filled class path behind and concurrent callers are safe.
    """
    lib = jar_dir(cfg)
    if (lib / MARKER_FILE).is_file():
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ConfigurationError(
            "Maven (mvn) not found: install Maven 3.8+ (Debian: apt-get install maven) "
            "or set NEO4J_URI to use an external Neo4j"
        )
    if not POM_FILE.is_file():
        raise ConfigurationError(
            f"{POM_FILE} is missing: restore it from the repository (git checkout -- "
            "graph/neo4j_dist/pom.xml) or set NEO4J_URI to use an external Neo4j"
        )
    lib.parent.mkdir(parents=True, exist_ok=True)
    _say(
        console_print,
        f"Resolving Neo4j {cfg.version} with Maven into {lib} "
        "(first time only, may take a few minutes)...",
    )
    tmp = Path(tempfile.mkdtemp(prefix=".lib-", dir=lib.parent))
    try:
        _run_maven(mvn, cfg.version, tmp)
        (tmp / MARKER_FILE).write_text(f"org.neo4j:neo4j:{cfg.version}\n", encoding="utf-8")
        _install_dir(tmp, lib)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _say(console_print, f"Neo4j {cfg.version} resolved ({len(list(lib.glob('*.jar')))} jars).")
    return lib


def _run_maven(mvn: str, version: str, out: Path) -> None:
    """Copy the runtime dependencies of Neo4j ``version`` into ``out``, or raise."""
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(POM_FILE),
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={out}",
        f"-Dneo4j.version={version}",
    ]
    hint = (
        "the Maven repository may be unreachable (check the network, or the proxy and "
        "mirror settings in ~/.m2/settings.xml) or the version may not exist (check "
        "CREDIT_NEO4J_VERSION); or set NEO4J_URI to use an external Neo4j"
    )
    try:
        proc = subprocess.run(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            errors="replace",
            timeout=MVN_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        output = exc.output if isinstance(exc.output, str) else ""
        raise Neo4jUnavailable(
            f"Maven did not finish resolving Neo4j {version} within {MVN_TIMEOUT_S:.0f} s: "
            f"{hint}. Last lines of mvn output:\n{_last_lines(output, 20)}"
        ) from exc
    except OSError as exc:
        raise ConfigurationError(
            f"could not run {mvn} ({exc}): reinstall Maven 3.8+ (Debian: apt-get install "
            "maven) or set NEO4J_URI to use an external Neo4j"
        ) from exc
    if proc.returncode != 0:
        raise Neo4jUnavailable(
            f"Maven failed to resolve Neo4j {version} (exit code {proc.returncode}): {hint}. "
            f"Last lines of mvn output:\n{_last_lines(proc.stdout, 20)}"
        )
    if not (out / f"neo4j-{version}.jar").is_file():
        raise Neo4jUnavailable(
            f"Maven finished but neo4j-{version}.jar is not among the resolved jars: check "
            f"{POM_FILE} and CREDIT_NEO4J_VERSION. Last lines of mvn output:\n"
            f"{_last_lines(proc.stdout, 20)}"
        )


def _install_dir(tmp: Path, lib: Path) -> None:
    """Rename the complete ``tmp`` folder to ``lib``, replacing an incomplete ``lib``."""
    try:
        tmp.rename(lib)
        return
    except OSError:
        if (lib / MARKER_FILE).is_file():  # another process finished first: use its copy
            return
    # An incomplete folder from an interrupted run: move it aside, then take its place.
    stale = lib.with_name(f".stale-{os.getpid()}-{secrets.token_hex(4)}")
    with contextlib.suppress(FileNotFoundError):
        lib.rename(stale)
    try:
        tmp.rename(lib)
    except OSError as exc:
        if not (lib / MARKER_FILE).is_file():
            raise ConfigurationError(
                f"could not move the resolved jars into {lib} ({exc}): check that "
                f"{lib.parent} is writable, or set CREDIT_NEO4J_CACHE to a writable folder"
            ) from exc
    finally:
        shutil.rmtree(stale, ignore_errors=True)


# --------------------------------------------------------------------------- java


def parse_java_major(version_output: str) -> int | None:
    """The major version in ``java -version`` output ("1.8.0_392" is 8, "17.0.15" is 17)."""
    match = _JAVA_VERSION.search(version_output)
    if match is None:
        return None
    major = int(match.group(1))
    if major == 1 and match.group(2) is not None:
        return int(match.group(2))
    return major


def java_executable() -> Path:
    """The ``java`` to run: ``$JAVA_HOME/bin/java`` when JAVA_HOME is set, else the PATH one."""
    java_home = os.environ.get("JAVA_HOME", "").strip()
    if java_home:
        java = Path(java_home) / "bin" / "java"
        if not java.is_file():
            raise ConfigurationError(
                f"JAVA_HOME is {java_home} but {java} does not exist: point JAVA_HOME at a "
                "Java 17+ installation (e.g. /usr/lib/jvm/java-17-openjdk-amd64) or unset it"
            )
        return java
    found = shutil.which("java")
    if found is None:
        raise ConfigurationError(
            "Java not found: install OpenJDK 17 (Debian: apt-get install "
            "openjdk-17-jre-headless), or set JAVA_HOME to a Java 17+ installation, or set "
            "NEO4J_URI to use an external Neo4j"
        )
    return Path(found)


def check_java() -> None:
    """Fail early, with a fix, unless a Java 17+ runtime is available to launch Neo4j."""
    java = java_executable()
    try:
        proc = subprocess.run(
            [str(java), "-version"],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigurationError(
            f"could not run {java} -version ({exc}): install OpenJDK 17 (Debian: apt-get "
            "install openjdk-17-jre-headless), or set JAVA_HOME to a Java 17+ installation, "
            "or set NEO4J_URI to use an external Neo4j"
        ) from exc
    output = proc.stderr + proc.stdout
    major = parse_java_major(output)
    if major is None or major < MIN_JAVA:
        first = output.strip().splitlines()[0] if output.strip() else "no version output"
        found = f"Java {major}" if major is not None else "an unknown Java version"
        raise ConfigurationError(
            f"{java} is {found} ({first}) but Neo4j needs Java {MIN_JAVA} or newer: "
            "install OpenJDK 17 (Debian: apt-get install openjdk-17-jre-headless) and put "
            "it first on PATH or set JAVA_HOME to it, or set NEO4J_URI to use an external "
            "Neo4j"
        )


# --------------------------------------------------------------------------- configuration


def config_text(cfg: LocalNeo4j) -> str:
    """The ``neo4j.conf`` of an instance: local Bolt only, auth on, small disk footprint.

    Neo4j 5 validates settings strictly and refuses to start on an unknown one, so only
    settings Neo4j 5.26 knows are written.
    """
    _check_size("heap", f"CREDIT_NEO4J_HEAP={cfg.heap}", cfg.heap)
    _check_size("page cache", f"CREDIT_NEO4J_PAGECACHE={cfg.page_cache}", cfg.page_cache)
    if not 0 < cfg.port < 65536:
        raise ConfigurationError(
            f"port {cfg.port} of instance {cfg.name!r} is not a TCP port: set "
            f"CREDIT_NEO4J_PORT_{cfg.name.upper()} to a number between 1024 and 65535"
        )
    home = cfg.home.resolve()
    address = f"127.0.0.1:{cfg.port}"
    settings = [
        # Every folder inside the instance home, so instances never share files.
        ("server.directories.data", str(home / "data")),
        ("server.directories.logs", str(home / "logs")),
        ("server.directories.run", str(home / "run")),
        ("server.directories.import", str(home / "import")),
        ("server.directories.plugins", str(home / "plugins")),
        # Bolt on the loopback interface only; no HTTP(S) and no cluster routing connector.
        ("server.default_listen_address", "127.0.0.1"),
        ("server.default_advertised_address", "127.0.0.1"),
        ("server.bolt.enabled", "true"),
        ("server.bolt.listen_address", address),
        ("server.bolt.advertised_address", address),
        ("server.http.enabled", "false"),
        ("server.https.enabled", "false"),
        ("dbms.routing.enabled", "false"),
        # Memory: the same heap is also passed to the JVM as -Xms/-Xmx.
        ("server.memory.heap.initial_size", cfg.heap),
        ("server.memory.heap.max_size", cfg.heap),
        ("server.memory.pagecache.size", cfg.page_cache),
        ("dbms.security.auth_enabled", "true"),
        # Keep the disk small: no 256 MiB preallocated log per database, one old log kept.
        ("db.tx_log.rotation.retention_policy", "1 files"),
        ("db.tx_log.rotation.size", "64m"),
        ("db.tx_log.preallocate", "false"),
        ("dbms.usage_report.enabled", "false"),
        # Stop in about a second instead of ten (Netty's default graceful shutdown period).
        ("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0"),
        ("internal.dbms.bolt.netty_server_shutdown_timeout", "2"),
    ]
    header = (
        f"# Generated by graph/server.py for the local instance {cfg.name!r} "
        f"(Neo4j {cfg.version}).\n# Rewritten on every start: change core/settings.py or "
        "the CREDIT_NEO4J_* variables instead.\n"
    )
    return header + "".join(f"{key}={value}\n" for key, value in settings)


def write_config(cfg: LocalNeo4j) -> None:
    """Create the instance home and (re)write its ``conf/neo4j.conf``."""
    text = config_text(cfg)
    try:
        for sub in HOME_DIRS:
            (cfg.home / sub).mkdir(parents=True, exist_ok=True)
        conf = _conf_file(cfg)
        tmp = conf.with_name(conf.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(conf)
    except OSError as exc:
        raise ConfigurationError(
            f"cannot write the Neo4j home {cfg.home} ({exc}): make it writable or set "
            "CREDIT_RUNTIME_DIR to a writable folder"
        ) from exc


def _check_size(what: str, variable: str, value: str) -> None:
    if not _SIZE.match(value):
        raise ConfigurationError(
            f"the Neo4j {what} size {variable!r} is not a size like 512m or 1g: set it to a "
            "whole number followed by k, m or g"
        )


# --------------------------------------------------------------------------- password


def password(cfg: LocalNeo4j) -> str:
    """The password of the instance's ``neo4j`` user, generated at its first start."""
    try:
        value = cfg.password_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise Neo4jUnavailable(
            f"no password file {cfg.password_file}: the local Neo4j instance {cfg.name!r} "
            f"has never been started; run `credit neo4j start --instance {cfg.name}`"
        ) from None
    except OSError as exc:
        raise ConfigurationError(
            f"cannot read {cfg.password_file} ({exc}): fix its permissions (chmod 600, "
            "owned by you)"
        ) from exc
    if not value:
        raise ConfigurationError(
            f"{cfg.password_file} is empty: restore the password, or delete {cfg.home} to "
            "reset the instance (its data is lost)"
        )
    return value


def ensure_password(cfg: LocalNeo4j) -> str:
    """Return the instance password, generating it (mode 0600) if there is none yet.

    A password can only be generated before the first start: afterwards the system
    database holds its hash and a new one would lock us out.
    """
    if cfg.password_file.exists():
        return password(cfg)
    if _system_db_exists(cfg):
        raise ConfigurationError(
            f"the Neo4j instance {cfg.name!r} has data but its password file "
            f"{cfg.password_file} is missing: restore the file, or delete {cfg.home} to reset "
            "the instance (its data is lost)"
        )
    # token_hex, not token_urlsafe: a password starting with "-" is read by neo4j-admin as
    # an option ("Missing required parameter: '<password>'"), one start in 64.
    value = secrets.token_hex(24)
    cfg.password_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(cfg.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value + "\n")
    os.chmod(cfg.password_file, 0o600)
    return value


def set_initial_password(cfg: LocalNeo4j, lib: Path, java: Path, value: str) -> None:
    """Run ``neo4j-admin dbms set-initial-password`` so the first start has our password.

    The admin tool writes ``data/dbms/auth.ini``, which Neo4j imports into its system
    database when it starts for the first time; it is the supported way to avoid the
    default password and its forced change.
    """
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(cfg.home.resolve())
    env["NEO4J_CONF"] = str(_conf_file(cfg).parent.resolve())
    cmd = [
        str(java),
        *JVM_FLAGS,
        "-cp",
        f"{lib}/*",
        ADMIN_TOOL,
        "dbms",
        "set-initial-password",
        value,
    ]
    try:
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            errors="replace",
            env=env,
            cwd=cfg.home,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Neo4jUnavailable(
            f"could not set the initial Neo4j password of {cfg.name!r} ({exc}): check Java "
            f"and the jars in {lib} (delete that folder to resolve them again)"
        ) from exc
    if proc.returncode != 0:
        output = _last_lines(proc.stdout + "\n" + proc.stderr, 20, frames=False)
        raise Neo4jUnavailable(
            f"neo4j-admin dbms set-initial-password failed for {cfg.name!r} (exit code "
            f"{proc.returncode}): check {_conf_file(cfg)}, or delete {cfg.home} to reset the "
            f"instance. Output:\n{output}"
        )


# --------------------------------------------------------------------------- processes


def is_port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether nothing listens on ``host:port`` (a listener on any address counts)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # SO_REUSEADDR ignores connections in TIME_WAIT left by a just-stopped instance.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def pid_file(cfg: LocalNeo4j) -> Path:
    """Where the pid of the instance's JVM is kept while it runs."""
    return cfg.home / "run" / "neo4j.pid"


def launch_command(cfg: LocalNeo4j, lib: Path, java: Path) -> list[str]:
    """The JVM command line of the instance (what ``neo4j console`` would run)."""
    home = cfg.home.resolve()
    return [
        str(java),
        *JVM_FLAGS,
        *JVM_TUNING,
        f"-Xms{cfg.heap}",
        f"-Xmx{cfg.heap}",
        "-cp",
        f"{lib}/*",
        ENTRY_POINT,
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
    ]


def running_pid(cfg: LocalNeo4j) -> int | None:
    """The pid of this instance's live JVM, from the pid file or else the process table.

    A pid is only trusted when its command line is this instance's entry point and home,
    since pids are reused after a crash or a reboot.
    """
    pid = _read_pid(cfg)
    if pid is not None and _is_instance_process(pid, cfg):
        return pid
    return _find_instance_process(cfg)


def start(cfg: LocalNeo4j, console_print: Callable[[str], None] | None = None) -> None:
    """Start the instance and return once it accepts Bolt connections with our password.

    Idempotent: an instance that already runs and answers is left alone. On failure no
    process is left behind and the error carries the last lines of the logs.
    """
    check_java()
    java = java_executable()
    lib = ensure_jars(cfg, console_print)
    try:
        (cfg.home / "run").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            f"cannot create the Neo4j home {cfg.home} ({exc}): make it writable or set "
            "CREDIT_RUNTIME_DIR to a writable folder"
        ) from exc
    with _instance_lock(cfg):
        pid = running_pid(cfg)
        if pid is not None:
            _write_pid(cfg, pid)
            if _reachable(cfg):
                _say(console_print, f"Neo4j {cfg.name!r} already running on {cfg.uri}.")
                return
            _say(console_print, f"Neo4j {cfg.name!r} (pid {pid}) is running: waiting for it.")
            _wait_ready(cfg, pid, None, time.monotonic(), log_offset=0)
            return
        pid_file(cfg).unlink(missing_ok=True)
        if not is_port_free(cfg.port):
            raise ConfigurationError(
                f"port {cfg.port} on 127.0.0.1 is in use by another process: stop it or set "
                f"CREDIT_NEO4J_PORT_{cfg.name.upper()}=<free port>"
            )
        write_config(cfg)
        value = ensure_password(cfg)
        if not _system_db_exists(cfg):
            set_initial_password(cfg, lib, java, value)
        _say(console_print, f"Starting Neo4j {cfg.version} {cfg.name!r} on {cfg.uri}...")
        began = time.monotonic()
        log_offset = _size(_neo4j_log(cfg))
        proc = _launch(cfg, lib, java)
        _write_pid(cfg, proc.pid)
        try:
            _wait_ready(cfg, proc.pid, proc, began, log_offset)
        except KeyboardInterrupt:  # Ctrl-C while waiting: leave no half-started JVM behind
            _terminate(proc.pid, 30)
            pid_file(cfg).unlink(missing_ok=True)
            raise
        # The JVM is our child while this process lives: reap it whenever it exits, so it
        # never lingers as a zombie that still looks alive to stop() and status().
        threading.Thread(target=proc.wait, name=f"neo4j-{cfg.name}-reaper", daemon=True).start()
        _say(
            console_print,
            f"Neo4j {cfg.name!r} ready on {cfg.uri} in {time.monotonic() - began:.1f} s.",
        )


def stop(cfg: LocalNeo4j, timeout_s: float = 60) -> bool:
    """Stop the instance (SIGTERM, then SIGKILL after ``timeout_s``); True if it was running."""
    if not cfg.home.is_dir():
        return False
    with _instance_lock(cfg):
        pid = running_pid(cfg)
        if pid is None:
            pid_file(cfg).unlink(missing_ok=True)
            return False
        _terminate(pid, timeout_s)
        pid_file(cfg).unlink(missing_ok=True)
        return True


def status(cfg: LocalNeo4j) -> ServerStatus:
    """Whether the instance runs (its JVM is alive) and answers Bolt with our password."""
    pid = running_pid(cfg)
    return ServerStatus(
        name=cfg.name,
        running=pid is not None,
        pid=pid,
        uri=cfg.uri,
        home=cfg.home,
        version=cfg.version,
        reachable=pid is not None and _reachable(cfg),
    )


def _launch(cfg: LocalNeo4j, lib: Path, java: Path) -> subprocess.Popen[bytes]:
    """Start the JVM in its own session so it outlives the calling process and terminal."""
    console = cfg.home / "logs" / "console.log"
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(cfg.home.resolve())
    env["NEO4J_CONF"] = str(_conf_file(cfg).parent.resolve())
    try:
        with console.open("wb") as out:
            return subprocess.Popen(
                launch_command(cfg, lib, java),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=cfg.home,
                env=env,
                start_new_session=True,
                close_fds=True,
            )
    except OSError as exc:
        raise Neo4jUnavailable(
            f"could not launch {java} for Neo4j {cfg.name!r} ({exc}): check the Java "
            "installation (JAVA_HOME) or set NEO4J_URI to use an external Neo4j"
        ) from exc


def _wait_ready(
    cfg: LocalNeo4j,
    pid: int,
    proc: subprocess.Popen[bytes] | None,
    began: float,
    log_offset: int,
) -> None:
    """Poll Bolt until it answers; kill the JVM and raise with the logs if it never does."""
    deadline = began + cfg.start_timeout_s
    while True:
        if proc is not None:
            code = proc.poll()
            exited = code is not None
        else:
            code, exited = None, not _pid_alive(pid)
        if exited:
            pid_file(cfg).unlink(missing_ok=True)
            how = f" with exit code {code}" if code is not None else ""
            raise Neo4jUnavailable(
                f"Neo4j {cfg.name!r} exited{how} while starting: see the log lines below "
                f"and {cfg.home / 'logs'} (a setting in {_conf_file(cfg)}, the memory sizes "
                f"CREDIT_NEO4J_HEAP / CREDIT_NEO4J_PAGECACHE, or the port).\n"
                f"{_log_excerpt(cfg, log_offset)}"
            )
        try:
            with GraphDatabase.driver(
                cfg.uri, auth=(cfg.user, password(cfg)), connection_timeout=2.0
            ) as driver:
                driver.verify_connectivity()
            return
        except AuthError as exc:
            _terminate(pid, 30)
            pid_file(cfg).unlink(missing_ok=True)
            raise Neo4jUnavailable(
                f"Neo4j {cfg.name!r} started but refused the password in {cfg.password_file}: "
                f"restore the right password there, or delete {cfg.home} to reset the "
                "instance (its data is lost)"
            ) from exc
        except (ServiceUnavailable, Neo4jError, OSError):
            pass
        if time.monotonic() >= deadline:
            _terminate(pid, 30)
            pid_file(cfg).unlink(missing_ok=True)
            raise Neo4jUnavailable(
                f"Neo4j {cfg.name!r} was not ready on {cfg.uri} after "
                f"{cfg.start_timeout_s:.0f} s and was stopped: see the log lines below; a "
                "slow machine may need a larger CREDIT_NEO4J_START_TIMEOUT.\n"
                f"{_log_excerpt(cfg, log_offset)}"
            )
        time.sleep(POLL_INTERVAL_S)


def _reachable(cfg: LocalNeo4j) -> bool:
    """Whether Bolt answers on the instance's port and accepts our password."""
    if not cfg.password_file.exists():
        return False
    try:
        with GraphDatabase.driver(
            cfg.uri, auth=(cfg.user, password(cfg)), connection_timeout=2.0
        ) as driver:
            driver.verify_connectivity()
    except (ServiceUnavailable, AuthError, Neo4jError, OSError, ConfigurationError):
        return False
    return True


def _terminate(pid: int, timeout_s: float) -> None:
    """SIGTERM ``pid`` (a clean Neo4j shutdown), SIGKILL its session after ``timeout_s``."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            return
        time.sleep(0.2)
    # start_new_session made the JVM a session and group leader: kill the whole group.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


def _pid_alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (reaping it first if it is our exited child)."""
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        state = stat.read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def _cmdline(pid: int) -> list[str] | None:
    """The command line of ``pid`` from /proc, or None where /proc is not available."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def _is_instance_process(pid: int, cfg: LocalNeo4j) -> bool:
    """Whether ``pid`` is alive and is the Neo4j JVM of this instance's home."""
    if not _pid_alive(pid):
        return False
    args = _cmdline(pid)
    if args is None:
        return sys.platform != "linux"  # no /proc to check against: trust the pid file
    return ENTRY_POINT in args and f"--home-dir={cfg.home.resolve()}" in args


def _find_instance_process(cfg: LocalNeo4j) -> int | None:
    """Find the instance's JVM when its pid file is gone (e.g. deleted by hand)."""
    proc_dir = Path("/proc")
    if not proc_dir.is_dir():
        return None
    wanted = f"--home-dir={cfg.home.resolve()}"
    for entry in proc_dir.iterdir():
        if not entry.name.isdigit():
            continue
        args = _cmdline(int(entry.name))
        if args and ENTRY_POINT in args and wanted in args and _pid_alive(int(entry.name)):
            return int(entry.name)
    return None


def _read_pid(cfg: LocalNeo4j) -> int | None:
    try:
        return int(pid_file(cfg).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _write_pid(cfg: LocalNeo4j, pid: int) -> None:
    path = pid_file(cfg)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(f"{pid}\n", encoding="ascii")
    tmp.replace(path)


@contextlib.contextmanager
def _instance_lock(cfg: LocalNeo4j) -> Iterator[None]:
    """Serialise start/stop of one instance across processes (two terminals, make -j)."""
    lock = cfg.home / "run" / "server.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- helpers


def _conf_file(cfg: LocalNeo4j) -> Path:
    return cfg.home / "conf" / "neo4j.conf"


def _neo4j_log(cfg: LocalNeo4j) -> Path:
    return cfg.home / "logs" / "neo4j.log"


def _system_db_exists(cfg: LocalNeo4j) -> bool:
    """Whether the instance has started before (its system database holds the users)."""
    return (cfg.home / "data" / "databases" / "system").is_dir()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _tail(path: Path, lines: int, offset: int = 0) -> str:
    """The last ``lines`` lines of ``path`` written after byte ``offset`` (at most 256 KiB)."""
    try:
        with path.open("rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            fh.seek(max(offset, size - 256 * 1024, 0))
            data = fh.read()
    except OSError:
        return ""
    return _last_lines(data.decode("utf-8", errors="replace"), lines, frames=False)


def _log_excerpt(cfg: LocalNeo4j, log_offset: int) -> str:
    """The fresh end of neo4j.log and of console.log (where JVM crashes and traces land)."""
    parts = []
    neo4j_log = _tail(_neo4j_log(cfg), 30, log_offset)
    if neo4j_log:
        parts.append(f"--- last lines of {_neo4j_log(cfg)}:\n{neo4j_log}")
    console = cfg.home / "logs" / "console.log"
    console_log = _tail(console, 30)
    if console_log:
        parts.append(f"--- last lines of {console}:\n{console_log}")
    return "\n".join(parts) or f"(no log output in {cfg.home / 'logs'})"


def _last_lines(text: str, count: int, *, frames: bool = True) -> str:
    """The last ``count`` non-blank lines; without Java stack frames unless ``frames``.

    The frames of a trace push the message that matters out of a short excerpt, and the
    full trace stays in the log file anyway.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not frames:
        lines = [line for line in lines if not _FRAME.match(line)]
    return "\n".join(lines[-count:])


def _say(console_print: Callable[[str], None] | None, message: str) -> None:
    if console_print is not None:
        console_print(message)
