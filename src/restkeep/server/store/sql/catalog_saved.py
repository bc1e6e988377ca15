"""Catalog saved sets (named lists of item ids) and saved searches (named search bodies)."""

from __future__ import annotations

from collections.abc import Sequence

from restkeep.server.store.records import SavedSearchRecord, SavedSetRecord
from restkeep.server.store.sql.catalog_repos import take_ids
from restkeep.server.store.sql.db import Db

_SET = (
    "SELECT s.id, s.repository_id, s.name, s.owner, s.create_time,"
    " (SELECT count(*) FROM catalog_saved_set_items i WHERE i.set_id = s.id) FROM catalog_saved_sets s"
)
_SEARCH = "SELECT id, repository_id, name, owner, body, create_time FROM catalog_saved_searches"


async def create_set(
    db: Db, repository_id: int, name: str, owner: str, now: int, item_ids: Sequence[int]
) -> int:
    set_id = await take_ids(db, "catalog_saved", 1)
    await db.run(
        "INSERT INTO catalog_saved_sets (id, repository_id, name, owner, create_time) VALUES (?, ?, ?, ?, ?)",
        (set_id, repository_id, name, owner, now),
    )
    await add_items(db, set_id, item_ids)
    return set_id


async def list_sets(db: Db, repository_id: int) -> list[SavedSetRecord]:
    rows = await db.all(f"{_SET} WHERE s.repository_id = ? ORDER BY s.name", (repository_id,))
    return [SavedSetRecord(*row) for row in rows]


async def get_set(db: Db, set_id: int) -> SavedSetRecord | None:
    row = await db.one(f"{_SET} WHERE s.id = ?", (set_id,))
    return None if row is None else SavedSetRecord(*row)


async def set_items(db: Db, set_id: int) -> list[int]:
    rows = await db.all(
        "SELECT item_id FROM catalog_saved_set_items WHERE set_id = ? ORDER BY item_id", (set_id,)
    )
    return [int(row[0]) for row in rows]


async def add_items(db: Db, set_id: int, item_ids: Sequence[int]) -> None:
    await db.many(
        "INSERT INTO catalog_saved_set_items (set_id, item_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(set_id, item_id) for item_id in dict.fromkeys(item_ids)],
    )


async def remove_items(db: Db, set_id: int, item_ids: Sequence[int]) -> None:
    await db.many(
        "DELETE FROM catalog_saved_set_items WHERE set_id = ? AND item_id = ?",
        [(set_id, item_id) for item_id in dict.fromkeys(item_ids)],
    )


async def delete_set(db: Db, set_id: int) -> None:
    await db.run("DELETE FROM catalog_saved_set_items WHERE set_id = ?", (set_id,))
    await db.run("DELETE FROM catalog_saved_sets WHERE id = ?", (set_id,))


async def forget_items(db: Db, item_ids: Sequence[int]) -> None:
    """Deleted items leave every saved set."""
    await db.many("DELETE FROM catalog_saved_set_items WHERE item_id = ?", [(i,) for i in item_ids])


async def create_search(db: Db, repository_id: int, name: str, owner: str, body: str, now: int) -> int:
    search_id = await take_ids(db, "catalog_saved", 1)
    await db.run(
        "INSERT INTO catalog_saved_searches (id, repository_id, name, owner, body, create_time)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (search_id, repository_id, name, owner, body, now),
    )
    return search_id


async def list_searches(db: Db, repository_id: int) -> list[SavedSearchRecord]:
    rows = await db.all(f"{_SEARCH} WHERE repository_id = ? ORDER BY name", (repository_id,))
    return [SavedSearchRecord(*row) for row in rows]


async def get_search(db: Db, search_id: int) -> SavedSearchRecord | None:
    row = await db.one(f"{_SEARCH} WHERE id = ?", (search_id,))
    return None if row is None else SavedSearchRecord(*row)


async def delete_search(db: Db, search_id: int) -> None:
    await db.run("DELETE FROM catalog_saved_searches WHERE id = ?", (search_id,))
