"""The one router of every API family: a table built from the operation declarations.

A call is found by one dict lookup on its family's prefix and the first segment below it, then a
pattern match among the few paths that share it (at most a handful), where Starlette's router would
try every route of every API family in turn. The operation at that path is then chosen by method and,
in a family that tells calls apart so (the Flow API), by the `request` query parameter.
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

from restkeep.server.access_log import OPERATION
from restkeep.server.args import parse_query
from restkeep.server.context import Services
from restkeep.server.errors import InvalidArgument, MalformedRequest, MethodNotAllowed
from restkeep.server.operations import Family, Operation

Endpoint = Callable[[Request, Services], Awaitable[Response]]
_Route = tuple[re.Pattern[str], dict[str, Convertor[Any]], Endpoint]


def _endpoint(family: Family, path: str, operations: Sequence[Operation]) -> Endpoint:
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
    where = family.prefix + path

    async def endpoint(request: Request, services: Services) -> Response:
        method = request.scope["method"]
        by_request = table.get(method)
        if by_request is None:
            raise MethodNotAllowed(f"{method} is not allowed on {where}", headers={"Allow": allowed})
        try:
            query = parse_query(request.scope["query_string"].decode())
        except UnicodeDecodeError:
            raise MalformedRequest("The query string is not valid UTF-8") from None
        selector = None
        if family.by_request:
            selector = next((value for name, value in query if name == "request"), None)
        operation = by_request.get(selector)
        if operation is None:
            # credentials first: an anonymous caller learns nothing about the route
            await family.authenticate(request, services)
            known = ", ".join(sorted(name for name in by_request if name)) or "none"
            raise InvalidArgument(f"Unknown request '{selector}' for {method} {where} (known: {known})")
        request.scope[OPERATION] = operation.name
        return await family.invoke(operation, request, services, query)

    return endpoint


class Routes:
    def __init__(self, families: Sequence[Family]) -> None:
        self._by_segment: dict[tuple[str, str], list[_Route]] = defaultdict(list)
        self._prefixes = tuple(family.prefix for family in families)
        for family in families:
            by_path: dict[str, list[Operation]] = defaultdict(list)
            for operation in family.operations:
                by_path[operation.path].append(operation)
            for path, ops in by_path.items():
                regex, _, convertors = compile_path(family.prefix + path)
                # DOTALL: a `{name:path}` must match a name with a newline in it too, which the
                # operation then refuses with its own 400 (else no route matches: a 501 or 404)
                dotall = re.compile(regex.pattern, re.DOTALL)
                endpoint = _endpoint(family, path, ops)
                self._by_segment[(family.prefix, _first_segment(path))].append((dotall, convertors, endpoint))

    def match(self, path: str) -> tuple[Endpoint, dict[str, Any]] | None:
        """The endpoint for a request path and its path parameters, or None if no operation's path matches."""
        for prefix in self._prefixes:
            if path.startswith(prefix):
                routes = self._by_segment.get((prefix, _first_segment(path[len(prefix) :])), ())
                for regex, convertors, endpoint in routes:
                    found = regex.match(path)
                    if found is not None:
                        return endpoint, {
                            name: convertors[name].convert(value) for name, value in found.groupdict().items()
                        }
        return None


def _first_segment(path: str) -> str:
    """`/properties/a/b` → `properties`; anything that is not below the prefix → ``."""
    return path[1:].partition("/")[0] if path.startswith("/") else ""
