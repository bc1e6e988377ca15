"""Users and their Flow sessions."""

from __future__ import annotations

from restkeep.server.store.errors import Missing
from restkeep.server.store.records import SessionRecord, UserRecord
from restkeep.server.store.sql.db import Db, Rows, new_id

_USER_COLUMNS = "id, name, password_hash, email, full_name, credentials_version, create_time, modify_time"


async def get_user(db: Db, name: str) -> UserRecord | None:
    row = await db.one(f"SELECT {_USER_COLUMNS} FROM users WHERE name = ?", (name,))
    return None if row is None else UserRecord(*row)


async def get_user_by_id(db: Db, user_id: str) -> UserRecord | None:
    row = await db.one(f"SELECT {_USER_COLUMNS} FROM users WHERE id = ?", (user_id,))
    return None if row is None else UserRecord(*row)


async def credentials_version(db: Db, user_id: str) -> int | None:
    row = await db.one("SELECT credentials_version FROM users WHERE id = ?", (user_id,))
    return None if row is None else int(row[0])


async def create_user(
    db: Db, name: str, password_hash: str, now: int, email: str, full_name: str
) -> UserRecord:
    user = UserRecord(new_id(), name, password_hash, email, full_name, 1, now, now)
    await db.run(
        f"INSERT INTO users ({_USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (user.id, user.name, user.password_hash, user.email, user.full_name, 1, now, now),
    )
    return user


async def set_password(db: Db, user_id: str, password_hash: str, now: int) -> None:
    await db.run(
        "UPDATE users SET password_hash = ?, credentials_version = credentials_version + 1, modify_time = ?"
        " WHERE id = ?",
        (password_hash, now, user_id),
    )
    await db.run("DELETE FROM sessions WHERE user_id = ?", (user_id,))
    await db.run("DELETE FROM catalog_tokens WHERE user_id = ?", (user_id,))


def _session(token_hash: str) -> Rows:
    """A statement about one session, by its hash: the SQLite read cache keeps what it read about other
    sessions across the write (see `sql.db.Rows`)."""
    return "sessions", frozenset((token_hash,))


async def create_session(db: Db, token_hash: str, user_id: str, now: int) -> None:
    await db.run(
        "INSERT INTO sessions (token_hash, user_id, create_time, last_used) VALUES (?, ?, ?, ?)",
        (token_hash, user_id, now, now),
        rows=_session(token_hash),
    )


async def get_session(db: Db, token_hash: str) -> SessionRecord | None:
    row = await db.one(
        "SELECT s.user_id, u.name, s.create_time, s.last_used"
        " FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = ?",
        (token_hash,),
        rows=_session(token_hash),
    )
    return None if row is None else SessionRecord(*row)


async def touch_session(db: Db, token_hash: str, now: int) -> None:
    await db.run(
        "UPDATE sessions SET last_used = ? WHERE token_hash = ? AND last_used < ?",
        (now, token_hash, now),
        rows=_session(token_hash),
    )


async def delete_session(db: Db, token_hash: str) -> None:
    await db.run("DELETE FROM sessions WHERE token_hash = ?", (token_hash,), rows=_session(token_hash))


async def delete_sessions_idle_since(db: Db, before: int) -> int:
    return await db.run("DELETE FROM sessions WHERE last_used < ?", (before,))


async def list_users(db: Db) -> list[UserRecord]:
    return [UserRecord(*row) for row in await db.all(f"SELECT {_USER_COLUMNS} FROM users ORDER BY name")]


async def update_profile(db: Db, user_id: str, email: str | None, full_name: str | None, now: int) -> None:
    await db.run(
        "UPDATE users SET email = coalesce(?, email), full_name = coalesce(?, full_name), modify_time = ?"
        " WHERE id = ?",
        (email, full_name, now, user_id),
    )


async def delete_user(db: Db, name: str) -> None:
    user = await get_user(db, name)
    if user is None:
        raise Missing(name)
    await db.run("DELETE FROM catalog_tokens WHERE user_id = ?", (user.id,))
    await db.run("DELETE FROM sessions WHERE user_id = ?", (user.id,))
    await db.run("DELETE FROM group_members WHERE user_id = ?", (user.id,))
    await db.run("DELETE FROM users WHERE id = ?", (user.id,))


async def live_credentials(db: Db, now: int) -> dict[str, int]:
    """Counts by kind (sessions idle too long are swept by their next use or housekeeping: counted)."""
    counts = {"session": 0, "ewtoken": 0, "epimresttoken": 0, "apiToken": 0}
    row = await db.one("SELECT count(*) FROM sessions")
    counts["session"] = int(row[0]) if row else 0
    for kind, count in await db.all(
        "SELECT kind, count(*) FROM catalog_tokens WHERE expires_at > ? GROUP BY kind", (now,)
    ):
        counts["ewtoken" if kind == "ew" else "epimresttoken"] = int(count)
    row = await db.one("SELECT count(*) FROM api_tokens WHERE expires_at = 0 OR expires_at > ?", (now,))
    counts["apiToken"] = int(row[0]) if row else 0
    return counts
