"""Clients that hold connections open by sending their headers a byte at a time (slowloris) do not
stop a worker from answering everyone else."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest

from restkeep.testing import LiveServer

pytestmark = pytest.mark.live
SLOW_CONNECTIONS = 2000


async def trickle(port: int, seconds: float) -> bool:
    """One connection that sends a request's headers a byte a second for `seconds`; whether it opened."""
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return False
    try:
        writer.write(b"GET /rest/v1.0/server/status HTTP/1.1\r\nHost: slow\r\nX-Slow: ")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            await asyncio.sleep(1)
            writer.write(b"x")
            await writer.drain()
    except OSError:
        pass  # the server dropped it (its header timeout): that is its right
    finally:
        writer.close()
    return True


async def hold_slow_connections(port: int, count: int, seconds: float, opened: asyncio.Event) -> int:
    """Open `count` trickling connections for `seconds`; return how many opened."""
    tasks = [asyncio.create_task(trickle(port, seconds)) for _ in range(count)]
    await asyncio.sleep(2)  # every connection is open and trickling by now
    opened.set()
    return sum(await asyncio.gather(*tasks))


def test_two_thousand_slow_connections_do_not_stop_normal_clients(tmp_path: Path) -> None:
    with LiveServer(tmp_path / "data", "--demo", tls=False) as server:

        async def main() -> tuple[int, list[float], int]:
            opened = asyncio.Event()
            holding = asyncio.create_task(hold_slow_connections(server.port, SLOW_CONNECTIONS, 8, opened))
            await opened.wait()
            latencies, failures = [], 0
            for _ in range(40):  # each on a new connection, as a script calling requests.get() does
                started = time.monotonic()
                try:
                    async with httpx.AsyncClient(auth=("admin", "changeme"), timeout=5) as client:
                        response = await client.get(
                            server.url + "/rest/v1.0/properties/PythonProperty?projectName=Default"
                        )
                    assert response.status_code == 200
                    latencies.append(time.monotonic() - started)
                except httpx.HTTPError:
                    failures += 1
                await asyncio.sleep(0.05)
            return await holding, latencies, failures

        held, _, failures = asyncio.run(main())
    assert held == SLOW_CONNECTIONS, f"only {held} slow connections could be opened"
    assert failures == 0, f"{failures} of 40 normal requests got no answer within 5 s"
