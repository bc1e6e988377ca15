"""Arguments the original documents for the calls restkeep has: accepted, kept where restkeep can show
them back, ignored where they mean nothing here, refused by name where honouring them is impossible."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.conftest import ADMIN, basic

BASE = "/rest/v1.0"


def error(response: object) -> tuple[int, str]:
    body = response.json()["error"]  # type: ignore[attr-defined]
    return response.status_code, body["message"]  # type: ignore[attr-defined]


def test_users_join_groups_as_they_are_created_and_changed(anon: TestClient) -> None:
    for name in ("builders", "testers"):
        assert anon.post(f"{BASE}/groups", params={"groupName": name}, headers=ADMIN).status_code == 200
    # ectool's spelling, a list in a JSON body
    created = anon.post(
        f"{BASE}/users",
        json={
            "userName": "carol",
            "password": "long enough",
            "groupNames": ["builders"],
            "personas": ["Dev"],
        },
        headers=ADMIN,
    )
    assert created.status_code == 200, created.text
    assert created.json()["user"]["groups"] == ["builders"]
    # the Perl API's singular spelling, repeated in the query string; removeAllGroups leaves the others
    changed = anon.put(f"{BASE}/users/carol?groupName=testers&removeAllGroups=true", headers=ADMIN)
    assert changed.json()["user"]["groups"] == ["testers"], changed.text
    both = anon.put(f"{BASE}/users/carol?groupName=builders&groupName=testers", headers=ADMIN)
    assert both.json()["user"]["groups"] == ["builders", "testers"]
    status, message = error(
        anon.post(f"{BASE}/users", json={"userName": "dan", "password": "long enough", "groupNames": ["nope"]},
                  headers=ADMIN)
    )  # fmt: skip
    assert status == 404 and "nope" in message
    assert anon.get(f"{BASE}/users/dan", headers=ADMIN).status_code == 404  # nothing half done


def test_groups_take_their_first_members_and_members_come_as_lists(anon: TestClient) -> None:
    for user in ("erin", "frank"):
        anon.post(f"{BASE}/users", params={"userName": user, "password": "long enough"}, headers=ADMIN)
    created = anon.post(
        f"{BASE}/groups", json={"groupName": "ops", "userNames": ["erin", "frank"]}, headers=ADMIN
    )
    assert sorted(created.json()["group"]["members"]) == ["erin", "frank"], created.text
    removed = anon.put(
        f"{BASE}/groups/ops?request=removeUsersFromGroup", json={"userName": ["erin"]}, headers=ADMIN
    )
    assert removed.json()["group"]["members"] == ["frank"], removed.text


def test_session_password_is_the_originals_name_for_the_current_password(anon: TestClient) -> None:
    system = basic("system", "system")
    changed = anon.put(
        f"{BASE}/users/system",
        params={"password": "a new secret", "sessionPassword": "system"},
        headers=system,
    )
    assert changed.status_code == 200, changed.text
    status, message = error(anon.put(f"{BASE}/users/admin", params={"newName": "root"}, headers=ADMIN))
    assert status == 400 and "newName" in message


def test_a_value_given_twice_is_still_refused_where_one_is_taken(anon: TestClient) -> None:
    status, message = error(anon.get(f"{BASE}/projects/Default?projectName=Other", headers=ADMIN))
    assert status == 400 and "more than once" in message
    status, message = error(anon.post(f"{BASE}/projects", json={"projectName": ["a", "b"]}, headers=ADMIN))
    assert status == 400 and "single value" in message


def test_publish_names_the_artifact_either_way_the_original_does(client: TestClient) -> None:
    files = [("files", ("a.txt", b"a", "application/octet-stream"))]
    published = client.post(
        f"{BASE}/artifactVersions",
        params={"groupId": "com.acme", "artifactKey": "tool", "version": "1.0", "compress": "true"},
        files=files,
    )
    assert published.status_code == 200, published.text
    assert published.json()["artifactVersion"]["artifactName"] == "com.acme:tool"
    found = client.get(
        f"{BASE}/artifactVersions",
        params={
            "request": "findArtifactVersions",
            "groupId": "com.acme",
            "artifactKey": "tool",
            "versionRange": "[1.0,2.0)",
        },
    )
    assert found.status_code == 200, found.text
    assert [v["version"] for v in found.json()["artifactVersion"]] == ["1.0"]


@pytest.mark.parametrize(
    "argument", ["fromDirectory=dist", "includePatterns=*.jar", "dependentArtifactVersions=a:b"]
)
def test_publish_refuses_what_the_original_does_on_the_client(client: TestClient, argument: str) -> None:
    files = [("files", ("a.txt", b"a", "application/octet-stream"))]
    answer = client.post(
        f"{BASE}/artifactVersions?artifactName=com.acme:x&version=1.0&{argument}", files=files
    )
    status, message = error(answer)
    assert status == 400 and argument.partition("=")[0] in message and "not supported" in message


def test_repositories_accept_the_originals_server_settings(client: TestClient) -> None:
    created = client.post(
        f"{BASE}/repositories",
        params={"repositoryName": "remote", "url": "https://repo.example:8200", "zoneName": "default"},
    )
    assert created.status_code == 200, created.text
    status, message = error(
        client.post(f"{BASE}/repositories", params={"repositoryName": "off", "repositoryDisabled": "true"})
    )
    assert status == 400 and "repositoryDisabled" in message


@pytest.mark.parametrize("locator", ["procedureName", "jobId", "applicationName", "resourceName"])
def test_a_property_locator_of_an_object_restkeep_lacks_is_refused_by_name(
    client: TestClient, locator: str
) -> None:
    status, message = error(client.get(f"{BASE}/properties/x?projectName=Default&{locator}=y"))
    assert status == 400 and locator in message and "Unknown" not in message
    kept = client.put(f"{BASE}/properties/x?projectName=Default&value=1&suppressValueTracking=1")
    assert kept.status_code == 200, kept.text
