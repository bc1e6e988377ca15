"""The `Db` protocol over a sqlite3 connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from restkeep.server.store.errors import AlreadyExists
from restkeep.server.store.sql.db import Row


class SqliteDb:
    __slots__ = ("_conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        row: Row | None = self._conn.execute(sql, params).fetchone()
        return row

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._conn.execute(sql, params).fetchall()

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return self._conn.execute(sql, params).rowcount
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" in str(exc):
                raise AlreadyExists(str(exc)) from None
            raise
