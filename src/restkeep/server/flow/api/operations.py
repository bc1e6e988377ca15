"""Flow operations, declared once: routing, argument types, auth and the OpenAPI document come from here.

An operation is a Flow API call (`getProperty`, `incrementProperty`, ...) at a path and method; calls
that share a path and method are told apart by the `request` query parameter, as in the original.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from restkeep.server.auth.principal import Principal
from restkeep.server.context import Services

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
