"""Normal requests while 2,000 clients trickle their headers a byte a second (slowloris).

Starts `restkeep serve --no-tls --demo` (one worker), measures a property GET on a new connection
each time (as a script calling `requests.get` does) with no slow clients, then again while
2,000 slow connections are held, and prints p50, p99, the worst and the failures of each.
Run: `.venv/bin/python benchmarks/slow_clients.py` (about 40 s).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from restkeep.testing import LiveServer

SLOW = 2000
SAMPLES = 200
TIMEOUT = 10.0


async def trickle(port: int, seconds: float) -> None:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return
    try:
        writer.write(b"GET /rest/v1.0/server/status HTTP/1.1\r\nHost: slow\r\nX-Slow: ")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            await asyncio.sleep(1)
            writer.write(b"x")
            await writer.drain()
    except OSError:
        pass
    finally:
        writer.close()


async def normal_requests(url: str) -> tuple[list[float], int]:
    latencies, failures = [], 0
    for _ in range(SAMPLES):
        started = time.monotonic()
        try:
            async with httpx.AsyncClient(auth=("admin", "changeme"), timeout=TIMEOUT) as client:
                response = await client.get(url + "/rest/v1.0/properties/PythonProperty?projectName=Default")
            if response.status_code != 200:
                failures += 1
            else:
                latencies.append(time.monotonic() - started)
        except httpx.HTTPError:
            failures += 1
    return latencies, failures


def describe(label: str, latencies: list[float], failures: int) -> str:
    if len(latencies) < 2:
        return f"| {label} | - | - | - | {failures} of {SAMPLES} |"
    cuts = statistics.quantiles(latencies, n=100)
    return (
        f"| {label} | {statistics.median(latencies) * 1000:.1f} ms | {cuts[98] * 1000:.1f} ms"
        f" | {max(latencies) * 1000:.0f} ms | {failures} of {SAMPLES} |"
    )


async def measure(server: LiveServer) -> list[str]:
    rows = [describe("no slow clients", *await normal_requests(server.url))]
    holders = [asyncio.create_task(trickle(server.port, 60)) for _ in range(SLOW)]
    await asyncio.sleep(3)
    rows.append(describe(f"{SLOW} slow clients", *await normal_requests(server.url)))
    for task in holders:
        task.cancel()
    await asyncio.gather(*holders, return_exceptions=True)
    return rows


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        LiveServer(Path(folder) / "data", "--demo", tls=False) as server,
    ):
        rows = asyncio.run(measure(server))
    print("| normal GETs (new connection each) | p50 | p99 | worst | failed (no answer in 10 s) |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
