"""`GET /items/auditHistories`: the record of a repository's imports, exports and bulk deletes."""

from __future__ import annotations

from restkeep.server import clock
from tests.server.catalog.conftest import Catalog
from tests.server.catalog.test_transfer import ATTRIBUTES


def test_imports_exports_and_bulk_deletes_are_recorded_with_their_outcome(cat: Catalog) -> None:
    repository_id, _ = cat.repository("Jobs", ATTRIBUTES)
    path = f"/items/import?repositoryId={repository_id}&format=csv"
    assert cat.call("POST", path, content=b"code\nA\nB\nC\n").status_code == 200
    clock.advance(1)
    assert cat.call("POST", path, content=b"code,qty\nD,many\n").status_code == 422
    clock.advance(1)
    exported = cat.call("GET", f"/items/export?repositoryId={repository_id}&format=jsonl")
    assert exported.status_code == 200 and len(exported.text.splitlines()) == 3
    clock.advance(1)
    ids = [item["id"] for item in cat.search(repositoryId=repository_id)["itemList"]]
    cat.ok("DELETE", f"/items?itemIdList={ids[0]},{ids[1]}")
    cat.ok("DELETE", f"/items/{ids[2]}")  # one item by its own path is not a bulk job
    history = cat.ok("GET", f"/items/auditHistories?repositoryId={repository_id}")
    jobs = history["jobList"]
    assert [(j["type"], j["outcome"], j["itemCount"]) for j in jobs] == [
        ("delete", "success", 2),
        ("export", "success", 3),
        ("import", "error", 0),
        ("import", "success", 3),
    ]
    assert all(j["user"] == "admin" and j["repositoryId"] == repository_id for j in jobs)
    assert "1 problem in the import" in jobs[2]["message"]
    assert history["searchTotal"] == 4
    # a time frame and paging
    since = jobs[1]["startTime"]
    framed = cat.ok("GET", f"/items/auditHistories?repositoryId={repository_id}&from={since}")
    assert [j["type"] for j in framed["jobList"]] == ["delete", "export"]
    paged = cat.ok("GET", f"/items/auditHistories?repositoryId={repository_id}&page=2&pageSize=3")
    assert [j["type"] for j in paged["jobList"]] == ["import"] and paged["searchTotal"] == 4
    assert cat.call("GET", f"/items/auditHistories?repositoryId={repository_id}&from=soon").status_code == 400
    assert cat.call("GET", "/items/auditHistories?repositoryId=424242").status_code == 404
