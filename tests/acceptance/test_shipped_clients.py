"""Calls in the shapes shipped clients of the originals send them, over real sockets and TLS, against
`restkeep serve --demo` with two workers: Groovy's RESTClient and plugin helpers on the Flow API, health
checks and integration connectors on the Catalog API."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from restkeep.testing import LiveServer
from tests.dev import advance

pytestmark = pytest.mark.live
ADMIN = ("admin", "changeme")


@pytest.fixture
def http(demo_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=demo_server.url, verify=demo_server.verify, timeout=30) as client:
        yield client


def test_flow_calls_as_plugins_and_groovy_send_them(http: httpx.Client) -> None:
    # Groovy's RESTClient adds an empty query pair to every call
    assert http.get("/rest/v1.0/projects/Default?=", auth=ADMIN).status_code == 200
    # createProject with the settings the original documents: kept and shown back
    created = http.post(
        "/rest/v1.0/projects",
        json={"projectName": "Shipped", "credentialName": "deploy", "workspaceName": "ws", "tracked": True},
        auth=ADMIN,
    )
    assert created.status_code == 200, created.text
    assert created.json()["project"]["workspaceName"] == "ws"
    # the context switches of property calls are accepted; a locator of an object restkeep lacks is
    # refused by name, never applied to another object
    stored = http.put(
        "/rest/v1.0/properties/answer",
        params={"projectName": "Shipped", "value": "42", "suppressValueTracking": "true"},
        auth=ADMIN,
    )
    assert stored.status_code == 200, stored.text
    # plugin helpers name the operation the path already selects
    expanded = http.post(
        "/rest/v1.0/expandString?request=expandString",
        json={"value": "answer=$[answer]", "projectName": "Shipped"},
        auth=ADMIN,
    )
    assert expanded.status_code == 200 and expanded.json() == {"value": "answer=42"}, expanded.text
    elsewhere = http.get(
        "/rest/v1.0/properties/answer",
        params={"projectName": "Shipped", "procedureName": "Build", "extendedContextSearch": "1"},
        auth=ADMIN,
    )
    assert elsewhere.status_code == 400 and "procedureName" in elsewhere.json()["error"]["message"]
    # a path that names no resource: 501 in the envelope, as the original answers
    missing = http.get("/rest/v1.0/noSuchResource", auth=ADMIN)
    assert missing.status_code == 501 and missing.json()["error"]["code"] == "NotImplemented"


def _login(http: httpx.Client) -> dict[str, str]:
    # clients join the server's address and the path with a doubled slash
    answer = http.post(http.base_url.join("/") .copy_with(raw_path=b"//enable-api/login"),
                       json={"login": "system", "password": "system"}).json()  # fmt: skip
    assert answer["success"], answer
    http.cookies.clear()  # each call below sends the tokens it means to, and no others
    return {"ewtoken": answer["token"]["token"], "epimresttoken": answer["epimresttoken"]}


def test_catalog_calls_as_connectors_send_them(http: httpx.Client) -> None:
    tokens = _login(http)
    api = "/webcm/rest/api"
    # a client that keeps only the epimresttoken cookie
    http.cookies.set("epimresttoken", tokens["epimresttoken"])
    only_rest = http.get(f"{api}/repositories", params={"NAME": "Demo Products"})
    http.cookies.clear()
    assert only_rest.status_code == 200, only_rest.text
    (demo,) = only_rest.json()["data"]
    assert demo["id"] == 10149 and demo["canEdit"] and demo["canView"]
    headers = {"ewtoken": tokens["ewtoken"]}
    # the search connectors call, with their body, under both of its names
    body = {"repositoryId": 10149, "page": 1, "pageSize": 5, "savedSetId": 0, "userPreferenceId": 0,
            "getCodeSetDescInd": False}  # fmt: skip
    for path in ("/items/filter", "/items/filters"):
        page = http.post(api + path, json=body, headers=headers)
        assert page.status_code == 200 and page.json()["data"]["returnTotal"] == 5, page.text
    # everything changed since a time, paged by cursor
    since = {"attribute": "modifyTime", "operator": "gte", "value": "2000-01-01T00:00:00Z"}
    changed = http.post(f"{api}/items/search", headers=headers,
                        json={"repositoryId": 10149, "pageSize": 3, "filters": [since],
                              "sort": [{"attribute": "modifyTime"}]}).json()["data"]  # fmt: skip
    assert changed["returnTotal"] == 3 and changed["nextCursor"]
    # pick-list values, and a bulk delete by query string that the job history then lists
    attributes = http.get(f"{api}/repositories/10149/attributes", headers=headers).json()["data"]
    values = http.get(f"{api}/repositories/10149/attributes/{attributes[0]['id']}/values",
                      params={"pageSize": 2}, headers=headers).json()["data"]  # fmt: skip
    assert values["returnTotal"] == 2 and all(v["count"] >= 1 for v in values["valueList"])
    ids = [http.post(f"{api}/items?repositoryId=10149", json={"SKU": f"SHIP-{i}", "Name": "x"},
                     headers=headers).json()["data"]["id"] for i in range(2)]  # fmt: skip
    deleted = http.delete(f"{api}/items", params={"itemIdList": ",".join(map(str, ids))}, headers=headers)
    assert deleted.json()["data"] == {"deleted": 2}
    jobs = http.get(f"{api}/items/auditHistories", params={"repositoryId": 10149}, headers=headers)
    assert any(j["type"] == "delete" and j["itemCount"] == 2 for j in jobs.json()["data"]["jobList"])
    # the Catalog's own API page, where the original's docs point
    page = http.get("/webcm/rest/swagger-ui.html")
    assert page.status_code == 200 and "/webcm/rest/v3/api-docs" in page.text


def test_an_expired_epimresttoken_alone_is_401(http: httpx.Client, demo_server: LiveServer) -> None:
    tokens = _login(http)
    advance(demo_server, "2.5s")  # the demo server's epimresttokens live 2 s
    stale = http.get("/webcm/rest/api/repositories", headers={"epimresttoken": tokens["epimresttoken"]})
    assert stale.status_code == 401 and stale.json()["success"] is False
