"""Server-wide key/value settings kept in the database (the server sheet id, and so on)."""

from __future__ import annotations

from restkeep.server.store.sql.db import Db


async def get_meta(db: Db, key: str) -> str | None:
    row = await db.one("SELECT value FROM meta WHERE key = ?", (key,))
    return None if row is None else str(row[0])


async def put_meta_if_absent(db: Db, key: str, value: str) -> str:
    await db.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", (key, value))
    stored = await get_meta(db, key)
    assert stored is not None
    return stored
