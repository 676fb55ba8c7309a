"""``GET /spec`` serves the latest report, read-only (no Neo4j: lifespan not started)."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from core import settings as settings_module
from livingdoc import report
from livingdoc.results import RunInfo, ScenarioResult, StepResult


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("CREDIT_SPEC_DIR", str(tmp_path))
    # Without ``with``, TestClient does not run the lifespan: no database is opened.
    return TestClient(create_app(settings_module.load("test")))


def test_no_report_yet_is_a_404_that_says_how_to_build_one(client: TestClient) -> None:
    response = client.get("/spec")
    assert response.status_code == 404
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "SPEC_NOT_BUILT"
    assert "make spec" in error["message"]


def test_the_latest_report_is_served(client: TestClient, tmp_path: Path) -> None:
    scenario = ScenarioResult(
        "features/a.feature", "主体", "场景一", ("art_2",), (StepResult("那么", "x", "passed"),)
    )
    report.write(tmp_path, [scenario], RunInfo(False))
    response = client.get("/spec")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "场景一" in response.text and "第三十一条" in response.text


def test_a_partial_report_is_not_served_as_the_report(client: TestClient, tmp_path: Path) -> None:
    report.write(tmp_path, [], RunInfo(True, "-m art_2"))
    assert client.get("/spec").status_code == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_read_only(client: TestClient, method: str) -> None:
    assert client.request(method, "/spec").status_code == 405
