"""The only source of "now" in the server.

Everything that reads the time asks this module, so tests and development mode (`server/dev/clock.py`,
which applies the server-wide virtual clock here before each request) can move time forward without
sleeping. Times are integer milliseconds since the Unix epoch in storage and
ISO 8601 UTC with milliseconds (`2017-11-27T16:34:26.271Z`) on the wire.
"""

from __future__ import annotations

import functools
import time
from datetime import UTC, datetime

_offset_ms = 0
# a fixed instant while development mode's clock is frozen
_frozen_ms: int | None = None


def now_ms() -> int:
    """The current time in milliseconds since the epoch, including any offset set by `advance`."""
    if _frozen_ms is not None:
        return _frozen_ms
    return time.time_ns() // 1_000_000 + _offset_ms


def wall_ms() -> int:
    """The real time, whatever the virtual clock says."""
    return time.time_ns() // 1_000_000


def set_state(offset_ms: int, frozen_ms: int | None) -> None:
    """Put this process's clock where development mode's shared clock stands."""
    global _offset_ms, _frozen_ms
    _offset_ms, _frozen_ms = offset_ms, frozen_ms


def advance(seconds: float) -> None:
    """Move this process's clock forward (tests and development mode only)."""
    global _offset_ms
    _offset_ms += int(seconds * 1000)


def reset() -> None:
    """Undo every `advance` (and any frozen instant)."""
    global _offset_ms, _frozen_ms
    _offset_ms, _frozen_ms = 0, None


@functools.lru_cache(maxsize=4096)
def format_ms(ms: int) -> str:
    """Render epoch milliseconds as `2017-11-27T16:34:26.271Z`. Cached: the same stored times are
    rendered again and again (a property read twice shows the same two). Whole seconds through
    `isoformat` and the milliseconds by hand: half the cost of `strftime`, which a page of 1,000
    catalog items pays 2,000 times."""
    seconds = datetime.fromtimestamp(ms // 1000, UTC).replace(tzinfo=None)
    return f"{seconds.isoformat()}.{ms % 1000:03d}Z"
