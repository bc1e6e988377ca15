"""Catalog imports in progress: each reserves a range of item ids, writes its rows with them in short
transactions, and every read hides the range until the import ends. So an import is all-or-nothing to
readers without holding the write lock for its whole run."""

from __future__ import annotations

from restkeep.server.store.sql.catalog_repos import take_ids
from restkeep.server.store.sql.catalog_tables import table
from restkeep.server.store.sql.db import Db

Range = tuple[int, int]


async def begin(db: Db, import_id: str, repository_id: int, count: int, lease_until: int) -> int:
    """Reserve `count` item ids for the import; return the first."""
    first = await take_ids(db, "catalog_item", count)
    await db.run(
        "INSERT INTO catalog_imports (id, repository_id, first_id, last_id, lease_until)"
        " VALUES (?, ?, ?, ?, ?)",
        (import_id, repository_id, first, first + count - 1, lease_until),
    )
    return first


async def renew(db: Db, import_id: str, lease_until: int) -> None:
    await db.run("UPDATE catalog_imports SET lease_until = ? WHERE id = ?", (lease_until, import_id))


async def pending(db: Db, repository_id: int) -> list[Range]:
    """The id ranges of the repository's imports in progress (to hide)."""
    rows = await db.all(
        "SELECT first_id, last_id FROM catalog_imports WHERE repository_id = ?", (repository_id,)
    )
    return [(int(first), int(last)) for first, last in rows]


async def end(db: Db, import_id: str) -> None:
    await db.run("DELETE FROM catalog_imports WHERE id = ?", (import_id,))


async def find(db: Db, import_id: str) -> tuple[int, Range] | None:
    row = await db.one(
        "SELECT repository_id, first_id, last_id FROM catalog_imports WHERE id = ?", (import_id,)
    )
    return None if row is None else (int(row[0]), (int(row[1]), int(row[2])))


async def expired(db: Db, now: int) -> list[str]:
    rows = await db.all("SELECT id FROM catalog_imports WHERE lease_until < ?", (now,))
    return [str(row[0]) for row in rows]


async def remove_rows(db: Db, repository_id: int, first: int, last: int) -> None:
    """Delete the items of an abandoned import with ids in [first, last] (one chunk of its range)."""
    await db.lock(table(repository_id))
    await db.run(f"DELETE FROM {table(repository_id)} WHERE id BETWEEN ? AND ?", (first, last))
    await db.run("DELETE FROM catalog_items WHERE id BETWEEN ? AND ?", (first, last))
