"""The Flow API's router: a table built from the operation declarations.

A Flow call is found by one dict lookup on the first segment of its path and a pattern match among
the few paths that share it (at most three), where Starlette's router would try every route of every
API family in turn. The operation at that path is then chosen by method and by the `request` query
parameter, as in the original API.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.convertors import Convertor
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import compile_path

from restkeep.server.context import Services
from restkeep.server.errors import InvalidArgument, MalformedRequest, MethodNotAllowed
from restkeep.server.flow.api.args import convert, gather, parse_query
from restkeep.server.flow.api.auth import authenticate
from restkeep.server.flow.api.operations import ANONYMOUS, PREFIX, Call, Operation

Endpoint = Callable[[Request, Services], Awaitable[Response]]
_Route = tuple[re.Pattern[str], dict[str, Convertor[Any]], Endpoint]


def _endpoint(path: str, operations: Sequence[Operation]) -> Endpoint:
    table: dict[str, dict[str | None, Operation]] = defaultdict(dict)
    for operation in operations:
        table[operation.method][operation.request] = operation
    for operation in operations:
        # `?request=<its own name>` selects the call the path and method select anyway (clients send
        # `POST /expandString?request=expandString`)
        if operation.request is None:
            table[operation.method].setdefault(operation.name, operation)
    if "GET" in table:
        table["HEAD"] = table["GET"]
    allowed = ", ".join(sorted(table))

    async def endpoint(request: Request, services: Services) -> Response:
        method = request.scope["method"]
        by_request = table.get(method)
        if by_request is None:
            raise MethodNotAllowed(f"{method} is not allowed on {PREFIX}{path}", headers={"Allow": allowed})
        try:
            query = parse_query(request.scope["query_string"].decode())
        except UnicodeDecodeError:
            raise MalformedRequest("The query string is not valid UTF-8") from None
        selector = next((value for name, value in query if name == "request"), None)
        operation = by_request.get(selector)
        # credentials first: an anonymous caller learns nothing about the route
        public = operation is not None and operation.public
        principal = ANONYMOUS if public else await authenticate(request, services)
        if operation is None:
            known = ", ".join(sorted(name for name in by_request if name)) or "none"
            raise InvalidArgument(
                f"Unknown request '{selector}' for {method} {PREFIX}{path} (known: {known})"
            )
        raw = await gather(
            request, query, services.settings.max_body_size, request.path_params, body=operation.body
        )
        raw.pop("request", None)
        return await operation.handler(Call(convert(raw, operation.args), principal, services, request))

    return endpoint


class FlowRoutes:
    def __init__(self, operations: Sequence[Operation]) -> None:
        by_path: dict[str, list[Operation]] = defaultdict(list)
        for operation in operations:
            by_path[operation.path].append(operation)
        self._by_segment: dict[str, list[_Route]] = defaultdict(list)
        for path, ops in by_path.items():
            regex, _, convertors = compile_path(PREFIX + path)
            # DOTALL: a `{name:path}` must match a name with a newline in it too, which the operation
            # then refuses with its own 400 (else no route matches, and the answer would be a 501)
            dotall = re.compile(regex.pattern, re.DOTALL)
            self._by_segment[_first_segment(path)].append((dotall, convertors, _endpoint(path, ops)))

    def match(self, path: str) -> tuple[Endpoint, dict[str, Any]] | None:
        """The endpoint for a request path and its path parameters, or None if no Flow path matches."""
        if not path.startswith(PREFIX):
            return None
        for regex, convertors, endpoint in self._by_segment.get(_first_segment(path[len(PREFIX) :]), ()):
            found = regex.match(path)
            if found is not None:
                return endpoint, {
                    name: convertors[name].convert(value) for name, value in found.groupdict().items()
                }
        return None


def _first_segment(path: str) -> str:
    """`/properties/a/b` → `properties`; anything that is not below the prefix → ``."""
    return path[1:].partition("/")[0] if path.startswith("/") else ""
