"""Login-failure counters, shared by every worker and host through the database."""

from __future__ import annotations

from restkeep.server.store.sql.db import Db


async def blocked_until(db: Db, keys: list[str]) -> int:
    """The latest time (ms) until which any of the keys is blocked (0: none is)."""
    if not keys:
        return 0
    marks = ", ".join("?" for _ in keys)
    row = await db.one(f"SELECT max(blocked_until) FROM login_failures WHERE key IN ({marks})", keys)
    return int(row[0] or 0) if row else 0


async def record_failure(db: Db, key: str, now: int, window_ms: int) -> int:
    """Count a failure for `key` (counts older than the window start over); return the new count."""
    await db.lock(f"login:{key}")
    row = await db.one("SELECT failures, last_failure FROM login_failures WHERE key = ?", (key,))
    failures = 1 if row is None or now - int(row[1]) > window_ms else int(row[0]) + 1
    await db.run(
        "INSERT INTO login_failures (key, failures, last_failure, blocked_until) VALUES (?, ?, ?, 0)"
        " ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure",
        (key, failures, now),
    )
    return failures


async def block(db: Db, key: str, until: int) -> None:
    await db.run("UPDATE login_failures SET blocked_until = ? WHERE key = ?", (until, key))


async def clear(db: Db, key: str) -> None:
    await db.run("DELETE FROM login_failures WHERE key = ?", (key,))
