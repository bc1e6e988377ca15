"""Projects: CRUD, names, the Default project."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

BASE = "/rest/v1.0"
FIELDS = {
    "projectId",
    "projectName",
    "description",
    "owner",
    "createTime",
    "modifyTime",
    "lastModifiedBy",
    "propertySheetId",
}


def code(response: object) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]  # type: ignore[attr-defined]


def test_default_exists(client: TestClient) -> None:
    projects = client.get(f"{BASE}/projects").json()["project"]
    assert "Default" in [p["projectName"] for p in projects]
    assert set(projects[0]) == FIELDS


def test_create_get_modify_delete(client: TestClient) -> None:
    created = client.post(f"{BASE}/projects?projectName=Build&description=CI").json()["project"]
    assert created["owner"] == "admin" and created["description"] == "CI"
    assert client.get(f"{BASE}/projects/Build").json()["project"] == created
    client.put(f"{BASE}/properties/p?projectName=Build&value=1")
    renamed = client.put(f"{BASE}/projects/Build?newName=Release&description=CD").json()["project"]
    assert renamed["projectName"] == "Release" and renamed["projectId"] == created["projectId"]
    assert client.get(f"{BASE}/properties/p?projectName=Release").json()["property"]["value"] == "1"
    assert code(client.get(f"{BASE}/projects/Build")) == (404, "NoSuchProject")
    assert client.delete(f"{BASE}/projects/Release").json() == {}
    assert code(client.get(f"{BASE}/projects/Release")) == (404, "NoSuchProject")
    assert code(client.get(f"{BASE}/propertySheets/{created['propertySheetId']}")) == (404, "NoSuchObject")


def test_duplicate_names(client: TestClient) -> None:
    client.post(f"{BASE}/projects?projectName=A")
    client.post(f"{BASE}/projects?projectName=B")
    assert code(client.post(f"{BASE}/projects?projectName=A")) == (409, "DuplicateProjectName")
    assert code(client.put(f"{BASE}/projects/A?newName=B")) == (409, "DuplicateProjectName")


@pytest.mark.parametrize("name", ["", " padded ", "a/b", "x" * 256, "tab\there"])
def test_invalid_names(client: TestClient, name: str) -> None:
    assert code(client.post(f"{BASE}/projects", json={"projectName": name})) == (400, "InvalidProjectName")


def test_unicode_project_names(client: TestClient) -> None:
    assert client.post(f"{BASE}/projects", json={"projectName": "Проект ✓"}).status_code == 200
    assert client.get(f"{BASE}/projects/%D0%9F%D1%80%D0%BE%D0%B5%D0%BA%D1%82%20%E2%9C%93").status_code == 200


def test_missing_project_for_modify_and_delete(client: TestClient) -> None:
    assert code(client.put(f"{BASE}/projects/Nope?description=x")) == (404, "NoSuchProject")
    assert code(client.delete(f"{BASE}/projects/Nope")) == (404, "NoSuchProject")


def test_the_originals_project_arguments_are_kept_and_shown_back(client: TestClient) -> None:
    created = client.post(
        f"{BASE}/projects",
        params={
            "projectName": "Jenkins",
            "credentialName": "deploy",
            "workspaceName": "Primary",
            "tracked": "true",
        },
    )
    assert created.status_code == 200, created.text
    project = created.json()["project"]
    assert (project["credentialName"], project["workspaceName"], project["tracked"]) == (
        "deploy",
        "Primary",
        "1",
    )
    assert "resourceName" not in project
    changed = client.put(f"{BASE}/projects/Jenkins", json={"resourceName": "local", "tracked": "0"}).json()[
        "project"
    ]
    assert (changed["credentialName"], changed["resourceName"], changed["tracked"]) == (
        "deploy",
        "local",
        "0",
    )
    assert client.get(f"{BASE}/projects/Jenkins").json()["project"]["resourceName"] == "local"
    plain = client.get(f"{BASE}/projects/Default").json()["project"]
    assert "credentialName" not in plain and "tracked" not in plain
    unknown = client.post(f"{BASE}/projects", params={"projectName": "X", "procedureName": "p"})
    assert unknown.status_code == 400 and "procedureName" in unknown.json()["error"]["message"]
