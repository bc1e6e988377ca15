"""`/_restkeep/...`: development mode's routes, declared like every other operation, in a family of
their own — Flow credentials and envelope, but only for administrators, and only from loopback unless
`--dev-allow-remote`. They exist only with `--dev`. The calls are in `clock_calls`, `credential_calls`
and `fault_calls`."""

from __future__ import annotations

import ipaddress

from starlette.requests import Request

from restkeep.server.auth.principal import Principal
from restkeep.server.context import Services
from restkeep.server.dev import clock_calls, credential_calls, fault_calls, journal_calls, state_calls
from restkeep.server.errors import AccessDenied, FlowErrorEnvelope
from restkeep.server.flow.api.auth import authenticate
from restkeep.server.flow.api.family import FLOW, flow_invoke
from restkeep.server.operations import Family, OpenApiStyle

PREFIX = "/_restkeep"


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
    operations=[
        *clock_calls.OPERATIONS,
        *credential_calls.OPERATIONS,
        *fault_calls.OPERATIONS,
        *state_calls.OPERATIONS,
        *journal_calls.OPERATIONS,
    ],
    invoke=flow_invoke(dev_authenticate),
    authenticate=dev_authenticate,
    style=OpenApiStyle(
        error=FlowErrorEnvelope, security_schemes=FLOW.style.security_schemes, security=FLOW.style.security
    ),
)
