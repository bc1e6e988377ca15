"""The OpenAPI document and the offline reference page."""

from __future__ import annotations

from starlette.testclient import TestClient

from restkeep.server.families import CATALOG_API
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


def test_the_catalog_api_has_its_own_document_from_the_same_declarations(anon: TestClient) -> None:
    document = anon.get("/webcm/rest/v3/api-docs").json()
    assert document["openapi"].startswith("3.1") and document["info"]["title"] == "restkeep Catalog API"
    operations = {
        op["operationId"]: (method, path)
        for path, methods in document["paths"].items()
        for method, op in methods.items()
    }
    for family in CATALOG_API:
        for operation in family.operations:
            assert operation.name in operations, operation.name
    assert operations["searchItems"] == ("post", "/webcm/rest/api/items/search")
    assert operations["filterItems"] == ("post", "/webcm/rest/api/items/filter")
    search = document["paths"]["/webcm/rest/api/items/search"]["post"]
    assert search["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SearchBody"
    }
    answer = search["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["properties"]["data"] == {"$ref": "#/components/schemas/SearchAnswer"}
    item = document["paths"]["/webcm/rest/api/items/{item_id}"]["get"]
    assert item["parameters"][0]["schema"]["type"] == "integer"
    assert document["paths"]["/enable-api/login"]["post"]["security"] == []


def test_reference_pages_are_served_from_the_package_with_security_headers(anon: TestClient) -> None:
    for where, document in (("/rest/doc/v1.0/", "/rest/doc/v1.0/openapi.json"),
                            ("/webcm/rest/swagger-ui.html", "/webcm/rest/v3/api-docs")):  # fmt: skip
        page = anon.get(where)
        assert page.status_code == 200 and "swagger-ui" in page.text
        assert f"&quot;url&quot;:&quot;{document}&quot;" in page.text
        assert "http" not in page.text.split("<body>")[1]  # no CDN: every asset is the server's
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
