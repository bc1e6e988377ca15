"""Which tables a statement reads and which it writes, as SQLite itself reports them.

The read cache keeps an answer until a commit writes one of the tables it was read from; for that it
must know both sides exactly, triggers and foreign-key actions included (a new catalog item also
writes its full-text index through a trigger; deleting a property deletes its history through
`ON DELETE CASCADE`). Parsing SQL would miss those. SQLite's authorizer does not: while a statement
is compiled it is called once per table read, inserted into, updated or deleted from, for the
statement itself and for every trigger and foreign-key action it sets off
(https://www.sqlite.org/c3ref/set_authorizer.html). Compiling `EXPLAIN <statement>` runs the
authorizer without running the statement; this module does that once per distinct statement, on a
read-only connection of its own, and remembers the answer.

A statement whose effects it cannot name (DDL, a PRAGMA, an ATTACH, one that fails to compile here)
is *unknown*: a commit that ran one drops the whole cache, as every commit did before.

Finer than tables: a statement may say it reads or writes only the rows of one table with given
names (`sql.db.Rows`; the property statements do). The answer is then a set of *tokens*: `T` for
"every row of table T", `T:=name` for the rows named `name`, `T:*` for "rows of T, names not said".
A write names `T` and either its `T:=name` tokens or `T:*`; a read of whole tables depends on `T`,
a read of named rows on `T:*` and its `T:=name` tokens. So writing property `a` drops what was read
about `a` and every whole-table read of properties, but keeps what was read about `b`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from restkeep.server.store.sql.db import Rows
from restkeep.server.store.sqlite.connection import connect

# at most this many statements are remembered; catalog searches make a new statement per shape of query
MAX_STATEMENTS = 4096

_WRITES = {sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE}
# actions that change nothing a cached answer depends on
_HARMLESS = {
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_TRANSACTION,
    sqlite3.SQLITE_SAVEPOINT,
    sqlite3.SQLITE_RECURSIVE,
}

Tokens = tuple[str, ...]
Statement = tuple[str, Any, Rows | None]  # as the writer recorded it: SQL, parameters, rows it said
NO_PARAMETERS: Any = object()  # recorded for a statement whose parameters were not kept


class Analysis:
    """One statement's tables, with the tokens worked out once (both sides are on every request's path)."""

    __slots__ = ("_narrowed", "read", "write_tokens", "written")

    def __init__(self, read: frozenset[str] | None, written: frozenset[str] | None) -> None:
        self.read: Tokens | None = None if read is None else tuple(sorted(read))
        self.written = written
        self.write_tokens = frozenset() if written is None else frozenset(_whole(written))
        self._narrowed: dict[str, Tokens] = {}

    def read_tokens(self, rows: Rows) -> Tokens | None:
        table, names = rows
        if self.read is None or table not in self.read:
            return self.read
        others = self._narrowed.get(table)
        if others is None:
            others = (*(t for t in self.read if t != table), f"{table}:*")
            self._narrowed[table] = others
        return (*others, *(f"{table}:={name}" for name in names))


_UNKNOWN = Analysis(None, None)


def _whole(tables: Iterable[str]) -> Iterator[str]:
    for table in tables:
        yield table
        yield f"{table}:*"


class StatementTables:
    def __init__(self, database: Path) -> None:
        self._conn = connect(database, readonly=True)
        self._lock = threading.Lock()  # the writer thread and the event loop both learn statements
        self._known: dict[str, Analysis] = {}

    def reads(self, sql: str, params: Any, rows: Rows | None = None) -> Tokens | None:
        """The tokens a query's answer depends on, or None when they cannot be told (then it is not
        cached)."""
        found = self._known.get(sql) or self._learn(sql, params)
        return found.read if rows is None else found.read_tokens(rows)

    def writes(self, statements: Iterable[Statement]) -> frozenset[str] | None:
        """Every token the statements may have changed, or None if any of them is unknown (then what
        was learnt is forgotten too: an unknown statement may have changed the schema, a trigger, say)."""
        written: set[str] = set()
        for sql, params, rows in statements:
            found = self._known.get(sql) or self._learn(sql, params)
            if found.written is None:
                self._forget()
                return None
            if rows is None or rows[0] not in found.written:
                written |= found.write_tokens
                continue
            table, names = rows
            written.update(_whole(t for t in found.written if t != table))
            written.add(table)
            written.update(f"{table}:={name}" for name in names)
        return frozenset(written)

    def close(self) -> None:
        self._conn.close()

    def _learn(self, sql: str, params: Any) -> Analysis:
        with self._lock:
            found = self._known.get(sql)
            if found is None:
                if len(self._known) >= MAX_STATEMENTS:
                    self._forget()  # rare: only catalog searches come in many shapes
                found = self._known[sql] = self._analyse(sql, params)
            return found

    def _forget(self) -> None:
        self._known = {}  # a new dict: a reader in another thread keeps the one it holds

    def _analyse(self, sql: str, params: Any) -> Analysis:
        if params is NO_PARAMETERS:
            return _UNKNOWN
        read: set[str] = set()
        written: set[str] = set()
        unknown = False

        def authorize(
            action: int, first: str | None, _second: str | None, _db: str | None, _trigger: str | None
        ) -> int:
            nonlocal unknown
            if action == sqlite3.SQLITE_READ and first:
                read.add(first)
            elif action in _WRITES and first:
                written.add(first)
            elif action not in _HARMLESS:
                unknown = True
            return sqlite3.SQLITE_OK

        self._conn.set_authorizer(authorize)
        try:
            self._conn.execute(f"EXPLAIN {sql}", _parameters(params)).fetchall()
        except sqlite3.Error:
            return _UNKNOWN
        finally:
            self._conn.set_authorizer(None)
        if unknown:
            return _UNKNOWN
        return Analysis(frozenset(read), frozenset(written))


def _parameters(params: Any) -> Sequence[Any] | dict[str, Any]:
    return params if isinstance(params, dict) else tuple(params)
