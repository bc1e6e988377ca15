"""A per-process cache of read results that is never staler than a direct read.

Under load each SQLite call costs far more than its few microseconds of work: the `sqlite3` module
releases the GIL around every statement and must win it back from the server's I/O threads. A
property GET made three reads (session, project, property); with this cache a repeated GET makes none.

Before any read, `CommitWatch` looks at the WAL-index header that every connection to the database
shares (the `-shm` file, mapped into memory): SQLite rewrites that header on every commit, by any
connection in any process, before the commit returns, and readers find new commits through it.
So "the header is unchanged" means "nothing was committed since the last look", and otherwise the
cache's generation moves on and every entry read before it is dropped. The format is documented at
https://www.sqlite.org/walformat.html ("The WAL-Index Header"); looking costs a 96-byte copy.

Locks. SQLite marks the WAL index as in use with a shared POSIX lock on the `-shm` file, and on
Linux closing *any* descriptor of a file drops *every* POSIX lock the process holds on it
(https://www.sqlite.org/howtocorrupt.html, section 2.2). The watch therefore keeps its descriptor
(and the one `mmap` duplicates) open for as long as it lives, and `SqliteStore.close` closes it only
after the last SQLite connection of the process: the server never releases a lock SQLite holds.
Keeping the mapping is safe from the other hazard too, a `-shm` file truncated under it: SQLite
truncates the file only when it takes the index's lock exclusively, which no process can while ours
holds it through its own connections.

Why not `PRAGMA data_version`, the documented signal? It answers the same question exactly, but it
is a statement: one more trip through `sqlite3` per read, with the GIL released and won back. Measured
in-process on this machine (`python benchmarks/commit_signal.py`), a check costs 0.06 µs by the header
against 2.4 µs by the pragma alone and 7 µs beside a busy thread, and it is paid on every read.
"""

from __future__ import annotations

import mmap
import os
import sqlite3
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

from restkeep.server import metrics
from restkeep.server.store.sql.db import Row
from restkeep.server.store.sqlite.db import SqliteDb

# bounds on memory: the bytes of text the cache holds in all, the most one answer may hold, the number
# of answers, and the rows of a multi-row answer worth keeping (a page of 1,000 items never is)
MAX_BYTES = 16 * 1024 * 1024
MAX_ENTRY_BYTES = 256 * 1024
MAX_ENTRIES = 4096
MAX_ROWS = 64
_ROW_OVERHEAD = 64
# both copies of the WAL-index header: SQLite writes the second, then the first
_HEADER_BYTES = 96
_MISS: Any = object()


class CommitWatch:
    """Whether any connection has committed to a WAL database since the last call."""

    def __init__(self, database: Path) -> None:
        # held open until `close`: closing it would drop SQLite's own locks on the file (see above)
        self._fd = os.open(f"{database}-shm", os.O_RDONLY | os.O_CLOEXEC)
        try:
            self._map = mmap.mmap(self._fd, _HEADER_BYTES, mmap.MAP_SHARED, mmap.PROT_READ)
        except BaseException:
            self._fd = -1  # never closed: a leaked descriptor is harmless, a dropped lock is not
            raise
        self._seen = self._map[:_HEADER_BYTES]

    def changed(self) -> bool:
        header = self._map[:_HEADER_BYTES]
        if header == self._seen:
            return False
        self._seen = header
        return True

    def close(self) -> None:
        """Unmap and close. Call only once this process has no SQLite connection to the database left:
        closing a descriptor of the file releases every POSIX lock the process holds on it."""
        self._map.close()
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def watch(database: Path, conn: sqlite3.Connection) -> CommitWatch | None:
    """A watch on the database, or None where its WAL index cannot be mapped (then nothing is cached)."""
    conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # the first read creates the -shm file
    try:
        return CommitWatch(database)
    except (OSError, ValueError):
        return None


class ReadCache:
    """Answers by key, all dropped at once when anything is committed; bounded in entries and bytes."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._entries: dict[Hashable, Any] = {}
        self.size = 0  # bytes of text held, roughly (see `answer_size`)
        self.generation = 0
        self.hits = 0
        self.misses = 0

    def invalidate(self) -> None:
        """Everything cached so far is stale."""
        self.generation += 1
        self._entries.clear()
        self.size = 0

    def get(self, key: Hashable) -> Any:
        value = self._entries.get(key, _MISS)
        if value is _MISS:
            self.misses += 1
        else:
            self.hits += 1
        if (counted := metrics.tally()) is not None:
            counted.cache[value is _MISS] += 1
        return value

    def put(self, key: Hashable, generation: int, value: Any, size: int) -> None:
        if generation != self.generation or size > MAX_ENTRY_BYTES:
            return  # read before a commit was noticed (it may be stale already), or too big to keep
        if len(self._entries) >= self._max_entries or self.size + size > self._max_bytes:
            self._entries.clear()
            self.size = 0
        self._entries[key] = value
        self.size += size


def answer_size(rows: Sequence[Row | None], params: Sequence[Any]) -> int:
    """Roughly what an answer and its key hold: the length of every text and bytes value."""
    return sum(
        _ROW_OVERHEAD + sum(len(v) for v in row or () if isinstance(v, str | bytes))
        for row in (*rows, params)
    )


class CachedReads(SqliteDb):
    """The reading connection, with `one` and `all` answered from the cache while nothing has
    been committed since the answer was read."""

    __slots__ = ("_cache", "_watch")

    def __init__(self, conn: sqlite3.Connection, cache: ReadCache, commits: CommitWatch) -> None:
        super().__init__(conn)
        self._cache = cache
        self._watch = commits

    def _lookup(self, key: Hashable) -> Any:
        """The cached answer or `_MISS`. (Every value SQLite binds, None, numbers, text and bytes, is
        hashable, so the statement and its parameters are the key.)"""
        if self._watch.changed():
            self._cache.invalidate()
            return _MISS
        return self._cache.get(key)

    async def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        key = ("one", sql, tuple(params))
        cached = self._lookup(key)
        if cached is not _MISS:
            return cached  # type: ignore[no-any-return]
        generation = self._cache.generation
        row = await super().one(sql, params)
        self._cache.put(key, generation, row, answer_size((row,), params))
        return row

    async def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        key = ("all", sql, tuple(params))
        cached = self._lookup(key)
        if cached is not _MISS:
            return list(cached)
        generation = self._cache.generation
        rows = await super().all(sql, params)
        if len(rows) <= MAX_ROWS:
            self._cache.put(key, generation, tuple(rows), answer_size(rows, params))
        return rows
