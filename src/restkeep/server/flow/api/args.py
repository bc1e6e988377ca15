"""Request arguments: the same names may come as query parameters, a JSON object or a form body.

They are merged into one mapping of strings (a name given twice with different values is an error)
and converted to the operation's typed Struct, whose validation errors are reworded to name the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import msgspec
from starlette.requests import Request

from restkeep.server.bodies import read_body, validation_error
from restkeep.server.errors import InvalidArgument, MalformedRequest

S = TypeVar("S", bound=msgspec.Struct)


def _scalar(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | str):
        return str(value)
    raise InvalidArgument(f"Argument '{name}' must be a single value, not {type(value).__name__}")


def _merge(into: dict[str, str], pairs: Iterable[tuple[str, Any]]) -> None:
    for name, raw in pairs:
        value = _scalar(name, raw)
        if value is None:
            continue
        if "\x00" in value or "\x00" in name:
            # no store can keep a NUL character (PostgreSQL text cannot), so no argument may hold one
            raise InvalidArgument(f"Argument '{name.replace(chr(0), '')}' contains a NUL character")
        if into.get(name, value) != value:
            raise InvalidArgument(f"Argument '{name}' is given more than once with different values")
        into[name] = value


def _body_pairs(content_type: str, body: bytes) -> Iterable[tuple[str, Any]]:
    if not body.strip():
        return ()
    if content_type.startswith("application/x-www-form-urlencoded"):
        try:
            return parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=True)
        except (UnicodeDecodeError, ValueError):
            raise MalformedRequest("The form body is not valid URL-encoded text") from None
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise MalformedRequest("The request body is not valid JSON") from None
    if not isinstance(document, dict):
        raise MalformedRequest("The JSON request body must be an object of argument names and values")
    return document.items()


async def gather(
    request: Request,
    query: Iterable[tuple[str, str]],
    limit: int,
    path_params: Mapping[str, str],
    *,
    body: bool = True,
) -> dict[str, str]:
    """Every argument: the query string's pairs, the body (unless the handler reads it itself) and the
    URL path's parameters."""
    args: dict[str, str] = {}
    _merge(args, query)
    if body:
        _merge(args, _body_pairs(request.headers.get("content-type", ""), await read_body(request, limit)))
    _merge(args, path_params.items())
    return args


def convert(args: Mapping[str, str], spec: type[S]) -> S:
    try:
        return msgspec.convert(args, spec, strict=False)
    except msgspec.ValidationError as exc:
        raise validation_error(str(exc)) from None
