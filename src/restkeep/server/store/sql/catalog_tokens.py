"""Catalog login tokens (`ewtoken`) and their REST tokens (`epimresttoken`), kept as hashes only."""

from __future__ import annotations

from restkeep.server.store.records import TokenRecord
from restkeep.server.store.sql.db import Db


async def create_token(
    db: Db, token_hash: str, kind: str, user_id: str, login_hash: str | None, now: int, expires_at: int
) -> None:
    await db.run(
        "INSERT INTO catalog_tokens (token_hash, kind, user_id, login_hash, create_time, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (token_hash, kind, user_id, login_hash, now, expires_at),
    )


async def get_token(db: Db, token_hash: str) -> TokenRecord | None:
    row = await db.one(
        "SELECT t.kind, t.user_id, u.name, t.login_hash, t.create_time, t.expires_at"
        " FROM catalog_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
        (token_hash,),
    )
    return None if row is None else TokenRecord(*row)


async def delete_login(db: Db, login_hash: str) -> int:
    """End a login: its ewtoken and every REST token issued under it."""
    removed = await db.run("DELETE FROM catalog_tokens WHERE login_hash = ?", (login_hash,))
    return removed + await db.run("DELETE FROM catalog_tokens WHERE token_hash = ?", (login_hash,))


async def delete_expired(db: Db, now: int) -> int:
    return await db.run("DELETE FROM catalog_tokens WHERE expires_at <= ?", (now,))
