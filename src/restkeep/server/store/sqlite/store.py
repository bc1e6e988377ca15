"""The embedded store: one SQLite file in WAL mode.

Reads run inline on a read-only connection (indexed lookups take microseconds, less than a thread
hop), answered from a `ReadCache` when the server asks for one (nothing committed since, by anyone);
writes go to the process's single writer thread, which commits them in batches.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, TypeVar

import anyio

from restkeep.server.store.errors import StoreUnavailable
from restkeep.server.store.migrate import head_revision
from restkeep.server.store.records import SnapshotRecord
from restkeep.server.store.sql import journal
from restkeep.server.store.sql.db import run_to_completion
from restkeep.server.store.sql.store import SqlStore, Step
from restkeep.server.store.sqlite.cache import CachedReads, ReadCache, watch
from restkeep.server.store.sqlite.commits import CommitNotes, OwnCommits
from restkeep.server.store.sqlite.connection import connect
from restkeep.server.store.sqlite.db import SqliteDb
from restkeep.server.store.sqlite.heavy import HeavyReads
from restkeep.server.store.sqlite.journal_file import JournalFile
from restkeep.server.store.sqlite.snapshots import SnapshotFiles
from restkeep.server.store.sqlite.tables import StatementTables
from restkeep.server.store.sqlite.writer import Writer

T = TypeVar("T")


class SqliteStore(SqlStore):
    def __init__(self, path: Path, *, read_cache: bool = False) -> None:
        self.path = path
        self._read_conn = connect(path, readonly=True)
        self._commits = watch(path, self._read_conn) if read_cache else None
        self.cache: ReadCache | None = None
        self._reader = SqliteDb(self._read_conn)
        self._tables: StatementTables | None = None
        notes = None
        if self._commits is not None:
            self.cache = ReadCache()
            self._tables = StatementTables(path)
            notes = CommitNotes(OwnCommits(), self._commits.counter, self._tables)
            self._reader = CachedReads(self._read_conn, self.cache, self._commits, notes.own, self._tables)
        self._writer = Writer(path, notes=notes)
        self._heavy = HeavyReads(path)
        self._closed = False
        self._snapshots = SnapshotFiles(path)
        self._journal: JournalFile | None = None

    async def _read(self, fn: Step[T]) -> T:
        if self._closed:
            raise StoreUnavailable("the store is closed")
        try:
            return await fn(self._reader)
        except sqlite3.OperationalError as exc:  # disk I/O errors, a file gone or locked too long
            raise StoreUnavailable(f"the database is unavailable: {exc}") from None

    async def read_heavy(self, fn: Step[T], timeout: float) -> T:
        if self._closed:
            raise StoreUnavailable("the store is closed")
        return await self._heavy.run(fn, timeout)

    async def _write(self, fn: Step[T]) -> T:
        return await self._writer.run(lambda conn: run_to_completion(fn(SqliteDb(conn))))

    async def save_snapshot(self, name: str, now: int) -> SnapshotRecord:
        return await anyio.to_thread.run_sync(self._snapshots.save, name, now)

    async def _restore_whole(self, name: str) -> bool:
        return await anyio.to_thread.run_sync(self._snapshots.restore, name)

    async def snapshots(self) -> list[SnapshotRecord]:
        return await anyio.to_thread.run_sync(self._snapshots.records)

    async def delete_snapshot(self, name: str) -> bool:
        return await anyio.to_thread.run_sync(self._snapshots.delete, name)

    async def export_snapshot(self, name: str, target: Path) -> bool:
        return await anyio.to_thread.run_sync(self._snapshots.export, name, target)

    async def import_snapshot(self, name: str, file: Path, now: int) -> SnapshotRecord:
        return await anyio.to_thread.run_sync(self._snapshots.adopt, name, file, head_revision(), now)

    def _journal_file(self) -> JournalFile:
        if self._journal is None:  # made on first use: only development mode has a journal
            self._journal = JournalFile(self.path.parent / "journal.db")
        return self._journal

    async def journal_append(self, row: journal.JournalRow, keep: int) -> int:
        return await self._journal_file().write(lambda db: journal.append(db, row, keep))

    async def journal_entries(self, where: dict[str, Any]) -> list[tuple[int, str, str]]:
        return await self._journal_file().read(lambda db: journal.entries(db, where))

    async def journal_clear(self) -> None:
        await self._journal_file().write(journal.clear)

    async def journal_rotations(self, login: str) -> int:
        return await self._journal_file().read(lambda db: journal.rotations(db, login))

    async def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
        self._closed = True
        self._writer.close()
        self._heavy.close()
        if self._tables is not None:
            self._tables.close()
        self._read_conn.close()
        if self._commits is not None:  # last: its close releases the process's locks on the -shm file
            self._commits.close()
