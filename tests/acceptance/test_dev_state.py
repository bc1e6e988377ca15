"""Development mode's state, over real sockets, on each backend, with two workers: a restored snapshot
brings back data, credentials, clock and faults (the repositories' item tables included); resets by
scope; a snapshot exported as one file imports again, on either backend."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from restkeep.testing import LiveServer

pytestmark = pytest.mark.live
ADMIN = ("admin", "changeme")
REPOSITORY = 10149  # the demo repository: 12,000 items


@pytest.fixture
def http(dev_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=dev_server.url, timeout=60, auth=ADMIN) as client:
        yield client


def ok(answer: httpx.Response, status: int = 200) -> dict[str, object]:
    assert answer.status_code == status, answer.text
    body: dict[str, object] = answer.json()
    return body


def catalog_login(http: httpx.Client) -> dict[str, str]:
    body = http.post("/enable-api/login", json={"login": "system", "password": "system"}, auth=None).json()
    http.cookies.clear()
    return {"ewtoken": body["token"]["token"]}


def item_count(http: httpx.Client, headers: dict[str, str]) -> int:
    search = {"repositoryId": REPOSITORY, "pageSize": 1}
    answer = http.post("/webcm/rest/api/items/search", json=search, headers=headers, auth=None)
    return int(ok(answer)["data"]["searchTotal"])  # type: ignore[index]


def test_a_restored_snapshot_brings_back_data_credentials_clock_and_faults(http: httpx.Client) -> None:
    before = catalog_login(http)
    session = ok(http.post("/rest/v1.0/sessions", json={"userName": "system", "password": "system"}))
    http.cookies.clear()
    saved = ok(http.post("/_restkeep/snapshots", json={"name": "base"}), 201)["snapshot"]
    assert saved["name"] == "base" and saved["size"] > 0  # type: ignore[index]
    clock = ok(http.get("/_restkeep/clock"))

    ok(http.post("/rest/v1.0/projects", json={"projectName": "after-base"}))
    http.delete("/rest/v1.0/sessions", headers={"sessionId": str(session["sessionId"])})
    after = catalog_login(http)
    doomed = ok(
        http.post(
            "/webcm/rest/api/items/search",
            json={"repositoryId": REPOSITORY, "pageSize": 1},
            headers=after,
            auth=None,
        )
    )["data"]["itemList"][0]["id"]  # type: ignore[index]
    ok(http.delete(f"/webcm/rest/api/items/{doomed}", headers=after, auth=None))
    ok(http.post("/_restkeep/clock/advance", json={"by": "3h"}))
    ok(http.post("/_restkeep/faults", json={"match": {"path": "/nowhere"}, "action": {"status": 503}}), 201)

    assert ok(http.post("/_restkeep/snapshots/base/restore")) == {"restored": "base"}
    for _ in range(4):  # both workers see it
        assert http.get("/rest/v1.0/projects/after-base").status_code == 404
        assert http.get("/rest/v1.0/projects", auth=None, headers={"sessionId": str(session["sessionId"])}
                        ).status_code == 200  # fmt: skip
        assert http.get("/webcm/rest/api/repositories", headers=after, auth=None).status_code == 401
        assert item_count(http, before) == 12_000  # the deleted item is back, searchable
    assert ok(http.get("/_restkeep/faults")) == {"faults": []}
    assert abs(float(ok(http.get("/_restkeep/clock"))["offsetSeconds"]) - float(clock["offsetSeconds"])) < 60  # type: ignore[arg-type]
    assert [s["name"] for s in ok(http.get("/_restkeep/snapshots"))["snapshots"]] == ["base"]  # type: ignore[attr-defined]


def test_reset_by_scope(http: httpx.Client) -> None:
    ok(http.post("/rest/v1.0/projects", json={"projectName": "made-after-start"}))
    session = str(
        ok(http.post("/rest/v1.0/sessions", json={"userName": "system", "password": "system"}))["sessionId"]
    )
    http.cookies.clear()
    as_system = {"sessionId": session}
    ok(http.post("/_restkeep/faults", json={"match": {"path": "/nowhere"}, "action": {"status": 503}}), 201)

    assert ok(http.post("/_restkeep/reset", json={"scope": "data"})) == {"reset": "data"}
    assert http.get("/rest/v1.0/projects/made-after-start").status_code == 404
    assert http.get("/rest/v1.0/projects", headers=as_system, auth=None).status_code == 200  # kept
    assert len(ok(http.get("/_restkeep/faults"))["faults"]) == 1  # type: ignore[arg-type]

    ok(http.post("/_restkeep/reset", json={"scope": "faults"}))
    assert ok(http.get("/_restkeep/faults")) == {"faults": []}
    ok(http.post("/_restkeep/reset", json={"scope": "credentials"}))
    assert http.get("/rest/v1.0/projects", headers=as_system, auth=None).status_code == 401
    ok(http.post("/_restkeep/clock/advance", json={"by": "2h"}))
    ok(http.post("/_restkeep/reset", json={"scope": "clock"}))
    assert abs(float(ok(http.get("/_restkeep/clock"))["offsetSeconds"])) < 60  # type: ignore[arg-type]
    assert ok(http.post("/_restkeep/reset", json={})) == {"reset": "all"}
    assert http.get("/rest/v1.0/projects").status_code == 200


def test_an_exported_snapshot_imports_again(http: httpx.Client, tmp_path: Path) -> None:
    ok(http.post("/rest/v1.0/projects", json={"projectName": "exported"}))
    ok(http.post("/_restkeep/snapshots", json={"name": "to-export"}), 201)
    exported = http.get("/_restkeep/snapshots/to-export/export")
    assert exported.status_code == 200 and exported.headers["content-type"] == "application/vnd.sqlite3", (
        exported.text
    )
    file = tmp_path / "snapshot.db"
    file.write_bytes(exported.content)
    with sqlite3.connect(file) as conn:  # one file any SQLite tool opens
        assert conn.execute("SELECT count(*) FROM projects WHERE name = 'exported'").fetchone() == (1,)
        assert conn.execute(f"SELECT count(*) FROM catalog_r{REPOSITORY}").fetchone() == (12_000,)

    imported = ok(http.post("/_restkeep/snapshots/import", params={"name": "imported"}, content=exported.content),
                  201)  # fmt: skip
    assert imported["snapshot"]["name"] == "imported"  # type: ignore[index]
    ok(http.delete("/rest/v1.0/projects/exported"))
    ok(http.post("/_restkeep/snapshots/imported/restore"))
    back = http.get("/rest/v1.0/projects/exported")
    assert back.status_code == 200, (back.text, http.get("/rest/v1.0/projects").text)
    assert item_count(http, catalog_login(http)) == 12_000

    with sqlite3.connect(file) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    stale = http.post("/_restkeep/snapshots/import", params={"name": "stale"}, content=file.read_bytes())
    assert stale.status_code == 400 and "schema revision 0001" in stale.text
    junk = http.post("/_restkeep/snapshots/import", params={"name": "junk"}, content=b"not a database")
    assert junk.status_code == 400 and "not a restkeep snapshot" in junk.text
    for name in ("to-export", "imported"):
        assert ok(http.delete(f"/_restkeep/snapshots/{name}")) == {"deleted": name}


@pytest.mark.parametrize("name", ["", ".hidden", "a/b", "import", "x" * 65, "spaces here"])
def test_a_bad_snapshot_name_is_a_400(http: httpx.Client, name: str) -> None:
    answer = http.post("/_restkeep/snapshots", json={"name": name})
    assert answer.status_code == 400 and "'name'" in answer.text


def test_unknown_snapshots_and_scopes(http: httpx.Client) -> None:
    assert http.post("/_restkeep/snapshots/nope/restore").status_code == 404
    assert http.delete("/_restkeep/snapshots/nope").status_code == 404
    assert http.get("/_restkeep/snapshots/nope/export").status_code == 404
    bad = http.post("/_restkeep/reset", json={"scope": "everything"})
    assert bad.status_code == 400 and "'scope'" in bad.text


def test_a_deleted_repository_comes_back_with_its_items_on_reset(http: httpx.Client) -> None:
    admin = http.post("/enable-api/login", json={"login": "admin", "password": "changeme"}, auth=None).json()
    http.cookies.clear()
    as_admin = {"ewtoken": admin["token"]["token"]}
    deleted = http.delete(f"/webcm/rest/api/repositories/{REPOSITORY}", headers=as_admin, auth=None)
    assert deleted.status_code == 200, deleted.text
    search = {"repositoryId": REPOSITORY, "pageSize": 1}
    assert (
        http.post("/webcm/rest/api/items/search", json=search, headers=as_admin, auth=None).status_code == 404
    )

    ok(http.post("/_restkeep/reset", json={"scope": "data"}))
    for _ in range(4):  # whichever of the two workers answers
        assert item_count(http, catalog_login(http)) == 12_000


def test_a_repository_made_again_after_a_reset_is_not_mistaken_for_the_old_one(http: httpx.Client) -> None:
    """A reset puts back the repository ids too: the next repository made gets the id of one made
    before the reset, with other attributes. No worker may answer from what it cached about the old."""

    def as_admin() -> dict[str, str]:
        body = http.post(
            "/enable-api/login", json={"login": "admin", "password": "changeme"}, auth=None
        ).json()
        http.cookies.clear()
        return {"ewtoken": body["token"]["token"]}

    def made(attributes: list[dict[str, str]], headers: dict[str, str]) -> int:
        answer = http.post("/webcm/rest/api/repositories", json={"name": "Again", "attributes": attributes},
                           headers=headers, auth=None)  # fmt: skip
        return int(ok(answer, 201)["data"]["id"])  # type: ignore[index]

    headers = as_admin()
    first = made([{"name": "Name", "type": "string"}], headers)
    for _ in range(4):  # both workers cache its attributes
        ok(
            http.post(
                "/webcm/rest/api/items/search", json={"repositoryId": first}, headers=headers, auth=None
            )
        )
    ok(http.post("/_restkeep/reset", json={"scope": "data"}))
    headers = as_admin()
    second = made([{"name": "Price", "type": "decimal"}], headers)
    assert second == first  # the same id, another repository
    item = {"Price": 2.5}
    ok(http.post(f"/webcm/rest/api/items?repositoryId={second}", json=item, headers=headers, auth=None), 201)
    for _ in range(4):  # whichever worker answers
        body = {"repositoryId": second, "sort": [{"attribute": "Price"}]}
        found = ok(http.post("/webcm/rest/api/items/search", json=body, headers=headers, auth=None))
        assert found["data"]["searchTotal"] == 1  # type: ignore[index]
