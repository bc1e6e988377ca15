"""PostgreSQL through a pool of async psycopg connections.

Reads run in autocommit; each write runs in its own transaction. Writers of the same property sheet
take turns through a transaction-scoped advisory lock; unique constraints keep names unique;
revisions come from a sequence. Nothing another worker must see is kept in process memory.
"""

from __future__ import annotations

from typing import Any, TypeVar

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from restkeep.server.store.errors import QueryTimeout, StoreUnavailable
from restkeep.server.store.postgres.db import PostgresDb
from restkeep.server.store.sql.store import SqlStore, Step

T = TypeVar("T")
MIN_SERVER_VERSION = 130000


class PostgresStore(SqlStore):
    def __init__(self, pool: AsyncConnectionPool[psycopg.AsyncConnection[Any]]) -> None:
        self._pool = pool

    @classmethod
    async def open(cls, url: str, pool_size: int) -> PostgresStore:
        pool: AsyncConnectionPool[psycopg.AsyncConnection[Any]] = AsyncConnectionPool(
            url, min_size=1, max_size=pool_size, kwargs={"autocommit": True}, open=False
        )
        await pool.open(wait=True, timeout=10)
        return cls(pool)

    async def _read(self, fn: Step[T]) -> T:
        if self._pool.closed:
            raise StoreUnavailable("the store is closed")
        try:
            async with self._pool.connection() as conn:
                return await fn(PostgresDb(conn))
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise StoreUnavailable(f"the database is unavailable: {exc}") from None

    async def read_heavy(self, fn: Step[T], timeout: float) -> T:
        """In a transaction whose `statement_timeout` is the limit: the server stops the query."""
        if self._pool.closed:
            raise StoreUnavailable("the store is closed")
        try:
            async with self._pool.connection() as conn, conn.transaction():
                await conn.execute(
                    "SELECT set_config('statement_timeout', %s, true)", (str(max(1, round(timeout * 1000))),)
                )
                return await fn(PostgresDb(conn))
        except psycopg.errors.QueryCanceled:
            raise QueryTimeout(timeout) from None
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise StoreUnavailable(f"the database is unavailable: {exc}") from None

    async def _write(self, fn: Step[T]) -> T:
        if self._pool.closed:
            raise StoreUnavailable("the store is closed")
        try:
            async with self._pool.connection() as conn, conn.transaction():
                return await fn(PostgresDb(conn))
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise StoreUnavailable(f"the database is unavailable: {exc}") from None

    async def close(self) -> None:
        await self._pool.close()
