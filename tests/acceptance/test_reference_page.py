"""The API reference page renders in a real browser (Debian's headless Chromium, driven by Playwright):
the OpenAPI 3.1 document loads offline, with its operations listed and nothing from another host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from restkeep.testing import LiveServer
from tests.browser import CHROMIUM_ARGS, chromium

pytestmark = pytest.mark.live


@pytest.fixture
def page() -> Iterator[Page]:
    executable = chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_in_dev_mode_the_flow_reference_offers_the_dev_document(tmp_path: Path, page: Page) -> None:
    with LiveServer(tmp_path / "data", "--dev", tls=False) as server:
        page.goto(server.url + "/rest/doc/v1.0/")
        page.wait_for_selector(".opblock", timeout=30_000)
        options = page.locator("select option").all_inner_texts()
        assert "Development mode" in options and "Flow API v1.0" in options, options
        page.select_option("select", label="Development mode")
        page.get_by_text("/_restkeep/clock/advance").first.wait_for(timeout=30_000)


@pytest.mark.parametrize(
    ("where", "least", "paths"),
    [
        (
            "/rest/doc/v1.0/",
            40,
            ("/rest/v1.0/properties/{propertyName}", "/rest/v1.0/sessions", "/rest/v1.0/artifactVersions"),
        ),
        (
            "/webcm/rest/swagger-ui.html",
            25,
            ("/enable-api/login", "/webcm/rest/api/items/search", "/webcm/rest/api/items/filter"),
        ),
    ],
    ids=["flow", "catalog"],
)
def test_each_api_reference_renders_its_operations(
    tmp_path: Path, page: Page, where: str, least: int, paths: tuple[str, ...]
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    with LiveServer(tmp_path / "data", tls=False) as server:
        page.goto(server.url + where)
        page.wait_for_selector(".opblock", timeout=30_000)
        text = page.inner_text("body")
        operations = page.locator(".opblock").count()
    assert "Unable to render this definition" not in text
    assert operations >= least, f"only {operations} operations rendered"
    for path in paths:
        assert path in text
    foreign = [url for url in requested if not url.startswith((server.url, "data:"))]
    assert not foreign, f"the page fetched from elsewhere: {foreign}"
