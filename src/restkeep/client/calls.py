"""Each API call declared once, as data, then sent by the sync clients and awaited by the async ones.

A call builder turns a method's arguments into a `Call`: what to send, whether it is safe to repeat,
and how to read the answer. `Endpoint` makes the builder a method of both clients: on a `SyncRunner`
it returns the result, on an `AsyncRunner` an awaitable of it, with the builder's signature either way.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, Self, TypeVar, overload

P = ParamSpec("P")
T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    method: str
    path: str
    parse: Callable[[Any], T]
    idempotent: bool
    params: Mapping[str, Any] | None = None
    json: Any = None
    # where the path starts when it is not the client's API root (development mode's `/_restkeep`)
    prefix: str | None = None
    # a body that is not JSON (a file), and whether `parse` takes the answer's bytes rather than its JSON
    content: bytes | None = None
    raw: bool = False

    def options(self) -> dict[str, Any]:
        """The httpx keyword arguments for the body and query string."""
        options: dict[str, Any] = {}
        if self.params is not None:
            options["params"] = self.params
        if self.json is not None:
            options["json"] = self.json
        if self.content is not None:
            options["content"] = self.content
        return options

    def result(self, content: bytes) -> T:
        """The call's result from the answer's body: its JSON, parsed (or the bytes, for a `raw` call)."""
        return self.parse(content if self.raw else json_body(content))


class SyncRunner:
    def run(self, call: Call[T]) -> T:
        raise NotImplementedError


class AsyncRunner:
    async def run(self, call: Call[T]) -> T:
        raise NotImplementedError


class Endpoint(Generic[P, T]):
    """A method of both clients, made from one call builder; `operation` names the server operation."""

    def __init__(self, operation: str, build: Callable[P, Call[T]]) -> None:
        self.operation = operation
        self.build = build
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, client: None, owner: type) -> Self: ...
    @overload
    def __get__(self, client: SyncRunner, owner: type) -> Callable[P, T]: ...
    @overload
    def __get__(self, client: AsyncRunner, owner: type) -> Callable[P, Awaitable[T]]: ...

    def __get__(self, client: object, owner: type) -> Any:
        if client is None:
            return self
        runner: SyncRunner | AsyncRunner = client  # type: ignore[assignment]
        build = self.build

        @functools.wraps(build)
        def method(*args: P.args, **kwargs: P.kwargs) -> Any:
            return runner.run(build(*args, **kwargs))

        return method


def operation(name: str) -> Callable[[F], F]:
    """Mark a hand-written client method (an upload, a stream) as covering a server operation."""

    def mark(method: F) -> F:
        method.operation = name  # type: ignore[attr-defined]
        return method

    return mark


def operations(client: type) -> set[str]:
    """The server operations a client class covers."""
    found = set()
    for klass in client.__mro__:
        for value in vars(klass).values():
            name = getattr(value, "operation", None)
            if isinstance(name, str):
                found.add(name)
    return found


def json_body(content: bytes) -> Any:
    """A response's JSON, or None for an empty body."""
    return json.loads(content) if content else None
