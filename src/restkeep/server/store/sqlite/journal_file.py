"""Development mode's journal on SQLite: a file of its own beside the database (`journal.db`), so that
restoring a snapshot of the database, a page copy, leaves it alone; written through a writer thread of
its own, like the database, but without waiting for the disk on each commit (scratch data: an entry
survives the server being killed, not the machine losing power)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from restkeep.server.store.sql import journal
from restkeep.server.store.sql.db import Db, run_to_completion
from restkeep.server.store.sqlite.connection import connect
from restkeep.server.store.sqlite.db import SqliteDb
from restkeep.server.store.sqlite.writer import Writer

T = TypeVar("T")


class JournalFile:
    def __init__(self, path: Path) -> None:
        with contextlib.closing(connect(path)) as setup:
            setup.execute("PRAGMA journal_mode=WAL")
            setup.execute(journal.CREATE)
        self._writer = Writer(path, durable=False)
        self._read_conn = connect(path, readonly=True)
        self._reader = SqliteDb(self._read_conn)

    async def read(self, fn: Callable[[Db], Coroutine[Any, Any, T]]) -> T:
        return await fn(self._reader)

    async def write(self, fn: Callable[[Db], Coroutine[Any, Any, T]]) -> T:
        return await self._writer.run(lambda conn: run_to_completion(fn(SqliteDb(conn))))

    def close(self) -> None:
        self._writer.close()
        self._read_conn.close()
