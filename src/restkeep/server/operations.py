"""Operations, declared once for every API family: routing, argument types, auth, the OpenAPI documents
and the SDK coverage test all come from these declarations.

An operation is one call of an API (`getProperty`, `searchItems`, `login`) at a path and method. Calls
that share a path and method are told apart by the `request` query parameter, as in the Flow API.
What differs between API families — how the caller is known, where arguments come from, which
envelope wraps an answer — is the family's (`Family`), not the operation's.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from restkeep.server.access_log import USER
from restkeep.server.auth.principal import Principal
from restkeep.server.context import Services

A = TypeVar("A", bound=msgspec.Struct)
ANONYMOUS = Principal(user_id="", user_name="", via="anonymous")


class Body(enum.Enum):
    """How an operation takes its request body, when it is not a JSON document of a declared type."""

    ARGS = "args"  # the body's fields are arguments like the query string's (Flow: JSON or form)
    RAW = "raw"  # the handler reads the body itself (uploads, imports)
    NONE = "none"  # the call takes no body


@dataclass(frozen=True)
class Call(Generic[A]):
    args: A
    principal: Principal
    services: Services
    request: Request
    # the JSON body, decoded as the operation's `body` type, where that is a type
    body: Any = None

    def __post_init__(self) -> None:
        if self.principal.user_id:  # the log line of the request names its user
            self.request.scope[USER] = self.principal.user_name


class NoArgs(msgspec.Struct, forbid_unknown_fields=True):
    """The arguments of a call that takes none."""


# the answer's data (which the family wraps in its envelope) or a whole response (cookies, streams)
Handler = Callable[[Call[Any]], Awaitable[Any]]


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    # below the family's prefix, with Starlette's `{name}` / `{name:int}` / `{name:path}` parameters
    path: str
    # the query string's and the path's parameters (and for `Body.ARGS`, the body's fields)
    args: type[msgspec.Struct]
    # the answer's data, as a type msgspec can describe; `None`: the answer carries no data
    response: Any
    handler: Handler
    summary: str
    request: str | None = None
    public: bool = False
    status: int = 200
    tags: tuple[str, ...] = field(default=())
    body: Body | Any = Body.ARGS
    # the answer's media type when it is not a JSON document (exports): streamed, no envelope
    media_type: str = "application/json"
    # another name clients call this operation by: routed and documented, not a call of its own in the SDK
    alias_of: str | None = None


@dataclass(frozen=True)
class OpenApiStyle:
    """What a family's OpenAPI document says beside its operations."""

    error: type[msgspec.Struct]
    security_schemes: dict[str, Any]
    security: list[dict[str, list[str]]]
    # the schema of a successful JSON answer, given the schema of its data (an envelope, or itself)
    success: Callable[[dict[str, Any]], dict[str, Any]] = lambda data: data


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(msgspec.json.encode(body), status, headers, media_type="application/json")


Invoke = Callable[[Operation, Request, Services, list[tuple[str, str]]], Awaitable[Response]]


@dataclass(frozen=True, eq=False)  # one object per family: compared and hashed by identity
class Family:
    """An API family: its prefix and operations, how it runs one of them (who the caller is, where the
    arguments come from, which envelope wraps the answer) and how its OpenAPI document reads."""

    name: str
    prefix: str
    title: str
    description: str
    operations: Sequence[Operation]
    invoke: Invoke
    # who the caller is, for a call the family refuses before it runs (an unknown `request`)
    authenticate: Callable[[Request, Services], Awaitable[Principal]]
    style: OpenApiStyle
    # whether calls on one path and method are told apart by the `request` query parameter
    by_request: bool = False


def declared(operations: Sequence[Operation]) -> Sequence[Operation]:
    """The operations that are calls of their own (aliases left out): what an SDK must offer."""
    return [operation for operation in operations if operation.alias_of is None]
