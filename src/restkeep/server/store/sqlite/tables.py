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
from collections import OrderedDict
from collections.abc import Iterable, Sequence
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

Tables = frozenset[str]
Statement = tuple[str, Any, Rows | None]  # as the writer recorded it: SQL, parameters, rows it said
# (tables read, tables written); written is None when the statement's effects cannot be named
Analysis = tuple[Tables | None, Tables | None]
_UNKNOWN: Analysis = (None, None)
NO_PARAMETERS: Any = object()  # recorded for a statement whose parameters were not kept


class StatementTables:
    def __init__(self, database: Path) -> None:
        self._conn = connect(database, readonly=True)
        self._lock = threading.Lock()  # the writer thread and the event loop both ask
        self._known: OrderedDict[str, Analysis] = OrderedDict()

    def reads(self, sql: str, params: Any, rows: Rows | None = None) -> Tables | None:
        """The tokens a query's answer depends on, or None when they cannot be told (then it is not
        cached)."""
        tables = self._analysis(sql, params)[0]
        if tables is None or rows is None or rows[0] not in tables:
            return tables
        table, names = rows
        return (tables - {table}) | {f"{table}:*"} | {f"{table}:={name}" for name in names}

    def writes(self, statements: Iterable[Statement]) -> Tables | None:
        """Every token the statements may have changed, or None if any of them is unknown."""
        written: set[str] = set()
        for sql, params, rows in statements:
            tables = self._analysis(sql, params)[1]
            if tables is None:
                return None
            for table in tables:
                written.add(table)
                if rows is not None and rows[0] == table:
                    written.update(f"{table}:={name}" for name in rows[1])
                else:
                    written.add(f"{table}:*")
        return frozenset(written)

    def close(self) -> None:
        self._conn.close()

    def _analysis(self, sql: str, params: Any) -> Analysis:
        with self._lock:
            found = self._known.get(sql)
            if found is None:
                found = self._analyse(sql, params)
                self._known[sql] = found
                if len(self._known) > MAX_STATEMENTS:
                    self._known.popitem(last=False)
            return found

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
        return frozenset(read), frozenset(written)


def _parameters(params: Any) -> Sequence[Any] | dict[str, Any]:
    return params if isinstance(params, dict) else tuple(params)
