"""The `Db` protocol over a sqlite3 connection. Every call completes without suspending."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from restkeep.server.store.errors import AlreadyExists, Missing
from restkeep.server.store.sql.catalog_tables import violated_column
from restkeep.server.store.sql.db import Row, Rows
from restkeep.server.store.sqlite.commits import RecordingConnection


class SqliteDb:
    __slots__ = ("_conn",)
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def _execute(self, sql: str, params: Sequence[Any], rows: Rows | None) -> sqlite3.Cursor:
        """Run a statement; in the writer, with the rows it says it touches noted for the read cache."""
        if rows is not None and isinstance(self._conn, RecordingConnection):
            return self._conn.execute_rows(sql, params, rows)
        return self._conn.execute(sql, params)

    async def one(self, sql: str, params: Sequence[Any] = (), *, rows: Rows | None = None) -> Row | None:
        row: Row | None = self._execute(sql, params, rows).fetchone()
        return row

    async def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._conn.execute(sql, params).fetchall()

    async def run(self, sql: str, params: Sequence[Any] = (), *, rows: Rows | None = None) -> int:
        try:
            return self._execute(sql, params, rows).rowcount
        except sqlite3.IntegrityError as exc:
            raise _translated(exc) from None

    async def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            self._conn.executemany(sql, rows)
        except sqlite3.IntegrityError as exc:
            raise _translated(exc) from None

    async def lock(self, key: str, *, shared: Sequence[str] = ()) -> None:
        """Nothing to do: the one writer per process and BEGIN IMMEDIATE already serialise writers."""

    async def revision(self) -> tuple[str, list[Any]]:
        return "?", [await self.next_revision()]

    async def next_revision(self) -> int:
        row = self._conn.execute(
            "UPDATE counters SET value = value + 1 WHERE name = 'revision' RETURNING value"
        ).fetchone()
        return int(row[0])


def _translated(exc: sqlite3.IntegrityError) -> Exception:
    # "UNIQUE constraint failed: catalog_r3.a5" (or "...: index 'name'" for an index on an expression)
    message = str(exc)
    if message.startswith("UNIQUE constraint failed: "):
        named = message.removeprefix("UNIQUE constraint failed: ").removeprefix("index ").strip("'")
        return AlreadyExists(message, violated_column(named))
    if "UNIQUE" in message:
        return AlreadyExists(message)
    if "FOREIGN KEY" in str(exc):
        return Missing(str(exc))
    return exc
