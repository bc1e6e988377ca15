"""What one PostgreSQL statement costs restkeep's process (psycopg 3, async, binary), the unit every
PostgreSQL request is made of. CPU per statement in this process, 16 concurrent callers on 8
connections, against the server on this machine:

    .venv/bin/python benchmarks/pg_statements.py [postgresql://postgres@127.0.0.1/postgres]

Scenarios: one indexed SELECT through the pool (as `_read` does) and on a held connection, with
and without server-side prepare; a write transaction of six statements plain and in pipeline mode.
asyncpg is measured too when it is installed (it is not a dependency)."""

from __future__ import annotations

import asyncio
import random
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool

CALLS = 4000
CALLERS = 16


async def measure(name: str, call: Callable[[], Awaitable[Any]]) -> None:
    cpu, wall = time.process_time(), time.perf_counter()

    async def caller() -> None:
        for _ in range(CALLS // CALLERS):
            await call()

    await asyncio.gather(*(caller() for _ in range(CALLERS)))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{name:55s} {CALLS / wall:8,.0f}/s  {cpu / CALLS * 1e6:5.0f} µs CPU each")


async def main(url: str) -> None:
    setup = await psycopg.AsyncConnection.connect(url, autocommit=True)
    await setup.execute("DROP TABLE IF EXISTS bench_statements, bench_history")
    await setup.execute("DROP SEQUENCE IF EXISTS bench_revision")
    await setup.execute("CREATE TABLE bench_history (id int, v text)")
    await setup.execute("CREATE SEQUENCE bench_revision")
    await setup.execute("CREATE TABLE bench_statements (id int PRIMARY KEY, v text)")
    await setup.execute("INSERT INTO bench_statements SELECT g, 'x' FROM generate_series(1, 1000) g")
    pool = AsyncConnectionPool(url, min_size=8, max_size=8, kwargs={"autocommit": True}, open=False)
    await pool.open(wait=True)
    held: asyncio.Queue[psycopg.AsyncConnection[Any]] = asyncio.Queue()
    for _ in range(8):
        held.put_nowait(await psycopg.AsyncConnection.connect(url, autocommit=True))
    select = "SELECT id, v FROM bench_statements WHERE id = %s"

    async def pooled(prepare: bool | None = None) -> None:
        async with pool.connection() as conn:
            await (await conn.execute(select, (random.randint(1, 1000),), prepare=prepare)).fetchone()

    async def on_held(body: Callable[[psycopg.AsyncConnection[Any]], Awaitable[None]]) -> None:
        conn = await held.get()
        try:
            await body(conn)
        finally:
            held.put_nowait(conn)

    async def one(conn: psycopg.AsyncConnection[Any]) -> None:
        await (await conn.execute(select, (random.randint(1, 1000),), prepare=True)).fetchone()

    async def six(conn: psycopg.AsyncConnection[Any]) -> None:
        key = random.randint(1, 1000)
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (key,))
            await (await conn.execute(select, (key,))).fetchone()
            await (await conn.execute("SELECT nextval('bench_revision')")).fetchone()
            await conn.execute("UPDATE bench_statements SET v = %s WHERE id = %s", ("y", key))
            await conn.execute("INSERT INTO bench_history VALUES (%s, 'h')", (key,))

    async def six_pipelined(conn: psycopg.AsyncConnection[Any]) -> None:
        async with conn.pipeline():
            await six(conn)

    for _ in range(2):
        await measure("SELECT by key, through the pool", pooled)
        await measure("SELECT by key, through the pool, prepared", lambda: pooled(True))
        await measure("SELECT by key, held connection, prepared", lambda: on_held(one))
        await measure("write transaction, 6 statements (per transaction)", lambda: on_held(six))
        await measure("the same in pipeline mode (per transaction)", lambda: on_held(six_pipelined))
    try:
        import asyncpg  # type: ignore[import-not-found]
    except ImportError:
        print("(asyncpg is not installed: not compared)")
    else:
        apool = await asyncpg.create_pool(url, min_size=8, max_size=8)
        for _ in range(2):
            await measure(
                "asyncpg: SELECT by key, through its pool",
                lambda: apool.fetchrow(select.replace("%s", "$1"), random.randint(1, 1000)),
            )
        await apool.close()
    await setup.execute("DROP TABLE bench_statements, bench_history")
    await setup.execute("DROP SEQUENCE bench_revision")
    await pool.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1/postgres"))
