"""Artifacts: the seed's createArtifact call and the rest of their CRUD."""

from __future__ import annotations

from starlette.testclient import TestClient

BASE = "/rest/v1.0"
SEED_FIELDS = {
    "artifactId",
    "artifactName",
    "artifactKey",
    "createTime",
    "groupId",
    "lastModifiedBy",
    "modifyTime",
    "owner",
    "propertySheetId",
}


def code(response: object) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]  # type: ignore[attr-defined]


def test_create_artifact_as_the_seed_does(client: TestClient) -> None:
    artifact = client.post(f"{BASE}/artifacts?artifactKey=2&groupId=2").json()["artifact"]
    assert set(artifact) >= SEED_FIELDS
    assert artifact["artifactName"] == "2:2" and artifact["owner"] == "admin"


def test_list_get_modify_delete(client: TestClient) -> None:
    client.post(f"{BASE}/artifacts?groupId=com.acme&artifactKey=app")
    client.post(f"{BASE}/artifacts?groupId=org.other&artifactKey=lib")
    assert len(client.get(f"{BASE}/artifacts").json()["artifact"]) == 2
    only = client.get(f"{BASE}/artifacts?groupId=com.acme").json()["artifact"]
    assert [a["artifactName"] for a in only] == ["com.acme:app"]
    modified = client.put(f"{BASE}/artifacts/com.acme:app?description=The%20app").json()["artifact"]
    assert modified["description"] == "The app"
    assert client.get(f"{BASE}/artifacts/com.acme:app").json()["artifact"] == modified
    assert client.delete(f"{BASE}/artifacts/com.acme:app").json() == {}
    assert code(client.get(f"{BASE}/artifacts/com.acme:app")) == (404, "NoSuchArtifact")


def test_duplicates_and_bad_names(client: TestClient) -> None:
    client.post(f"{BASE}/artifacts?groupId=g&artifactKey=k")
    assert code(client.post(f"{BASE}/artifacts?groupId=g&artifactKey=k")) == (409, "DuplicateArtifactName")
    assert code(client.post(f"{BASE}/artifacts?groupId=g:h&artifactKey=k")) == (400, "InvalidArgument")
    assert code(client.post(f"{BASE}/artifacts?groupId=g&artifactKey=")) == (400, "InvalidArgument")
    assert code(client.post(f"{BASE}/artifacts?groupId=g")) == (400, "MissingArgument")
