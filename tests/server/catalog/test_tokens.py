"""enable-api: login, reauth, logout; the two tokens, their transports, expiry and rotation."""

from __future__ import annotations

from starlette.testclient import TestClient

from restkeep.server import clock
from restkeep.server.settings import Settings
from tests.conftest import basic, make_client
from tests.server.catalog.conftest import WEBCM, Catalog

SEARCH = {"repositoryId": 10149, "page": 1, "pageSize": 5}


def login(client: TestClient, **kwargs: object) -> dict[str, object]:
    response = client.post("/enable-api/login", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_login_by_json_and_by_query(catalog_client: TestClient) -> None:
    by_json = login(catalog_client, json={"login": "system", "password": "system"})
    by_query = login(catalog_client, params={"login": "system", "password": "system"})
    for body in (by_json, by_query):
        assert body["success"] is True and isinstance(body["message"], str)
        token = body["token"]
        assert isinstance(token, dict) and len(token["token"]) >= 32 and token["expiresAt"].endswith("Z")
        assert isinstance(body["epimresttoken"], str)


def test_login_sets_both_cookies(catalog_client: TestClient) -> None:
    response = catalog_client.post("/enable-api/login", json={"login": "system", "password": "system"})
    cookies = response.headers.get_list("set-cookie")
    assert any(c.startswith("ewtoken=") and "HttpOnly" in c for c in cookies)
    assert any(c.startswith("epimresttoken=") for c in cookies)


def test_bad_login_is_the_same_for_unknown_user_and_wrong_password(catalog_client: TestClient) -> None:
    wrong = catalog_client.post("/enable-api/login", json={"login": "system", "password": "nope"})
    unknown = catalog_client.post("/enable-api/login", json={"login": "ghost", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"success": False, "error": "Invalid login or password"}


def test_login_needs_both_fields(catalog_client: TestClient) -> None:
    response = catalog_client.post("/enable-api/login", json={"login": "system"})
    assert response.status_code == 400 and response.json()["success"] is False
    garbage = catalog_client.post(
        "/enable-api/login", content=b"{oops", headers={"content-type": "application/json"}
    )
    assert garbage.status_code == 400 and garbage.json()["success"] is False


def test_reauth_while_valid_and_after_expiry(settings: Settings) -> None:
    with make_client(settings.replace(ewtoken_ttl=3600)) as client:
        token = login(client, json={"login": "system", "password": "system"})["token"]["token"]  # type: ignore[index]
        client.cookies.clear()
        assert client.get("/enable-api/reauth", headers={"ewtoken": token}).json() == {"success": True}
        clock.advance(3000)
        assert client.get("/enable-api/reauth", headers={"ewtoken": token}).status_code == 200
        clock.advance(601)  # reauth did not extend it
        expired = client.get("/enable-api/reauth", headers={"ewtoken": token})
        assert expired.status_code == 401 and expired.json()["success"] is False
        refused = client.post(WEBCM + "/items/search", json=SEARCH, headers={"ewtoken": token})
        assert (
            refused.status_code == 401
            and refused.json()["status"] == 401
            and refused.json()["success"] is False
        )


def test_unknown_or_missing_ewtoken_is_401_whatever_the_rest_token(cat: Catalog) -> None:
    rest = cat.headers["epimresttoken"]
    for headers in ({"ewtoken": "forged"}, {"ewtoken": "forged", "epimresttoken": rest}, {}):
        response = cat.client.post(WEBCM + "/items/search", json=SEARCH, headers=headers)
        assert response.status_code == 401
        assert set(response.json()) >= {"status", "success", "error", "details"}
    assert cat.client.get("/enable-api/reauth", headers={"ewtoken": "forged"}).json()["success"] is False


def test_tokens_as_bearer_and_cookies(catalog_client: TestClient) -> None:
    body = login(catalog_client, json={"login": "system", "password": "system"})
    token = body["token"]["token"]  # type: ignore[index]
    assert catalog_client.post(WEBCM + "/items/search", json=SEARCH).status_code == 200  # cookies
    catalog_client.cookies.clear()
    bearer = catalog_client.post(
        WEBCM + "/items/search", json=SEARCH, headers={"Authorization": f"Bearer {token}"}
    )
    assert bearer.status_code == 200


def test_a_fresh_rest_token_gets_no_new_one(cat: Catalog) -> None:
    response = cat.call("POST", "/items/search", json=SEARCH)
    assert response.status_code == 200 and "epimresttoken" not in response.json()


def test_missing_rest_token_is_issued_in_the_body(cat: Catalog) -> None:
    del cat.headers["epimresttoken"]
    response = cat.call("POST", "/items/search", json=SEARCH)
    assert response.status_code == 200 and response.json()["epimresttoken"]
    again = cat.call("POST", "/items/search", json=SEARCH)
    assert "epimresttoken" not in again.json()


def test_expired_and_expiring_rest_tokens_rotate(settings: Settings) -> None:
    with make_client(settings.replace(resttoken_ttl=1800)) as client:
        cat = Catalog(client)
        first = cat.headers["epimresttoken"]
        clock.advance(1000)
        assert "epimresttoken" not in cat.call("POST", "/items/search", json=SEARCH).json()
        clock.advance(750)  # 50 s left: about to expire
        rotated = cat.call("POST", "/items/search", json=SEARCH).json()["epimresttoken"]
        assert rotated != first and cat.headers["epimresttoken"] == rotated
        clock.advance(3600)  # long expired, while the ewtoken (24 h) is still valid
        response = cat.call("POST", "/items/search", json=SEARCH)
        assert response.status_code == 200 and response.json()["epimresttoken"] not in (first, rotated)


def test_a_rest_token_of_another_login_is_replaced(catalog_client: TestClient) -> None:
    one, two = Catalog(catalog_client), Catalog(catalog_client)
    response = catalog_client.post(
        WEBCM + "/items/search",
        json=SEARCH,
        headers={"ewtoken": one.headers["ewtoken"], "epimresttoken": two.headers["epimresttoken"]},
    )
    assert response.status_code == 200 and "epimresttoken" in response.json()


def test_logout_kills_both_tokens_at_once(cat: Catalog) -> None:
    response = cat.client.post("/enable-api/logout", headers=cat.headers)
    assert response.json() == {"success": True, "message": "You are logged out"}
    assert cat.client.get("/enable-api/reauth", headers=cat.headers).json()["success"] is False
    assert cat.call("POST", "/items/search", json=SEARCH).status_code == 401
    assert cat.client.post("/enable-api/logout", headers=cat.headers).status_code == 401


def test_doubled_slashes_from_string_joined_urls(catalog_client: TestClient) -> None:
    body = login(catalog_client, json={"login": "system", "password": "system"})
    catalog_client.cookies.clear()
    headers = {"ewtoken": body["token"]["token"]}  # type: ignore[index]
    server = "https://testserver/"  # the seed joins server + "/enable-api/..." with a server ending in "/"
    assert (
        catalog_client.post(
            server + "/enable-api//login", json={"login": "system", "password": "system"}
        ).status_code
        == 200
    )
    assert catalog_client.get(server + "/enable-api/reauth", headers=headers).json() == {"success": True}
    assert (
        catalog_client.post(server + "webcm/rest/api//items/search", json=SEARCH, headers=headers).status_code
        == 200
    )


def test_tokens_are_stored_only_as_hashes(
    settings: Settings, backend: str, catalog_client: TestClient
) -> None:
    body = login(catalog_client, json={"login": "system", "password": "system"})
    if backend == "sqlite":
        stored = (settings.data_dir / "restkeep.db").read_bytes() + (
            settings.data_dir / "restkeep.db-wal"
        ).read_bytes()
        assert body["token"]["token"].encode() not in stored  # type: ignore[index]
        assert str(body["epimresttoken"]).encode() not in stored


def test_a_fresh_rest_token_alone_authenticates_and_an_expired_one_alone_is_401(settings: Settings) -> None:
    with make_client(settings.replace(resttoken_ttl=1200)) as client:
        rest = str(login(client, json={"login": "admin", "password": "changeme"})["epimresttoken"])
        client.cookies.clear()
        # as a header, then as the only cookie a client kept
        response = client.post(WEBCM + "/items/search", json=SEARCH, headers={"epimresttoken": rest})
        assert response.status_code == 200 and response.json()["data"]["searchTotal"] == 12000
        assert "epimresttoken" not in response.json()  # still fresh: nothing to rotate
        client.cookies.set("epimresttoken", rest)
        assert client.post(WEBCM + "/items/search", json=SEARCH).status_code == 200
        client.cookies.clear()
        clock.advance(1150)  # about to expire: the answer carries its successor
        rotated = client.post(WEBCM + "/items/search", json=SEARCH, headers={"epimresttoken": rest}).json()
        successor = rotated["epimresttoken"]
        client.cookies.clear()
        clock.advance(100)  # the old one has expired; its successor works alone
        expired = client.post(WEBCM + "/items/search", json=SEARCH, headers={"epimresttoken": rest})
        assert expired.status_code == 401 and expired.json()["success"] is False
        assert (
            client.post(
                WEBCM + "/items/search", json=SEARCH, headers={"epimresttoken": successor}
            ).status_code
            == 200
        )


def test_a_rest_token_alone_ends_with_its_login(cat: Catalog) -> None:
    rest = cat.headers["epimresttoken"]
    cat.client.post("/enable-api/logout", headers={"ewtoken": cat.headers["ewtoken"]})
    cat.client.cookies.clear()
    response = cat.client.post(WEBCM + "/items/search", json=SEARCH, headers={"epimresttoken": rest})
    assert response.status_code == 401


def test_an_api_token_logs_in_as_its_own_users_password(catalog_client: TestClient) -> None:
    """A restkeep extension (how `restkeep login` reaches the Catalog): the Catalog's login has no
    token field, so a Flow API token is accepted as its own user's password, and only as that."""
    system = basic("system", "system")
    made = catalog_client.post("/rest/v1.0/apiTokens?name=cat&expiresIn=1h", headers=system)
    token, token_id = made.json()["apiToken"]["token"], made.json()["apiToken"]["apiTokenId"]
    catalog_client.cookies.clear()
    body = login(catalog_client, json={"login": "system", "password": token})
    ewtoken = body["token"]["token"]  # type: ignore[index]
    found = catalog_client.post(WEBCM + "/items/search", json=SEARCH, headers={"ewtoken": ewtoken})
    assert found.status_code == 200 and found.json()["status"] == 0

    as_another = catalog_client.post("/enable-api/login", json={"login": "admin", "password": token})
    assert as_another.status_code == 401
    catalog_client.cookies.clear()
    assert catalog_client.delete(f"/rest/v1.0/apiTokens/{token_id}", headers=system).status_code == 200
    revoked = catalog_client.post("/enable-api/login", json={"login": "system", "password": token})
    assert revoked.status_code == 401 and revoked.json()["error"] == "Invalid login or password"
