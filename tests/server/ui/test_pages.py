"""Every page answers, in-process, through the same services and access rules as the API: artifacts,
the catalog (search, paging, export, an item's edit), administration, tokens; a user who may not read
something does not see it."""

from __future__ import annotations

import csv
import io

from starlette.testclient import TestClient

from restkeep.server.settings import Settings
from tests.conftest import make_client
from tests.server.ui.conftest import Browser

BASE = "/rest/v1.0"


def test_the_start_page_and_a_redirect_from_the_root(browser: Browser) -> None:
    start = browser.get("/ui/")
    assert start.status_code == 200 and "Demo Products" in start.text and "Default" in start.text
    assert browser.get("/", follow_redirects=False).headers["location"] == "/ui/"


def test_artifacts_versions_and_files(browser: Browser) -> None:
    published = browser.client.post(
        f"{BASE}/artifactVersions?artifactName=ui:app&version=1.0.0",
        files=[("files", ("a/b.txt", b"hello", "text/plain"))],
        auth=("admin", "changeme"),
    )
    assert published.status_code == 200, published.text
    assert "ui:app" in browser.get("/ui/artifacts").text
    assert "1.0.0" in browser.get("/ui/artifacts/ui:app").text
    page = browser.get("/ui/versions/ui%3Aapp%3A1.0.0").text
    assert "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" in page
    link = "/rest/v1.0/artifactVersions/ui%3Aapp%3A1.0.0/files/a/b.txt"
    assert link in page
    browser.client.cookies.set("sessionId", browser.client.cookies["sessionId"])
    assert browser.get(link).content == b"hello"  # the API takes the page's session cookie
    withdrawn = browser.submit("/ui/versions/ui:app:1.0.0", "/ui/versions/ui:app:1.0.0")
    assert withdrawn.status_code == 303 and "unavailable" in browser.get("/ui/versions/ui:app:1.0.0").text


def test_catalog_search_with_a_filter_pages_forward_and_exports(browser: Browser) -> None:
    query = "/ui/catalog/10149?attribute=Price&operator=gt&value=100&sort=Price&direction=desc"
    first = browser.get(query)
    assert first.status_code == 200 and "Items 1 to 50 of" in first.text
    total = int(first.text.split("Items 1 to 50 of ", 1)[1].split("<", 1)[0])
    following = first.text.split('rel="next" id="next-page"', 1)[0].rsplit('href="', 1)[1].split('"', 1)[0]
    second = browser.get("/ui/catalog/10149" + following.replace("&amp;", "&"))
    assert second.status_code == 200 and f"Items 51 to 100 of {total}" in second.text
    exported = browser.get("/ui/catalog/10149/export?attribute=Price&operator=gt&value=100&format=csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == total and all(float(r["Price"]) > 100 for r in rows)


def test_an_item_is_edited_and_a_bad_value_is_refused(browser: Browser) -> None:
    page = browser.get("/ui/catalog/items/1")
    assert page.status_code == 200 and "SKU" in page.text
    fields = {k: v for k, v in _inputs(page.text).items() if k.startswith("F_")}
    name_key = next(k for k in fields if "Name" in page.text.split(f'for="{k}"', 1)[1][:20])
    saved = browser.submit(
        "/ui/catalog/items/1", "/ui/catalog/items/1", **{**fields, name_key: "Renamed <i>"}
    )
    assert saved.status_code == 303
    assert 'value="Renamed &lt;i&gt;"' in browser.get("/ui/catalog/items/1").text
    price_key = next(k for k in fields if "Price" in page.text.split(f'for="{k}"', 1)[1][:20])
    refused = browser.submit("/ui/catalog/items/1", "/ui/catalog/items/1", **{**fields, price_key: "lots"})
    assert refused.status_code == 422 and "Price" in refused.text


def _inputs(html: str) -> dict[str, str]:
    found = {}
    for chunk in html.split("<input ")[1:]:
        attributes = chunk.split(">", 1)[0]
        if 'name="' in attributes:
            name = attributes.split('name="', 1)[1].split('"', 1)[0]
            found[name] = (
                attributes.split('value="', 1)[1].split('"', 1)[0] if 'value="' in attributes else ""
            )
    return found


def test_administration_is_for_administrators(settings: Settings, browser: Browser) -> None:
    page = browser.get("/ui/admin")
    assert page.status_code == 200 and "system" in page.text and "Audit log" in page.text
    system_token = browser.client.post(f"{BASE}/apiTokens?name=nightly", auth=("system", "system")).json()
    page = browser.get("/ui/admin")
    listed = "Revoke system's token nightly"
    assert listed in page.text  # every user's tokens
    revoked = browser.submit("/ui/admin", "/ui/admin", action="revoke-token", id=system_token["apiToken"]["apiTokenId"],
                             name="system")  # fmt: skip
    assert revoked.status_code == 303 and listed not in browser.get("/ui/admin").text
    made = browser.submit("/ui/admin", "/ui/admin", action="create-user", name="carol", password="carol's pass!",
                          email="", full_name="Carol <C>")  # fmt: skip
    assert made.status_code == 303 and "Carol &lt;C&gt;" in browser.get("/ui/admin").text
    with make_client(settings) as client:
        system = Browser(client)
        system.login("system", "system")
        assert system.get("/ui/admin").status_code == 403
        assert "Administration" not in system.get("/ui/").text


def test_a_user_sees_only_what_the_api_lets_them_read(settings: Settings, browser: Browser) -> None:
    denied = browser.client.put(
        f"{BASE}/acls?projectName=Default&principalType=user&principalName=system&readPrivilege=deny",
        auth=("admin", "changeme"),
    )
    assert denied.status_code == 200
    with make_client(settings) as client:
        system = Browser(client)
        system.login("system", "system")
        assert "Default" not in system.get("/ui/projects").text
        assert system.get("/ui/projects/Default").status_code == 403
        assert system.get("/ui/projects/Default/properties/PythonProperty").status_code == 403


def test_tokens_are_shown_once_and_revoked(browser: Browser) -> None:
    made = browser.submit("/ui/tokens", "/ui/tokens", action="create", name="ci", expires="1h")
    assert made.status_code == 200 and 'id="new-token">rk_' in made.text
    token = made.text.split('id="new-token">', 1)[1].split("<", 1)[0]
    listed = browser.get("/ui/tokens").text
    assert "ci" in listed and token not in listed
    token_id = listed.split('name="id" value="', 1)[1].split('"', 1)[0]
    assert browser.submit("/ui/tokens", "/ui/tokens", action="revoke", id=token_id).status_code == 303
    assert TestClient.post(browser.client, f"{BASE}/sessions", json={"token": token}).status_code == 401


def test_login_needs_the_form_token_and_a_right_password(settings: Settings) -> None:
    with make_client(settings) as client:
        assert client.post("/ui/login", data={"user": "admin", "password": "changeme"}).status_code == 403
        browser = Browser(client)
        wrong = browser.login("admin", "nope")
        assert wrong.status_code == 401 and "Invalid user name or password" in wrong.text
        right = browser.client.post(
            "/ui/login",
            data={"csrf": wrong.text.split('name="csrf" value="', 1)[1].split('"', 1)[0], "user": "admin",
                  "password": "changeme", "next": "https://evil.example/"},
            follow_redirects=False,
        )  # fmt: skip
        assert right.status_code == 303 and right.headers["location"] == "/ui/"  # never to another site
        cookie = right.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie


def test_a_projects_access_entries_are_shown_and_changed_on_its_page(
    settings: Settings, browser: Browser
) -> None:
    changed = browser.submit("/ui/projects/Default", "/ui/projects/Default/access", action="put-acl",
                             type="user", name="system", read="deny")  # fmt: skip
    assert changed.status_code == 303
    page = browser.get("/ui/projects/Default").text
    assert "<td>user system</td><td>deny</td>" in page
    with make_client(settings) as client:
        system = Browser(client)
        system.login("system", "system")
        assert system.get("/ui/projects/Default").status_code == 403
        own = system.submit("/ui/projects", "/ui/projects", name="Mine")  # its creator owns it
        assert own.status_code == 303
        refused = system.submit("/ui/projects/Mine", "/ui/projects/Default/access", action="put-acl",
                                type="user", name="system", read="allow")  # fmt: skip
        assert refused.status_code == 403  # no changePermissions on Default
