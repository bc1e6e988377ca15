"""The one interface the shared SQL needs from a connection."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, Protocol

Row = tuple[Any, ...]


class Db(Protocol):
    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...
    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...
    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Execute a statement; return how many rows it changed. AlreadyExists on a unique violation."""
        ...


def new_id() -> str:
    return str(uuid.uuid4())


def next_revision(db: Db) -> int:
    """The next value of the server-wide revision counter (monotonic across every property)."""
    row = db.one("UPDATE counters SET value = value + 1 WHERE name = 'revision' RETURNING value")
    assert row is not None, "the revision counter is created by the first migration"
    return int(row[0])
