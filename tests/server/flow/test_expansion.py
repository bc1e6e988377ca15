"""`$[...]` expansion: relative and absolute references, recursion, expand=0, expandable=0, limits."""

from __future__ import annotations

from starlette.testclient import TestClient

from restkeep.server.settings import Settings
from tests.conftest import ADMIN, make_client

BASE = "/rest/v1.0"


def put(client: TestClient, name: str, value: str, project: str = "Default", **params: str) -> None:
    response = client.put(
        f"{BASE}/properties/{name}", params={"projectName": project, "value": value, **params}
    )
    assert response.status_code == 200, response.text


def get(client: TestClient, name: str, project: str = "Default", **params: str) -> object:
    return client.get(f"{BASE}/properties/{name}", params={"projectName": project, **params})


def value(client: TestClient, name: str, **params: str) -> str:
    response = get(client, name, **params)
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    return str(response.json()["property"]["value"])  # type: ignore[attr-defined]


def test_relative_and_recursive_references(client: TestClient) -> None:
    put(client, "host", "db.local")
    put(client, "cfg/port", "5432")
    put(client, "addr", "$[host]:$[cfg/port]")
    put(client, "url", "pg://$[addr]/app")
    assert value(client, "url") == "pg://db.local:5432/app"


def test_expand_zero_returns_the_raw_text(client: TestClient) -> None:
    put(client, "host", "db.local")
    put(client, "addr", "$[host]")
    assert value(client, "addr", expand="0") == "$[host]"
    listing = client.get(f"{BASE}/properties?projectName=Default&expand=0").json()["propertySheet"][
        "property"
    ]
    assert {p["propertyName"]: p.get("value") for p in listing}["addr"] == "$[host]"


def test_expandable_zero_turns_expansion_of_that_value_off(client: TestClient) -> None:
    put(client, "literal", "$[host]", expandable="0")
    put(client, "host", "h")
    put(client, "uses", "<$[literal]>")
    assert value(client, "literal") == "$[host]"
    assert value(client, "uses") == "<$[host]>"


def test_absolute_references_resolve_relative_to_their_own_project(client: TestClient) -> None:
    client.post(f"{BASE}/projects?projectName=Other")
    put(client, "name", "other-name", project="Other")
    put(client, "greeting", "hi $[name]", project="Other")
    put(client, "name", "default-name")
    put(client, "msg", "$[/projects/Other/greeting] and $[name]")
    assert value(client, "msg") == "hi other-name and default-name"
    client.put(f"{BASE}/properties//server/site?value=HQ")
    put(client, "where", "at $[/server/site]")
    assert value(client, "where") == "at HQ"


def test_missing_reference_fails_naming_the_path(client: TestClient) -> None:
    put(client, "broken", "x $[nowhere/y] z")
    response = get(client, "broken")
    assert response.status_code == 404  # type: ignore[attr-defined]
    error = response.json()["error"]  # type: ignore[attr-defined]
    assert error["code"] == "NoSuchProperty" and "/projects/Default/nowhere/y" in error["message"]


def test_cycles_fail_instead_of_hanging(client: TestClient) -> None:
    put(client, "a", "$[b]")
    put(client, "b", "$[c]")
    put(client, "c", "$[a]")
    put(client, "self", "me $[self]")
    for name in ("a", "self"):
        response = get(client, name)
        assert response.status_code == 400  # type: ignore[attr-defined]
        assert response.json()["error"]["code"] == "InvalidArgument"  # type: ignore[attr-defined]


def test_depth_over_32_fails_and_32_works(client: TestClient) -> None:
    put(client, "d0", "bottom")
    for level in range(1, 40):
        put(client, f"d{level}", f"$[d{level - 1}]")
    assert value(client, "d32") == "bottom"
    assert get(client, "d33").status_code == 400  # type: ignore[attr-defined]


def test_exponential_fan_out_is_bounded(client: TestClient) -> None:
    put(client, "f0", "x")
    for level in range(1, 25):
        put(client, f"f{level}", f"$[f{level - 1}]$[f{level - 1}]")
    response = get(client, "f24")
    assert response.status_code == 400  # type: ignore[attr-defined]


def test_expand_string(client: TestClient) -> None:
    put(client, "who", "world")
    response = client.post(f"{BASE}/expandString", json={"value": "hello $[who]!", "projectName": "Default"})
    assert response.json() == {"value": "hello world!"}
    client.put(f"{BASE}/properties//server/site?value=HQ")
    assert client.post(f"{BASE}/expandString?value=$[/server/site]").json() == {"value": "HQ"}
    assert client.post(f"{BASE}/expandString?value=$[who]").status_code == 404
    assert client.post(f"{BASE}/expandString?value=plain&projectName=Nope").status_code == 404


def test_a_reference_to_a_sheet_is_an_error(client: TestClient) -> None:
    put(client, "sheet/x", "1")
    put(client, "ref", "$[sheet]")
    assert get(client, "ref").status_code == 400  # type: ignore[attr-defined]


def test_expansion_is_bounded_by_the_largest_value_a_property_can_hold(settings: Settings) -> None:
    limit = 100_000  # --max-body-size: no property can be set to more, so no expansion may make more
    with make_client(settings.replace(max_body_size=limit), ADMIN) as client:
        put_json(client, "big", "x" * 50_000)
        put(client, "amp", "$[big]" * 1000)
        put(client, "twice", "$[big]$[big]")
        put(client, "deep", "$[amp]")
        assert len(value(client, "twice")) == 100_000  # exactly the limit is fine
        for name in ("amp", "deep"):
            response = get(client, name)
            assert response.status_code == 400, response.text[:300]  # type: ignore[attr-defined]
            message = response.json()["error"]["message"]  # type: ignore[attr-defined]
            assert name in message and "expand=0" in message
            assert len(value(client, name, expand="0")) < 10_000  # the raw text is still readable
        sheet = client.get(f"{BASE}/properties", params={"projectName": "Default"})
        assert sheet.status_code == 400 and "amp" in sheet.json()["error"]["message"]
        # a sheet whose values are each within the limit, but not together
        put(client, "amp", "$[big]")
        put(client, "deep", "plain")
        sheet = client.get(f"{BASE}/properties", params={"projectName": "Default"})
        assert sheet.status_code == 400, "big + amp + twice expand to 200,000 characters in one answer"
        response = client.post(f"{BASE}/expandString", json={"value": "$[big]" * 3, "projectName": "Default"})
        assert response.status_code == 400
        assert (
            client.get(f"{BASE}/properties", params={"projectName": "Default", "expand": "0"}).status_code
            == 200
        )


def put_json(client: TestClient, name: str, text: str) -> None:
    response = client.put(
        f"{BASE}/properties/{name}", params={"projectName": "Default"}, json={"value": text}
    )
    assert response.status_code == 200, response.text
