"""A per-process cache of read results that is never staler than a direct read.

Under load each SQLite call costs far more than its few microseconds of work: the `sqlite3` module
releases the GIL around every statement and must win it back from the server's I/O threads. A
property GET made three reads (session, project, property); with this cache a repeated GET makes none.

Before any read, `CommitWatch` looks at the WAL-index header that every connection to the database
shares (the `-shm` file, mapped into memory): SQLite rewrites that header on every commit, by any
connection in any process, before the commit returns, and readers find new commits through it.
So "the header is unchanged" means "nothing was committed since the last look". The format is
documented at https://www.sqlite.org/walformat.html ("The WAL-Index Header"); looking costs a 96-byte
copy.

What a commit drops. The header also counts commits. When it moved, the commits in between are
either all this process's own, each noted by the writer with the tables it wrote (`commits`), or
not: then every answer goes. Own commits drop only the answers read from a table they wrote, as
SQLite's authorizer names them, triggers and foreign-key actions included (`tables`). So under real
traffic, a property write no longer throws away every session, project and user read, and a full
cache drops its least recently used answers instead of all of them.

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
import struct
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import Any

from restkeep.server import metrics
from restkeep.server.store.sql.db import Row, Rows
from restkeep.server.store.sqlite.commits import OwnCommits
from restkeep.server.store.sqlite.db import SqliteDb
from restkeep.server.store.sqlite.tables import StatementTables, Tokens

# bounds on memory: the bytes of text the cache holds in all, the most one answer may hold, the number
# of answers, and the rows of a multi-row answer worth keeping (a page of 1,000 items never is)
MAX_BYTES = 16 * 1024 * 1024
MAX_ENTRY_BYTES = 256 * 1024
MAX_ENTRIES = 32_768
MAX_ROWS = 64
# versions kept of tables and named rows (one per property name written) before all start afresh
MAX_VERSIONS = 100_000
_ROW_OVERHEAD = 64
# both copies of the WAL-index header: SQLite writes the second, then the first
_HEADER_BYTES = 96
# the change counter (`iChange`) in the first copy of the header, in the machine's byte order
_COUNTER = struct.Struct("=I")
_COUNTER_OFFSET = 8
_MISS: Any = object()
Stamp = tuple[int | None, ...]


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

    def seen_counter(self) -> int:
        """The commit counter of the header as `changed` last saw it."""
        return int(_COUNTER.unpack_from(self._seen, _COUNTER_OFFSET)[0])

    def counter(self) -> int:
        """The commit counter as it is now (the writer reads it while it holds the write lock)."""
        return int(_COUNTER.unpack_from(self._map, _COUNTER_OFFSET)[0])

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
    """Answers by key, each kept until a commit writes a table it was read from; bounded in entries and
    bytes, the least recently used going first.

    Each table has a version, and the cache an epoch; an answer is stamped with both as they were
    before it was read, and served only while they are unchanged. `changed(tables)` moves the versions
    of those tables on; `changed(None)` (a commit whose writes are not known) moves the epoch on, which
    drops everything."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        # key -> [answer, tokens it depends on, stamp, size, `_changes` when last found valid]
        self._entries: OrderedDict[Hashable, list[Any]] = OrderedDict()
        self._versions: dict[str, int] = {}
        self._epoch = 0
        self._changes = 0  # moves on with every `changed`: an entry checked since is valid without a look
        self.size = 0  # bytes of text held, roughly (see `answer_size`)
        self.hits = 0
        self.misses = 0

    def stamp(self, tables: Tokens) -> Stamp:
        """What an answer read now from `tables` is valid for; take it before reading."""
        return (self._epoch, *map(self._versions.get, tables))

    def changed(self, tables: Iterable[str] | None) -> None:
        """A commit wrote `tables` (None: it may have written anything)."""
        self._changes += 1
        if tables is None or len(self._versions) > MAX_VERSIONS:  # a fresh start also bounds the versions
            self._versions.clear()
            self._epoch += 1
            self._entries.clear()
            self.size = 0
            return
        for table in tables:
            self._versions[table] = self._versions.get(table, 0) + 1

    def invalidate(self) -> None:
        """Everything cached so far is stale."""
        self.changed(None)

    def get(self, key: Hashable) -> Any:
        entry = self._entries.get(key)
        value = _MISS
        if entry is not None:
            if entry[4] == self._changes or entry[2] == self.stamp(entry[1]):
                entry[4] = self._changes
                value = entry[0]
                self._entries.move_to_end(key)
            else:
                self._drop(key)
        if value is _MISS:
            self.misses += 1
        else:
            self.hits += 1
        if (counted := metrics.tally()) is not None:
            counted.cache[value is _MISS] += 1
        return value

    def put(self, key: Hashable, tables: Tokens, stamp: Stamp, value: Any, size: int) -> None:
        if stamp != self.stamp(tables) or size > MAX_ENTRY_BYTES:
            return  # a commit to its tables was noticed while it was read (it may be stale), or too big
        if key in self._entries:
            self._drop(key)
        while self._entries and (
            len(self._entries) >= self._max_entries or self.size + size > self._max_bytes
        ):
            self._drop(next(iter(self._entries)))  # the least recently used
        self._entries[key] = [value, tables, stamp, size, self._changes]
        self.size += size

    def _drop(self, key: Hashable) -> None:
        self.size -= self._entries.pop(key)[3]


def answer_size(rows: Sequence[Row | None], params: Sequence[Any]) -> int:
    """Roughly what an answer and its key hold: the length of every text and bytes value."""
    return sum(
        _ROW_OVERHEAD + sum(len(v) for v in row or () if isinstance(v, str | bytes))
        for row in (*rows, params)
    )


class CachedReads(SqliteDb):
    """The reading connection, with `one` and `all` answered from the cache while no commit has
    written a table the answer was read from.

    Before each read it looks at the WAL-index header; when that moved, it asks the log of this
    process's own commits what they wrote (`commits.OwnCommits`), and drops only answers read from
    those tables; a commit it cannot account for (any other connection's) drops everything."""

    __slots__ = ("_cache", "_own", "_seen", "_tables", "_watch")

    def __init__(
        self,
        conn: sqlite3.Connection,
        cache: ReadCache,
        commits: CommitWatch,
        own: OwnCommits,
        tables: StatementTables,
    ) -> None:
        super().__init__(conn)
        self._cache = cache
        self._watch = commits
        self._own = own
        self._tables = tables
        self._seen = commits.seen_counter()

    def _catch_up(self) -> None:
        if self._watch.changed():
            now = self._watch.seen_counter()
            self._cache.changed(self._own.explain(self._seen, now))
            self._seen = now

    async def one(self, sql: str, params: Sequence[Any] = (), *, rows: Rows | None = None) -> Row | None:
        self._catch_up()
        key = ("one", sql, tuple(params))
        cached = self._cache.get(key)
        if cached is not _MISS:
            return cached  # type: ignore[no-any-return]
        tables = self._tables.reads(sql, params, rows)
        if tables is None:
            return await super().one(sql, params)
        stamp = self._cache.stamp(tables)
        row = await super().one(sql, params)
        self._cache.put(key, tables, stamp, row, answer_size((row,), params))
        return row

    async def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self._catch_up()
        key = ("all", sql, tuple(params))
        cached = self._cache.get(key)
        if cached is not _MISS:
            return list(cached)
        tables = self._tables.reads(sql, params)
        if tables is None:
            return await super().all(sql, params)
        stamp = self._cache.stamp(tables)
        rows = await super().all(sql, params)
        if len(rows) <= MAX_ROWS:
            self._cache.put(key, tables, stamp, tuple(rows), answer_size(rows, params))
        return rows
