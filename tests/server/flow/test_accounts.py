"""Users, groups, the `admin` group, password rules and login throttling."""

from __future__ import annotations

from starlette.testclient import TestClient

from restkeep.server import clock
from restkeep.server.app import build_app
from restkeep.server.settings import Settings
from tests.conftest import ADMIN, basic, make_client

BASE = "/rest/v1.0"
SYSTEM = basic("system", "system")
PROPERTY = BASE + "/properties/PythonProperty?projectName=Default"


def code(response: object) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]  # type: ignore[attr-defined]


def test_admins_list_users_and_others_see_only_themselves(anon: TestClient) -> None:
    users = {u["userName"]: u for u in anon.get(f"{BASE}/users", headers=ADMIN).json()["user"]}
    assert set(users) == {"admin", "system"} and users["admin"]["groups"] == ["admin"]
    assert "password" not in str(users).lower() and "hash" not in str(users).lower()
    assert code(anon.get(f"{BASE}/users", headers=SYSTEM)) == (403, "AccessDenied")
    assert anon.get(f"{BASE}/users/system", headers=SYSTEM).json()["user"]["userName"] == "system"
    assert code(anon.get(f"{BASE}/users/admin", headers=SYSTEM)) == (403, "AccessDenied")
    assert code(anon.get(f"{BASE}/users/ghost", headers=ADMIN)) == (404, "NoSuchUser")


def test_create_user_with_password_rules(anon: TestClient) -> None:
    create = f"{BASE}/users"
    assert code(anon.post(create, params={"userName": "dev", "password": "short"}, headers=ADMIN)) == (
        400,
        "InvalidArgument",
    )
    assert code(
        anon.post(create, params={"userName": "developer", "password": "Developer"}, headers=ADMIN)
    ) == (400, "InvalidArgument")
    assert code(anon.post(create, params={"userName": "dev", "password": "long enough"}, headers=SYSTEM)) == (
        403,
        "AccessDenied",
    )
    created = anon.post(
        create, json={"userName": "dev", "password": "long enough", "email": "dev@example.com"}, headers=ADMIN
    )
    assert created.status_code == 200 and created.json()["user"]["email"] == "dev@example.com"
    assert code(anon.post(create, params={"userName": "dev", "password": "long enough"}, headers=ADMIN)) == (
        409,
        "DuplicateUserName",
    )
    assert code(anon.post(create, params={"userName": "a/b", "password": "long enough"}, headers=ADMIN)) == (
        400,
        "InvalidArgument",
    )
    assert anon.get(PROPERTY, headers=basic("dev", "long enough")).status_code == 200


def test_changing_your_own_password_needs_the_current_one(anon: TestClient) -> None:
    url = f"{BASE}/users/system"
    assert code(anon.put(url, params={"password": "a new secret"}, headers=SYSTEM)) == (
        400,
        "InvalidArgument",
    )
    assert code(
        anon.put(url, params={"password": "a new secret", "currentPassword": "wrong"}, headers=SYSTEM)
    ) == (403, "AccessDenied")
    session = anon.post(f"{BASE}/sessions", json={"userName": "system", "password": "system"}).json()[
        "sessionId"
    ]
    anon.cookies.clear()
    assert (
        anon.put(
            url, params={"password": "a new secret", "currentPassword": "system"}, headers=SYSTEM
        ).status_code
        == 200
    )
    assert code(anon.get(PROPERTY, headers=SYSTEM)) == (401, "InvalidCredentials")
    assert code(anon.get(PROPERTY, headers={"sessionId": session})) == (401, "InvalidSession")
    assert anon.get(PROPERTY, headers=basic("system", "a new secret")).status_code == 200
    assert code(
        anon.put(
            f"{BASE}/users/admin", params={"password": "x" * 10}, headers=basic("system", "a new secret")
        )
    ) == (403, "AccessDenied")


def test_admins_change_anyones_password_and_profile(anon: TestClient) -> None:
    changed = anon.put(
        f"{BASE}/users/system",
        params={"password": "reset by admin", "fullUserName": "System User"},
        headers=ADMIN,
    )
    assert changed.status_code == 200 and changed.json()["user"]["fullUserName"] == "System User"
    assert anon.get(PROPERTY, headers=basic("system", "reset by admin")).status_code == 200


def test_delete_user(anon: TestClient) -> None:
    assert code(anon.delete(f"{BASE}/users/system", headers=SYSTEM)) == (403, "AccessDenied")
    assert code(anon.delete(f"{BASE}/users/admin", headers=ADMIN)) == (400, "InvalidArgument")
    assert anon.get(PROPERTY, headers=SYSTEM).status_code == 200
    assert anon.delete(f"{BASE}/users/system", headers=ADMIN).json() == {}
    assert code(anon.get(PROPERTY, headers=SYSTEM)) == (401, "InvalidCredentials")
    assert code(anon.delete(f"{BASE}/users/system", headers=ADMIN)) == (404, "NoSuchUser")


def test_groups_and_admin_membership(anon: TestClient) -> None:
    assert code(anon.post(f"{BASE}/groups?groupName=dev", headers=SYSTEM)) == (403, "AccessDenied")
    created = anon.post(f"{BASE}/groups?groupName=dev", headers=ADMIN).json()["group"]
    assert created["groupName"] == "dev" and created["members"] == []
    assert code(anon.post(f"{BASE}/groups?groupName=dev", headers=ADMIN)) == (409, "DuplicateGroupName")
    added = anon.put(
        f"{BASE}/groups/dev?request=addUsersToGroup&userName=system,admin", headers=ADMIN
    ).json()["group"]
    assert added["members"] == ["admin", "system"]
    assert anon.get(f"{BASE}/users/system", headers=ADMIN).json()["user"]["groups"] == ["dev"]
    removed = anon.put(
        f"{BASE}/groups/dev?request=removeUsersFromGroup&userName=admin", headers=ADMIN
    ).json()["group"]
    assert removed["members"] == ["system"]
    assert code(anon.put(f"{BASE}/groups/dev?request=addUsersToGroup&userName=ghost", headers=ADMIN)) == (
        404,
        "NoSuchUser",
    )
    assert code(anon.put(f"{BASE}/groups/none?request=addUsersToGroup&userName=system", headers=ADMIN)) == (
        404,
        "NoSuchGroup",
    )
    # membership of `admin` is what makes an administrator
    assert code(anon.get(f"{BASE}/users", headers=SYSTEM)) == (403, "AccessDenied")
    anon.put(f"{BASE}/groups/admin?request=addUsersToGroup&userName=system", headers=ADMIN)
    assert anon.get(f"{BASE}/users", headers=SYSTEM).status_code == 200
    assert code(
        anon.put(f"{BASE}/groups/admin?request=removeUsersFromGroup&userName=admin", headers=ADMIN)
    ) == (400, "InvalidArgument")
    assert code(anon.delete(f"{BASE}/groups/admin", headers=ADMIN)) == (400, "InvalidArgument")
    assert anon.delete(f"{BASE}/groups/dev", headers=ADMIN).json() == {}
    assert code(anon.get(f"{BASE}/groups/dev", headers=ADMIN)) == (404, "NoSuchGroup")
    assert [g["groupName"] for g in anon.get(f"{BASE}/groups", headers=ADMIN).json()["group"]] == ["admin"]


def from_address(settings: Settings, address: str) -> TestClient:
    return TestClient(build_app(settings), base_url="https://testserver", client=(address, 40000))


def test_failures_from_one_address_never_lock_the_user_out_elsewhere(settings: Settings) -> None:
    # two apps on one database, like two workers: a TestClient runs its app on an event loop of its
    # own, and one app's PostgreSQL pool cannot serve two loops (it failed now and then with a 500)
    with (
        TestClient(
            build_app(settings), base_url="https://testserver", client=("203.0.113.9", 40000)
        ) as attacker,
        TestClient(
            build_app(settings), base_url="https://testserver", client=("198.51.100.7", 40000)
        ) as owner,
    ):
        for _ in range(8):
            attacker.post(f"{BASE}/sessions", json={"userName": "system", "password": "wrong"})
        assert (
            code(attacker.post(f"{BASE}/sessions", json={"userName": "system", "password": "system"}))[0]
            == 429
        )
        # the right password from an address that has not been failing still logs in, every way
        assert (
            owner.post(f"{BASE}/sessions", json={"userName": "system", "password": "system"}).status_code
            == 200
        )
        assert owner.get(PROPERTY, headers=SYSTEM).status_code == 200
        assert (
            owner.post("/enable-api/login", json={"login": "system", "password": "system"}).status_code == 200
        )
        # and the attacker stays throttled
        assert code(attacker.get(PROPERTY, headers=SYSTEM))[0] == 429


def test_an_address_guessing_many_names_is_throttled_for_all_of_them(settings: Settings) -> None:
    with from_address(settings, "203.0.113.10") as attacker:
        for i in range(60):
            attacker.post(f"{BASE}/sessions", json={"userName": f"user{i}", "password": "wrong"})
        blocked = attacker.post(f"{BASE}/sessions", json={"userName": "admin", "password": "changeme"})
        assert code(blocked) == (429, "TooManyRequests")
    with from_address(settings, "203.0.113.11") as elsewhere:
        assert (
            elsewhere.post(f"{BASE}/sessions", json={"userName": "admin", "password": "changeme"}).status_code
            == 200
        )


def test_repeated_failures_for_one_user_are_throttled_from_that_address(settings: Settings) -> None:
    with make_client(settings) as client:
        for _ in range(5):
            assert code(
                client.post(f"{BASE}/sessions", json={"userName": "system", "password": "wrong"})
            ) == (401, "InvalidCredentials")
        blocked = client.post(f"{BASE}/sessions", json={"userName": "system", "password": "system"})
        assert code(blocked) == (429, "TooManyRequests") and int(blocked.headers["retry-after"]) >= 1
        assert code(client.get(PROPERTY, headers=SYSTEM)) == (429, "TooManyRequests")  # Basic too
        catalog = client.post("/enable-api/login", json={"login": "system", "password": "system"})
        assert catalog.status_code == 429 and catalog.json()["success"] is False
        # another user from the same address is not affected
        assert (
            client.post(f"{BASE}/sessions", json={"userName": "admin", "password": "changeme"}).status_code
            == 200
        )
        clock.advance(2)
        assert (
            client.post(f"{BASE}/sessions", json={"userName": "system", "password": "system"}).status_code
            == 200
        )
        # a success clears the count: four more failures do not block
        for _ in range(4):
            client.post(f"{BASE}/sessions", json={"userName": "system", "password": "wrong"})
        assert (
            client.post(f"{BASE}/sessions", json={"userName": "system", "password": "system"}).status_code
            == 200
        )


def test_the_wait_grows_with_more_failures(settings: Settings) -> None:
    with make_client(settings) as client:
        waits: list[int] = []
        while len(waits) < 4:
            response = client.post(f"{BASE}/sessions", json={"userName": "system", "password": "wrong"})
            if response.status_code == 429:
                waits.append(int(response.headers["retry-after"]))
                clock.advance(waits[-1])  # wait it out, then guess again
        assert waits == [1, 2, 4, 8]
