"""The SQLite writer: batched commits, a failing write isolated from its batch, results after commit."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

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
