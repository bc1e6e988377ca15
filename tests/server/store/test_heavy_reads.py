"""Heavy reads (Catalog searches and counts) run off the event loop with a time limit: a query past
its limit is stopped with `QueryTimeout`, and the loop keeps serving while any of them runs."""

from __future__ import annotations

import asyncio
import time

import pytest

from restkeep.server.settings import Settings
from restkeep.server.store import open_store
from restkeep.server.store.errors import QueryTimeout
from restkeep.server.store.sql.db import Db
from tests.conftest import make_client
from tests.server.catalog.conftest import Catalog

# counts to a billion: minutes of work for any database
ENDLESS = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
    "SELECT count(*) FROM n"
)


async def endless(db: Db) -> int:
    row = await db.one(ENDLESS)
    assert row is not None
    return int(row[0])


def test_a_read_past_its_limit_is_stopped_and_the_loop_keeps_serving(settings: Settings) -> None:
    async def main() -> tuple[float, int]:
        store = await open_store(settings, read_cache=True)
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticker = asyncio.create_task(tick())
        started = time.monotonic()
        try:
            with pytest.raises(QueryTimeout):
                await store.read_heavy(endless, 0.5)
            return time.monotonic() - started, ticks
        finally:
            ticker.cancel()
            await store.close()

    elapsed, ticks = asyncio.run(main())
    assert elapsed < 5, "the limit did not stop the query"
    assert ticks >= 10, f"the event loop was blocked while the query ran ({ticks} ticks in {elapsed:.2f} s)"


def test_a_search_past_the_limit_gets_a_clear_envelope_and_the_server_goes_on(settings: Settings) -> None:
    # a limit so small that any scan of the 12,000 demo items passes it
    unindexed = {"attribute": "Description", "operator": "contains", "value": "no such text"}
    with make_client(settings.replace(query_timeout=0.000_001)) as client:
        cat = Catalog(client)
        response = cat.call("POST", "/items/search", json={"repositoryId": 10149, "filters": [unindexed]})
        assert response.status_code == 503, response.text[:300]
        body = response.json()
        assert body["success"] is False and "--query-timeout" in body["error"]
        assert client.get("/rest/v1.0/server/status").status_code == 200
    with make_client(settings) as client:
        assert Catalog(client).search(repositoryId=10149, filters=[unindexed])["itemList"] == []
