"""The virtual clock of development mode, one for the whole server.

Its state — an offset from the wall clock, or a frozen instant — lives in the database, so every
worker and host shares it. Each worker applies it to the `clock` module before it handles a request
(a read the SQLite read cache answers without a query until something is written), so everything
that expires or stamps a time follows it. The clock only goes forward: `set` to an earlier time is
refused, and `resume` continues from the frozen instant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import msgspec

from restkeep.server import clock
from restkeep.server.errors import InvalidArgument
from restkeep.server.store import Store
from restkeep.server.store.records import CredentialRecord


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


class DevClock:
    def __init__(self, store: Store, session_idle_seconds: float) -> None:
        self._store = store
        self._idle_ms = int(session_idle_seconds * 1000)
        self._seen: str | None = None

    async def sync(self) -> None:
        """Apply the shared state to this process's clock (before each request)."""
        raw = await self._store.dev_clock()
        if raw != self._seen:
            state = _decode(raw)
            clock.set_state(state.offsetMs, state.frozenAt)
            self._seen = raw

    async def state(self) -> ClockState:
        await self.sync()
        return _decode(self._seen)

    async def _change(self, move: Move) -> Step:
        steps: list[Step] = []

        def change(raw: str | None) -> str:
            old = _decode(raw)
            wall = clock.wall_ms()
            new = move(old, wall)
            steps.append(Step(old.now(wall), new.now(wall), new))
            return msgspec.json.encode(new).decode()

        await self._store.change_dev_clock(change)
        await self.sync()
        return steps[-1]

    async def advance(self, seconds: float) -> tuple[Step, list[CredentialRecord]]:
        """Move forward; and the credentials that expired in the step."""
        delta = int(seconds * 1000)

        def move(old: ClockState, wall: int) -> ClockState:
            if old.frozenAt is not None:
                return ClockState(old.offsetMs, old.frozenAt + delta)
            return ClockState(old.offsetMs + delta, None)

        step = await self._change(move)
        return step, await self._store.credentials_expiring(step.before, step.after, self._idle_ms)

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
