"""Items: create, get, patch, delete, bulk delete; values checked against attribute types."""

from __future__ import annotations

import pytest

from tests.server.catalog.conftest import Catalog

ATTRIBUTES = [
    {"name": "code", "type": "string", "required": True, "unique": True},
    {"name": "count", "type": "integer"},
    {"name": "ratio", "type": "decimal"},
    {"name": "ok", "type": "boolean"},
    {"name": "day", "type": "date"},
    {"name": "at", "type": "datetime"},
]


@pytest.fixture
def repo(cat: Catalog) -> tuple[int, dict[str, int]]:
    return cat.repository("Items", ATTRIBUTES)


def test_create_by_names_and_f_keys_and_get(cat: Catalog, repo: tuple[int, dict[str, int]]) -> None:
    repository_id, ids = repo
    body = {
        "code": "A-1",
        f"F_{ids['count']}": "42",
        "ratio": 0.5,
        "ok": "true",
        "day": "2024-02-29",
        "at": "2024-05-31T14:00:00+02:00",
    }
    created = cat.ok("POST", f"/items?repositoryId={repository_id}", 201, json=body)
    item = cat.ok("GET", f"/items/{created['id']}")
    assert item["id"] == created["id"] and item["repositoryId"] == repository_id
    assert item[f"F_{ids['code']}"] == "A-1" and item[f"F_{ids['count']}"] == 42
    assert item[f"F_{ids['ratio']}"] == 0.5 and item[f"F_{ids['ok']}"] is True
    assert item[f"F_{ids['day']}"] == "2024-02-29" and item[f"F_{ids['at']}"] == "2024-05-31T12:00:00.000Z"
    assert item["createTime"].endswith("Z")
    assert cat.ok("GET", f"/repositories/{repository_id}")["itemCount"] == 1


def test_values_are_checked_and_every_bad_attribute_is_named(
    cat: Catalog, repo: tuple[int, dict[str, int]]
) -> None:
    repository_id, ids = repo
    response = cat.call(
        "POST",
        f"/items?repositoryId={repository_id}",
        json={"code": "x", "count": "many", "day": "2024-02-30", "ok": "maybe"},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422 and body["success"] is False
    assert {d["attribute"] for d in body["details"]} == {
        f"F_{ids['count']}",
        f"F_{ids['day']}",
        f"F_{ids['ok']}",
    }
    assert "count" in body["error"] and "day" in body["error"]


def test_required_unique_and_unknown(cat: Catalog, repo: tuple[int, dict[str, int]]) -> None:
    repository_id, ids = repo
    missing = cat.call("POST", f"/items?repositoryId={repository_id}", json={"count": 1})
    assert missing.status_code == 422 and missing.json()["details"][0]["attribute"] == f"F_{ids['code']}"
    cat.ok("POST", f"/items?repositoryId={repository_id}", 201, json={"code": "same"})
    duplicate = cat.call("POST", f"/items?repositoryId={repository_id}", json={"code": "same"})
    assert duplicate.status_code == 409 and "code" in duplicate.json()["error"]
    unknown = cat.call("POST", f"/items?repositoryId={repository_id}", json={"code": "z", "colour": "red"})
    assert unknown.status_code == 400 and "colour" in unknown.json()["error"]
    assert cat.call("POST", "/items?repositoryId=424242", json={"code": "z"}).status_code == 404
    assert cat.call("POST", "/items", json={"code": "z"}).status_code == 400
    assert (
        cat.call("POST", f"/items?repositoryId={repository_id}", json=["not", "an", "object"]).status_code
        == 400
    )


def test_patch(cat: Catalog, repo: tuple[int, dict[str, int]]) -> None:
    repository_id, ids = repo
    item_id = cat.ok("POST", f"/items?repositoryId={repository_id}", 201, json={"code": "p", "count": 1})[
        "id"
    ]
    assert cat.call("PATCH", f"/items/{item_id}", json={"count": 2, "ratio": "1.25"}).json() == {"status": 0}
    item = cat.ok("GET", f"/items/{item_id}")
    assert (
        item[f"F_{ids['count']}"] == 2
        and item[f"F_{ids['ratio']}"] == 1.25
        and item[f"F_{ids['code']}"] == "p"
    )
    assert cat.call("PATCH", f"/items/{item_id}", json={"code": None}).status_code == 422
    assert cat.call("PATCH", f"/items/{item_id}", json={"count": "x"}).status_code == 422
    assert cat.call("PATCH", f"/items/{item_id}", json={}).status_code == 400
    assert cat.call("PATCH", "/items/99999999", json={"count": 1}).status_code == 404
    other = cat.ok("POST", f"/items?repositoryId={repository_id}", 201, json={"code": "q"})["id"]
    assert cat.call("PATCH", f"/items/{other}", json={"code": "p"}).status_code == 409


def test_delete_one_and_bulk_all_or_nothing(cat: Catalog, repo: tuple[int, dict[str, int]]) -> None:
    repository_id, _ = repo
    ids = [
        cat.ok("POST", f"/items?repositoryId={repository_id}", 201, json={"code": f"d{i}"})["id"]
        for i in range(4)
    ]
    assert cat.call("DELETE", f"/items/{ids[0]}").json() == {"status": 0}
    assert cat.call("GET", f"/items/{ids[0]}").status_code == 404
    partial = cat.call("DELETE", "/items", json={"itemIdList": [ids[1], 99999999]})
    assert partial.status_code == 404 and "99999999" in partial.json()["error"]
    assert cat.call("GET", f"/items/{ids[1]}").status_code == 200
    assert cat.ok("DELETE", "/items", json={"itemIdList": ids[1:]}) == {"deleted": 3}
    assert cat.ok("GET", f"/repositories/{repository_id}")["itemCount"] == 0
    assert cat.call("DELETE", "/items", json={"itemIdList": []}).status_code == 400
    assert cat.call("GET", "/items/abc").status_code == 404  # not an item route at all
