"""Tests of graph.server: configuration, jars, Java, password, ports and a real start/stop.

The unit tests use fake ``mvn`` and ``java`` scripts so they run in milliseconds; the one
integration test resolves the real jars (cached) and starts a real Neo4j on port 7797.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from core.errors import ConfigurationError, Neo4jUnavailable
from core.settings import PROJECT_ROOT, LocalNeo4j
from graph import server


def make_cfg(tmp_path: Path, name: str = "srvunit", port: int = 7799, **kw: object) -> LocalNeo4j:
    values: dict[str, object] = {
        "name": name,
        "port": port,
        "home": tmp_path / "home" / name,
        "cache_dir": tmp_path / "cache",
        "version": "5.26.30",
        "heap": "512m",
        "page_cache": "128m",
        "start_timeout_s": 60.0,
    }
    values.update(kw)
    return LocalNeo4j(**values)  # type: ignore[arg-type]


def write_script(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def listening_socket() -> Iterator[int]:
    """A port something listens on (on all interfaces, like a foreign server would)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("0.0.0.0", 0))
    sock.listen()
    try:
        yield int(sock.getsockname()[1])
    finally:
        sock.close()


# --------------------------------------------------------------------------- configuration


def test_jar_dir_is_per_version_under_the_cache(tmp_path: Path) -> None:
    cfg = make_cfg(tmp_path)
    assert server.jar_dir(cfg) == tmp_path / "cache" / "5.26.30" / "lib"


def test_config_has_local_bolt_auth_and_memory(tmp_path: Path) -> None:
    cfg = make_cfg(tmp_path, port=7799, heap="1g", page_cache="256m")
    settings = dict(
        line.split("=", 1)
        for line in server.config_text(cfg).splitlines()
        if line and not line.startswith("#")
    )
    home = cfg.home.resolve()
    assert settings["server.bolt.enabled"] == "true"
    assert settings["server.bolt.listen_address"] == "127.0.0.1:7799"
    assert settings["server.default_listen_address"] == "127.0.0.1"
    assert settings["server.http.enabled"] == "false"
    assert settings["server.https.enabled"] == "false"
    assert settings["dbms.routing.enabled"] == "false"
    assert settings["server.memory.heap.initial_size"] == "1g"
    assert settings["server.memory.heap.max_size"] == "1g"
    assert settings["server.memory.pagecache.size"] == "256m"
    assert settings["dbms.security.auth_enabled"] == "true"
    assert settings["db.tx_log.rotation.retention_policy"] == "1 files"
    assert settings["dbms.usage_report.enabled"] == "false"
    for sub in ("data", "logs", "run", "import", "plugins"):
        assert settings[f"server.directories.{sub}"] == str(home / sub)
    assert "server.config.strict_validation.enabled" not in settings


def test_write_config_creates_the_home_and_is_idempotent(tmp_path: Path) -> None:
    cfg = make_cfg(tmp_path)
    server.write_config(cfg)
    server.write_config(cfg)
    for sub in server.HOME_DIRS:
        assert (cfg.home / sub).is_dir()
    conf = cfg.home / "conf" / "neo4j.conf"
    assert conf.read_text(encoding="utf-8") == server.config_text(cfg)
    assert not list((cfg.home / "conf").glob("*.tmp"))


@pytest.mark.parametrize(("field", "variable"), [("heap", "HEAP"), ("page_cache", "PAGECACHE")])
def test_config_refuses_sizes_the_jvm_or_neo4j_cannot_read(
    tmp_path: Path, field: str, variable: str
) -> None:
    sizes: dict[str, object] = {field: "1 GB"}
    cfg = dataclasses.replace(make_cfg(tmp_path), **sizes)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match=f"CREDIT_NEO4J_{variable}"):
        server.write_config(cfg)


def test_launch_command_uses_the_entry_point_home_and_heap(tmp_path: Path) -> None:
    cfg = make_cfg(tmp_path, heap="768m")
    cmd = server.launch_command(cfg, tmp_path / "lib", Path("/usr/bin/java"))
    home = cfg.home.resolve()
    assert cmd[0] == "/usr/bin/java"
    assert "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED" in cmd
    assert "-Xms768m" in cmd and "-Xmx768m" in cmd
    assert cmd[cmd.index("-cp") + 1] == f"{tmp_path / 'lib'}/*"
    assert cmd[-3:] == [server.ENTRY_POINT, f"--home-dir={home}", f"--config-dir={home}/conf"]


# --------------------------------------------------------------------------- ports


def test_is_port_free_sees_a_listener(listening_socket: int) -> None:
    assert not server.is_port_free(listening_socket)


def test_is_port_free_after_the_listener_closed() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    sock.listen()
    assert not server.is_port_free(port)
    sock.close()
    assert server.is_port_free(port)


def test_start_refuses_a_port_taken_by_another_process(
    tmp_path: Path, listening_socket: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "check_java", lambda: None)
    monkeypatch.setattr(server, "java_executable", lambda: Path("/nonexistent/java"))
    monkeypatch.setattr(server, "ensure_jars", lambda cfg, console_print=None: tmp_path / "lib")
    cfg = make_cfg(tmp_path, name="srvunit", port=listening_socket)
    with pytest.raises(ConfigurationError) as err:
        server.start(cfg)
    message = str(err.value)
    assert f"port {listening_socket} on 127.0.0.1 is in use by another process" in message
    assert "CREDIT_NEO4J_PORT_SRVUNIT=<free port>" in message
    assert not server.pid_file(cfg).exists()


# --------------------------------------------------------------------------- java


@pytest.mark.parametrize(
    ("output", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment', 17),
        ('openjdk version "21" 2023-09-19', 21),
        ('java version "1.8.0_392"\nJava(TM) SE Runtime Environment', 8),
        ('openjdk version "11.0.22" 2024-01-16', 11),
        ('openjdk version "22-ea" 2024-03-19', 22),
        ("something else entirely", None),
    ],
)
def test_parse_java_major(output: str, major: int | None) -> None:
    assert server.parse_java_major(output) == major


def fake_java_home(tmp_path: Path, version: str) -> Path:
    home = tmp_path / f"jdk-{version}"
    write_script(home / "bin", "java", f"echo 'openjdk version \"{version}\" 2024-01-16' >&2\n")
    return home


def test_check_java_accepts_17_from_java_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JAVA_HOME", str(fake_java_home(tmp_path, "17.0.9")))
    server.check_java()
    assert server.java_executable() == tmp_path / "jdk-17.0.9" / "bin" / "java"


def test_check_java_refuses_11_and_says_how_to_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JAVA_HOME", str(fake_java_home(tmp_path, "11.0.22")))
    with pytest.raises(ConfigurationError) as err:
        server.check_java()
    message = str(err.value)
    assert "Java 11" in message
    assert "OpenJDK 17" in message and "JAVA_HOME" in message and "NEO4J_URI" in message


def test_check_java_refuses_a_java_home_without_java(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "nojdk"))
    with pytest.raises(ConfigurationError, match="JAVA_HOME"):
        server.check_java()


def test_check_java_without_java_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(ConfigurationError, match="Java not found: install OpenJDK 17"):
        server.check_java()


# --------------------------------------------------------------------------- password


def test_password_is_generated_once_with_mode_0600(tmp_path: Path) -> None:
    cfg = make_cfg(tmp_path)
    first = server.ensure_password(cfg)
    assert len(first) >= 30
    assert stat.S_IMODE(cfg.password_file.stat().st_mode) == 0o600
    assert server.ensure_password(cfg) == first
    assert server.password(cfg) == first


def test_password_before_the_first_start_says_to_start(tmp_path: Path) -> None:
    cfg = make_cfg(tmp_path)
    with pytest.raises(Neo4jUnavailable, match="never been started"):
        server.password(cfg)


def test_no_new_password_for_an_instance_that_has_data(tmp_path: Path) -> None:
    cfg = make_cfg(tmp_path)
    (cfg.home / "data" / "databases" / "system").mkdir(parents=True)
    with pytest.raises(ConfigurationError, match="restore the file, or delete"):
        server.ensure_password(cfg)
    assert not cfg.password_file.exists()


# --------------------------------------------------------------------------- jars

FAKE_MVN = """
echo "$@" >> "$(dirname "$0")/calls"
for arg in "$@"; do
  case "$arg" in
    -DoutputDirectory=*) out="${arg#-DoutputDirectory=}" ;;
    -Dneo4j.version=*) version="${arg#-Dneo4j.version=}" ;;
  esac
done
"""


def test_ensure_jars_resolves_once_then_uses_the_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    write_script(bin_dir, "mvn", FAKE_MVN + 'touch "$out/neo4j-$version.jar" "$out/other.jar"\n')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    cfg = make_cfg(tmp_path)
    said: list[str] = []
    lib = server.ensure_jars(cfg, said.append)
    assert lib == server.jar_dir(cfg)
    assert (lib / "neo4j-5.26.30.jar").is_file() and (lib / server.MARKER_FILE).is_file()
    assert sorted(p.name for p in lib.parent.iterdir()) == ["lib"]  # no temp folder left
    calls = (bin_dir / "calls").read_text(encoding="utf-8")
    assert "dependency:copy-dependencies" in calls and "-DincludeScope=runtime" in calls
    assert "-Dneo4j.version=5.26.30" in calls and str(server.POM_FILE) in calls
    assert said
    server.ensure_jars(cfg)
    assert len((bin_dir / "calls").read_text(encoding="utf-8").splitlines()) == 1


def test_ensure_jars_replaces_an_incomplete_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    write_script(bin_dir, "mvn", FAKE_MVN + 'touch "$out/neo4j-$version.jar"\n')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    cfg = make_cfg(tmp_path)
    server.jar_dir(cfg).mkdir(parents=True)
    (server.jar_dir(cfg) / "half.jar").touch()
    lib = server.ensure_jars(cfg)
    assert sorted(p.name for p in lib.iterdir()) == [server.MARKER_FILE, "neo4j-5.26.30.jar"]
    assert sorted(p.name for p in lib.parent.iterdir()) == ["lib"]


def test_ensure_jars_reports_the_end_of_a_failed_maven_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    body = 'for i in $(seq 1 30); do echo "mvn line $i"; done\nexit 1\n'
    write_script(bin_dir, "mvn", FAKE_MVN + body)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    cfg = make_cfg(tmp_path)
    with pytest.raises(Neo4jUnavailable) as err:
        server.ensure_jars(cfg)
    message = str(err.value)
    assert "mvn line 30" in message and "mvn line 11" in message
    assert "mvn line 10\n" not in message
    assert "Maven repository may be unreachable" in message and "NEO4J_URI" in message
    assert "maven.org" not in message and "http" not in message
    assert not server.jar_dir(cfg).exists()
    assert list(server.jar_dir(cfg).parent.iterdir()) == []


def test_ensure_jars_without_maven(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(ConfigurationError) as err:
        server.ensure_jars(make_cfg(tmp_path))
    assert str(err.value) == (
        "Maven (mvn) not found: install Maven 3.8+ (Debian: apt-get install maven) "
        "or set NEO4J_URI to use an external Neo4j"
    )


# --------------------------------------------------------------------------- processes


def test_status_and_stop_of_an_instance_that_never_ran(tmp_path: Path) -> None:
    cfg = make_cfg(tmp_path)
    state = server.status(cfg)
    assert state == server.ServerStatus(
        name="srvunit",
        running=False,
        pid=None,
        uri="bolt://127.0.0.1:7799",
        home=cfg.home,
        version="5.26.30",
        reachable=False,
    )
    assert server.stop(cfg) is False


def test_a_stale_pid_file_is_not_trusted(tmp_path: Path) -> None:
    cfg = make_cfg(tmp_path)
    pid_file = server.pid_file(cfg)
    pid_file.parent.mkdir(parents=True)
    pid_file.write_text(f"{os.getpid()}\n", encoding="ascii")  # alive, but not Neo4j
    assert server.running_pid(cfg) is None
    assert server.stop(cfg) is False
    assert not pid_file.exists()


def test_log_excerpts_drop_java_stack_frames() -> None:
    text = (
        "Exception in thread main: bad setting\n"
        "\tat org.neo4j.Config.x(Config.java:1)\n"
        "Caused by: java.lang.NumberFormatException\n"
        "\t... 9 more\n"
    )
    assert server._last_lines(text, 30, frames=False) == (
        "Exception in thread main: bad setting\nCaused by: java.lang.NumberFormatException"
    )


# --------------------------------------------------------------------------- integration


@pytest.mark.integration
def test_start_query_status_stop_a_real_instance(tmp_path: Path) -> None:
    cfg = LocalNeo4j(
        name="srvtest",
        port=7797,
        home=tmp_path / "srvtest",
        cache_dir=PROJECT_ROOT / ".cache" / "neo4j",
        version="5.26.30",
        heap="512m",
        page_cache="128m",
        start_timeout_s=120.0,
    )
    if not server.is_port_free(cfg.port):
        pytest.fail(f"port {cfg.port} is taken; the integration test needs it")
    try:
        server.start(cfg, print)
        with GraphDatabase.driver(cfg.uri, auth=(cfg.user, server.password(cfg))) as driver:
            records, _, _ = driver.execute_query("RETURN 1 AS one", database_=cfg.database)
        assert records[0]["one"] == 1
        state = server.status(cfg)
        assert state.running and state.reachable and state.pid is not None
        assert server.pid_file(cfg).read_text(encoding="ascii").strip() == str(state.pid)
        server.start(cfg)  # already running: a no-op
        assert server.status(cfg).pid == state.pid
    finally:
        stopped = server.stop(cfg)
    assert stopped
    state = server.status(cfg)
    assert not state.running and not state.reachable and state.pid is None
    assert not server.pid_file(cfg).exists()
    assert server.is_port_free(cfg.port)
