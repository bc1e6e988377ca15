"""What a server flag costs a property GET: the same request against `serve` and `serve FLAGS` (one
worker each, both running at once), rounds interleaved, medians and their ratio.

    python benchmarks/overhead.py --flags="--metrics" [--rounds 5] [--seconds 4] [--database URL,URL]
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from flow import PROPERTY, interleaved, session  # noqa: E402
from loadgen import available, wrk  # noqa: E402

from restkeep.testing import LiveServer  # noqa: E402


def compare(flags: list[str], rounds: int, seconds: float, databases: list[str]) -> None:
    if not available():
        sys.exit("wrk is not installed (apt-get install wrk)")
    label = " ".join(flags)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        plain_args = ["--demo", *(["--database", databases[0]] if databases[0] else [])]
        flag_args = ["--demo", *flags, *(["--database", databases[1]] if databases[1] else [])]
        with LiveServer(root / "plain", *plain_args, tls=False) as plain, LiveServer(
            root / "flagged", *flag_args, tls=False
        ) as flagged:
            heads = {name: {"sessionId": session(server.url)} for name, server in (("off", plain), ("on", flagged))}
            measured = interleaved(
                [
                    (f"without {label}", lambda: wrk(plain.url + PROPERTY, "get.lua", headers=heads["off"],
                                                     seconds=seconds)),
                    (f"with {label}", lambda: wrk(flagged.url + PROPERTY, "get.lua", headers=heads["on"],
                                                  seconds=seconds)),
                ],
                rounds,
            )  # fmt: skip
    off, on = measured[f"without {label}"], measured[f"with {label}"]
    print(f"| property GET, session | req/s (median of {rounds}) | p50 ms | p99 ms |")
    print("|---|---|---|---|")
    for row in (off, on):
        print(f"| {row.name} | {row.rate:,.0f} | {row.p50_ms:.2f} | {row.p99_ms:.2f} |")
    print(f"\nwith / without: {on.rate / off.rate:.2f}x")


def options(description: str, flags: str | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    if flags is None:
        parser.add_argument("--flags", required=True, help='the flags to measure, e.g. --flags="--metrics"')
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--database", default="", help="a PostgreSQL URL per server, comma-separated")
    parsed = parser.parse_args()
    parsed.flags = shlex.split(flags if flags is not None else parsed.flags)
    parsed.databases = parsed.database.split(",") if parsed.database else ["", ""]
    return parsed


if __name__ == "__main__":
    given = options(__doc__.splitlines()[0])
    compare(given.flags, given.rounds, given.seconds, given.databases)
