"""Reads that may take long (Catalog searches and counts over a large repository).

The store's ordinary reads run inline on the event loop: an indexed lookup takes microseconds, less
than a hop to a thread. An unindexed `contains` over a million items takes seconds, and inline it
would stall every other request of the worker. These run instead in a worker thread, each on a
read-only connection of its own (a connection shared with the inline reads would make them wait on
its mutex), at most `CONNECTIONS` at a time. A timer on the event loop marks a query that passes its
time limit and interrupts it (`sqlite3_interrupt`, safe from any thread); a progress handler, every
`CHECK_EVERY` virtual-machine steps, stops a statement that began after the mark (an interrupt only
reaches statements already running). The query then fails with `QueryTimeout`.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import TypeVar

import anyio.to_thread

from restkeep.server.store.errors import QueryTimeout, StoreUnavailable
from restkeep.server.store.sql.db import run_to_completion
from restkeep.server.store.sql.store import Step
from restkeep.server.store.sqlite.connection import connect
from restkeep.server.store.sqlite.db import SqliteDb

T = TypeVar("T")
CONNECTIONS = 2
# some tens of microseconds of work between looks at the mark (each look takes the GIL)
CHECK_EVERY = 10_000


class HeavyReads:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._idle: list[sqlite3.Connection] = []
        self._opened: list[sqlite3.Connection] = []
        self._slots = asyncio.Semaphore(CONNECTIONS)

    def _connection(self) -> sqlite3.Connection:
        if self._idle:
            return self._idle.pop()
        conn = connect(self._path, readonly=True)
        self._opened.append(conn)
        return conn

    async def run(self, fn: Step[T], timeout: float) -> T:
        async with self._slots:
            conn = self._connection()
            interrupted = False

            def interrupt() -> None:
                nonlocal interrupted
                interrupted = True
                conn.interrupt()

            timer = asyncio.get_running_loop().call_later(timeout, interrupt)
            conn.set_progress_handler(lambda: interrupted, CHECK_EVERY)
            try:
                return await anyio.to_thread.run_sync(lambda: run_to_completion(fn(SqliteDb(conn))))
            except sqlite3.OperationalError as exc:
                if interrupted:
                    raise QueryTimeout(timeout) from None
                raise StoreUnavailable(f"the database is unavailable: {exc}") from None
            finally:
                timer.cancel()
                conn.set_progress_handler(None, 0)
                self._idle.append(conn)

    def close(self) -> None:
        """Close every connection (before the process's last descriptor of the file: see `cache`)."""
        for conn in self._opened:
            conn.close()
        self._opened.clear()
        self._idle.clear()
