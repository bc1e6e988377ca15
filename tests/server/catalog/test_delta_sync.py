"""Delta sync: "everything created or changed since T", filtered and sorted on the items' own
createTime and modifyTime, exact to the millisecond, paged by cursor, and answered from an index."""

from __future__ import annotations

import sqlite3
from typing import Any

from restkeep.server import clock
from restkeep.server.settings import Settings
from tests.conftest import make_client
from tests.server.catalog.conftest import Catalog
from tests.server.catalog.test_transfer import ATTRIBUTES


def walk(cat: Catalog, body: dict[str, Any]) -> list[dict[str, Any]]:
    items, cursor = [], None
    while True:
        page = cat.search(**body, pageSize=2, **({"cursor": cursor} if cursor else {}))
        items += page["itemList"]
        cursor = page["nextCursor"]
        if cursor is None:
            return items


def test_changed_since_a_moment_by_cursor(settings: Settings, backend: str) -> None:
    with make_client(settings) as client:
        cat = Catalog(client)
        repository_id, _ = cat.repository("Delta", ATTRIBUTES)
        created = [
            cat.ok("POST", f"/items?repositoryId={repository_id}", 201, json={"code": f"C{i}"})["id"]
            for i in range(5)
        ]
        clock.advance(10)
        since = clock.format_ms(clock.now_ms())
        clock.advance(1)
        cat.ok("PATCH", f"/items/{created[1]}", json={"note": "changed"})
        clock.advance(1)
        cat.ok("PATCH", f"/items/{created[3]}", json={"note": "changed"})
        newer = cat.ok("POST", f"/items?repositoryId={repository_id}", 201, json={"code": "NEW"})["id"]
        sync = {
            "repositoryId": repository_id,
            "filters": [{"attribute": "modifyTime", "operator": "gt", "value": since}],
            "sort": [{"attribute": "modifyTime", "direction": "asc"}],
        }
        assert [item["id"] for item in walk(cat, sync)] == [created[1], created[3], newer]
        created_since = {
            "repositoryId": repository_id,
            "filters": [{"attribute": "createTime", "operator": "gte", "value": since}],
            "sort": [{"attribute": "createTime", "direction": "desc"}],
        }
        assert [item["id"] for item in walk(cat, created_since)] == [newer]
        # milliseconds since the epoch are understood too, and the bound is exact
        moment = cat.ok("GET", f"/items/{created[3]}")["modifyTime"]
        exact = [{"attribute": "modifyTime", "operator": "eq", "value": moment}]
        assert [i["id"] for i in cat.search(repositoryId=repository_id, filters=exact)["itemList"]] == [
            created[3]
        ]
        bad = cat.call(
            "POST",
            "/items/search",
            json={
                "repositoryId": repository_id,
                "filters": [{"attribute": "modifyTime", "operator": "gt", "value": "yesterday"}],
            },
        )
        assert bad.status_code == 400
    if backend == "sqlite":
        database = sqlite3.connect(settings.sqlite_path)
        plan = database.execute(
            f"EXPLAIN QUERY PLAN SELECT id FROM catalog_r{repository_id} WHERE create_time > 0 ORDER BY create_time, id"
        ).fetchall()
        assert any("_created" in str(row) for row in plan), plan
        database.close()
