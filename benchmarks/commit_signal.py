"""What it costs the read cache to ask "has anyone committed since I last looked?", two ways.

- the WAL-index header in the mapped `-shm` file (what `store/sqlite/cache.py` does): a 96-byte compare;
- `PRAGMA data_version` on the reading connection, the documented signal: a statement per check.

Both are exact. Each is timed over many checks, alone and with a second thread busy in Python (the
server's I/O threads are, under load, and a statement must win the GIL back from them), as medians
of 5 rounds. Run: `.venv/bin/python benchmarks/commit_signal.py`.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from restkeep.server.store.sqlite.cache import watch

CHECKS = 100_000
ROUNDS = 5


def per_check(check: Callable[[], object], checks: int = CHECKS) -> float:
    """Microseconds per check, median of the rounds."""
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(checks):
            check()
        times.append((time.perf_counter() - start) / checks * 1e6)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "signal.db"
        writer = sqlite3.connect(path, isolation_level=None)
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("CREATE TABLE t (v INTEGER)")
        reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        commits = watch(path, reader)
        assert commits is not None
        pragma = reader.cursor()

        def by_pragma() -> object:
            return pragma.execute("PRAGMA data_version").fetchone()

        results = {"alone": (per_check(commits.changed), per_check(by_pragma))}
        stop = threading.Event()

        def busy() -> None:
            n = 0
            while not stop.is_set():
                n += 1

        spinner = threading.Thread(target=busy)
        spinner.start()
        try:
            # fewer checks: a statement that gives the GIL away may wait a whole switch interval for it
            results["beside a busy thread"] = (per_check(commits.changed, 2_000), per_check(by_pragma, 2_000))
        finally:
            stop.set()
            spinner.join()
        reader.close()
        writer.close()
        commits.close()
    print("| when | WAL-index header | PRAGMA data_version | ratio |")
    print("|---|---|---|---|")
    for when, (header, data_version) in results.items():
        print(f"| {when} | {header:.2f} µs | {data_version:.2f} µs | {data_version / header:.0f}x |")


if __name__ == "__main__":
    main()
