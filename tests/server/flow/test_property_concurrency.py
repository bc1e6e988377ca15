"""Concurrent writers of one sheet: each property takes its own turn, and the answers stay exact.

On PostgreSQL, writers of different properties of a sheet run side by side (each locks its own path,
and shares the locks of the sheets above it); these tests hold the cases where they meet: a new
intermediate sheet made by many writers at once, one counter, and a sheet deleted under its writers.
On SQLite the one writer serialises everything, and the same answers must hold.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from starlette.testclient import TestClient

BASE = "/rest/v1.0"


def _put(client: TestClient, name: str, value: str) -> int:
    response = client.put(f"{BASE}/properties/{name}", params={"projectName": "Default", "value": value})
    assert response.status_code < 500, response.text
    return response.status_code


def _names(client: TestClient, sheet: str) -> set[str]:
    response = client.get(f"{BASE}/properties", params={"projectName": "Default", "path": sheet})
    assert response.status_code == 200, response.text
    return {p["propertyName"] for p in response.json()["propertySheet"]["property"]}


def test_writers_of_a_new_sheet_all_land_in_the_same_sheet(client: TestClient) -> None:
    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda i: _put(client, f"fresh/inner/k{i}", str(i)), range(60)))
    assert statuses == [200] * 60
    assert _names(client, "fresh") == {"inner"}
    assert _names(client, "fresh/inner") == {f"k{i}" for i in range(60)}


def test_increments_of_one_nested_counter_are_exact_beside_other_writers(client: TestClient) -> None:
    def work(i: int) -> int:
        if i % 3:
            return client.put(
                f"{BASE}/properties/counters/hits",
                params={"projectName": "Default", "request": "incrementProperty"},
            ).status_code
        return _put(client, f"counters/other{i}", str(i))

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(work, range(150)))
    assert statuses == [200] * 150
    got = client.get(f"{BASE}/properties/counters/hits", params={"projectName": "Default"})
    assert got.json()["property"]["value"] == "100"


def test_a_sheet_deleted_under_its_writers_loses_nothing_written_after(client: TestClient) -> None:
    """Each write lands before the delete (and goes with the sheet) or after it (in a new sheet):
    never a 404 or a 5xx for a path that may be created, and the sheet ends consistent."""
    for i in range(5):
        assert _put(client, f"doomed/seed{i}", "x") == 200

    def work(i: int) -> int:
        if i == 20:
            return client.delete(f"{BASE}/properties/doomed", params={"projectName": "Default"}).status_code
        return _put(client, f"doomed/k{i}", str(i))

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(work, range(60)))
    assert statuses[20] == 200
    assert [s for i, s in enumerate(statuses) if i != 20] == [200] * 59
    left = _names(client, "doomed")
    assert not any(name.startswith("seed") for name in left)
    assert left <= {f"k{i}" for i in range(60)}
    for name in left:
        got = client.get(f"{BASE}/properties/doomed/{name}", params={"projectName": "Default"})
        assert got.json()["property"]["value"] == name.removeprefix("k")
