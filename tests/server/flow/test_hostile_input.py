"""Hostile input, mostly without logging in: every answer is a 4xx in the Flow envelope, never a 5xx,
and nothing that is not valid text is stored with replacement characters."""

from __future__ import annotations

import base64

import pytest
from starlette.testclient import TestClient

from tests.server.flow.test_errors import error

SESSIONS = "/rest/v1.0/sessions"
JSON = {"Content-Type": "application/json"}


def test_a_lone_surrogate_escape_in_json_is_400(anon: TestClient) -> None:
    response = anon.post(SESSIONS, content=b'{"userName": "x\\ud800", "password": "p"}', headers=JSON)
    assert error(response) == (400, "MalformedRequest")


def test_json_nested_thousands_deep_is_400(anon: TestClient) -> None:
    deep = b'{"userName": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    assert error(anon.post(SESSIONS, content=deep, headers=JSON)) == (400, "MalformedRequest")


def test_a_number_that_is_not_finite_is_not_a_name(client: TestClient) -> None:
    response = client.post("/rest/v1.0/projects", content=b'{"projectName": 1e999}', headers=JSON)
    assert error(response) == (400, "InvalidArgument")
    assert client.get("/rest/v1.0/projects/inf").status_code == 404


def test_a_body_that_says_it_is_plain_text_is_not_parsed_as_json(client: TestClient) -> None:
    response = client.post(
        "/rest/v1.0/projects", content=b'{"projectName": "fromText"}', headers={"Content-Type": "text/plain"}
    )
    assert error(response) == (415, "UnsupportedMediaType")
    assert client.get("/rest/v1.0/projects/fromText").status_code == 404


def test_json_with_a_charset_and_json_without_a_content_type_still_work(client: TestClient) -> None:
    charset = {"Content-Type": "application/json; charset=utf-8"}
    assert (
        client.post("/rest/v1.0/projects", content=b'{"projectName": "a1"}', headers=charset).status_code
        == 200
    )
    response = client.post(
        "/rest/v1.0/projects", content=b'{"projectName": "a2"}', headers={"Content-Type": ""}
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "name",
    ["x\x00y", "\x00"],
)
def test_a_nul_in_a_basic_user_name_is_401(anon: TestClient, name: str) -> None:
    header = "Basic " + base64.b64encode(f"{name}:secret".encode()).decode()
    response = anon.get("/rest/v1.0/projects", headers={"Authorization": header})
    assert error(response) == (401, "InvalidCredentials")


def test_invalid_utf8_in_a_query_string_is_400_and_nothing_is_stored(client: TestClient) -> None:
    response = client.put("/rest/v1.0/properties/bad?projectName=Default&value=%FF%FE")
    assert error(response) == (400, "MalformedRequest")
    assert client.get("/rest/v1.0/properties/bad?projectName=Default").status_code == 404


def test_invalid_utf8_in_a_form_body_is_400(client: TestClient) -> None:
    response = client.put(
        "/rest/v1.0/properties/bad?projectName=Default",
        content=b"value=%C3%28",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert error(response) == (400, "MalformedRequest")
    response = client.put(
        "/rest/v1.0/properties/bad?projectName=Default",
        content=b"value=\xff",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert error(response) == (400, "MalformedRequest")
    assert client.get("/rest/v1.0/properties/bad?projectName=Default").status_code == 404


def test_an_error_repeats_only_a_short_prefix_of_a_value(client: TestClient) -> None:
    huge = "p" * 2_000_000
    response = client.post("/rest/v1.0/projects", json={"projectName": "x/" + huge})
    assert response.status_code == 400
    assert len(response.content) < 2_000
    response = client.put(
        "/rest/v1.0/properties/n?projectName=Default&request=incrementProperty", json={"incrementBy": huge}
    )
    assert response.status_code == 400
    assert len(response.content) < 2_000


def test_invalid_utf8_in_a_path_is_400_in_each_familys_envelope(client: TestClient) -> None:
    response = client.put("/rest/v1.0/properties/a%FFb?projectName=Default&value=1")
    assert error(response) == (400, "MalformedRequest")
    sheet = client.get("/rest/v1.0/properties?projectName=Default").json()["propertySheet"]
    assert all("\ufffd" not in p["propertyName"] for p in sheet["property"])
    catalog = client.get("/webcm/rest/api/items/%C3%28")
    assert catalog.status_code == 400 and catalog.json()["success"] is False
    # valid UTF-8, escaped or not, still names what it says
    assert client.put("/rest/v1.0/properties/a%C3%A9b?projectName=Default&value=1").status_code == 200
    assert client.get("/rest/v1.0/properties/aéb?projectName=Default").json()["property"]["value"] == "1"


def test_an_empty_query_pair_is_ignored(client: TestClient) -> None:
    response = client.get("/rest/v1.0/properties/PythonProperty?projectName=Default&=")
    assert response.status_code == 200, response.text


def test_a_nul_in_a_catalog_login_is_4xx_in_its_envelope(anon: TestClient) -> None:
    response = anon.post("/enable-api/login", json={"login": "ad\x00min", "password": "changeme"})
    assert 400 <= response.status_code < 500
    assert response.json()["success"] is False


@pytest.mark.parametrize("given", ["18446744073709551615", "9223372036854775808", "0", "-1"])
def test_an_id_out_of_range_is_400(client: TestClient, given: str) -> None:
    assert error(client.get(f"/rest/v1.0/acls?catalogRepositoryId={given}")) == (400, "InvalidArgument")


@pytest.mark.parametrize("name", ["a%0Ab", "a%0D%0Ab", "%0A", "a%00b"])
def test_a_control_character_in_a_property_path_is_an_invalid_name(client: TestClient, name: str) -> None:
    # found by the fuzzer: a newline kept the route from matching, and the answer was a 501
    for method in ("GET", "PUT", "DELETE"):
        response = client.request(method, f"/rest/v1.0/properties/{name}?projectName=Default&value=1")
        assert response.status_code == 400, (method, name, response.text)


@pytest.mark.parametrize("given", ["1e100", "inf", "nan", "-5m", "1e308d"])
def test_an_api_token_lifetime_out_of_range_is_400(client: TestClient, given: str) -> None:
    # found by the fuzzer: expiresIn=1e100 answered 500
    response = client.post(f"/rest/v1.0/apiTokens?name=ci&expiresIn={given}")
    assert error(response) == (400, "InvalidArgument")
