"""Development mode's credentials, over real sockets, on each backend, with two workers: listed by
fingerprint only; an expired one behaves exactly as one whose time ran out, a revoked one is refused
and never renewed; lifetimes change on the running server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from restkeep import fingerprint
from restkeep.testing import LiveServer

pytestmark = pytest.mark.live
ADMIN = ("admin", "changeme")
API = "/webcm/rest/api/repositories"


@pytest.fixture
def http(dev_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=dev_server.url, timeout=30) as client:
        yield client


def dev(http: httpx.Client, method: str, path: str, **body: object) -> dict[str, object]:
    answer = http.request(method, "/_restkeep" + path, json=body or None, auth=ADMIN)
    assert answer.status_code == 200, answer.text
    result: dict[str, object] = answer.json()
    return result


def login(http: httpx.Client) -> tuple[str, str]:
    answer = http.post("/enable-api/login", json={"login": "system", "password": "system"}).json()
    http.cookies.clear()
    return answer["token"]["token"], answer["epimresttoken"]


def test_credentials_are_listed_by_fingerprint_and_never_shown(http: httpx.Client) -> None:
    ewtoken, resttoken = login(http)
    session = http.post("/rest/v1.0/sessions", json={"userName": "system", "password": "system"}).json()
    http.cookies.clear()
    listing = http.get("/_restkeep/credentials?user=system", auth=ADMIN)
    for secret in (ewtoken, resttoken, session["sessionId"]):
        assert secret not in listing.text
    mine = {(c["kind"], c["fingerprint"]): c for c in listing.json()["credentials"]}
    assert mine[("ewtoken", fingerprint(ewtoken))]["state"] == "live"
    assert ("epimresttoken", fingerprint(resttoken)) in mine
    assert ("session", fingerprint(session["sessionId"])) in mine
    only = dev(http, "GET", f"/credentials?fingerprint={fingerprint(resttoken)}")["credentials"]
    assert [c["kind"] for c in only] == ["epimresttoken"]  # type: ignore[index]


def test_an_expired_epimresttoken_is_rotated_as_one_that_timed_out(http: httpx.Client) -> None:
    ewtoken, resttoken = login(http)
    assert dev(http, "POST", "/credentials/expire", fingerprint=fingerprint(resttoken)) == {"expired": 1}
    alone = http.get(API, headers={"epimresttoken": resttoken})
    assert alone.status_code == 401  # an expired one alone is refused
    rotated = http.get(API, headers={"ewtoken": ewtoken, "epimresttoken": resttoken}).json()
    assert rotated["epimresttoken"] != resttoken  # with its login: a new one, as after 30 minutes


def test_a_revoked_epimresttoken_is_refused_and_never_rotated(http: httpx.Client) -> None:
    ewtoken, resttoken = login(http)
    assert dev(
        http, "POST", "/credentials/revoke", kind="epimresttoken", fingerprint=fingerprint(resttoken)
    ) == {"revoked": 1}
    refused = http.get(API, headers={"ewtoken": ewtoken, "epimresttoken": resttoken})
    assert refused.status_code == 401 and "epimresttoken" not in refused.json()
    listed = dev(http, "GET", f"/credentials?fingerprint={fingerprint(resttoken)}")["credentials"]
    assert [c["state"] for c in listed] == ["revoked"]  # type: ignore[index]
    assert http.get(API, headers={"ewtoken": ewtoken}).status_code == 200  # the login itself goes on


def test_expiring_sessions_and_api_tokens(http: httpx.Client) -> None:
    session = http.post("/rest/v1.0/sessions", json={"userName": "system", "password": "system"}).json()
    token = http.post("/rest/v1.0/apiTokens", json={"name": "ci"}, auth=("system", "system")).json()
    http.cookies.clear()
    secret = token["apiToken"]["token"]
    assert http.post("/rest/v1.0/sessions", json={"token": secret}).status_code == 200
    http.cookies.clear()
    assert dev(http, "POST", "/credentials/expire", kind="session", user="system")["expired"] >= 1  # type: ignore[operator]
    gone = http.get("/rest/v1.0/projects", headers={"sessionId": session["sessionId"]})
    assert gone.status_code == 401 and gone.json()["error"]["code"] == "InvalidSession"
    assert dev(http, "POST", "/credentials/expire", kind="apiToken", fingerprint=fingerprint(secret)) == {
        "expired": 1
    }
    assert http.post("/rest/v1.0/sessions", json={"token": secret}).status_code == 401


def test_lifetimes_change_on_the_running_server(http: httpx.Client) -> None:
    policy = http.put("/_restkeep/credentials/policy", json={"resttokenTtl": "90s"}, auth=ADMIN)
    assert policy.status_code == 200 and policy.json()["resttokenTtl"] == "90s", policy.text
    try:
        ewtoken, resttoken = login(http)
        (listed,) = dev(http, "GET", f"/credentials?fingerprint={fingerprint(resttoken)}")["credentials"]  # type: ignore[misc]
        dev(http, "POST", "/clock/advance", by="91s")
        rotated = http.get(API, headers={"ewtoken": ewtoken, "epimresttoken": resttoken}).json()
        assert rotated["epimresttoken"] != resttoken
    finally:
        http.put("/_restkeep/credentials/policy", json={"resttokenTtl": "30m"}, auth=ADMIN)
    assert listed["state"] == "live"


def test_bad_selections_and_durations_name_the_argument(http: httpx.Client) -> None:
    for path, body, name in (
        ("/credentials/expire", {}, "'kind'"),
        ("/credentials/revoke", {"kind": "password"}, "'kind'"),
        ("/credentials/expire", {"fingerprint": "not hex!"}, "'fingerprint'"),
    ):
        refused = http.post("/_restkeep" + path, json=body, auth=ADMIN)
        assert refused.status_code == 400 and name in refused.json()["error"]["message"], refused.text
    for body in ({"ewtokenTtl": "forever"}, {}, {"sessionIdleTimeout": "0s"}):
        refused = http.put("/_restkeep/credentials/policy", json=body, auth=ADMIN)
        assert refused.status_code == 400, refused.text
