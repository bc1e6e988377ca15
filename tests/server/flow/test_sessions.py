"""Authentication: Basic, sessions by header and cookie, logout, idle timeout, the exact NoCredentials body."""

from __future__ import annotations

from starlette.testclient import TestClient

from restkeep.server import clock
from restkeep.server.settings import Settings
from tests.conftest import basic, make_client

PROPERTY = "/rest/v1.0/properties/PythonProperty?projectName=Default"


def login(client: TestClient, user: str = "admin", password: str = "changeme") -> str:
    response = client.post(f"/rest/v1.0/sessions?password={password}&userName={user}")
    assert response.status_code == 200, response.text
    return str(response.json()["sessionId"])


def test_no_credentials_gives_the_seed_body_byte_for_byte(anon: TestClient) -> None:
    response = anon.get(PROPERTY)
    assert response.status_code == 401
    assert response.content == (
        b'{"error":{"where":"","message":"No credentials/session found in this request","details":"","code":"NoCredentials"}}'
    )


def test_basic_auth_works_on_any_request(anon: TestClient) -> None:
    assert (
        anon.get(PROPERTY, headers=basic("admin", "changeme")).json()["property"]["value"] == "PythonRestApi"
    )


def test_basic_auth_with_a_wrong_password_is_refused(anon: TestClient) -> None:
    for headers in (basic("admin", "wrong"), basic("nobody", "changeme"), {"Authorization": "Basic !!!"}):
        response = anon.get(PROPERTY, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "InvalidCredentials"


def test_login_by_query_json_and_form(anon: TestClient) -> None:
    by_query = anon.post("/rest/v1.0/sessions?password=changeme&userName=admin")
    by_json = anon.post("/rest/v1.0/sessions", json={"userName": "admin", "password": "changeme"})
    by_form = anon.post("/rest/v1.0/sessions", data={"userName": "admin", "password": "changeme"})
    for response in (by_query, by_json, by_form):
        assert response.status_code == 200
        assert set(response.json()) == {"sessionId", "userName"}
        assert response.json()["userName"] == "admin"
    assert len({r.json()["sessionId"] for r in (by_query, by_json, by_form)}) == 3


def test_login_sets_a_secure_httponly_cookie(anon: TestClient) -> None:
    response = anon.post("/rest/v1.0/sessions", json={"userName": "admin", "password": "changeme"})
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"sessionId={response.json()['sessionId']};")
    for attribute in ("HttpOnly", "Secure", "SameSite=lax"):
        assert attribute.lower() in cookie.lower()


def test_bad_login_is_401_and_says_nothing_about_which_part_was_wrong(anon: TestClient) -> None:
    wrong_password = anon.post("/rest/v1.0/sessions", json={"userName": "admin", "password": "nope"})
    no_user = anon.post("/rest/v1.0/sessions", json={"userName": "ghost", "password": "nope"})
    assert wrong_password.status_code == no_user.status_code == 401
    assert wrong_password.json() == no_user.json()
    assert wrong_password.json()["error"]["code"] == "InvalidCredentials"


def test_login_without_a_password_names_the_missing_argument(anon: TestClient) -> None:
    response = anon.post("/rest/v1.0/sessions?userName=admin")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MissingArgument"
    assert "password" in response.json()["error"]["message"]


def test_session_header_and_cookie_both_work(anon: TestClient) -> None:
    session = login(anon)
    assert anon.get(PROPERTY, headers={"sessionId": session}).status_code == 200
    anon.cookies.clear()
    anon.cookies.set("sessionId", session)
    assert anon.get(PROPERTY).status_code == 200


def test_unknown_session_is_invalid_session(anon: TestClient) -> None:
    response = anon.get(PROPERTY, headers={"sessionId": "not-a-session"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "InvalidSession"


def test_logout_ends_the_session(anon: TestClient) -> None:
    session = login(anon)
    anon.cookies.clear()
    response = anon.delete("/rest/v1.0/sessions", headers={"sessionId": session})
    assert response.status_code == 200
    assert response.json() == {}
    assert anon.get(PROPERTY, headers={"sessionId": session}).json()["error"]["code"] == "InvalidSession"


def test_idle_timeout_expires_a_session_and_use_slides_it(tmp_path: object, settings: Settings) -> None:
    with make_client(settings.replace(session_idle_timeout=600)) as client:
        idle = login(client)
        used = login(client)
        client.cookies.clear()
        for _ in range(3):
            clock.advance(400)
            assert client.get(PROPERTY, headers={"sessionId": used}).status_code == 200
        assert client.get(PROPERTY, headers={"sessionId": idle}).json()["error"]["code"] == "InvalidSession"


def test_demo_users_exist(anon: TestClient) -> None:
    assert login(anon, "system", "system")
