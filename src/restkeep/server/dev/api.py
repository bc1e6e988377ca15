"""`/_restkeep/...`: development mode's routes, declared like every other operation, in a family of
their own — Flow credentials and envelope, but only for administrators, and only from loopback unless
`--dev-allow-remote`. They exist only with `--dev`."""

from __future__ import annotations

import hashlib
import ipaddress
from datetime import UTC, datetime

import msgspec
from starlette.requests import Request

from restkeep.server import clock
from restkeep.server.auth.principal import Principal
from restkeep.server.context import Services
from restkeep.server.dev.clock import ClockState, Step
from restkeep.server.durations import parse_duration
from restkeep.server.errors import AccessDenied, FlowErrorEnvelope, InvalidArgument
from restkeep.server.flow.api.auth import authenticate
from restkeep.server.flow.api.family import FLOW, flow_invoke
from restkeep.server.operations import Call, Family, NoArgs, OpenApiStyle, Operation

PREFIX = "/_restkeep"


def fingerprint(secret_hash: str) -> str:
    """The first 12 hex digits of the SHA-256 of a secret: how a test names a token it holds."""
    return secret_hash[:12]


def secret_fingerprint(secret: str) -> str:
    return fingerprint(hashlib.sha256(secret.encode()).hexdigest())


# ------------------------------------------------------------------------------------------------- shapes


class ClockAnswer(msgspec.Struct):
    now: str
    frozen: bool
    offsetSeconds: float


class ExpiredCredential(msgspec.Struct):
    kind: str
    user: str
    fingerprint: str


class AdvanceAnswer(msgspec.Struct):
    now: str
    expired: list[ExpiredCredential]


class AdvanceArgs(msgspec.Struct, forbid_unknown_fields=True):
    by: str


class SetArgs(msgspec.Struct, forbid_unknown_fields=True):
    time: str


# ------------------------------------------------------------------------------------------------ the calls


def _shown(step_or_state: Step | ClockState, now: int) -> ClockAnswer:
    state = step_or_state.state if isinstance(step_or_state, Step) else step_or_state
    offset = (now - clock.wall_ms()) if state.frozenAt is not None else state.offsetMs
    return ClockAnswer(clock.format_ms(now), state.frozenAt is not None, round(offset / 1000, 3))


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


async def get_clock(call: Call[NoArgs]) -> ClockAnswer:
    return _shown(await call.services.dev_clock.state(), clock.now_ms())


async def advance_clock(call: Call[AdvanceArgs]) -> AdvanceAnswer:
    step, expired = await call.services.dev_clock.advance(duration("by", call.args.by))
    return AdvanceAnswer(
        clock.format_ms(step.after),
        [ExpiredCredential(c.kind, c.user, fingerprint(c.secret_hash)) for c in expired],
    )


async def set_clock(call: Call[SetArgs]) -> ClockAnswer:
    step = await call.services.dev_clock.set(instant("time", call.args.time))
    return _shown(step, step.after)


async def freeze_clock(call: Call[NoArgs]) -> ClockAnswer:
    step = await call.services.dev_clock.freeze()
    return _shown(step, step.after)


async def resume_clock(call: Call[NoArgs]) -> ClockAnswer:
    step = await call.services.dev_clock.resume()
    return _shown(step, step.after)


_CLOCK = ("clock",)
OPERATIONS = [
    Operation("getClock", "GET", "/clock", NoArgs, ClockAnswer, get_clock,
              "The virtual now, whether it is frozen, and its offset from the wall clock.", tags=_CLOCK),
    Operation("advanceClock", "POST", "/clock/advance", AdvanceArgs, AdvanceAnswer, advance_clock,
              "Move the clock forward `by` a duration (`31m`, `25h`); lists every credential that expired"
              " in the step (kind, user, fingerprint).", tags=_CLOCK),
    Operation("setClock", "POST", "/clock/set", SetArgs, ClockAnswer, set_clock,
              "Move the clock forward to `time` (ISO 8601; an earlier time is a 400).", tags=_CLOCK),
    Operation("freezeClock", "POST", "/clock/freeze", NoArgs, ClockAnswer, freeze_clock,
              "Stop the clock: every call sees the same now until advance, set or resume.", tags=_CLOCK),
    Operation("resumeClock", "POST", "/clock/resume", NoArgs, ClockAnswer, resume_clock,
              "Let the clock run again from where it stands.", tags=_CLOCK),
]  # fmt: skip


# ---------------------------------------------------------------------------------------------- the family


def _loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def dev_authenticate(request: Request, services: Services) -> Principal:
    if not services.settings.dev_allow_remote and not _loopback(request):
        raise AccessDenied("Development routes answer only callers on this machine (see --dev-allow-remote)")
    principal = await authenticate(request, services)
    await services.access.require_admin(principal, "use development mode")
    return principal


DEV = Family(
    name="dev",
    prefix=PREFIX,
    title="restkeep development mode",
    description="Move the server's clock, expire credentials, inject faults, snapshot state and read the"
    " request journal. Only with `restkeep serve --dev`; administrators only; loopback only unless"
    " `--dev-allow-remote`.",
    operations=OPERATIONS,
    invoke=flow_invoke(dev_authenticate),
    authenticate=dev_authenticate,
    style=OpenApiStyle(
        error=FlowErrorEnvelope, security_schemes=FLOW.style.security_schemes, security=FLOW.style.security
    ),
)
