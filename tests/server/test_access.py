"""Access control: deny wins over allow, groups, inheritance from the server, owners and administrators,
hidden objects in lists, and the checks reaching properties, expansion, artifacts and the Catalog."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import ADMIN, basic
from tests.server.catalog.conftest import Catalog

BASE = "/rest/v1.0"
SYSTEM = basic("system", "system")


def acl(
    client: TestClient, who: str, kind: str = "user", headers: dict[str, str] = ADMIN, **params: Any
) -> Any:
    response = client.put(
        f"{BASE}/acls", params={"principalName": who, "principalType": kind, **params}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()["aclEntry"]


def status(response: object) -> int:
    return response.status_code  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def secret(anon: TestClient) -> TestClient:
    """A project `Secret` owned by admin with a property, and everyone denied reading it."""
    anon.post(f"{BASE}/projects?projectName=Secret", headers=ADMIN)
    anon.put(f"{BASE}/properties/key?projectName=Secret&value=s3cret", headers=ADMIN)
    acl(anon, "everyone", "group", projectName="Secret", readPrivilege="deny")
    return anon


def test_by_default_every_user_reads_and_changes_everything(anon: TestClient) -> None:
    assert (
        status(anon.put(f"{BASE}/properties/PythonProperty?projectName=Default&value=x", headers=SYSTEM))
        == 200
    )
    entries = anon.get(f"{BASE}/acls", headers=SYSTEM).json()["aclEntry"]
    assert entries == [
        {
            **entries[0],
            "principalName": "everyone",
            "principalType": "group",
            "readPrivilege": "allow",
            "modifyPrivilege": "allow",
            "executePrivilege": "allow",
            "changePermissionsPrivilege": "inherit",
        }
    ]


def test_deny_wins_and_hidden_objects_leave_lists(secret: TestClient) -> None:
    acl(secret, "system", projectName="Secret", readPrivilege="allow")  # an allow for the user ...
    response = secret.get(
        f"{BASE}/properties/key?projectName=Secret", headers=SYSTEM
    )  # ... loses to the deny
    assert status(response) == 403 and response.json()["error"]["code"] == "AccessDenied"
    names = [p["projectName"] for p in secret.get(f"{BASE}/projects", headers=SYSTEM).json()["project"]]
    assert "Secret" not in names and "Default" in names
    assert status(secret.get(f"{BASE}/projects/Secret", headers=SYSTEM)) == 403
    assert (
        status(secret.get(f"{BASE}/properties/key?projectName=Secret", headers=ADMIN)) == 200
    )  # administrators


def test_references_into_a_hidden_project_are_refused(secret: TestClient) -> None:
    secret.put(f"{BASE}/properties/leak?projectName=Default&value=$[/projects/Secret/key]", headers=ADMIN)
    assert status(secret.get(f"{BASE}/properties/leak?projectName=Default", headers=SYSTEM)) == 403
    assert (
        secret.get(f"{BASE}/properties/leak?projectName=Default", headers=ADMIN).json()["property"]["value"]
        == "s3cret"
    )
    assert status(secret.post(f"{BASE}/expandString?value=$[/projects/Secret/key]", headers=SYSTEM)) == 403
    sheet = secret.get(f"{BASE}/projects/Secret", headers=ADMIN).json()["project"]["propertySheetId"]
    assert status(secret.get(f"{BASE}/propertySheets/{sheet}", headers=SYSTEM)) == 403
    assert status(secret.get(f"{BASE}/properties//projects/Secret/key", headers=SYSTEM)) == 403


def test_group_membership_decides(anon: TestClient) -> None:
    anon.post(f"{BASE}/groups?groupName=readers", headers=ADMIN)
    acl(anon, "readers", "group", projectName="Default", modifyPrivilege="deny")
    url = f"{BASE}/properties/PythonProperty?projectName=Default&value=y"
    assert status(anon.put(url, headers=SYSTEM)) == 200
    anon.put(f"{BASE}/groups/readers?request=addUsersToGroup&userName=system", headers=ADMIN)
    assert status(anon.put(url, headers=SYSTEM)) == 403
    assert status(anon.get(f"{BASE}/properties/PythonProperty?projectName=Default", headers=SYSTEM)) == 200
    anon.put(f"{BASE}/groups/readers?request=removeUsersFromGroup&userName=system", headers=ADMIN)
    assert status(anon.put(url, headers=SYSTEM)) == 200


def test_objects_inherit_from_the_server_and_owners_keep_full_rights(anon: TestClient) -> None:
    assert status(anon.post(f"{BASE}/projects?projectName=Mine", headers=SYSTEM)) == 200  # system owns it
    acl(anon, "everyone", "group", modifyPrivilege="inherit")  # the server no longer allows changes
    assert status(anon.put(f"{BASE}/properties/p?projectName=Default&value=1", headers=SYSTEM)) == 403
    assert status(anon.post(f"{BASE}/projects?projectName=Other", headers=SYSTEM)) == 403
    assert status(anon.put(f"{BASE}/properties/p?projectName=Mine&value=1", headers=SYSTEM)) == 200  # owner
    acl(anon, "system", projectName="Default", modifyPrivilege="allow")  # an allow on the object itself
    assert status(anon.put(f"{BASE}/properties/p?projectName=Default&value=1", headers=SYSTEM)) == 200


def test_changing_permissions_needs_the_privilege(anon: TestClient) -> None:
    params = {
        "principalName": "system",
        "principalType": "user",
        "projectName": "Default",
        "readPrivilege": "allow",
    }
    assert status(anon.put(f"{BASE}/acls", params=params, headers=SYSTEM)) == 403
    acl(anon, "system", projectName="Default", changePermissionsPrivilege="allow")
    assert status(anon.put(f"{BASE}/acls", params=params, headers=SYSTEM)) == 200
    entries = anon.get(f"{BASE}/acls?projectName=Default", headers=SYSTEM).json()["aclEntry"]
    assert [(e["principalName"], e["readPrivilege"], e["changePermissionsPrivilege"]) for e in entries] == [
        ("system", "allow", "allow")
    ]
    delete = {"principalName": "system", "principalType": "user", "projectName": "Default"}
    assert anon.delete(f"{BASE}/acls", params=delete, headers=ADMIN).json() == {}
    assert status(anon.delete(f"{BASE}/acls", params=delete, headers=ADMIN)) == 404


def test_bad_acl_requests(anon: TestClient) -> None:
    base = {"principalName": "system", "principalType": "user"}
    assert status(anon.put(f"{BASE}/acls", params={**base, "readPrivilege": "maybe"}, headers=ADMIN)) == 400
    assert status(anon.put(f"{BASE}/acls", params={**base, "principalType": "robot"}, headers=ADMIN)) == 400
    assert (
        status(
            anon.put(
                f"{BASE}/acls",
                params={**base, "projectName": "Default", "artifactName": "a:b"},
                headers=ADMIN,
            )
        )
        == 400
    )
    assert status(anon.get(f"{BASE}/acls?projectName=Nope", headers=ADMIN)) == 404


def test_artifacts_follow_their_entries(anon: TestClient) -> None:
    files = [("files", ("f.txt", b"data", "text/plain"))]
    assert (
        status(anon.post(f"{BASE}/artifactVersions?artifactName=g:k&version=1.0", files=files, headers=ADMIN))
        == 200
    )
    acl(anon, "everyone", "group", artifactName="g:k", readPrivilege="deny")
    assert status(anon.get(f"{BASE}/artifactVersions/g:k:1.0/files/f.txt", headers=SYSTEM)) == 403
    assert status(anon.get(f"{BASE}/artifactVersions?artifactName=g:k", headers=SYSTEM)) == 403
    assert [a["artifactName"] for a in anon.get(f"{BASE}/artifacts", headers=SYSTEM).json()["artifact"]] == []
    more = [("files", ("g.txt", b"more", "text/plain"))]
    acl(anon, "everyone", "group", artifactName="g:k", modifyPrivilege="deny")
    assert (
        status(anon.post(f"{BASE}/artifactVersions?artifactName=g:k&version=1.1", files=more, headers=SYSTEM))
        == 403
    )
    assert status(anon.post(f"{BASE}/repositories?repositoryName=mine", headers=SYSTEM)) == 403


def test_catalog_repositories_follow_their_entries(anon: TestClient) -> None:
    acl(anon, "everyone", "group", catalogRepositoryId="10149", readPrivilege="deny")
    system = Catalog(anon, "system", "system")
    assert system.ok("GET", "/repositories") == []
    assert system.call("POST", "/items/search", json={"repositoryId": 10149}).status_code == 403
    assert system.call("GET", "/items/1").status_code == 403
    assert system.call("GET", "/items/export?repositoryId=10149").status_code == 403
    assert system.call("POST", "/repositories", json={"name": "x"}).status_code == 403
    admin = Catalog(anon)
    assert admin.search(repositoryId=10149)["searchTotal"] == 12000
    acl(anon, "everyone", "group", catalogRepositoryId="10149", readPrivilege="allow", modifyPrivilege="deny")
    assert system.search(repositoryId=10149)["searchTotal"] == 12000
    assert system.call("POST", "/items?repositoryId=10149", json={"SKU": "x", "Name": "n"}).status_code == 403
    assert (
        system.call(
            "POST", "/items/import?repositoryId=10149&format=csv", content=b"SKU,Name\nx,y\n"
        ).status_code
        == 403
    )
