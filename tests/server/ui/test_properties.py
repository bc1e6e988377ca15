"""The property pages in-process: the tree, raw and expanded values, an edit, a conflict instead of a
silent overwrite, history, create and delete; markup in values stays text."""

from __future__ import annotations

from restkeep.server.settings import Settings
from tests.server.ui.conftest import Browser

DEFAULT = "/ui/projects/Default"


def test_a_sheet_lists_its_properties_and_the_tree(browser: Browser) -> None:
    page = browser.get(DEFAULT)
    assert page.status_code == 200 and "PythonProperty" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'none'; script-src 'self'")


def test_edit_then_a_stale_edit_is_a_conflict(browser: Browser) -> None:
    here = DEFAULT + "/properties/PythonProperty"
    page = browser.get(here).text
    revision = page.split('name="revision" value="', 1)[1].split('"', 1)[0]
    saved = browser.submit(here, here, action="save", value="first", revision=revision, description="")
    assert saved.status_code == 303
    assert '<pre class="value" id="raw-value">first</pre>' in browser.get(here).text
    stale = browser.submit(here, here, action="save", value="mine", revision=revision, description="")
    assert stale.status_code == 409 and "Someone changed PythonProperty" in stale.text
    assert ">mine</textarea>" in stale.text and 'id="raw-value">first</pre>' in stale.text


def test_create_a_sheet_and_a_property_in_it_then_delete(browser: Browser) -> None:
    made = browser.submit(DEFAULT, DEFAULT + "/properties/", action="create", name="cfg", sheet="1")
    assert made.status_code == 303
    inside = DEFAULT + "/properties/cfg"
    browser.submit(inside, inside, action="create", name="url", value="pg://$[/projects/Default/cfg/host]")
    browser.submit(inside, inside, action="create", name="host", value="db.local")
    shown = browser.get(inside + "/url").text
    assert 'id="expanded-value">pg://db.local</pre>' in shown
    revision = shown.split('name="revision" value="', 1)[1].split('"', 1)[0]
    gone = browser.submit(inside + "/url", inside + "/url", action="delete", revision=revision)
    assert gone.status_code == 303 and browser.get(inside + "/url").status_code == 404


def test_markup_in_a_value_is_text(browser: Browser) -> None:
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    made = browser.submit(DEFAULT, DEFAULT + "/properties/", action="create", name="xss", value=evil)
    assert made.status_code == 303, made.text
    for page in (browser.get(DEFAULT).text, browser.get(DEFAULT + "/properties/xss").text):
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<img" not in page


def test_a_form_without_the_csrf_token_is_refused(browser: Browser) -> None:
    refused = browser.client.post(
        DEFAULT + "/properties/", data={"action": "create", "name": "x", "value": "1"}
    )
    assert refused.status_code == 403 and "stale" in refused.text
    assert "x" not in [line.strip() for line in browser.get(DEFAULT).text.splitlines() if line.strip() == "x"]


def test_without_a_session_pages_send_to_the_login(browser: Browser) -> None:
    browser.client.cookies.clear()
    answer = browser.get(DEFAULT + "/properties/PythonProperty", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/ui/login?next=/ui/projects/Default/properties/PythonProperty"


def test_an_oversized_or_malformed_form_is_a_4xx(browser: Browser, settings: Settings) -> None:
    huge = b"user=admin&password=" + b"x" * (settings.max_body_size + 1)
    for path in ("/ui/login", DEFAULT + "/properties/"):
        answer = browser.client.post(
            path, content=huge, headers={"content-type": "application/x-www-form-urlencoded"}
        )
        assert answer.status_code == 413, (path, answer.status_code)
    bad = browser.client.post(
        "/ui/login", content=b"\xff\xfe=\xff", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert 400 <= bad.status_code < 500
