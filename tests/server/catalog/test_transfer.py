"""Import and export: CSV and JSON Lines round trips, all-or-nothing imports with a per-row report."""

from __future__ import annotations

import csv
import io

import msgspec
import pytest

from restkeep.server.settings import Settings
from tests.conftest import make_client
from tests.server.catalog.conftest import Catalog

ATTRIBUTES = [
    {"name": "code", "type": "string", "required": True, "unique": True},
    {"name": "qty", "type": "integer"},
    {"name": "price", "type": "decimal"},
    {"name": "ok", "type": "boolean"},
    {"name": "day", "type": "date"},
    {"name": "note", "type": "string"},
]
CSV = 'code,qty,price,ok,day,note\nA,1,1.5,true,2024-01-02,"comma, and ""quotes"""\nB,,,false,,\nC,3,3.25,,2024-03-04,"line\nbreak"\n'


@pytest.fixture
def repo(cat: Catalog) -> tuple[int, dict[str, int]]:
    return cat.repository("Transfer", ATTRIBUTES)


def export(cat: Catalog, repository_id: int, fmt: str, **params: str) -> str:
    response = cat.call(
        "GET", "/items/export", params={"repositoryId": str(repository_id), "format": fmt, **params}
    )
    assert response.status_code == 200, response.text
    return str(response.text)


def test_csv_import_then_export_round_trip(cat: Catalog, repo: tuple[int, dict[str, int]]) -> None:
    repository_id, _ids = repo
    response = cat.call(
        "POST",
        f"/items/import?repositoryId={repository_id}",
        content=CSV.encode(),
        headers={"content-type": "text/csv"},
    )
    assert response.json() == {"status": 0, "data": {"imported": 3}}
    rows = list(csv.DictReader(io.StringIO(export(cat, repository_id, "csv"))))
    assert [r["code"] for r in rows] == ["A", "B", "C"]
    assert rows[0]["note"] == 'comma, and "quotes"' and rows[2]["note"] == "line\nbreak"
    assert rows[1]["qty"] == "" and rows[0]["ok"] == "true" and rows[1]["ok"] == "false"
    # the export imports again into a repository with the same attribute names
    copy_id, _ = cat.repository("Copy", ATTRIBUTES)
    again = export(cat, repository_id, "csv").encode()
    assert cat.ok("POST", f"/items/import?repositoryId={copy_id}&format=csv", content=again) == {
        "imported": 3
    }
    assert (
        next(iter(csv.DictReader(io.StringIO(export(cat, copy_id, "csv")))))["note"] == 'comma, and "quotes"'
    )


def test_jsonl_import_then_export_round_trip(cat: Catalog, repo: tuple[int, dict[str, int]]) -> None:
    repository_id, ids = repo
    rows = [{"code": f"J{i}", f"F_{ids['qty']}": i, "ok": i % 2 == 0} for i in range(50)]
    body = b"\n".join(msgspec.json.encode(r) for r in rows) + b"\n\n"
    assert cat.ok(
        "POST",
        f"/items/import?repositoryId={repository_id}",
        content=body,
        headers={"content-type": "application/x-ndjson"},
    ) == {"imported": 50}
    lines = export(cat, repository_id, "jsonl").splitlines()
    exported = [msgspec.json.decode(line) for line in lines]
    assert [e[f"F_{ids['code']}"] for e in exported] == [f"J{i}" for i in range(50)]
    assert [e[f"F_{ids['qty']}"] for e in exported] == list(range(50))


def test_export_with_filters_and_sort(cat: Catalog, repo: tuple[int, dict[str, int]]) -> None:
    repository_id, _ids = repo
    cat.ok("POST", f"/items/import?repositoryId={repository_id}&format=csv", content=CSV.encode())
    filters = msgspec.json.encode([{"attribute": "qty", "operator": "notNull"}]).decode()
    sort = msgspec.json.encode([{"attribute": "qty", "direction": "desc"}]).decode()
    rows = list(csv.DictReader(io.StringIO(export(cat, repository_id, "csv", filters=filters, sort=sort))))
    assert [r["code"] for r in rows] == ["C", "A"]
    assert (
        cat.call(
            "GET", "/items/export", params={"repositoryId": str(repository_id), "filters": "[oops"}
        ).status_code
        == 400
    )


def test_a_bad_import_reports_every_row_and_writes_nothing(
    cat: Catalog, repo: tuple[int, dict[str, int]]
) -> None:
    repository_id, ids = repo
    bad = b'{"code": "ok1"}\n{"code": "x", "qty": "many"}\nnot json\n{"qty": 3}\n["list"]\n{"code": "ok2"}\n'
    response = cat.call("POST", f"/items/import?repositoryId={repository_id}&format=jsonl", content=bad)
    assert response.status_code == 422
    details = response.json()["details"]
    assert sorted({d["row"] for d in details}) == [2, 3, 4, 5]
    assert any(d.get("attribute") == f"F_{ids['qty']}" for d in details)
    assert any(d.get("attribute") == f"F_{ids['code']}" for d in details)
    assert cat.ok("GET", f"/repositories/{repository_id}")["itemCount"] == 0


def test_import_errors(cat: Catalog, repo: tuple[int, dict[str, int]]) -> None:
    repository_id, _ = repo
    path = f"/items/import?repositoryId={repository_id}"
    assert cat.call("POST", path, content=b"code\nA\n").status_code == 400  # no format given
    assert cat.call("POST", path + "&format=xml", content=b"code\nA\n").status_code == 400
    unknown = cat.call("POST", path + "&format=csv", content=b"code,colour\nA,red\n")
    assert unknown.status_code == 400 and "colour" in unknown.json()["error"]
    ragged = cat.call("POST", path + "&format=csv", content=b"code,qty\nA\nB,2\n")
    assert ragged.status_code == 422 and ragged.json()["details"][0]["row"] == 1
    assert ragged.json()["error"].startswith("1 problem in the import;")  # not "1 problems"
    assert cat.call("POST", path + "&format=csv", content=b"code\n\xff\xfe\n").status_code == 400
    duplicate = cat.call("POST", path + "&format=csv", content=b"code\nD\nD\n")
    assert duplicate.status_code == 409 and "code" in duplicate.json()["error"]
    assert cat.ok("GET", f"/repositories/{repository_id}")["itemCount"] == 0
    assert (
        cat.call("POST", "/items/import?repositoryId=424242&format=csv", content=b"code\nA\n").status_code
        == 404
    )


def test_import_size_limit(settings: Settings, repo: tuple[int, dict[str, int]]) -> None:
    repository_id, _ = repo
    with make_client(settings.replace(max_import_size=1000)) as client:
        cat = Catalog(client)
        body = b"code\n" + b"".join(f"row{i}\n".encode() for i in range(500))
        response = cat.call("POST", f"/items/import?repositoryId={repository_id}&format=csv", content=body)
        assert response.status_code == 413 and response.json()["status"] == 413


def test_export_of_the_demo_repository(cat: Catalog) -> None:
    lines = export(cat, 10149, "jsonl").splitlines()
    assert len(lines) == 12000
    assert len({msgspec.json.decode(line)["id"] for line in lines}) == 12000
