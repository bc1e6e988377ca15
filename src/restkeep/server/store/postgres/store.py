"""PostgreSQL through a pool of async psycopg connections.

Reads run in autocommit; each write runs in its own transaction. Writers of the same property sheet
take turns through a transaction-scoped advisory lock; unique constraints keep names unique;
revisions come from a sequence. Nothing another worker must see is kept in process memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import anyio
import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from restkeep.server.store import snapshot_file
from restkeep.server.store.errors import QueryTimeout, StoreUnavailable
from restkeep.server.store.migrate import head_revision, upgrade
from restkeep.server.store.postgres import snapshots
from restkeep.server.store.postgres.db import PostgresDb
from restkeep.server.store.records import SnapshotRecord
from restkeep.server.store.sql import journal
from restkeep.server.store.sql.db import Db
from restkeep.server.store.sql.store import SqlStore, Step

T = TypeVar("T")
MIN_SERVER_VERSION = 130000


class PostgresStore(SqlStore):
    def __init__(self, pool: AsyncConnectionPool[psycopg.AsyncConnection[Any]]) -> None:
        self._pool = pool
        self._journal_ready = False

    def pool_usage(self) -> dict[str, int] | None:
        stats = self._pool.get_stats()
        return {
            "open": stats.get("pool_size", 0),
            "idle": stats.get("pool_available", 0),
            "waiting": stats.get("requests_waiting", 0),
        }

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

    async def save_snapshot(self, name: str, now: int) -> SnapshotRecord:
        return await self._write(lambda db: snapshots.save(db, name, now))

    async def _restore_whole(self, name: str) -> bool:
        return await self._write(lambda db: snapshots.restore(db, name))

    async def snapshots(self) -> list[SnapshotRecord]:
        return await self._read(snapshots.records)

    async def delete_snapshot(self, name: str) -> bool:
        return await self._write(lambda db: snapshots.delete(db, name))

    async def export_snapshot(self, name: str, target: Path) -> bool:
        found = await self._write(lambda db: snapshots.contents(db, name))  # a transaction: see there
        if found is None:
            return False
        await anyio.to_thread.run_sync(upgrade, f"sqlite:///{target}")
        await anyio.to_thread.run_sync(snapshot_file.write, found, target)
        return True

    async def import_snapshot(self, name: str, file: Path, now: int) -> SnapshotRecord:
        await anyio.to_thread.run_sync(snapshot_file.check, file, head_revision())
        given = await anyio.to_thread.run_sync(snapshot_file.read, file)
        return await self._write(lambda db: snapshots.adopt(db, name, given, now))

    async def _journal(self) -> None:
        """Make the journal's table on first use: only development mode has a journal."""
        if not self._journal_ready:

            async def create(db: Db) -> None:
                await db.lock(journal.LOCK)
                await db.run(journal.CREATE)

            await self._write(create)
            self._journal_ready = True

    async def journal_append(self, row: journal.JournalRow, keep: int) -> int:
        await self._journal()
        return await self._write(lambda db: journal.append(db, row, keep))

    async def journal_entries(self, where: dict[str, Any]) -> list[tuple[int, str, str]]:
        await self._journal()
        return await self._read(lambda db: journal.entries(db, where))

    async def journal_clear(self) -> None:
        await self._journal()
        await self._write(journal.clear)

    async def journal_rotations(self, login: str) -> int:
        await self._journal()
        return await self._read(lambda db: journal.rotations(db, login))

    async def close(self) -> None:
        await self._pool.close()
