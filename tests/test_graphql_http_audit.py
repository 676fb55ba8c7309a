"""GraphQL over HTTP conformance: graphql-http's server audits against the live API.

The audits (``tools/graphql_http_audit.mjs``, the npm package pinned in package.json) send
real requests to the ``api`` fixture's server. A MUST that fails is an error and a SHOULD
that fails a warning: both fail this test. The only failures allowed are the MAY notices
of the three audits that run queries over GET, which the endpoint refuses by design
(OWASP: no operations over GET, so no cross-site request can run one).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ApiClient

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "graphql_http_audit.mjs"
#: The audits that need queries over GET: MAY, refused by design.
GET_QUERY_AUDITS = {"5A70", "D6D5", "6A70"}
TOTAL_AUDITS = 61


def run_audits(url: str) -> list[dict[str, Any]]:
    """The audit results, one dict per audit (id, name, status, reason, httpStatus)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: install Node.js 18+ (the README's requirements)")
    if not (ROOT / "node_modules" / "graphql-http").is_dir():
        pytest.fail("graphql-http is not installed: run `make install` (npm ci)")
    done = subprocess.run(
        [node, str(SCRIPT), url], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def test_graphql_over_http_audits(api: ApiClient) -> None:
    results = run_audits(f"{api.base_url}/graphql")
    assert len(results) == TOTAL_AUDITS, [r["id"] for r in results]
    failed = [r for r in results if r["status"] in ("error", "warn")]
    assert failed == [], json.dumps(failed, ensure_ascii=False, indent=1)
    notices = {r["id"] for r in results if r["status"] == "notice"}
    # All ok, or exactly the three GET notices: a new notice is a regression too.
    assert notices in (set(), GET_QUERY_AUDITS), [r for r in results if r["status"] == "notice"]
    assert sum(r["status"] == "ok" for r in results) == TOTAL_AUDITS - len(notices)
