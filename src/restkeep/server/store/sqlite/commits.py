"""What this process's own commits wrote, so the read cache drops only that.

SQLite's WAL-index header counts commits: every commit of any connection adds one to its change
counter (`iChange`, https://www.sqlite.org/walformat.html) while holding the database's write lock.
The writer thread reads the counter right after `BEGIN IMMEDIATE`, when no other connection can
commit until it does, so its own commit is that value plus one; a forced change to the `commits`
counter row makes sure the commit writes at all (a transaction that changed nothing commits without
touching the header). Before `COMMIT`, it notes which tables the batch wrote.

The read cache, on seeing the counter move from `seen` to `now`, asks `explain(seen, now)`: if every
commit in between is one of ours, the answer is the tables they wrote, and only answers read from
those are dropped; if any is not (another worker, another process, the CLI, a restore), the answer is
None and everything goes, as before. A failed commit withdraws its note and marks the log doubtful,
so the next look drops everything.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from restkeep.server.store.sql.db import Rows
from restkeep.server.store.sqlite.tables import NO_PARAMETERS, Statement, StatementTables

Written = frozenset[str]  # the tokens a commit changed (see `tables`)

# the change counter is a 32-bit unsigned integer that wraps
_WRAP = 1 << 32
# how many of its own commits the log remembers (a reader that fell further behind drops everything)
MAX_COMMITS = 4096
# the statement that makes every batch's commit write (and so move the header's counter)
MARK_COMMIT = (
    "INSERT INTO counters (name, value) VALUES ('commits', 1)"
    " ON CONFLICT (name) DO UPDATE SET value = value + 1"
)


class OwnCommits:
    def __init__(self) -> None:
        self._log: OrderedDict[int, Written | None] = OrderedDict()
        self._doubtful = False
        self._lock = threading.Lock()

    def expect(self, counter: int, tables: Written | None) -> None:
        """The writer's next commit will be number `counter` and may write `tables` (None: unknown)."""
        with self._lock:
            self._log[counter % _WRAP] = tables
            if len(self._log) > MAX_COMMITS:
                self._log.popitem(last=False)

    def withdraw(self, counter: int) -> None:
        """The commit expected as `counter` failed: whoever commits next may take its number."""
        with self._lock:
            self._log.pop(counter % _WRAP, None)
            self._doubtful = True

    def explain(self, seen: int, now: int) -> Written | None:
        """The tables written by the commits after `seen` up to `now`, if all of them were ours."""
        with self._lock:
            if self._doubtful:
                self._doubtful = False
                return None
            count = (now - seen) % _WRAP
            if count > MAX_COMMITS:
                return None  # far behind, or the counter went back (the WAL index was rebuilt)
            written: set[str] = set()
            for step in range(1, count + 1):
                tables = self._log.get((seen + step) % _WRAP)
                if tables is None:
                    return None
                written |= tables
            return frozenset(written)


class RecordingConnection(sqlite3.Connection):
    """The writer's connection: it keeps every statement run since `statements` was last cleared."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.statements: list[Statement] = []

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        if not sql.startswith("SELECT"):  # a SELECT writes nothing
            self.statements.append((sql, parameters, None))
        return super().execute(sql, parameters)

    def execute_rows(self, sql: str, parameters: Any, rows: Rows) -> sqlite3.Cursor:
        """`execute` of a statement that writes only the rows named in `rows` (see `sql.db.Rows`)."""
        self.statements.append((sql, parameters, rows))
        return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        first = parameters[0] if isinstance(parameters, list | tuple) and parameters else NO_PARAMETERS
        self.statements.append((sql, first, None))
        return super().executemany(sql, parameters)

    def executescript(self, script: str, /) -> sqlite3.Cursor:
        self.statements.append((script, NO_PARAMETERS, None))
        return super().executescript(script)

    def cursor(self, *args: Any, **kwargs: Any) -> Any:
        # statements run through a cursor are not seen: treat the batch as unknown
        self.statements.append(("", NO_PARAMETERS, None))
        return super().cursor(*args, **kwargs)


@dataclass(frozen=True)
class CommitNotes:
    """What the writer needs to note its commits: where to note them, the header's change counter as
    it is now, and what the statements of a batch wrote."""

    own: OwnCommits
    counter: Callable[[], int]
    tables: StatementTables
