"""What the pytest plugin costs: the session server's start-up (`restkeep serve --dev --demo`, its
baseline snapshot included), the per-test reset (`restkeep` fixture: restore the baseline, empty the
journal), and the wall time of `examples/testing/` under `pytest -p xdist -n 2`. With `--database`,
on PostgreSQL as well as SQLite.

    python benchmarks/plugin_costs.py [--resets 21] [--database postgresql://...]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from restkeep.testing.session import DevServer

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "testing"


def measure(database: str | None, resets: int) -> tuple[float, list[float], float]:
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        server = DevServer.start(Path(scratch), database)
        startup = time.perf_counter() - started
        try:
            times = []
            for _ in range(resets):
                began = time.perf_counter()
                server.restkeep()
                times.append((time.perf_counter() - began) * 1000)
        finally:
            server.stop()
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "xdist", "-n", "2",
             "--basetemp", str(Path(scratch) / "example"), *(["--restkeep-database", database] if database else [])],
            cwd=EXAMPLE, check=True, capture_output=True,
        )  # fmt: skip
        return startup, times, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resets", type=int, default=21)
    parser.add_argument("--database", default="", help="a PostgreSQL server URL to measure too")
    options = parser.parse_args()
    print(
        f"| backend | session start-up | per-test reset, median of {options.resets} (min–max) | examples/testing, -n 2 |"
    )
    print("|---|---|---|---|")
    for name, database in [("SQLite", None)] + (
        [("PostgreSQL", options.database)] if options.database else []
    ):
        startup, resets, suite = measure(database, options.resets)
        print(
            f"| {name} | {startup:.1f} s | {statistics.median(resets):.0f} ms ({min(resets):.0f}–{max(resets):.0f})"
            f" | {suite:.1f} s |"
        )


if __name__ == "__main__":
    main()
