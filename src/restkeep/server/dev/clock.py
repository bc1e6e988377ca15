"""The virtual clock of development mode, one for the whole server.

Its state — an offset from the wall clock, or a frozen instant — lives in the database, so every
worker and host shares it. Each worker applies it to the `clock` module before it handles a request
(`DevMode.sync`: a read the SQLite read cache answers without a query until something is written), so
everything that expires or stamps a time follows it. The clock only goes forward: `set` to an earlier time is
refused, and `resume` continues from the frozen instant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import msgspec

from restkeep.server import clock
from restkeep.server.errors import InvalidArgument
from restkeep.server.store import Store


class ClockState(msgspec.Struct, frozen=True):
    offsetMs: int = 0
    frozenAt: int | None = None

    def now(self, wall_ms: int) -> int:
        return self.frozenAt if self.frozenAt is not None else wall_ms + self.offsetMs


# a move of the clock: the new state, from the old one and the wall clock's now
Move = Callable[[ClockState, int], ClockState]


@dataclass(frozen=True)
class Step:
    """What one move of the clock did."""

    before: int
    after: int
    state: ClockState


def _decode(raw: str | None) -> ClockState:
    return ClockState() if raw is None else msgspec.json.decode(raw, type=ClockState)


KEY = "dev.clock"


class DevClock:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._seen: str | None = None
        self.state = ClockState()

    def apply(self, raw: str | None) -> None:
        """Put this process's clock where the shared one stands (`raw`: its state as stored)."""
        if raw != self._seen:
            self.state = _decode(raw)
            clock.set_state(self.state.offsetMs, self.state.frozenAt)
            self._seen = raw

    async def _change(self, move: Move) -> Step:
        steps: list[Step] = []

        def update(raw: str | None) -> str:
            old = _decode(raw)
            wall = clock.wall_ms()
            new = move(old, wall)
            steps.append(Step(old.now(wall), new.now(wall), new))
            return msgspec.json.encode(new).decode()

        self.apply(await self._store.change_dev(KEY, update))
        return steps[-1]

    async def advance(self, seconds: float) -> Step:
        delta = int(seconds * 1000)

        def move(old: ClockState, wall: int) -> ClockState:
            if old.frozenAt is not None:
                return ClockState(old.offsetMs, old.frozenAt + delta)
            return ClockState(old.offsetMs + delta, None)

        return await self._change(move)

    async def set(self, when_ms: int) -> Step:
        def move(old: ClockState, wall: int) -> ClockState:
            if when_ms < old.now(wall):
                raise InvalidArgument(
                    f"Argument 'time': the clock only goes forward; it is {clock.format_ms(old.now(wall))}"
                )
            return (
                ClockState(old.offsetMs, when_ms) if old.frozenAt is not None else ClockState(when_ms - wall)
            )

        return await self._change(move)

    async def freeze(self) -> Step:
        return await self._change(lambda old, wall: ClockState(old.offsetMs, old.now(wall)))

    async def resume(self) -> Step:
        """Run again from the frozen instant (no time passes while frozen)."""
        return await self._change(lambda old, wall: ClockState(old.now(wall) - wall, None))

    async def reset(self) -> Step:
        """Back to the wall clock — unless that is behind the virtual now: the clock never goes back."""
        return await self._change(lambda old, wall: ClockState() if old.now(wall) <= wall else old)
