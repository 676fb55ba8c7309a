"""The explorer page in real Chromium (Debian's, driven by Playwright) against the real
API and Neo4j: log in as the investigator, search, expand, draw the control tree; then
look as the public and see a masked person with the article that hides it."""

from __future__ import annotations

from typing import Any

import pytest

from graph.connection import Graph
from tests.conftest import ApiClient, screenshot
from tests.features.workbench_steps import World, build_world


@pytest.fixture
def world(clean_graph: Graph) -> World:
    return build_world(clean_graph)


def _drawn(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        """() => ({
          nodes: window.explorer.cy.nodes().map((n) => n.data()),
          edges: window.explorer.cy.edges().map((e) => e.data()),
        })"""
    )
    return result


@pytest.mark.integration
def test_investigator_explores_and_public_sees_masked(
    api: ApiClient, world: World, page: Any
) -> None:
    page.goto(f"{api.base_url}/explore")
    page.wait_for_function("() => window.explorer && document.querySelector('#persona option')")
    page.select_option("#persona", "investigator")
    page.click("#mint")
    page.wait_for_selector("#who:has-text('investigator')")

    page.fill("#text", "甲目标")
    page.click("#search button")
    page.click("#results li:has-text('甲目标')")
    page.wait_for_function("() => window.explorer.cy.nodes().length > 1")
    drawn = _drawn(page)
    labels = {n["label"] for n in drawn["nodes"]}
    assert world.name("赵控股") not in labels  # left on 2023-06-30
    assert world.name("李新任") in labels and world.name("乙控股") in labels
    before = len(drawn["nodes"])

    # Expand 乙控股 through the node list: its other holders and holdings appear.
    page.click(f"#nodes li:has-text('{world.name('乙控股')}')")
    page.click("#expand")
    page.wait_for_function(f"() => window.explorer.cy.nodes().length > {before}")
    labels = {n["label"] for n in _drawn(page)["nodes"]}
    assert {world.name("赵控股"), world.name("钱合伙"), world.name("己子公司")} <= labels

    page.click(f"#nodes li:has-text('{world.name('甲目标')}')")
    page.click("#control")
    page.wait_for_selector("#panel table")
    panel = page.inner_text("#panel")
    assert "41.50%" in panel and world.name("赵控股") in panel and "25.00%" in panel
    screenshot(page, "explore-investigator-control")

    # The public: persons are masked placeholders; selecting one says why (Art. 23).
    page.select_option("#channel", "PUBLIC")
    page.fill("#text", "甲目标")
    page.click("#search button")
    page.click("#results li:has-text('甲目标')")
    page.wait_for_function("() => window.explorer.cy.nodes('[masked = 1]').length > 0")
    drawn = _drawn(page)
    text = str(drawn)
    for person in ("赵控股", "李新任", "钱合伙"):
        assert world.name(person) not in text and world.subjects[person].number not in text
    page.click("#nodes li.masked")
    page.wait_for_selector(".hidden-reason")
    assert "第23条" in page.inner_text(".hidden-reason")
    assert page.is_hidden("#actions")
    screenshot(page, "explore-public-masked")
