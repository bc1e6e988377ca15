"""Every kind of bad request gets the Flow envelope with a 4xx, never a 5xx or a stack trace."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from restkeep.server.settings import Settings
from tests.conftest import ADMIN, make_client


def error(response: object) -> tuple[int, str]:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"where", "message", "details", "code"}
    assert "Traceback" not in body["error"]["message"]
    return response.status_code, body["error"]["code"]  # type: ignore[attr-defined]


def test_a_flow_path_that_names_no_resource_is_501_as_in_the_original(
    client: TestClient, anon: TestClient
) -> None:
    assert error(client.get("/rest/v1.0/nothing-here")) == (501, "NotImplemented")
    assert error(client.post("/rest/v1.0/procedures/x/y/z")) == (501, "NotImplemented")
    assert error(anon.get("/rest/v1.0/nothing-here")) == (501, "NotImplemented")
    assert error(client.get("/elsewhere")) == (404, "NoSuchObject")


def test_request_may_name_the_operation_that_the_path_and_method_select(client: TestClient) -> None:
    response = client.post(
        "/rest/v1.0/expandString?request=expandString", json={"value": "x", "projectName": "Default"}
    )
    assert response.status_code == 200 and response.json() == {"value": "x"}
    assert client.get("/rest/v1.0/projects?request=getProjects").status_code == 200
    put = client.put("/rest/v1.0/properties/viaRequest?request=setProperty&projectName=Default&value=1")
    assert put.status_code == 200
    got = client.get("/rest/v1.0/properties/viaRequest?request=getProperty&projectName=Default")
    assert got.json()["property"]["value"] == "1"
    # a name the path and method do not select is still refused
    assert error(client.get("/rest/v1.0/projects?request=deleteProject")) == (400, "InvalidArgument")


def test_wrong_method_is_405_with_allow(client: TestClient) -> None:
    response = client.patch("/rest/v1.0/projects")
    assert error(response) == (405, "MethodNotAllowed")
    assert "GET" in response.headers["allow"] and "POST" in response.headers["allow"]


def test_malformed_json_is_400(client: TestClient) -> None:
    response = client.post(
        "/rest/v1.0/projects", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert error(response) == (400, "MalformedRequest")
    response = client.post(
        "/rest/v1.0/projects", content=b"[1, 2]", headers={"Content-Type": "application/json"}
    )
    assert error(response) == (400, "MalformedRequest")


def test_nested_json_value_is_400(client: TestClient) -> None:
    assert error(client.post("/rest/v1.0/projects", json={"projectName": {"a": 1}})) == (
        400,
        "InvalidArgument",
    )


def test_wrong_type_names_the_field(client: TestClient) -> None:
    response = client.put(
        "/rest/v1.0/properties/n?projectName=Default&request=incrementProperty&incrementBy=lots"
    )
    assert error(response) == (400, "InvalidArgument")
    assert "incrementBy" in response.json()["error"]["message"]


def test_unknown_argument_is_named(client: TestClient) -> None:
    response = client.get("/rest/v1.0/properties/PythonProperty?projectName=Default&projectname=x")
    assert error(response) == (400, "InvalidArgument")
    assert "projectname" in response.json()["error"]["message"]


def test_unknown_request_selector(client: TestClient) -> None:
    response = client.put("/rest/v1.0/properties/x?projectName=Default&request=explode")
    assert error(response) == (400, "InvalidArgument")
    assert "incrementProperty" in response.json()["error"]["message"]


def test_argument_given_twice_with_different_values(client: TestClient) -> None:
    twice = client.get("/rest/v1.0/properties/PythonProperty?projectName=Default&projectName=Other")
    assert error(twice) == (400, "InvalidArgument")
    query_and_body = client.post("/rest/v1.0/projects?projectName=A", json={"projectName": "B"})
    assert error(query_and_body) == (400, "InvalidArgument")
    same_value = client.get("/rest/v1.0/properties/PythonProperty?projectName=Default&projectName=Default")
    assert same_value.status_code == 200


def test_oversize_body_is_413(settings: Settings) -> None:
    with make_client(settings.replace(max_body_size=1024), ADMIN) as client:
        response = client.post("/rest/v1.0/projects", json={"projectName": "big", "description": "x" * 4096})
        assert error(response) == (413, "RequestTooLarge")


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/rest/v1.0/projects/%00"),
        ("GET", "/rest/v1.0/properties/%FF%FE?projectName=Default"),
        ("PUT", "/rest/v1.0/properties/" + "a/" * 300 + "b?projectName=Default&value=1"),
        ("POST", "/rest/v1.0/expandString?value=$[]&projectName=Default"),
        ("GET", "/rest/v1.0/propertySheets/nope"),
        ("DELETE", "/rest/v1.0/projects/NoSuch"),
    ],
)
def test_odd_input_never_gives_a_5xx(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path)
    assert 400 <= response.status_code < 500, response.text
    error(response)


def test_an_unavailable_database_is_503_not_500(settings: Settings, backend: str) -> None:
    with make_client(settings, ADMIN) as client:
        services = client.app.state.services  # type: ignore[attr-defined]
        assert client.portal is not None
        client.portal.call(services.store.close)  # the database goes away under a running server
        response = client.put("/rest/v1.0/properties/x?projectName=Default&value=1")
        assert error(response) == (503, "ServiceUnavailable")
        assert response.headers["retry-after"] == "1"
