"""Development mode's request journal: a bounded ring of redacted entries, shared by every worker.

It is scratch data, not the server's state: on SQLite it lives in a file of its own beside the
database (`journal.db`), on PostgreSQL in a table the migrations do not know; snapshots leave it out,
and it is made on first use. Ids are taken under a lock (no sequence a snapshot would carry along).
"""

from __future__ import annotations

from typing import Any

import msgspec

from restkeep.server.store.sql.db import Db

LOCK = "dev.journal"
CREATE = (
    "CREATE TABLE IF NOT EXISTS dev_journal (id BIGINT PRIMARY KEY, time BIGINT NOT NULL,"
    " api TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL,"
    " user_name TEXT, login TEXT, rotated INTEGER NOT NULL, entry TEXT NOT NULL)"
)


class JournalRow(msgspec.Struct, frozen=True):
    """What the journal filters on, beside the entry itself (JSON, redacted)."""

    time: int
    api: str
    method: str
    path: str
    status: int
    user: str | None
    # the fingerprint of the Catalog login (ewtoken) the request came under, and whether its
    # epimresttoken was rotated: the journal counts a login's generations so
    login: str | None
    rotated: bool
    entry: str


async def append(db: Db, row: JournalRow, keep: int) -> int:
    """Add an entry, dropping the oldest beyond `keep`; its id."""
    await db.lock(LOCK)
    found = await db.one("SELECT coalesce(max(id), 0) FROM dev_journal")
    entry_id = int(found[0] if found else 0) + 1
    await db.run(
        "INSERT INTO dev_journal (id, time, api, method, path, status, user_name, login, rotated, entry)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entry_id, row.time, row.api, row.method, row.path, row.status, row.user, row.login,
         int(row.rotated), row.entry),
    )  # fmt: skip
    if entry_id > keep:
        await db.run("DELETE FROM dev_journal WHERE id <= ?", (entry_id - keep,))
    return entry_id


async def entries(db: Db, where: dict[str, Any]) -> list[tuple[int, str, str]]:
    """(id, path, entry) of the entries whose columns equal `where`'s values, newest first."""
    clauses = " AND ".join(f"{column} = ?" for column in where)
    rows = await db.all(
        "SELECT id, path, entry FROM dev_journal"
        + (f" WHERE {clauses}" if clauses else "")
        + " ORDER BY id DESC",
        tuple(where.values()),
    )
    return [(int(i), str(p), str(e)) for i, p, e in rows]


async def clear(db: Db) -> None:
    await db.run("DELETE FROM dev_journal")


async def rotations(db: Db, login: str) -> int:
    found = await db.one("SELECT count(*) FROM dev_journal WHERE login = ? AND rotated = 1", (login,))
    return int(found[0]) if found else 0
