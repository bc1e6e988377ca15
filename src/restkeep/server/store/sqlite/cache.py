"""A per-process cache of read results, exact as of the start of each request.

Under load, each SQLite call costs far more than its few microseconds of work: the `sqlite3` module
releases the GIL around every statement and must win it back from the server's I/O threads. A
property GET made three reads; with this cache a repeated GET makes one cheap check instead.

Correctness rests on two signals, both of which only ever move the cache's generation forward:
- this process's writer bumps the generation after every commit, before any caller hears of it,
  so a request always reads its own writes;
- `PRAGMA data_version` on the reading connection changes whenever any other connection (another
  worker, another process on the same file) has committed; `SqliteStore.refresh` checks it once at
  the start of each request, so a request never reads data older than its own start.

An entry remembers the generation current *before* its query ran; it is served only while that is
still the generation, so a commit racing with the query invalidates the result it might have missed.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Hashable, Sequence
from typing import Any

from restkeep.server.store.sql.db import Row
from restkeep.server.store.sqlite.db import SqliteDb

# bounds on memory: the number of entries, and the rows of a multi-row result worth keeping
MAX_ENTRIES = 4096
MAX_ROWS = 64
_MISS: Any = object()


class ReadCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._max_entries = max_entries
        self._entries: dict[Hashable, tuple[int, Any]] = {}
        # next() on a count is atomic, so the writer thread and the event loop never reuse a value
        self._counter = itertools.count(1)
        self.generation = 0
        self.hits = 0
        self.misses = 0

    def invalidate(self) -> None:
        """Everything cached so far is stale. Safe to call from any thread."""
        self.generation = next(self._counter)

    def get(self, key: Hashable) -> Any:
        entry = self._entries.get(key)
        if entry is not None and entry[0] == self.generation:
            self.hits += 1
            return entry[1]
        self.misses += 1
        return _MISS

    def put(self, key: Hashable, generation: int, value: Any) -> None:
        if generation != self.generation:
            return  # a commit landed while the query ran: the value may already be stale
        if len(self._entries) >= self._max_entries:
            self._entries = {k: e for k, e in self._entries.items() if e[0] == generation}
            if len(self._entries) >= self._max_entries:
                self._entries.clear()
        self._entries[key] = (generation, value)


class CachedReads(SqliteDb):
    """The reading connection with `one` and `all` answered from the cache when they can be."""

    __slots__ = ("_cache",)

    def __init__(self, conn: sqlite3.Connection, cache: ReadCache) -> None:
        super().__init__(conn)
        self._cache = cache

    async def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        key = _key("one", sql, params)
        cached = self._cache.get(key) if key is not None else _MISS
        if cached is not _MISS:
            return cached  # type: ignore[no-any-return]
        generation = self._cache.generation
        row = await super().one(sql, params)
        if key is not None:
            self._cache.put(key, generation, row)
        return row

    async def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        key = _key("all", sql, params)
        cached = self._cache.get(key) if key is not None else _MISS
        if cached is not _MISS:
            return list(cached)
        generation = self._cache.generation
        rows = await super().all(sql, params)
        if key is not None and len(rows) <= MAX_ROWS:
            self._cache.put(key, generation, tuple(rows))
        return rows


def _key(kind: str, sql: str, params: Sequence[Any]) -> Hashable | None:
    key = (kind, sql, tuple(params))
    try:
        hash(key)
    except TypeError:  # a parameter that is a list or a dict: not worth caching
        return None
    return key
