"""Repositories and attributes."""

from __future__ import annotations

from tests.server.catalog.conftest import Catalog

PRODUCT_NAMES = ["SKU", "Name", "Description", "Category", "Price", "InStock", "Weight", "LaunchDate"]


def test_demo_repository(cat: Catalog) -> None:
    repositories = cat.ok("GET", "/repositories")
    demo = next(r for r in repositories if r["id"] == 10149)
    assert demo == {
        "id": 10149,
        "name": "Demo Products",
        "description": demo["description"],
        "itemCount": 12000,
        "canRead": True,
        "canView": True,
        "canEdit": True,
        "canDelete": True,
    }
    assert cat.ok("GET", "/repositories/10149") == demo
    attributes = cat.ok("GET", "/repositories/10149/attributes")
    assert [a["name"] for a in attributes] == PRODUCT_NAMES
    types = {a["name"]: a["type"] for a in attributes}
    assert types["Price"] == "decimal" and types["InStock"] == "boolean" and types["LaunchDate"] == "date"
    sku = attributes[0]
    assert sku["required"] is True and sku["unique"] is True and isinstance(sku["id"], int)


def test_create_repository_with_every_type(cat: Catalog) -> None:
    attributes = [
        {"name": "code", "type": "string", "required": True, "unique": True},
        {"name": "count", "type": "integer"},
        {"name": "ratio", "type": "decimal"},
        {"name": "ok", "type": "boolean"},
        {"name": "day", "type": "date"},
        {"name": "at", "type": "datetime"},
    ]
    created = cat.ok(
        "POST",
        "/repositories",
        201,
        json={"name": "Every type", "description": "d", "attributes": attributes},
    )
    assert created["name"] == "Every type" and created["itemCount"] == 0
    listed = cat.ok("GET", f"/repositories/{created['id']}/attributes")
    assert [(a["name"], a["type"]) for a in listed] == [(a["name"], a["type"]) for a in attributes]
    assert len({a["id"] for a in listed}) == 6


def test_create_with_a_chosen_id_and_conflict(cat: Catalog) -> None:
    assert cat.ok("POST", "/repositories", 201, json={"name": "r", "id": 777})["id"] == 777
    response = cat.call("POST", "/repositories", json={"name": "again", "id": 777})
    assert response.status_code == 409


def test_bad_repositories(cat: Catalog) -> None:
    bad = [
        {"name": "x", "attributes": [{"name": "a", "type": "money"}]},
        {"name": "x", "attributes": [{"name": "a", "type": "string"}, {"name": "a", "type": "integer"}]},
        {"name": "x", "attributes": [{"name": "F_12", "type": "string"}]},
        {"name": " "},
        {"attributes": []},
        {"name": "x", "colour": "red"},
    ]
    for body in bad:
        response = cat.call("POST", "/repositories", json=body)
        assert response.status_code == 400, body
        assert response.json()["success"] is False and response.json()["status"] == 400


def test_unknown_repository_is_404(cat: Catalog) -> None:
    for path in ("/repositories/999999", "/repositories/999999/attributes"):
        response = cat.call("GET", path)
        assert response.status_code == 404 and response.json()["status"] == 404
    # a repository id is a number: any other segment names no resource at all (no type error)
    not_an_id = cat.call("GET", "/repositories/abc")
    assert not_an_id.status_code == 404 and not_an_id.json()["success"] is False


def test_unknown_webcm_route_uses_the_catalog_envelope(cat: Catalog) -> None:
    response = cat.call("GET", "/nothing")
    assert response.status_code == 404 and response.json()["success"] is False
    wrong_method = cat.call("PUT", "/items/search")
    assert wrong_method.status_code == 405 and wrong_method.json()["success"] is False


def test_delete_a_repository_with_all_it_holds(cat: Catalog) -> None:
    repository_id, ids = cat.repository("Doomed", [{"name": "Code", "type": "string", "unique": True}])
    made = [cat.ok("POST", f"/items?repositoryId={repository_id}", 201, json={f"F_{ids['Code']}": c})["id"]
            for c in ("a", "b", "c")]  # fmt: skip
    cat.ok("POST", "/savedSets", 201, json={"repositoryId": repository_id, "name": "s", "itemIdList": made})
    grant = cat.client.put(
        "/rest/v1.0/acls",
        params={"principalName": "system", "principalType": "user", "catalogRepositoryId": str(repository_id),
                "readPrivilege": "allow"},
        auth=("admin", "changeme"),
    )  # fmt: skip
    assert grant.status_code == 200, grant.text

    system = Catalog(cat.client, "system", "system")
    assert system.call("DELETE", f"/repositories/{repository_id}").status_code == 403  # administrators only
    assert cat.ok("DELETE", f"/repositories/{repository_id}") is None
    assert cat.call("GET", f"/repositories/{repository_id}").status_code == 404
    assert cat.call("GET", f"/items/{made[0]}").status_code == 404
    assert cat.call("POST", "/items/search", json={"repositoryId": repository_id}).status_code == 404
    assert cat.call("DELETE", f"/repositories/{repository_id}").status_code == 404
    assert all(r["id"] != repository_id for r in cat.ok("GET", "/repositories"))
    entries = cat.client.get(
        "/rest/v1.0/acls", params={"catalogRepositoryId": str(repository_id)}, auth=("admin", "changeme")
    )
    assert entries.status_code == 404 or entries.json()["aclEntry"] == []

    # the id is never given again: each process keeps a repository's attributes by its id
    again, _ = cat.repository("Doomed", [{"name": "Other", "type": "integer"}])
    assert again > repository_id
    reused = cat.call("POST", "/repositories", json={"name": "r", "id": repository_id})
    assert reused.status_code == 409 and "not used again" in reused.text
    # the demo repository is untouched
    assert cat.ok("POST", "/items/count", json={"repositoryId": 10149}) == {"count": 12_000}
