"""With every right taken away, a user gets 403 on every route in the OpenAPI document, or does not see
the object; only self-service calls (their own tokens, logging out) and server facts stay open."""

from __future__ import annotations

import re
from typing import Any

from starlette.testclient import TestClient

from tests.conftest import ADMIN, basic

BASE = "/rest/v1.0"
SYSTEM = basic("system", "system")
# calls that concern only the caller, or no object at all
OPEN = {"getServerInfo", "getApiTokens", "createApiToken", "logout", "getRepositories"}
LISTS = {"getProjects": "project", "getArtifacts": "artifact"}


def _prepare(client: TestClient) -> dict[str, str]:
    client.post(f"{BASE}/projects?projectName=P", headers=ADMIN)
    client.put(f"{BASE}/properties/p?projectName=P&value=v", headers=ADMIN)
    client.post(
        f"{BASE}/artifactVersions?artifactName=g:k&version=1.0",
        files=[("files", ("f", b"x", "text/plain"))],
        headers=ADMIN,
    )
    sheet = client.get(f"{BASE}/projects/P", headers=ADMIN).json()["project"]["propertySheetId"]
    token = client.post(f"{BASE}/apiTokens?name=admins", headers=ADMIN).json()["apiToken"]["apiTokenId"]
    for privilege in ("read", "modify", "execute", "changePermissions"):
        client.put(
            f"{BASE}/acls?principalType=group&principalName=everyone&{privilege}Privilege=deny", headers=ADMIN
        )
    return {
        "projectName": "P",
        "propertyName": "p",
        "artifactName": "g:k",
        "artifactVersionName": "g:k:1.0",
        "path": "f",
        "propertySheetId": sheet,
        "userName": "admin",
        "password": "long enough pw",
        "groupName": "admin",
        "apiTokenId": token,
        "principalName": "system",
        "principalType": "user",
        "groupId": "g",
        "artifactKey": "k2",
        "version": "2.0",
        "versionRange": "[1.0,)",
        "value": "v",
        "repositoryName": "r",
        "name": "t",
        "newName": "Q",
    }


def _call(
    client: TestClient, method: str, path: str, operation: dict[str, Any], values: dict[str, str]
) -> Any:
    concrete = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
    names = {p["name"] for p in operation["parameters"]}
    # the locator: a project, else an artifact (publish names its artifact so, or by groupId/artifactKey)
    locator = "projectName" if "projectName" in names else "artifactName"
    query = {
        p["name"]: p["schema"].get("const", values.get(p["name"], "x"))
        for p in operation["parameters"]
        if p["in"] == "query" and (p.get("required") or p["name"] == locator)
    }
    return client.request(method.upper(), concrete, params=query, headers=SYSTEM)


def test_a_user_without_rights_is_refused_everywhere(anon: TestClient) -> None:
    values = _prepare(anon)
    document = anon.get("/rest/doc/v1.0/openapi.json").json()
    checked = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            name = operation["operationId"]
            if operation.get("security") == [] or name in OPEN | {"login"}:
                continue
            response = _call(anon, method, path, operation, values)
            if name in LISTS:
                assert response.status_code == 200 and response.json()[LISTS[name]] == [], name
            else:
                assert response.status_code == 403, (name, response.status_code, response.text)
                assert response.json()["error"]["code"] == "AccessDenied"
            checked.append(name)
    assert len(checked) >= 40  # every guarded Flow call (the OpenAPI document lists them all)
    # the administrator still can
    assert anon.get(f"{BASE}/properties/p?projectName=P", headers=ADMIN).status_code == 200
