"""The web interface in a real browser (headless Chromium) against `serve --dev --demo` over TLS:
log in, walk the property tree, edit and see the new value, a conflict between two tabs, download an
artifact file and compare its sha256, search the catalog with a filter and page forward, expire a
token from the dev panel and watch the journal show it. Every page is checked for Content-Security-
Policy violations (our own pages must not need an exception) and for script run from stored data.

With RESTKEEP_SCREENSHOTS=<folder> (`make screenshots`), the main pages are saved there for docs/ui.md.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from restkeep.testing import LiveServer
from tests.acceptance.conftest import serving
from tests.browser import CHROMIUM_ARGS, chromium

pytestmark = pytest.mark.live
ADMIN = ("admin", "changeme")
XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    with serving(request, backend, tmp_path_factory.mktemp("ui"), "--demo", "--dev") as live:
        yield live


class Watched:
    """A browser context whose pages must raise no dialog (script from data) and break no CSP rule."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.problems: list[str] = []

    def page(self) -> Page:
        page = self.context.new_page()
        page.on("dialog", lambda d: (self.problems.append(f"a dialog opened: {d.message}"), d.dismiss()))
        page.on(
            "console",
            lambda m: self.problems.append(m.text) if "Content Security Policy" in m.text else None,
        )
        return page


@pytest.fixture
def browser(server: LiveServer) -> Iterator[Watched]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)
        try:
            watched = Watched(launched.new_context(ignore_https_errors=True, accept_downloads=True))
            yield watched
            assert watched.problems == []
        finally:
            launched.close()


def log_in(page: Page, server: LiveServer, user: str = "admin", password: str = "changeme") -> None:
    page.goto(server.url + "/")  # → /ui/ → the login page, and back after it
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name=f"Hello, {user}")).to_be_visible()


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("RESTKEEP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def api(server: LiveServer) -> httpx.Client:
    return httpx.Client(base_url=server.url, verify=server.verify, auth=ADMIN, timeout=30)


def test_walk_the_tree_edit_a_value_and_meet_a_conflict(server: LiveServer, browser: Watched) -> None:
    with api(server) as http:
        for path, body in (("config", {"propertyType": "sheet"}), ("config/db", {"propertyType": "sheet"}),
                           ("config/db/host", {"value": "db.local"}), ("config/xss", {"value": XSS})):  # fmt: skip
            made = http.post(
                "/rest/v1.0/properties", json={"projectName": "Default", "propertyName": path, **body}
            )
            assert made.status_code == 200, made.text
    page = browser.page()
    log_in(page, server)
    shot(page, "start")
    page.get_by_role("link", name="Default").first.click()
    page.get_by_role("link", name="config/").first.click()
    expect(page.get_by_role("heading", name="config")).to_be_visible()
    page.get_by_role("link", name="db/").first.click()
    page.get_by_role("link", name="host").first.click()
    expect(page.locator("#raw-value")).to_have_text("db.local")
    shot(page, "property")

    other = browser.page()  # a second tab on the same property
    other.goto(page.url)
    page.get_by_label("New value").fill("db.example")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#raw-value")).to_have_text("db.example")
    expect(page.get_by_role("status")).to_have_text("Saved host")
    other.get_by_label("New value").fill("db.other")
    other.get_by_role("button", name="Save").click()
    expect(other.get_by_role("alert")).to_contain_text("Someone changed host")
    expect(other.locator("#raw-value")).to_have_text("db.example")  # theirs, unchanged
    expect(other.get_by_label("New value")).to_have_value("db.other")  # mine, kept
    shot(other, "conflict")

    page.goto(server.url + "/ui/projects/Default/properties/config/xss")
    expect(page.locator("#raw-value")).to_have_text(XSS)  # shown as text, run never


def test_download_an_artifact_file_and_check_its_sha256(
    server: LiveServer, browser: Watched, tmp_path: Path
) -> None:
    content = os.urandom(200_000)
    with api(server) as http:
        published = http.post(
            "/rest/v1.0/artifactVersions?artifactName=web:app&version=2.0.0",
            files=[("files", ("dist/app.bin", content, "application/octet-stream"))],
        )
        assert published.status_code == 200, published.text
    page = browser.page()
    log_in(page, server)
    page.get_by_role("link", name="Artifacts").first.click()
    page.get_by_role("link", name="web:app").click()
    page.get_by_role("link", name="2.0.0").click()
    expect(page.get_by_text(hashlib.sha256(content).hexdigest())).to_be_visible()
    shot(page, "artifact-version")
    with page.expect_download() as download:
        page.get_by_role("link", name="dist/app.bin").click()
    saved = tmp_path / "app.bin"
    download.value.save_as(saved)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == hashlib.sha256(content).hexdigest()


def test_search_items_with_a_filter_and_page_forward(server: LiveServer, browser: Watched) -> None:
    page = browser.page()
    log_in(page, server)
    page.get_by_role("link", name="Catalog").first.click()
    page.get_by_role("link", name="Demo Products").click()
    page.get_by_label("Filter on").select_option("Price")
    page.get_by_label("Operator").select_option("gt")
    page.get_by_label("Value").fill("100")
    page.get_by_label("Sort by").select_option("Price")
    page.get_by_role("button", name="Search").click()
    shown = page.locator("#shown")
    expect(shown).to_contain_text("Items 1 to 50 of")
    total = shown.inner_text().split(" of ")[1].split()[0]
    shot(page, "catalog-search")
    prices = [float(p) for p in page.locator("#items tbody tr td:nth-child(6)").all_inner_texts()]
    assert prices == sorted(prices) and all(p > 100 for p in prices)
    page.get_by_role("link", name="Next page").click()
    expect(shown).to_have_text(f"Items 51 to 100 of {total}")
    following = [float(p) for p in page.locator("#items tbody tr td:nth-child(6)").all_inner_texts()]
    assert following[0] >= prices[-1]


def test_expire_a_token_from_the_dev_panel_and_see_it_in_the_journal(
    server: LiveServer, browser: Watched
) -> None:
    with api(server) as http:
        login = http.post(
            "/enable-api/login", json={"login": "system", "password": "system"}, auth=None
        ).json()
    ewtoken = login["token"]["token"]
    fingerprint = hashlib.sha256(ewtoken.encode()).hexdigest()[:12]
    page = browser.page()
    log_in(page, server)
    page.get_by_role("link", name="Development").click()
    page.get_by_role("button", name=f"Expire ewtoken {fingerprint} now").click()
    expect(page.get_by_role("status")).to_contain_text("Expired 1 credential")
    with api(server) as http:
        refused = http.get("/enable-api/reauth", headers={"ewtoken": ewtoken}, auth=None)
        assert refused.status_code == 401
    # the journal refreshes itself: the refused call appears without a reload
    row = page.locator("#journal-rows tr", has_text="/enable-api/reauth").first
    expect(row).to_contain_text("401", timeout=15_000)
    expect(row).to_contain_text(fingerprint)
    expect(row).to_contain_text("expired")
    shot(page, "dev-panel")


def test_a_user_sees_only_what_they_may(server: LiveServer, browser: Watched) -> None:
    with api(server) as http:
        http.post("/rest/v1.0/projects", json={"projectName": "Secret"})
        http.put(
            "/rest/v1.0/acls?projectName=Secret&principalType=group&principalName=everyone&readPrivilege=deny"
        )
    page = browser.page()
    log_in(page, server, "system", "system")
    expect(page.get_by_role("link", name="Administration")).to_have_count(0)
    page.get_by_role("link", name="Projects").first.click()
    expect(page.get_by_role("link", name="Secret")).to_have_count(0)
    page.goto(server.url + "/ui/projects/Secret")
    expect(page.get_by_role("alert")).to_contain_text("project 'Secret'")


def test_markup_stored_anywhere_is_shown_as_text(server: LiveServer, browser: Watched) -> None:
    with api(server) as http:
        assert (
            http.post("/rest/v1.0/projects", json={"projectName": "Marked", "description": XSS}).status_code
            == 200
        )
        login = http.post(
            "/enable-api/login", json={"login": "admin", "password": "changeme"}, auth=None
        ).json()
        tokens = {"ewtoken": login["token"]["token"]}
        attributes = http.get(
            "/webcm/rest/api/repositories/10149/attributes", headers=tokens, auth=None
        ).json()
        name = next(a["id"] for a in attributes["data"] if a["name"] == "Name")
        changed = http.patch("/webcm/rest/api/items/2", json={f"F_{name}": XSS}, headers=tokens, auth=None)
        assert changed.status_code == 200, changed.text
    page = browser.page()
    log_in(page, server)
    for path in ("/ui/projects", "/ui/catalog/10149", "/ui/catalog/items/2", "/ui/admin"):
        page.goto(server.url + path)
        expect(page.get_by_role("heading").first).to_be_visible()
    expect(page.locator("img[src=x]")).to_have_count(0)
    page.goto(server.url + "/ui/projects")
    expect(page.get_by_role("cell", name=XSS)).to_be_visible()  # the description, as text
