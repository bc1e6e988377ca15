"""Flow operations, declared once: routing, argument types, auth and the OpenAPI document come from here.

An operation is a Flow API call (`getProperty`, `incrementProperty`, ...) at a path and method; calls
that share a path and method are told apart by the `request` query parameter, as in the original.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from restkeep.server.auth.principal import Principal
from restkeep.server.context import Services
from restkeep.server.errors import InvalidArgument, MethodNotAllowed
from restkeep.server.flow.api.args import convert, gather
from restkeep.server.flow.api.auth import authenticate

A = TypeVar("A", bound=msgspec.Struct)
PREFIX = "/rest/v1.0"


@dataclass(frozen=True)
class Call(Generic[A]):
    args: A
    principal: Principal
    services: Services
    request: Request


class NoArgs(msgspec.Struct, forbid_unknown_fields=True):
    """The arguments of a call that takes none."""


Handler = Callable[[Call[Any]], Awaitable[Response]]
ANONYMOUS = Principal(user_id="", user_name="", via="anonymous")


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    path: str
    args: type[msgspec.Struct]
    response: type[msgspec.Struct]
    handler: Handler
    summary: str
    request: str | None = None
    public: bool = False
    status: int = 200
    tags: tuple[str, ...] = field(default=())
    # False: the handler reads the body itself (uploads); arguments come from the query and path only
    body: bool = True


def json_response(body: msgspec.Struct, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(msgspec.json.encode(body), status, headers, media_type="application/json")


def _endpoint(path: str, operations: Sequence[Operation]) -> Callable[[Request], Awaitable[Response]]:
    table: dict[str, dict[str | None, Operation]] = defaultdict(dict)
    for operation in operations:
        table[operation.method][operation.request] = operation
    if "GET" in table:
        table["HEAD"] = table["GET"]
    allowed = ", ".join(sorted(table))

    async def endpoint(request: Request) -> Response:
        by_request = table.get(request.method)
        if by_request is None:
            raise MethodNotAllowed(
                f"{request.method} is not allowed on {PREFIX}{path}", headers={"Allow": allowed}
            )
        selector = request.query_params.get("request")
        operation = by_request.get(selector)
        services: Services = request.app.state.services
        # credentials first: an anonymous caller learns nothing about the route
        public = operation is not None and operation.public
        principal = ANONYMOUS if public else await authenticate(request, services)
        if operation is None:
            known = ", ".join(sorted(name for name in by_request if name)) or "none"
            raise InvalidArgument(
                f"Unknown request '{selector}' for {request.method} {PREFIX}{path} (known: {known})"
            )
        raw = await gather(request, services.settings.max_body_size, request.path_params, body=operation.body)
        raw.pop("request", None)
        return await operation.handler(Call(convert(raw, operation.args), principal, services, request))

    return endpoint


def routes(operations: Sequence[Operation]) -> list[Route]:
    by_path: dict[str, list[Operation]] = defaultdict(list)
    for operation in operations:
        by_path[operation.path].append(operation)
    methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return [Route(PREFIX + path, _endpoint(path, ops), methods=methods) for path, ops in by_path.items()]
