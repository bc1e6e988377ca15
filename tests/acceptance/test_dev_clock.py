"""Development mode's virtual clock, over real sockets, on each backend, with two workers: the clock
is one for the whole server, and every credential lifetime follows it."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from restkeep import fingerprint
from restkeep.server.dev.api import DEV
from restkeep.testing import LiveServer

pytestmark = pytest.mark.live
ADMIN = ("admin", "changeme")
TIME = "x-restkeep-time"


@pytest.fixture
def http(dev_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=dev_server.url, timeout=30) as client:
        yield client


def advance(http: httpx.Client, by: str) -> dict[str, object]:
    answer = http.post("/_restkeep/clock/advance", json={"by": by}, auth=ADMIN)
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


def expired(answer: dict[str, object]) -> set[tuple[str, str, str]]:
    return {(e["kind"], e["user"], e["fingerprint"]) for e in answer["expired"]}  # type: ignore[attr-defined,index]


def catalog_login(http: httpx.Client) -> tuple[str, str]:
    login = http.post("/enable-api/login", json={"login": "system", "password": "system"}).json()
    http.cookies.clear()
    return login["token"]["token"], login["epimresttoken"]


def test_advancing_31_minutes_makes_the_next_catalog_call_rotate_its_token(http: httpx.Client) -> None:
    ewtoken, resttoken = catalog_login(http)
    headers = {"ewtoken": ewtoken, "epimresttoken": resttoken}
    fresh = http.get("/webcm/rest/api/repositories", headers=headers).json()
    assert "epimresttoken" not in fresh  # a fresh token is not rotated
    step = advance(http, "31m")
    assert ("epimresttoken", "system", fingerprint(resttoken)) in expired(step)
    rotated = http.get("/webcm/rest/api/repositories", headers=headers).json()
    assert rotated["status"] == 0 and rotated["epimresttoken"] not in ("", resttoken)


def test_advancing_25_hours_makes_reauth_fail(http: httpx.Client) -> None:
    ewtoken, _ = catalog_login(http)
    assert http.get("/enable-api/reauth", headers={"ewtoken": ewtoken}).status_code == 200
    step = advance(http, "25h")
    assert ("ewtoken", "system", fingerprint(ewtoken)) in expired(step)
    refused = http.get("/enable-api/reauth", headers={"ewtoken": ewtoken})
    assert refused.status_code == 401 and refused.json()["success"] is False


def test_an_idle_flow_session_dies_on_advance(http: httpx.Client) -> None:
    session = http.post("/rest/v1.0/sessions", json={"userName": "system", "password": "system"}).json()
    http.cookies.clear()
    token = session["sessionId"]
    assert http.get("/rest/v1.0/projects", headers={"sessionId": token}).status_code == 200
    step = advance(http, "11m")  # the server's idle timeout is 10 minutes
    assert ("session", "system", fingerprint(token)) in expired(step)
    gone = http.get("/rest/v1.0/projects", headers={"sessionId": token})
    assert gone.status_code == 401 and gone.json()["error"]["code"] == "InvalidSession"


def test_one_clock_for_every_worker_frozen_and_resumed(dev_server: LiveServer) -> None:
    def seen() -> set[str]:
        times = set()
        for _ in range(12):  # a new connection each time: the two workers take turns
            with httpx.Client(base_url=dev_server.url) as fresh:
                times.add(fresh.get("/rest/v1.0/server/status").headers[TIME])
        return times

    with httpx.Client(base_url=dev_server.url, auth=ADMIN) as http:
        frozen = http.post("/_restkeep/clock/freeze").json()
        assert frozen["frozen"] is True
        assert seen() == {frozen["now"]}
        after = advance(http, "1h")["now"]
        assert seen() == {after}
        shown = http.get("/_restkeep/clock").json()
        assert shown["now"] == after and shown["frozen"] is True
        running = http.post("/_restkeep/clock/resume").json()
        assert running["frozen"] is False and running["now"] >= after


def test_the_clock_goes_forward_only_and_bad_input_names_the_argument(http: httpx.Client) -> None:
    now = http.get("/_restkeep/clock", auth=ADMIN).json()["now"]
    back = http.post("/_restkeep/clock/set", json={"time": "2001-01-01T00:00:00Z"}, auth=ADMIN)
    assert back.status_code == 400 and "'time'" in back.json()["error"]["message"]
    assert http.get("/_restkeep/clock", auth=ADMIN).json()["now"] >= now
    for body, name in (({"by": "soon"}, "'by'"), ({"by": "-5m"}, "'by'"), ({}, "'by'")):
        refused = http.post("/_restkeep/clock/advance", json=body, auth=ADMIN)
        assert refused.status_code == 400 and name in refused.json()["error"]["message"], refused.text
    ahead = http.post("/_restkeep/clock/set", json={"time": "2099-06-01T12:00:00Z"}, auth=ADMIN)
    assert ahead.status_code == 200 and ahead.json()["now"].startswith("2099-06-01T12:00:0")
    # what the server writes follows the clock
    project = http.post("/rest/v1.0/projects", json={"projectName": "Future"}, auth=ADMIN).json()["project"]
    assert project["createTime"].startswith("2099-06-01")


def test_dev_routes_are_for_administrators_and_every_answer_carries_the_time(http: httpx.Client) -> None:
    for operation in DEV.operations:  # every dev route: credentials first, then an administrator's
        where = "/_restkeep" + re.sub(
            r"\{(\w+)(:\w+)?\}", lambda m: {"id": "1"}.get(m.group(1), "x"), operation.path
        )
        assert http.request(operation.method, where).status_code == 401, where
        refused = http.request(operation.method, where, auth=("system", "system"))
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "AccessDenied", where
    denied = http.get("/_restkeep/clock", auth=("system", "system"))
    for answer in (denied, http.get("/rest/v1.0/nothing"), http.get("/webcm/rest/api/repositories")):
        assert TIME in answer.headers
    document = http.get("/_restkeep/openapi.json").json()
    assert {op["operationId"] for path in document["paths"].values() for op in path.values()} == {
        op.name for op in DEV.operations
    }


def test_without_dev_every_dev_path_is_a_404_and_no_answer_carries_the_time(tmp_path: Path) -> None:
    with (
        LiveServer(tmp_path / "data", "--demo", tls=False) as server,
        httpx.Client(base_url=server.url, auth=ADMIN) as http,
    ):
        for operation in DEV.operations:
            answer = http.request(operation.method, "/_restkeep" + operation.path)
            assert answer.status_code == 404 and TIME not in answer.headers, operation.path
            assert "restkeep serve --dev" in answer.json()["error"]["message"]
        assert http.get("/_restkeep/openapi.json").status_code == 404
        assert TIME not in http.get("/rest/v1.0/server/status").headers


def _outward_address() -> str | None:
    """This machine's address on its network (no packet is sent), or None if it has none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
        except OSError:
            return None
        address: str = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.mark.parametrize("allow", [False, True])
def test_dev_routes_answer_remote_callers_only_when_allowed(tmp_path: Path, allow: bool) -> None:
    address = _outward_address()
    if address is None:
        pytest.skip("this machine has no address but loopback to call from")
    flags = ["--dev", "--demo", "--host", "0.0.0.0", *(["--dev-allow-remote"] if allow else [])]
    with LiveServer(tmp_path / "data", *flags, tls=False) as server:
        remote = httpx.get(f"http://{address}:{server.port}/_restkeep/clock", auth=ADMIN)
        local = httpx.get(f"{server.url}/_restkeep/clock", auth=ADMIN)
    assert local.status_code == 200
    assert remote.status_code == (200 if allow else 403), remote.text
