"""What development mode costs a property GET: the same request against `serve` and `serve --dev`
(one worker each, both running at once), rounds interleaved, medians and their ratio. With `--dev`,
each request first reads the shared dev state (the virtual clock, lifetimes) and its answer carries
`X-Restkeep-Time`; without it, nothing of dev mode runs.

    python benchmarks/dev_overhead.py [--rounds 5] [--seconds 4] [--database postgresql://...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from flow import PROPERTY, interleaved, session  # noqa: E402
from loadgen import available, wrk  # noqa: E402

from restkeep.testing import LiveServer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--database", default="", help="a PostgreSQL URL per server, comma-separated")
    options = parser.parse_args()
    if not available():
        sys.exit("wrk is not installed (apt-get install wrk)")
    databases = options.database.split(",") if options.database else ["", ""]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        plain_args = ["--demo", *(["--database", databases[0]] if databases[0] else [])]
        dev_args = ["--demo", "--dev", *(["--database", databases[1]] if databases[1] else [])]
        with LiveServer(root / "plain", *plain_args, tls=False) as plain, LiveServer(
            root / "dev", *dev_args, tls=False
        ) as dev:
            heads = {name: {"sessionId": session(server.url)} for name, server in (("off", plain), ("on", dev))}
            measured = interleaved(
                [
                    ("--dev off", lambda: wrk(plain.url + PROPERTY, "get.lua", headers=heads["off"],
                                              seconds=options.seconds)),
                    ("--dev on", lambda: wrk(dev.url + PROPERTY, "get.lua", headers=heads["on"],
                                             seconds=options.seconds)),
                ],
                options.rounds,
            )  # fmt: skip
    off, on = measured["--dev off"], measured["--dev on"]
    print(f"| property GET, session | req/s (median of {options.rounds}) | p50 ms | p99 ms |")
    print("|---|---|---|---|")
    for row in (off, on):
        print(f"| {row.name} | {row.rate:,.0f} | {row.p50_ms:.2f} | {row.p99_ms:.2f} |")
    print(f"\n--dev on / off: {on.rate / off.rate:.2f}x")


if __name__ == "__main__":
    main()
