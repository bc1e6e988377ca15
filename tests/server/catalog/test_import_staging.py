"""A large import is written in short transactions yet seen all at once: while it runs its rows are
hidden from every read and other writes go through between its batches; if it fails, or its process
dies, its rows go. (Runs on each backend.)"""

from __future__ import annotations

import asyncio
from typing import Any

from restkeep.server import clock
from restkeep.server.catalog import staging
from restkeep.server.settings import Settings
from restkeep.server.store import open_store
from restkeep.server.store.records import ItemQuery, PropertyChange
from tests.conftest import make_client
from tests.server.catalog.conftest import Catalog
from tests.server.catalog.test_transfer import ATTRIBUTES

DEMO = 10149


def test_an_import_in_progress_is_invisible_and_does_not_hold_up_other_writes(settings: Settings) -> None:
    async def main() -> None:
        store = await open_store(settings)
        try:
            attributes = await store.list_attributes(DEMO)
            sku = next(a for a in attributes if a.name == "SKU")
            before = await store.count_items(ItemQuery(DEMO, []))
            sheet = (await store.get_project("Default")).property_sheet_id  # type: ignore[union-attr]
            now = clock.now_ms()
            first = await store.begin_import("imp1", DEMO, 4, now + 60_000)
            rows = [{sku.id: f"NEW-{i}"} for i in range(4)]
            await store.write_import_batch("imp1", DEMO, attributes, rows[:2], first, now, now + 60_000)
            # between two batches: another writer goes through, and no read sees the new rows
            await store.write_property(
                sheet, ("between",), PropertyChange(actor="admin", now=now, value="yes")
            )
            assert await store.count_items(ItemQuery(DEMO, [])) == before
            assert await store.get_item(first) is None
            assert await store.repository_of_item(first) is None
            found = await store.search_items(ItemQuery(DEMO, [], limit=5, reverse=True))
            assert all(item.id < first for item in found)
            await store.write_import_batch("imp1", DEMO, attributes, rows[2:], first + 2, now, now + 60_000)
            await store.finish_import("imp1", DEMO, 4, now)
            assert await store.count_items(ItemQuery(DEMO, [])) == before + 4
            assert (await store.get_item(first + 3)).values[sku.id] == "NEW-3"  # type: ignore[union-attr]
            assert (await store.get_repository(DEMO)).item_count == before + 4  # type: ignore[union-attr]
        finally:
            await store.close()

    asyncio.run(main())


def test_an_abandoned_import_leaves_nothing_and_its_lease_lets_a_sweep_find_it(settings: Settings) -> None:
    async def main() -> None:
        store = await open_store(settings)
        try:
            attributes = await store.list_attributes(DEMO)
            sku = next(a for a in attributes if a.name == "SKU")
            before = await store.count_items(ItemQuery(DEMO, []))
            now = clock.now_ms()
            # a lease long enough that writing the batch on a slow machine cannot outlast it
            first = await store.begin_import("dead", DEMO, 7000, now + 60_000)
            rows: list[dict[int, Any]] = [{sku.id: f"DEAD-{i}"} for i in range(7000)]
            await store.write_import_batch("dead", DEMO, attributes, rows, first, now, now + 60_000)
            assert await staging.sweep(store) == 0  # its lease is not over: it may be alive elsewhere
            clock.advance(61)
            assert await staging.sweep(store) == 1
            assert await store.expired_imports(clock.now_ms() + 10**9) == []
            assert await store.count_items(ItemQuery(DEMO, [])) == before
            # the SKUs are free again, and the rows are gone, not merely hidden
            assert await staging.add_items(store, DEMO, attributes, [rows[:3]], 3) == 3
            assert await store.count_items(ItemQuery(DEMO, [])) == before + 3
            assert await store.get_item(first) is None
        finally:
            await store.close()

    asyncio.run(main())


def test_an_import_that_fails_in_a_late_batch_leaves_nothing(settings: Settings) -> None:
    with make_client(settings) as client:
        cat = Catalog(client)
        repository_id, _ = cat.repository("Staged", ATTRIBUTES)
        cat.ok("POST", f"/items?repositoryId={repository_id}", 201, json={"code": "TAKEN"})
        # 2,500 good rows in three batches, then one whose unique code is taken
        body = "".join(f'{{"code": "C{i}"}}\n' for i in range(2500)) + '{"code": "TAKEN"}\n'
        response = cat.call(
            "POST", f"/items/import?repositoryId={repository_id}&format=jsonl", content=body.encode()
        )
        assert response.status_code == 409, response.text[:300]
        assert cat.ok("GET", f"/repositories/{repository_id}")["itemCount"] == 1
        assert cat.search(repositoryId=repository_id, pageSize=5)["searchTotal"] == 1
        again = cat.call(
            "POST",
            f"/items/import?repositoryId={repository_id}&format=jsonl",
            content=body.replace("TAKEN", "FREE").encode(),
        )
        assert again.status_code == 200, again.text[:300]
        assert cat.search(repositoryId=repository_id, pageSize=5)["searchTotal"] == 2502
