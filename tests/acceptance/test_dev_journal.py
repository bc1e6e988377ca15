"""Development mode's journal, over real sockets (TLS), on each backend, with two workers: every secret
sent in every place it can travel is redacted in every entry, export and log; verdicts on credentials;
the fault that fired; filters, NDJSON, the bounded ring, clearing."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from restkeep import fingerprint
from restkeep.testing import LiveServer
from tests.acceptance.conftest import serving

pytestmark = pytest.mark.live
ADMIN = ("admin", "changeme")
PASSWORD = "Journal-Pa55word-never-shown"
USER = "journalist"


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    flags = (
        "--demo",
        "--dev",
        "--workers",
        "2",
        "--journal-size",
        "40",
        "--access-log",
        "--log-level",
        "debug",
    )
    with serving(request, backend, tmp_path_factory.mktemp("journal"), *flags) as live:
        yield live


@pytest.fixture
def http(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, verify=server.verify, timeout=30) as client:
        client.delete("/_restkeep/journal", auth=ADMIN).raise_for_status()
        yield client


def journal(http: httpx.Client, **filters: object) -> list[dict[str, object]]:
    answer = http.get("/_restkeep/journal", params=filters, auth=ADMIN)
    assert answer.status_code == 200, answer.text
    entries: list[dict[str, object]] = answer.json()["entries"]
    return entries


def test_every_secret_in_every_place_is_redacted_everywhere(http: httpx.Client, server: LiveServer) -> None:
    secrets = {PASSWORD}
    http.post(
        "/rest/v1.0/users", json={"userName": USER, "password": PASSWORD}, auth=ADMIN
    ).raise_for_status()
    # Flow: a password as Basic, in the query string, in a JSON body, in a form body
    http.get("/rest/v1.0/projects", auth=(USER, PASSWORD))
    by_query = http.post("/rest/v1.0/sessions", params={"userName": USER, "password": PASSWORD}).json()
    by_json = http.post("/rest/v1.0/sessions", json={"userName": USER, "password": PASSWORD}).json()
    by_form = http.post("/rest/v1.0/sessions", data={"userName": USER, "password": PASSWORD}).json()
    http.cookies.clear()
    sessions = [by_query["sessionId"], by_json["sessionId"], by_form["sessionId"]]
    secrets.update(sessions)
    # a session as a header, a cookie and a query parameter
    http.get("/rest/v1.0/projects", headers={"sessionId": sessions[0]})
    http.get("/rest/v1.0/projects", headers={"Cookie": f"sessionId={sessions[1]}"})
    http.get("/rest/v1.0/projects", params={"sessionId": sessions[2]})
    # an API token as it is made, and as it opens a session
    made = http.post(
        "/rest/v1.0/apiTokens", json={"name": "journal"}, headers={"sessionId": sessions[0]}
    ).json()
    api_token = next(v for k, v in made["apiToken"].items() if k == "token")
    secrets.add(api_token)
    secrets.add(http.post("/rest/v1.0/sessions", json={"token": api_token}).json()["sessionId"])
    http.cookies.clear()
    # Catalog: a password in JSON and in the query string; the tokens as headers, Bearer and cookies
    login = http.post("/enable-api/login", json={"login": USER, "password": PASSWORD}).json()
    http.post("/enable-api/login", params={"login": USER, "password": PASSWORD})
    http.cookies.clear()
    ewtoken, resttoken = login["token"]["token"], login["epimresttoken"]
    secrets.update((ewtoken, resttoken))
    http.get("/webcm/rest/api/repositories", headers={"Authorization": f"Bearer {ewtoken}"})
    http.get(
        "/webcm/rest/api/repositories", headers={"Cookie": f"ewtoken={ewtoken}; epimresttoken={resttoken}"}
    )
    http.post("/_restkeep/clock/advance", json={"by": "31m"}, auth=ADMIN).raise_for_status()
    rotated = http.get(
        "/webcm/rest/api/repositories", headers={"ewtoken": ewtoken, "epimresttoken": resttoken}
    )
    http.cookies.clear()
    new_token = rotated.json()["epimresttoken"]  # the rotated token, in the answer's body
    secrets.add(new_token)

    entries = journal(http, limit=40)
    assert len(entries) >= 15
    texts = {
        "journal": json.dumps(entries),
        "ndjson": http.get("/_restkeep/journal", params={"format": "ndjson", "limit": 40}, auth=ADMIN).text,
        **{
            route: http.get(f"/_restkeep/{route}", auth=ADMIN).text
            for route in ("clock", "credentials", "credentials/policy", "faults", "snapshots", "openapi.json")
        },
        "log": server.log_path.read_text(),
    }
    for where, text in texts.items():
        for secret in secrets:
            assert secret not in text, f"a secret ({fingerprint(secret)}) came back from {where}"
    # ...and each is still named by its fingerprint
    assert f"<redacted:{fingerprint(PASSWORD)}>" in texts["journal"]
    assert f"<redacted:{fingerprint(new_token)}>" in texts["journal"]
    basic = next(e for e in reversed(entries) if e["path"] == "/rest/v1.0/projects")
    assert basic["requestHeaders"]["authorization"] == f"Basic {USER}:<redacted:{fingerprint(PASSWORD)}>"  # type: ignore[index]
    # the login's token is generation 1; the Bearer call, which sent none, got generation 2
    assert entries[0]["credential"] == {
        "kind": "epimresttoken", "fingerprint": fingerprint(resttoken), "verdict": "rotated (generation 3)"
    }  # fmt: skip


def test_verdicts_and_the_fault_that_fired(http: httpx.Client) -> None:
    login = http.post("/enable-api/login", json={"login": "system", "password": "system"}).json()
    http.cookies.clear()
    ewtoken = login["token"]["token"]
    headers = {"ewtoken": ewtoken, "epimresttoken": login["epimresttoken"]}
    http.get("/webcm/rest/api/repositories", headers=headers)
    http.post("/_restkeep/credentials/expire", json={"fingerprint": fingerprint(login["epimresttoken"])},
              auth=ADMIN).raise_for_status()  # fmt: skip
    http.post("/_restkeep/clock/advance", json={"by": "62s"}, auth=ADMIN).raise_for_status()
    http.get("/webcm/rest/api/repositories", headers={"epimresttoken": login["epimresttoken"]})
    http.get("/webcm/rest/api/repositories", headers={"ewtoken": "no-such-token"})
    fault = http.post("/_restkeep/faults", json={"match": {"path": "/webcm/rest/api/repositories"},
                      "action": {"status": 503}}, auth=ADMIN).json()["fault"]  # fmt: skip
    http.get("/webcm/rest/api/repositories", headers={"ewtoken": ewtoken})
    http.delete("/_restkeep/faults", auth=ADMIN).raise_for_status()
    http.post("/_restkeep/credentials/revoke", json={"fingerprint": fingerprint(ewtoken)}, auth=ADMIN)
    http.get("/webcm/rest/api/repositories", headers={"ewtoken": ewtoken})

    revoked, faulted, unknown, expired, live = journal(http, path="/webcm/rest/api/repositories")
    assert live["credential"]["verdict"] == "live" and live["status"] == 200  # type: ignore[index]
    assert expired["credential"]["verdict"] == "expired 62s ago" and expired["status"] == 401  # type: ignore[index]
    assert unknown["credential"]["verdict"] == "unknown" and unknown["user"] is None  # type: ignore[index]
    assert faulted["fault"] == fault["id"] and faulted["status"] == 503
    assert revoked["credential"] == {
        "kind": "ewtoken",
        "fingerprint": fingerprint(ewtoken),
        "verdict": "revoked",
    }
    assert revoked["user"] == "system" and revoked["status"] == 401


def test_filters_order_limit_and_the_ring(http: httpx.Client) -> None:
    for index in range(3):
        http.get(f"/rest/v1.0/properties/journal{index}", params={"projectName": "Default"}, auth=ADMIN)
    http.get("/enable-api/reauth")
    http.get("/_restkeep/clock", auth=ADMIN)  # dev routes are not journaled
    everything = journal(http)
    assert [e["path"] for e in everything][:2] == ["/enable-api/reauth", "/rest/v1.0/properties/journal2"]
    assert not any(str(e["path"]).startswith("/_restkeep") for e in everything)
    assert [e["id"] for e in everything] == sorted((e["id"] for e in everything), reverse=True)
    assert {e["api"] for e in journal(http, api="catalog")} == {"catalog"}
    assert len(journal(http, path="/rest/v1.0/properties/*")) == 3
    assert len(journal(http, path="/rest/**", limit=2)) == 2
    assert {e["status"] for e in journal(http, status=404)} == {404}
    assert {e["user"] for e in journal(http, user="admin", method="get")} == {"admin"}
    assert http.get("/_restkeep/journal", params={"limit": 0}, auth=ADMIN).status_code == 400
    assert http.get("/_restkeep/journal", params={"api": "ftp"}, auth=ADMIN).status_code == 400

    for _ in range(45):  # the ring keeps the newest 40 (--journal-size 40)
        http.get("/rest/v1.0/server/info", auth=ADMIN)
    ring = journal(http, limit=40)
    assert len(ring) == 40 and all(e["path"] == "/rest/v1.0/server/info" for e in ring)


def test_clearing_and_snapshots_leave_each_other_alone(http: httpx.Client) -> None:
    http.get("/rest/v1.0/server/info", auth=ADMIN)
    http.post("/_restkeep/snapshots", json={"name": "journal"}, auth=ADMIN).raise_for_status()
    http.get("/rest/v1.0/projects", auth=ADMIN)
    http.post("/_restkeep/snapshots/journal/restore", auth=ADMIN).raise_for_status()
    assert [e["path"] for e in journal(http)] == ["/rest/v1.0/projects", "/rest/v1.0/server/info"]
    assert http.post("/_restkeep/reset", json={"scope": "journal"}, auth=ADMIN).json() == {"reset": "journal"}
    assert journal(http) == []
    http.get("/rest/v1.0/server/info", auth=ADMIN)
    assert http.delete("/_restkeep/journal", auth=ADMIN).json() == {"cleared": True}
    assert journal(http) == []
    http.delete("/_restkeep/snapshots/journal", auth=ADMIN).raise_for_status()
