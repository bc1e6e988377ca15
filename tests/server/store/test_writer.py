"""The SQLite writer: batched commits, a failing write isolated from its batch, results after commit."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from restkeep.server.store.errors import StoreUnavailable
from restkeep.server.store.sqlite.writer import Writer


def _table(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)")
    conn.close()


def test_concurrent_writes_are_batched_and_each_failure_stays_its_own(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    _table(path)
    writer = Writer(path)

    def insert(key: str) -> object:
        def run(conn: sqlite3.Connection) -> int:
            if key.startswith("bad"):
                conn.execute("INSERT INTO t VALUES (?, 1)", (key,))
                raise ValueError(key)
            conn.execute("INSERT INTO t VALUES (?, 1)", (key,))
            return conn.execute("SELECT count(*) FROM t").fetchone()[0]  # type: ignore[no-any-return]

        return run

    async def main() -> list[object]:
        keys = [f"bad{i}" if i % 10 == 0 else f"ok{i}" for i in range(300)]
        return await asyncio.gather(*(writer.run(insert(k)) for k in keys), return_exceptions=True)

    try:
        results = asyncio.run(main())
    finally:
        writer.close()
    failures = [r for r in results if isinstance(r, ValueError)]
    assert len(failures) == 30
    rows = sqlite3.connect(path).execute("SELECT k FROM t").fetchall()
    assert len(rows) == 270 and not any(k.startswith("bad") for (k,) in rows)


def test_a_result_arrives_only_after_commit(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    _table(path)
    writer = Writer(path)

    async def main() -> int:
        await writer.run(lambda conn: conn.execute("INSERT INTO t VALUES ('a', 1)"))
        # a separate connection sees the row as soon as the writer said it was written
        return sqlite3.connect(path).execute("SELECT count(*) FROM t").fetchone()[0]  # type: ignore[no-any-return]

    try:
        assert asyncio.run(main()) == 1
    finally:
        writer.close()


def test_a_database_error_reaches_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    _table(path)
    writer = Writer(path)

    async def main() -> None:
        await writer.run(lambda conn: conn.execute("INSERT INTO missing VALUES (1)"))

    try:
        with pytest.raises(sqlite3.OperationalError):
            asyncio.run(main())
    finally:
        writer.close()


def test_a_database_error_inside_a_write_is_store_unavailable_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    _table(path)
    writer = Writer(path)

    def locked(conn: sqlite3.Connection) -> None:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")  # the "disk" is full
        try:
            conn.execute("INSERT INTO t VALUES ('x', ?)", (b"x" * 1_000_000,))
        finally:
            conn.execute("PRAGMA max_page_count=1073741823")

    def fine(conn: sqlite3.Connection) -> int:
        conn.execute("INSERT INTO t VALUES ('y', 1)")
        return 1

    async def main() -> list[object]:
        return await asyncio.gather(writer.run(locked), writer.run(fine), return_exceptions=True)

    try:
        failed, succeeded = asyncio.run(main())
    finally:
        writer.close()
    assert isinstance(failed, StoreUnavailable) and "full" in str(failed)
    # a full disk ends the whole transaction: the other write of the batch is refused too, or it
    # came in a later batch and went through; never half of either
    rows = sqlite3.connect(path).execute("SELECT k FROM t").fetchall()
    assert (succeeded == 1 and rows == [("y",)]) or (isinstance(succeeded, StoreUnavailable) and rows == [])


def test_a_write_the_database_cannot_take_now_is_store_unavailable_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    path = tmp_path / "w.db"
    _table(path)
    writer = Writer(path)

    def refused(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA query_only=1")  # SQLITE_READONLY, as a read-only file would answer
        try:
            conn.execute("INSERT INTO t VALUES ('x', 1)")
        finally:
            conn.execute("PRAGMA query_only=0")

    def fine(conn: sqlite3.Connection) -> int:
        conn.execute("INSERT INTO t VALUES ('y', 1)")
        return 1

    async def main() -> list[object]:
        return await asyncio.gather(writer.run(refused), writer.run(fine), return_exceptions=True)

    try:
        failed, succeeded = asyncio.run(main())
    finally:
        writer.close()
    assert isinstance(failed, StoreUnavailable), failed
    assert succeeded == 1
    assert sqlite3.connect(path).execute("SELECT k FROM t").fetchall() == [("y",)]
