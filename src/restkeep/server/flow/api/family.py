"""The Flow API as a family of operations: a session or Basic credentials, arguments from the query
string, a JSON or form body and the path alike, and the Flow error envelope."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from restkeep.server.args import convert, gather
from restkeep.server.auth.principal import Principal
from restkeep.server.bodies import decode_json
from restkeep.server.context import Services
from restkeep.server.errors import FlowErrorEnvelope
from restkeep.server.flow.api.auth import authenticate
from restkeep.server.flow.api.routes import OPERATIONS
from restkeep.server.operations import (
    ANONYMOUS,
    Body,
    Call,
    Family,
    Invoke,
    OpenApiStyle,
    Operation,
    json_response,
)

PREFIX = "/rest/v1.0"


def flow_invoke(who: Callable[[Request, Services], Awaitable[Principal]]) -> Invoke:
    """Run an operation the Flow way: the caller known by `who` (unless the call is public),
    arguments from the query string, a JSON or form body and the path, the Flow envelope."""

    async def invoke(
        operation: Operation, request: Request, services: Services, query: list[tuple[str, str]]
    ) -> Response:
        principal = ANONYMOUS if operation.public else await who(request, services)
        limit = services.settings.max_body_size
        raw = await gather(
            request,
            query,
            limit,
            request.path_params,
            body=operation.body is Body.ARGS,
        )
        raw.pop("request", None)
        args = convert(raw, operation.args)
        # a JSON document of a declared type (development mode's fault rules)
        body = None if isinstance(operation.body, Body) else await decode_json(request, limit, operation.body)
        answer = await operation.handler(Call(args, principal, services, request, body))
        return answer if isinstance(answer, Response) else json_response(answer, operation.status)

    return invoke


FLOW = Family(
    name="flow",
    prefix=PREFIX,
    title="restkeep Flow API",
    description="The Flow REST API v1.0 as served by restkeep. Arguments may be given as query "
    "parameters, a JSON object body or a form body.",
    operations=OPERATIONS,
    invoke=flow_invoke(authenticate),
    authenticate=authenticate,
    style=OpenApiStyle(
        error=FlowErrorEnvelope,
        security_schemes={
            "basic": {"type": "http", "scheme": "basic"},
            "session": {"type": "apiKey", "in": "header", "name": "sessionId"},
        },
        security=[{"basic": []}, {"session": []}],
    ),
    by_request=True,
)
