"""Two servers on one database (two hosts behind a load balancer, or two workers): one truth.

Each server is a separate `restkeep serve` process with its own port, so a test can choose which one a
request reaches. Nothing that the other must see may live only in one process's memory.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from restkeep.testing import LiveServer

pytestmark = pytest.mark.live
PROPERTY = "/rest/v1.0/properties/PythonProperty?projectName=Default"


@pytest.fixture
def pair(tmp_path: Path, db_args: list[str]) -> Iterator[tuple[LiveServer, LiveServer]]:
    data = tmp_path / "data"
    with (
        LiveServer(data, "--demo", *db_args, tls=False) as one,
        LiveServer(data, "--demo", *db_args, tls=False) as two,
    ):
        yield one, two


def test_sessions_are_shared_and_logout_is_seen_everywhere(pair: tuple[LiveServer, LiveServer]) -> None:
    one, two = pair
    session = httpx.post(
        one.url + "/rest/v1.0/sessions", json={"userName": "admin", "password": "changeme"}
    ).json()["sessionId"]
    headers = {"sessionId": session}
    assert httpx.get(two.url + PROPERTY, headers=headers).status_code == 200
    assert httpx.get(one.url + PROPERTY, headers=headers).status_code == 200
    assert httpx.delete(one.url + "/rest/v1.0/sessions", headers=headers).status_code == 200
    refused = httpx.get(two.url + PROPERTY, headers=headers)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "InvalidSession"


def test_increments_spread_over_both_servers_total_exactly(pair: tuple[LiveServer, LiveServer]) -> None:
    def bump(thread: int) -> None:
        server = pair[thread % 2]
        with httpx.Client(base_url=server.url, auth=("admin", "changeme"), timeout=30) as client:
            for _ in range(25):
                response = client.put(
                    "/rest/v1.0/properties/shared?projectName=Default&request=incrementProperty"
                )
                assert response.status_code == 200, response.text

    with ThreadPoolExecutor(20) as pool:
        list(pool.map(bump, range(20)))
    for server in pair:
        value = httpx.get(
            server.url + "/rest/v1.0/properties/shared?projectName=Default", auth=("admin", "changeme")
        )
        assert value.json()["property"]["value"] == "500"


def test_a_password_change_refuses_the_old_password_on_both_at_once(
    pair: tuple[LiveServer, LiveServer], db_args: list[str]
) -> None:
    for server in pair:  # the old credentials are now in both servers' caches
        assert httpx.get(server.url + PROPERTY, auth=("system", "system")).status_code == 200
    data_dir = str(pair[0].data_dir)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "restkeep",
            "db",
            "set-password",
            "system",
            "--generate",
            "--data-dir",
            data_dir,
            *db_args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    new_password = re.search(r"changed: (\S+)", result.stdout).group(1)  # type: ignore[union-attr]
    for server in pair:
        old = httpx.get(server.url + PROPERTY, auth=("system", "system"))
        assert old.status_code == 401 and old.json()["error"]["code"] == "InvalidCredentials"
        assert httpx.get(server.url + PROPERTY, auth=("system", new_password)).status_code == 200


def test_unique_names_hold_across_servers(pair: tuple[LiveServer, LiveServer]) -> None:
    def create(index: int) -> int:
        server = pair[index % 2]
        return httpx.post(
            server.url + "/rest/v1.0/projects?projectName=Race", auth=("admin", "changeme")
        ).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(create, range(8)))
    assert statuses == [200] + [409] * 7


def test_catalog_tokens_are_shared_and_logout_is_seen_everywhere(pair: tuple[LiveServer, LiveServer]) -> None:
    one, two = pair
    login = httpx.post(one.url + "/enable-api/login", json={"login": "system", "password": "system"}).json()
    headers = {"ewtoken": login["token"]["token"], "epimresttoken": login["epimresttoken"]}
    search = {"repositoryId": 10149, "pageSize": 1}
    on_two = httpx.post(two.url + "/webcm/rest/api/items/search", json=search, headers=headers)
    assert (
        on_two.status_code == 200 and "epimresttoken" not in on_two.json()
    )  # the REST token is known there too
    assert httpx.get(two.url + "/enable-api/reauth", headers=headers).json() == {"success": True}
    assert httpx.post(two.url + "/enable-api/logout", headers=headers).status_code == 200
    refused = httpx.post(one.url + "/webcm/rest/api/items/search", json=search, headers=headers)
    assert refused.status_code == 401
    assert httpx.get(one.url + "/enable-api/reauth", headers=headers).json()["success"] is False


def test_login_throttling_is_shared_across_servers(pair: tuple[LiveServer, LiveServer]) -> None:
    one, two = pair
    for _ in range(5):
        assert (
            httpx.post(
                one.url + "/rest/v1.0/sessions", json={"userName": "system", "password": "nope"}
            ).status_code
            == 401
        )
    blocked = httpx.post(two.url + "/rest/v1.0/sessions", json={"userName": "system", "password": "system"})
    assert blocked.status_code == 429 and blocked.headers["retry-after"]
    assert (
        httpx.post(two.url + "/enable-api/login", json={"login": "system", "password": "system"}).status_code
        == 429
    )
    assert (
        httpx.post(
            two.url + "/rest/v1.0/sessions", json={"userName": "admin", "password": "changeme"}
        ).status_code
        == 200
    )
