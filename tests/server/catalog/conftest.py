from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from restkeep.server.settings import Settings
from tests.conftest import make_client

WEBCM = "/webcm/rest/api"


class Catalog:
    """A logged-in Catalog client: sends the tokens as the seed does and follows rotation."""

    def __init__(self, client: TestClient, login: str = "admin", password: str = "changeme") -> None:
        self.client = client
        response = client.post("/enable-api/login", json={"login": login, "password": password})
        assert response.status_code == 200, response.text
        client.cookies.clear()  # send tokens only as headers, like the seed script
        self.headers = {
            "ewtoken": response.json()["token"]["token"],
            "epimresttoken": response.json()["epimresttoken"],
        }

    def call(self, method: str, path: str, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        response = self.client.request(
            method, WEBCM + path, headers={**self.headers, **(headers or {})}, **kwargs
        )
        self.client.cookies.clear()
        if response.headers.get("content-type", "").startswith("application/json"):
            body = response.json()
            if "epimresttoken" in body:
                self.headers["epimresttoken"] = body["epimresttoken"]
        return response

    def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        return response.json().get("data")

    def search(self, **body: Any) -> dict[str, Any]:
        return dict(self.ok("POST", "/items/search", json=body))

    def repository(self, name: str, attributes: list[dict[str, Any]]) -> tuple[int, dict[str, int]]:
        created = self.ok("POST", "/repositories", 201, json={"name": name, "attributes": attributes})
        listed = self.ok("GET", f"/repositories/{created['id']}/attributes")
        return created["id"], {a["name"]: a["id"] for a in listed}


@pytest.fixture
def catalog_client(settings: Settings) -> Iterator[TestClient]:
    with make_client(settings) as client:
        yield client


@pytest.fixture
def cat(catalog_client: TestClient) -> Catalog:
    return Catalog(catalog_client)
