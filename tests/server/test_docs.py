"""The OpenAPI document and the offline reference page."""

from __future__ import annotations

from starlette.testclient import TestClient

from restkeep.server.flow.api.routes import OPERATIONS


def test_openapi_document_lists_every_operation(anon: TestClient) -> None:
    document = anon.get("/rest/doc/v1.0/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    described = "\n".join(
        op["operationId"] + op["description"]
        for methods in document["paths"].values()
        for op in methods.values()
    )
    for operation in OPERATIONS:
        assert operation.name in described
    get_property = document["paths"]["/rest/v1.0/properties/{propertyName}"]["get"]
    names = {p["name"] for p in get_property["parameters"]}
    assert {"propertyName", "projectName", "expand", "request"} <= names
    assert "Property" in document["components"]["schemas"]


def test_reference_page_is_served_from_the_package_with_security_headers(anon: TestClient) -> None:
    page = anon.get("/rest/doc/v1.0/")
    assert page.status_code == 200 and "swagger-ui" in page.text
    assert "http" not in page.text.split("<body>")[1]  # no CDN: every asset is relative
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for asset in ("assets/swagger-ui-bundle.js", "assets/swagger-ui.css", "reference.js"):
        response = anon.get("/rest/doc/v1.0/" + asset)
        assert response.status_code == 200 and len(response.content) > 100


def test_status_needs_no_credentials_and_info_does(anon: TestClient) -> None:
    assert anon.get("/rest/v1.0/server/status").json() == {"serverStatus": {"serverState": "running"}}
    assert anon.get("/rest/v1.0/server/info").status_code == 401


def test_server_info(client: TestClient, backend: str) -> None:
    info = client.get("/rest/v1.0/server/info").json()["serverInfo"]
    assert info["database"] == backend and info["apiVersion"] == "v1.0"
