"""What development mode costs a property GET: the same request against `serve` and `serve --dev`
(one worker each, both running at once), rounds interleaved, medians and their ratio. With `--dev`,
each request first reads the shared dev state (the virtual clock, lifetimes) and its answer carries
`X-Restkeep-Time`; without it, nothing of dev mode runs.

    python benchmarks/dev_overhead.py [--rounds 5] [--seconds 4] [--database postgresql://...]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from overhead import compare, options  # noqa: E402

if __name__ == "__main__":
    given = options(__doc__.splitlines()[0], flags="--dev")
    compare(given.flags, given.rounds, given.seconds, given.databases)
