"""The one interface the shared SQL needs from a connection inside a transaction (or autocommit read)."""

from __future__ import annotations

import uuid
from collections.abc import Coroutine, Sequence
from typing import Any, Protocol, TypeVar

Row = tuple[Any, ...]
# `(table, keys)`: a statement that reads or writes only the rows of `table` with these keys, in the one
# column each table's statements pick single rows by (a property's `name`, a session's `token_hash`).
# A hint for the SQLite read cache, which then keeps what it read about other keys across such a
# write; a statement without it counts as touching every row of the tables it touches.
Rows = tuple[str, frozenset[str]]
T = TypeVar("T")


class Db(Protocol):
    dialect: str  # "sqlite" or "postgresql": only DDL and full-text search differ

    async def one(self, sql: str, params: Sequence[Any] = (), *, rows: Rows | None = None) -> Row | None: ...
    async def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...
    async def run(self, sql: str, params: Sequence[Any] = (), *, rows: Rows | None = None) -> int:
        """Execute a statement; return how many rows it changed. AlreadyExists on a unique violation."""
        ...

    async def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Execute a statement once per row (bulk inserts). AlreadyExists on a unique violation."""
        ...

    async def lock(self, key: str, *, shared: Sequence[str] = ()) -> None:
        """Hold a lock on `key` until the transaction ends, so writers of the same object take turns.

        `shared` are keys of what encloses the object (in order, outermost first): they are held shared,
        so writers of different objects inside go side by side and one holding such a key alone waits
        for all of them."""
        ...

    async def next_revision(self) -> int:
        """The next value of the server-wide revision counter (monotonic across every property)."""
        ...

    async def revision(self) -> tuple[str, list[Any]]:
        """The next revision as an SQL expression and its parameters, for the statement that stores it
        (PostgreSQL reads its sequence right there, which saves a round trip)."""
        ...


def new_id() -> str:
    return str(uuid.uuid4())


def run_to_completion(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never suspends (every `SqliteDb` call is synchronous) without an event loop.

    This lets the SQLite writer thread execute the same async SQL functions the PostgreSQL store awaits.
    """
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    coroutine.close()
    raise RuntimeError("a store function suspended inside the SQLite writer")
