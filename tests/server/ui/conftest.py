"""An in-process browser for the pages: logs in through the form, keeps the cookies, and reads each
form's CSRF token from the page it submits from."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from restkeep.server.settings import Settings
from tests.conftest import make_client

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Browser:
    def __init__(self, client: TestClient) -> None:
        self.client = client

    def login(self, user: str = "admin", password: str = "changeme") -> Any:
        page = self.client.get("/ui/login")
        return self.client.post(
            "/ui/login", data={"csrf": csrf(page.text), "user": user, "password": password, "next": "/ui/"}
        )

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, **kwargs)

    def submit(self, page: str, target: str, **fields: str) -> Any:
        """Post a form of `page` (a path) to `target`, with the page's CSRF token."""
        token = csrf(self.client.get(page).text)
        return self.client.post(target, data={"csrf": token, **fields}, follow_redirects=False)


def csrf(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


@pytest.fixture
def browser(settings: Settings) -> Iterator[Browser]:
    with make_client(settings) as client:
        browser = Browser(client)
        assert browser.login().status_code == 200
        yield browser
