"""The `Db` protocol over an async psycopg connection."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import errors

from restkeep.server.store.errors import AlreadyExists, Missing
from restkeep.server.store.sql.catalog_tables import violated_column
from restkeep.server.store.sql.db import Row, Rows


@functools.lru_cache(maxsize=1024)
def to_pyformat(sql: str) -> str:
    """The shared SQL uses `?` placeholders; psycopg wants `%s` (and a literal `%` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


@functools.cache  # one per depth of path: a few dozen at most
def _locks(shared: int) -> str:
    """The statement that takes `shared` keys shared, then one exclusively."""
    taken = ["pg_advisory_xact_lock_shared(hashtextextended(%s, 0))"] * shared
    return "SELECT " + ", ".join([*taken, "pg_advisory_xact_lock(hashtextextended(%s, 0))"])


class PostgresDb:
    __slots__ = ("_conn",)
    dialect = "postgresql"

    def __init__(self, conn: psycopg.AsyncConnection[Any]) -> None:
        self._conn = conn

    async def one(self, sql: str, params: Sequence[Any] = (), *, rows: Rows | None = None) -> Row | None:
        cursor = await self._conn.execute(to_pyformat(sql), params)
        row: Row | None = await cursor.fetchone()
        return row

    async def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = await self._conn.execute(to_pyformat(sql), params)
        return await cursor.fetchall()

    async def run(self, sql: str, params: Sequence[Any] = (), *, rows: Rows | None = None) -> int:
        try:
            cursor = await self._conn.execute(to_pyformat(sql), params)
        except errors.UniqueViolation as exc:
            raise _taken(exc) from None
        except errors.ForeignKeyViolation as exc:
            raise Missing(str(exc)) from None
        return cursor.rowcount

    async def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            async with self._conn.cursor() as cursor:
                await cursor.executemany(to_pyformat(sql), rows)
        except errors.UniqueViolation as exc:
            raise _taken(exc) from None
        except errors.ForeignKeyViolation as exc:
            raise Missing(str(exc)) from None

    async def lock(self, key: str, *, shared: Sequence[str] = ()) -> None:
        # one statement; PostgreSQL evaluates a select list in order, so the keys are taken outermost first
        # (and should an order ever differ, its deadlock detector covers advisory locks: an error, no hang)
        await self._conn.execute(_locks(len(shared)), (*shared, key))

    async def revision(self) -> tuple[str, list[Any]]:
        return "nextval('property_revision_seq')", []

    async def next_revision(self) -> int:
        cursor = await self._conn.execute("SELECT nextval('property_revision_seq')")
        row = await cursor.fetchone()
        assert row is not None
        return int(row[0])


def _taken(exc: errors.UniqueViolation) -> AlreadyExists:
    constraint = exc.diag.constraint_name or ""
    return AlreadyExists(f"{constraint}: {exc}", violated_column(constraint))
