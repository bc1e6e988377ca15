"""Bad input anywhere in the Catalog API gets its error body with a 4xx, never a 5xx."""

from __future__ import annotations

import base64
from typing import Any

import msgspec
import pytest

from tests.server.catalog.conftest import Catalog

HUGE = 10**30


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("GET", f"/items/{HUGE}", {}),
        ("GET", "/items/-1", {}),
        ("PATCH", f"/items/{HUGE}", {"json": {"Name": "x"}}),
        ("DELETE", f"/items/{HUGE}", {}),
        ("DELETE", "/items", {"json": {"itemIdList": [HUGE]}}),
        ("DELETE", "/items", {"json": {"itemIdList": "all"}}),
        ("GET", f"/repositories/{HUGE}", {}),
        ("POST", f"/items?repositoryId={HUGE}", {"json": {"SKU": "x"}}),
        ("POST", "/items/search", {"json": {"repositoryId": HUGE}}),
        ("POST", "/items/search", {"json": {"repositoryId": 10149, "page": HUGE}}),
        (
            "POST",
            "/items/search",
            {
                "json": {
                    "repositoryId": 10149,
                    "filters": [{"attribute": "id", "operator": "eq", "value": HUGE}],
                }
            },
        ),
        (
            "POST",
            "/items/search",
            {
                "content": b'{"repositoryId": 10149, "filters": [{"attribute": "Price", "operator": "gt", "value": 1e400}]}'
            },
        ),
        ("POST", "/items/search", {"json": {"repositoryId": 10149, "filters": "Price > 3"}}),
        ("POST", "/items/search", {"json": {"repositoryId": 10149, "keyword": "\x00"}}),
        ("POST", "/items/search", {"content": b"\xff\xfe", "headers": {"content-type": "application/json"}}),
        ("POST", "/items/search", {"content": b"", "headers": {"content-type": "application/json"}}),
        ("POST", "/items/count", {"json": {"repositoryId": "10149"}}),
        ("POST", "/repositories", {"json": {"name": "x", "id": HUGE}}),
        (
            "POST",
            "/repositories",
            {"json": {"name": "x", "attributes": [{"name": "\x00", "type": "string"}]}},
        ),
        ("POST", "/items?repositoryId=10149", {"json": {"SKU": "x\x00y", "Name": "n"}}),
        ("POST", "/items?repositoryId=10149", {"json": {"SKU": "big", "Name": "n", "Price": "1e400"}}),
        (
            "GET",
            "/items/export?repositoryId=10149&format=csv&sort=%5B%7B%22attribute%22%3A%22nope%22%7D%5D",
            {},
        ),
    ],
)
def test_odd_input_gets_a_4xx_in_the_catalog_envelope(
    cat: Catalog, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    response = cat.call(method, path, **kwargs)
    assert 400 <= response.status_code < 500, response.text
    body = response.json()
    assert body["success"] is False and body["status"] == response.status_code and body["error"]


def _cursor(values: list[Any], fingerprint: str) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode([fingerprint, values])).decode().rstrip("=")


def test_a_crafted_cursor_is_refused_not_crashed_on(cat: Catalog) -> None:
    real = cat.search(repositoryId=10149, pageSize=2)["nextCursor"]
    fingerprint = msgspec.json.decode(base64.urlsafe_b64decode(real + "=" * (-len(real) % 4)))[0]
    for values in ([HUGE], [{"a": 1}], [[1, 2]], ["text"]):
        response = cat.call(
            "POST", "/items/search", json={"repositoryId": 10149, "cursor": _cursor(values, fingerprint)}
        )
        assert response.status_code == 400, (values, response.text)
