"""What development mode's snapshots cost with the demo data (12,000 items): save, restore, export and
import over REST against `serve --dev --demo`, each timed `--rounds` times, medians and spreads. With
`--database`, on PostgreSQL as well as SQLite (one server each, one after the other).

    python benchmarks/dev_snapshots.py [--rounds 7] [--database postgresql://...]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from restkeep.testing import LiveServer

ADMIN = ("admin", "changeme")


def timed(step: Callable[[], httpx.Response], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        answer = step()
        times.append((time.perf_counter() - started) * 1000)
        answer.raise_for_status()
    return times


def measure(server: LiveServer, rounds: int) -> dict[str, list[float]]:
    with httpx.Client(base_url=server.url + "/_restkeep", auth=ADMIN, timeout=120) as dev:
        results = {"save": timed(lambda: dev.post("/snapshots", json={"name": "bench"}), rounds)}
        results["restore"] = timed(lambda: dev.post("/snapshots/bench/restore"), rounds)
        results["reset data"] = timed(lambda: dev.post("/reset", json={"scope": "data"}), rounds)
        exported: list[bytes] = []

        def export() -> httpx.Response:
            answer = dev.get("/snapshots/bench/export")
            exported[:] = [answer.content]
            return answer

        results["export"] = timed(export, rounds)
        results["import"] = timed(
            lambda: dev.post("/snapshots/import", params={"name": "copy"}, content=exported[0]), rounds
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--database", default="", help="a PostgreSQL URL to measure too")
    options = parser.parse_args()
    backends = [("SQLite", [])] + (
        [("PostgreSQL", ["--database", options.database])] if options.database else []
    )
    print(f"| backend | step | median ms (of {options.rounds}) | min | max |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for name, args in backends:
            with LiveServer(Path(scratch) / name, "--demo", "--dev", *args, tls=False) as server:
                for step, times in measure(server, options.rounds).items():
                    median, low, high = statistics.median(times), min(times), max(times)
                    print(f"| {name} | {step} | {median:.0f} | {low:.0f} | {high:.0f} |")


if __name__ == "__main__":
    main()
