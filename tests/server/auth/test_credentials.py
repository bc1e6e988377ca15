"""The verified-credential cache: Basic stays cheap, and a password change takes effect at once."""

from __future__ import annotations

from starlette.testclient import TestClient

from restkeep.server import clock
from restkeep.server.auth.passwords import hash_password_sync
from restkeep.server.context import Services
from restkeep.server.settings import Settings
from tests.conftest import basic, make_client

PROPERTY = "/rest/v1.0/properties/PythonProperty?projectName=Default"


def change_password(client: TestClient, user: str, password: str) -> None:
    services: Services = client.app.state.services  # type: ignore[attr-defined]

    async def change() -> None:
        record = await services.store.get_user(user)
        assert record is not None
        await services.store.set_password(record.id, hash_password_sync(password), clock.now_ms())

    assert client.portal is not None
    client.portal.call(change)


def test_password_change_refuses_the_old_basic_credentials_at_once(settings: Settings) -> None:
    with make_client(settings) as client:
        assert client.get(PROPERTY, headers=basic("system", "system")).status_code == 200  # now cached
        change_password(client, "system", "a-new-secret")
        old = client.get(PROPERTY, headers=basic("system", "system"))
        assert old.status_code == 401 and old.json()["error"]["code"] == "InvalidCredentials"
        assert client.get(PROPERTY, headers=basic("system", "a-new-secret")).status_code == 200


def test_password_change_ends_the_users_sessions(settings: Settings) -> None:
    with make_client(settings) as client:
        session = client.post(
            "/rest/v1.0/sessions", json={"userName": "system", "password": "system"}
        ).json()["sessionId"]
        client.cookies.clear()
        change_password(client, "system", "another-secret")
        response = client.get(PROPERTY, headers={"sessionId": session})
        assert response.json()["error"]["code"] == "InvalidSession"


def test_cached_and_uncached_verifications_agree(settings: Settings) -> None:
    with make_client(settings) as client:
        for _ in range(3):  # the first verifies with argon2, the others answer from the cache
            assert client.get(PROPERTY, headers=basic("admin", "changeme")).status_code == 200
        # near misses never ride on the cached credential (each once: repeated failures are throttled)
        assert client.get(PROPERTY, headers=basic("admin", "changeme ")).status_code == 401
        assert client.get(PROPERTY, headers=basic("Admin", "changeme")).status_code == 401
