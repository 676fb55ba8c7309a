"""The sandbox page at /sandbox in real Chromium: act as a persona, read the decision trace
beside the answer, replay an uploaded policy and read the violations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from api.policy import POLICY_DIR
from graph.connection import Graph
from seed import catalog
from tests import api_data
from tests.conftest import screenshot
from tests.features.sandbox_steps import SandboxClient, sandbox_api

__all__ = ["sandbox_api"]

pytestmark = pytest.mark.integration


def _open(page: Any, client: SandboxClient) -> None:
    page.goto(f"{client.base_url}/sandbox")
    page.wait_for_selector("body[data-ready='1']")


def test_a_persona_sees_the_answer_and_why_each_access_was_decided(
    page: Any, sandbox_api: SandboxClient, graph: Graph
) -> None:
    api_data.build(graph, catalog.load())
    _open(page, sandbox_api)
    page.select_option("#example", label="Art. 20 依职权查询：不动产与纳税金额不予提供")
    assert page.input_value("#persona") == "tax-authority"
    page.click("#run")
    page.wait_for_selector("#trace tbody tr")
    rows = page.locator("#trace tbody tr")
    tax = rows.filter(has_text="field:TAX_AMOUNT")
    assert tax.count() == 1
    assert "deny" in tax.inner_text() and "Art. 20" in tax.inner_text()
    assert "BY_AUTHORITY" in page.inner_text("#declaration")
    assert "hidden TAX_AMOUNT" in page.inner_text("#scope")
    assert '"records"' in page.inner_text("#answer")
    assert page.inner_text("#request-id").startswith("requestId ")
    screenshot(page, "sandbox-trace")


def test_an_uploaded_policy_is_replayed_and_its_violations_shown(
    page: Any, sandbox_api: SandboxClient, tmp_path: Path
) -> None:
    _open(page, sandbox_api)
    page.select_option("#example", label="Art. 23 依法公开：姓名与证件号码脱敏")
    page.click("#run")  # a PUBLIC access, recorded in the sandbox's log
    page.wait_for_selector("#trace tbody tr")
    text = (POLICY_DIR / "credit_policy.csv").read_text("utf-8")
    proposed = tmp_path / "proposed_policy.csv"
    proposed.write_text(
        text + "\n# A proposal (Art. 23)\np, *, PUBLIC, NONE, field:NAME, allow, 23\n"
    )
    page.set_input_files("#policy-file", str(proposed))
    page.click("#replay")
    page.wait_for_selector("#violations li")
    assert "Art. 23 [not-desensitized]" in page.inner_text("#violations")
    flagged = page.locator("#changes tbody tr.violation").filter(has_text="field:NAME")
    assert flagged.count() >= 1
    assert page.locator("#report-link").get_attribute("href", timeout=1000)
    screenshot(page, "sandbox-replay")
