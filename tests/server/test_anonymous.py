"""Every route needs credentials, except server status, the docs and the logins."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from restkeep.server.catalog.api.family import WEBCM

PUBLIC = {"/rest/v1.0/server/status", "/rest/v1.0/sessions"}


def test_every_flow_route_in_the_openapi_document_refuses_anonymous_callers(anon: TestClient) -> None:
    document = anon.get("/rest/doc/v1.0/openapi.json").json()
    checked = 0
    for path, methods in document["paths"].items():
        concrete = re.sub(
            r"\{(\w+)\}",
            lambda m: {"propertyName": "p", "projectName": "Default"}.get(m.group(1), "x:y:1"),
            path,
        )
        for method, operation in methods.items():
            response = anon.request(method.upper(), concrete)
            if operation.get("security") == [] or (path, method) == ("/rest/v1.0/sessions", "post"):
                assert response.status_code != 401 or path in PUBLIC, (method, path)
                continue
            assert response.status_code == 401, (method, path, response.text)
            assert response.json()["error"]["code"] == "NoCredentials"
            checked += 1
    assert checked > 40


PARAMETER = re.compile(r"\{\w+(:\w+)?\}")  # `{repository_id}`, `{item_id:int}`: a number fits them all


def test_every_catalog_route_refuses_callers_without_a_login_token(anon: TestClient) -> None:
    for operation in WEBCM.operations:
        path = WEBCM.prefix + PARAMETER.sub("10149", operation.path)
        response = anon.request(operation.method, path)
        assert response.status_code == 401, (operation.method, path)
        assert response.json()["success"] is False
    assert anon.get("/enable-api/reauth").status_code == 401
    assert anon.get("/rest/doc/v1.0/").status_code == 200
    assert anon.get("/rest/v1.0/server/status").status_code == 200
