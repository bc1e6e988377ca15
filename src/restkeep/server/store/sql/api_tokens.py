"""API tokens for scripts: long-lived credentials that open sessions; only their SHA-256 is kept."""

from __future__ import annotations

from restkeep.server.store.errors import Missing
from restkeep.server.store.records import ApiTokenRecord
from restkeep.server.store.sql.db import Db, new_id

_SELECT = (
    "SELECT t.id, t.user_id, u.name, t.name, t.create_time, t.expires_at FROM api_tokens t"
    " JOIN users u ON u.id = t.user_id"
)


async def create_token(db: Db, token_hash: str, user_id: str, name: str, now: int, expires_at: int) -> str:
    token_id = new_id()
    await db.run(
        "INSERT INTO api_tokens (id, token_hash, user_id, name, create_time, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (token_id, token_hash, user_id, name, now, expires_at),
    )
    return token_id


async def token_by_hash(db: Db, token_hash: str) -> ApiTokenRecord | None:
    row = await db.one(f"{_SELECT} WHERE t.token_hash = ?", (token_hash,))
    return None if row is None else ApiTokenRecord(*row)


async def token_by_id(db: Db, token_id: str) -> ApiTokenRecord | None:
    row = await db.one(f"{_SELECT} WHERE t.id = ?", (token_id,))
    return None if row is None else ApiTokenRecord(*row)


async def user_tokens(db: Db, user_id: str) -> list[ApiTokenRecord]:
    rows = await db.all(f"{_SELECT} WHERE t.user_id = ? ORDER BY t.create_time", (user_id,))
    return [ApiTokenRecord(*row) for row in rows]


async def revoke_token(db: Db, token_id: str) -> None:
    if await db.run("DELETE FROM api_tokens WHERE id = ?", (token_id,)) == 0:
        raise Missing(token_id)
