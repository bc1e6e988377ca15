"""`/_restkeep/clock`: read, advance, set, freeze and resume the server's virtual clock."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from restkeep.server import clock
from restkeep.server.dev.clock import ClockState, Step
from restkeep.server.dev.credential_calls import Named, named
from restkeep.server.durations import parse_duration
from restkeep.server.errors import InvalidArgument
from restkeep.server.operations import Call, NoArgs, Operation


class ClockAnswer(msgspec.Struct):
    now: str
    frozen: bool
    offsetSeconds: float


class AdvanceAnswer(msgspec.Struct):
    now: str
    # every credential that expired in the step
    expired: list[Named]


class AdvanceArgs(msgspec.Struct, forbid_unknown_fields=True):
    by: str


class SetArgs(msgspec.Struct, forbid_unknown_fields=True):
    time: str


def duration(name: str, text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise InvalidArgument(f"Argument '{name}': {exc}") from None


def instant(name: str, text: str) -> int:
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidArgument(
            f"Argument '{name}' must be an ISO 8601 time such as 2030-01-31T12:00:00Z"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp() * 1000)


def _shown(state: ClockState, now: int) -> ClockAnswer:
    offset = (now - clock.wall_ms()) if state.frozenAt is not None else state.offsetMs
    return ClockAnswer(clock.format_ms(now), state.frozenAt is not None, round(offset / 1000, 3))


def _after(step: Step) -> ClockAnswer:
    return _shown(step.state, step.after)


async def get_clock(call: Call[NoArgs]) -> ClockAnswer:
    return _shown(call.services.dev.clock.state, clock.now_ms())


async def advance_clock(call: Call[AdvanceArgs]) -> AdvanceAnswer:
    step, expired = await call.services.dev.advance(duration("by", call.args.by))
    return AdvanceAnswer(clock.format_ms(step.after), [named(c) for c in expired])


async def set_clock(call: Call[SetArgs]) -> ClockAnswer:
    return _after(await call.services.dev.clock.set(instant("time", call.args.time)))


async def freeze_clock(call: Call[NoArgs]) -> ClockAnswer:
    return _after(await call.services.dev.clock.freeze())


async def resume_clock(call: Call[NoArgs]) -> ClockAnswer:
    return _after(await call.services.dev.clock.resume())


_TAGS = ("clock",)
OPERATIONS = [
    Operation("getClock", "GET", "/clock", NoArgs, ClockAnswer, get_clock,
              "The virtual now, whether it is frozen, and its offset from the wall clock.", tags=_TAGS),
    Operation("advanceClock", "POST", "/clock/advance", AdvanceArgs, AdvanceAnswer, advance_clock,
              "Move the clock forward `by` a duration (`31m`, `25h`); lists every credential that expired"
              " in the step (kind, user, fingerprint).", tags=_TAGS),
    Operation("setClock", "POST", "/clock/set", SetArgs, ClockAnswer, set_clock,
              "Move the clock forward to `time` (ISO 8601; an earlier time is a 400).", tags=_TAGS),
    Operation("freezeClock", "POST", "/clock/freeze", NoArgs, ClockAnswer, freeze_clock,
              "Stop the clock: every call sees the same now until advance, set or resume.", tags=_TAGS),
    Operation("resumeClock", "POST", "/clock/resume", NoArgs, ClockAnswer, resume_clock,
              "Let the clock run again from where it stands.", tags=_TAGS),
]  # fmt: skip
