"""Properties: every call, nested sheets, absolute paths, names, revisions and history."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

BASE = "/rest/v1.0"
SEED_FIELDS = {
    "propertyId",
    "propertyName",
    "counter",
    "createTime",
    "description",
    "expandable",
    "lastModifiedBy",
    "modifyTime",
    "owner",
    "tracked",
    "value",
}


def prop(client: TestClient, name: str, project: str = "Default", **params: str) -> dict[str, str]:
    response = client.get(f"{BASE}/properties/{name}", params={"projectName": project, **params})
    assert response.status_code == 200, response.text
    return dict(response.json()["property"])


def put(client: TestClient, name: str, value: str, project: str = "Default", **params: str) -> dict[str, str]:
    response = client.put(
        f"{BASE}/properties/{name}", params={"projectName": project, "value": value, **params}
    )
    assert response.status_code == 200, response.text
    return dict(response.json()["property"])


def code(response: object) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]  # type: ignore[attr-defined]


def test_get_property_has_the_seed_fields_as_strings(client: TestClient) -> None:
    found = prop(client, "PythonProperty")
    assert set(found) >= SEED_FIELDS
    assert found["value"] == "PythonRestApi"
    assert found["counter"] == "0" and found["expandable"] == "1" and found["tracked"] == "1"
    assert all(isinstance(value, str) for value in found.values())
    assert len(found["createTime"]) == 24 and found["createTime"].endswith("Z")
    assert "propertySheetId" not in found


def test_set_property_creates_then_updates(client: TestClient) -> None:
    created = put(client, "fresh", "one", description="first")
    updated = put(client, "fresh", "two")
    assert created["propertyId"] == updated["propertyId"]
    assert updated["value"] == "two" and updated["description"] == "first"
    assert int(updated["revision"]) > int(created["revision"])
    assert prop(client, "fresh")["value"] == "two"


def test_set_property_without_value_keeps_it(client: TestClient) -> None:
    put(client, "keep", "v1")
    response = client.put(f"{BASE}/properties/keep?projectName=Default&description=d")
    assert response.json()["property"]["value"] == "v1"


def test_arguments_in_a_json_body(client: TestClient) -> None:
    response = client.put(
        f"{BASE}/properties/fromjson", json={"projectName": "Default", "value": 42, "expandable": False}
    )
    assert response.status_code == 200
    assert response.json()["property"]["value"] == "42"
    assert response.json()["property"]["expandable"] == "0"


def test_create_property_conflicts_when_it_exists(client: TestClient) -> None:
    response = client.post(f"{BASE}/properties?propertyName=once&projectName=Default&value=1")
    assert response.status_code == 200
    assert code(client.post(f"{BASE}/properties?propertyName=once&projectName=Default&value=2")) == (
        409,
        "DuplicatePropertyName",
    )
    assert prop(client, "once")["value"] == "1"


def test_create_sheet_and_nested_properties(client: TestClient) -> None:
    sheet = client.post(f"{BASE}/properties?propertyName=cfg&projectName=Default&propertyType=sheet").json()[
        "property"
    ]
    assert "propertySheetId" in sheet and "value" not in sheet
    put(client, "cfg/db/host", "localhost")
    assert prop(client, "cfg/db/host")["value"] == "localhost"
    assert "propertySheetId" in prop(client, "cfg/db")


def test_sheet_takes_no_value(client: TestClient) -> None:
    client.post(f"{BASE}/properties?propertyName=s&projectName=Default&propertyType=sheet")
    assert code(client.put(f"{BASE}/properties/s?projectName=Default&value=x")) == (400, "InvalidArgument")
    assert code(
        client.post(f"{BASE}/properties?propertyName=t&projectName=Default&propertyType=sheet&value=x")
    ) == (400, "InvalidArgument")


def test_a_plain_property_is_not_a_sheet(client: TestClient) -> None:
    put(client, "leaf", "v")
    assert code(client.put(f"{BASE}/properties/leaf/child?projectName=Default&value=x")) == (
        400,
        "InvalidArgument",
    )
    assert code(client.get(f"{BASE}/properties/leaf/child?projectName=Default")) == (404, "NoSuchProperty")


def test_missing_property_and_project(client: TestClient) -> None:
    assert code(client.get(f"{BASE}/properties/absent?projectName=Default")) == (404, "NoSuchProperty")
    assert code(client.get(f"{BASE}/properties/x?projectName=Nope")) == (404, "NoSuchProject")
    assert code(client.get(f"{BASE}/properties/x")) == (400, "MissingArgument")


def test_delete_property_and_sheet(client: TestClient) -> None:
    put(client, "tree/a/b", "1")
    put(client, "tree/c", "2")
    assert client.delete(f"{BASE}/properties/tree/a/b?projectName=Default").json() == {}
    assert code(client.get(f"{BASE}/properties/tree/a/b?projectName=Default")) == (404, "NoSuchProperty")
    assert client.delete(f"{BASE}/properties/tree?projectName=Default").status_code == 200
    assert code(client.get(f"{BASE}/properties/tree/c?projectName=Default")) == (404, "NoSuchProperty")
    assert code(client.delete(f"{BASE}/properties/tree?projectName=Default")) == (404, "NoSuchProperty")


def test_absolute_paths_including_the_double_slash_form(client: TestClient) -> None:
    put(client, "abs/x", "deep")
    assert client.get(f"{BASE}/properties//projects/Default/abs/x").json()["property"]["value"] == "deep"
    assert (
        client.get(f"{BASE}/properties/%2Fprojects%2FDefault%2Fabs%2Fx").json()["property"]["value"] == "deep"
    )
    assert client.get(f"{BASE}/properties/abs%2Fx?projectName=Default").json()["property"]["value"] == "deep"
    assert client.get(f"{BASE}/projects/Default/abs/x").json()["property"]["value"] == "deep"
    # an absolute name wins over a locator
    assert client.get(f"{BASE}/properties//projects/Default/abs/x?projectName=Other").status_code == 200


def test_server_properties(client: TestClient) -> None:
    response = client.put(f"{BASE}/properties//server/settings/mode?value=strict")
    assert response.status_code == 200
    assert client.get(f"{BASE}/properties//server/settings/mode").json()["property"]["value"] == "strict"
    listing = client.get(f"{BASE}/properties?path=/server/settings").json()["propertySheet"]["property"]
    assert [p["propertyName"] for p in listing] == ["mode"]


def test_unicode_and_encoded_names(client: TestClient) -> None:
    name = "größe ✓ 値"
    put(client, quote(name), "ü")
    assert prop(client, quote(name))["propertyName"] == name
    assert prop(client, quote(name))["value"] == "ü"
    spaced = client.put(f"{BASE}/properties/a%20b?projectName=Default&value=x%26y%3Dz")
    assert spaced.json()["property"]["value"] == "x&y=z"


@pytest.mark.parametrize(
    "name", ["properties", "project", "%2E", "%2E%2E", "a/%2E%2E/b", "a//b", "x" * 256, "tab%09name"]
)
def test_invalid_property_names(client: TestClient, name: str) -> None:
    response = client.put(f"{BASE}/properties/{name}?projectName=Default&value=1")
    assert code(response) == (400, "InvalidPropertyName"), name


def test_names_up_to_255_characters_are_fine(client: TestClient) -> None:
    assert put(client, "n" * 255, "ok")["propertyName"] == "n" * 255


def test_get_properties_lists_a_sheet_and_recurses(client: TestClient) -> None:
    put(client, "list/a", "1")
    put(client, "list/sub/b", "2")
    flat = client.get(f"{BASE}/properties?projectName=Default&path=list").json()["propertySheet"]
    assert [p["propertyName"] for p in flat["property"]] == ["a", "sub"]
    assert "propertySheet" not in flat["property"][1]
    deep = client.get(f"{BASE}/properties?projectName=Default&path=list&recurse=1").json()["propertySheet"]
    nested = deep["property"][1]["propertySheet"]
    assert nested["property"][0]["value"] == "2"
    assert nested["propertySheetId"] == deep["property"][1]["propertySheetId"]


def test_get_properties_of_a_project_and_by_sheet_id(client: TestClient) -> None:
    project = client.get(f"{BASE}/projects/Default").json()["project"]
    listing = client.get(f"{BASE}/properties?projectName=Default").json()["propertySheet"]
    assert listing["propertySheetId"] == project["propertySheetId"]
    assert "PythonProperty" in [p["propertyName"] for p in listing["property"]]
    by_id = client.get(f"{BASE}/propertySheets/{project['propertySheetId']}").json()
    assert by_id["propertySheet"] == listing
    assert code(client.get(f"{BASE}/propertySheets/00000000-0000")) == (404, "NoSuchObject")


def test_increment_property(client: TestClient) -> None:
    first = client.put(f"{BASE}/properties/build?projectName=Default&request=incrementProperty&incrementBy=5")
    assert first.json()["property"]["value"] == "5"
    second = client.put(
        f"{BASE}/properties/build?projectName=Default&request=incrementProperty&incrementBy=-2"
    )
    assert second.json()["property"]["value"] == "3"
    default_step = client.put(f"{BASE}/properties/build?projectName=Default&request=incrementProperty")
    assert default_step.json()["property"]["value"] == "4"


def test_increment_refuses_a_non_integer(client: TestClient) -> None:
    put(client, "word", "hello")
    response = client.put(
        f"{BASE}/properties/word?projectName=Default&request=incrementProperty&incrementBy=1"
    )
    assert code(response) == (400, "InvalidArgument")
    assert prop(client, "word")["value"] == "hello"


def test_increment_is_atomic_under_concurrency(client: TestClient) -> None:
    def bump(_: int) -> int:
        return client.put(f"{BASE}/properties/hits?projectName=Default&request=incrementProperty").status_code

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(bump, range(200)))
    assert statuses == [200] * 200
    assert prop(client, "hits")["value"] == "200"


def test_etag_and_if_match(client: TestClient) -> None:
    response = client.put(f"{BASE}/properties/guarded?projectName=Default&value=1")
    etag = response.headers["etag"]
    assert etag == f'"{response.json()["property"]["revision"]}"'
    assert client.get(f"{BASE}/properties/guarded?projectName=Default").headers["etag"] == etag
    won = client.put(f"{BASE}/properties/guarded?projectName=Default&value=2", headers={"If-Match": etag})
    assert won.status_code == 200
    lost = client.put(f"{BASE}/properties/guarded?projectName=Default&value=3", headers={"If-Match": etag})
    assert code(lost) == (412, "ConcurrentModification")
    assert prop(client, "guarded")["value"] == "2"
    stale_delete = client.delete(f"{BASE}/properties/guarded?projectName=Default", headers={"If-Match": etag})
    assert code(stale_delete) == (412, "ConcurrentModification")
    assert (
        client.put(
            f"{BASE}/properties/guarded?projectName=Default&value=4", headers={"If-Match": "*"}
        ).status_code
        == 200
    )
    assert code(
        client.put(f"{BASE}/properties/ghost?projectName=Default&value=4", headers={"If-Match": "*"})
    ) == (412, "ConcurrentModification")
    assert code(
        client.put(f"{BASE}/properties/guarded?projectName=Default&value=5", headers={"If-Match": "abc"})
    ) == (400, "InvalidArgument")


def test_tracked_history(client: TestClient) -> None:
    for value in ("a", "b", "b", "c"):
        put(client, "hist", value)
    put(client, "untracked", "a", tracked="0")
    put(client, "untracked", "b")
    changes = client.get(f"{BASE}/properties/hist?projectName=Default&request=getPropertyHistory").json()[
        "propertyChange"
    ]
    assert [c["value"] for c in changes] == ["a", "b", "c"]
    assert [int(c["revision"]) for c in changes] == sorted(int(c["revision"]) for c in changes)
    assert set(changes[0]) == {"revision", "value", "modifyTime", "lastModifiedBy"}
    untracked = client.get(f"{BASE}/properties/untracked?projectName=Default&request=getPropertyHistory")
    assert untracked.json()["propertyChange"] == []


def test_artifact_property_sheet(client: TestClient) -> None:
    client.post(f"{BASE}/artifacts?groupId=g&artifactKey=k")
    response = client.put(f"{BASE}/properties/built?artifactName=g:k&value=yes")
    assert response.status_code == 200
    assert client.get(f"{BASE}/properties//artifacts/g:k/built").json()["property"]["value"] == "yes"
    assert code(client.get(f"{BASE}/properties/x?artifactName=no:such")) == (404, "NoSuchArtifact")
    assert code(client.get(f"{BASE}/properties/x?artifactName=g:k&projectName=Default")) == (
        400,
        "InvalidArgument",
    )
