"""`credit audit verify` detects an edited or a deleted entry; consistency between
checkpoints holds (Art. 56: who did what, when, provably)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.connection import Graph
from tests.conftest import ApiClient

pytestmark = pytest.mark.integration


@pytest.fixture
def cli(graph: Graph, api: ApiClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    api.flush_audit()
    graph.run(
        "MATCH (n) WHERE n:AuditLeaf OR n:AuditEntry OR n:AuditLog OR n:AuditCheckpoint "
        "DETACH DELETE n"
    )
    api.resync_audit()
    monkeypatch.setenv("CREDIT_AUDIT_KEY_FILE", str(tmp_path / "audit.pem"))
    return CliRunner()


def _run(cli: CliRunner, *args: str) -> tuple[int, str]:
    result = cli.invoke(app, [*args, "--instance", "test"])
    return result.exit_code, result.output


def test_verify_detects_edit_and_delete(cli: CliRunner, api: ApiClient, graph: Graph) -> None:
    for _ in range(5):
        api.post("{ catalog { totalCount } }")
    api.flush_audit()
    code, out = _run(cli, "audit", "checkpoint")
    assert code == 0, out
    api.post("{ measures { totalCount } }")
    api.flush_audit()
    assert _run(cli, "audit", "checkpoint")[0] == 0
    code, out = _run(cli, "audit", "verify")
    assert code == 0 and "verified: 6 entries" in out, out
    assert _run(cli, "audit", "consistency", "5", "6")[0] == 0

    original = graph.run("MATCH (e:AuditEntry {index: 2}) RETURN e.body AS b")[0]["b"]
    graph.run("MATCH (e:AuditEntry {index: 2}) SET e.body = replace(e.body, 'catalog', 'measures')")
    code, out = _run(cli, "audit", "verify")
    assert code == 2 and "entry 2" in out, out
    graph.run("MATCH (e:AuditEntry {index: 2}) SET e.body = $b", b=original)
    assert _run(cli, "audit", "verify")[0] == 0

    graph.run("MATCH (n) WHERE (n:AuditLeaf OR n:AuditEntry) AND n.index = 4 DETACH DELETE n")
    code, out = _run(cli, "audit", "verify")
    assert code == 2 and "4" in out, out
