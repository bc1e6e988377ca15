"""The parts of the database each of development mode's reset scopes means, besides the data:
`credentials` (sessions, Catalog and API tokens, revocations, login throttling, the lifetimes),
`clock` and `faults` (their values in `meta`, the faults' counts). Cleared by a reset of that scope;
kept aside and put back around a restore that must not touch them (a reset of `data`)."""

from __future__ import annotations

from collections.abc import Iterable

from restkeep.server.store import schema
from restkeep.server.store.sql.db import Db, Row

TABLES = {
    "credentials": ("sessions", "catalog_tokens", "api_tokens", "dev_revocations", "login_failures"),
    "clock": (),
    "faults": ("dev_fault_counts",),
}
META = {"credentials": ("dev.lifetimes",), "clock": ("dev.clock",), "faults": ("dev.faults",)}
# the rows kept aside: by table (`meta` for the values), as the columns of `schema` list them
Kept = dict[str, list[Row]]


def _columns(table: str) -> list[str]:
    return [column.name for column in schema.metadata.tables[table].columns]


async def clear(db: Db, scopes: Iterable[str]) -> None:
    for scope in scopes:
        for table in TABLES[scope]:
            await db.run(f"DELETE FROM {table}")
        for key in META[scope]:
            await db.run("DELETE FROM meta WHERE key = ?", (key,))


async def keep(db: Db, scopes: Iterable[str]) -> Kept:
    kept: Kept = {"meta": []}
    for scope in scopes:
        for table in TABLES[scope]:
            kept[table] = await db.all(f"SELECT {', '.join(_columns(table))} FROM {table}")
        for key in META[scope]:
            kept["meta"] += await db.all("SELECT key, value FROM meta WHERE key = ?", (key,))
    return kept


async def put_back(db: Db, scopes: Iterable[str], kept: Kept) -> None:
    """Replace the scopes' rows with those kept; rows of users who are no longer there are dropped."""
    scopes = list(scopes)
    await clear(db, scopes)
    users = {row[0] for row in await db.all("SELECT id FROM users")}
    for table, rows in kept.items():
        columns = ["key", "value"] if table == "meta" else _columns(table)
        owned = "user_id" in columns
        at = columns.index("user_id") if owned else 0
        insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        for row in rows:
            if not owned or row[at] in users:
                await db.run(insert, tuple(row))
