"""Request arguments: the same names may come as query parameters, a JSON object or a form body.

They are merged into one mapping, converted to the operation's typed Struct, and validation errors are
reworded to name the field. A JSON array, or a name given more than once with different values, is a
list: accepted where the operation takes one (the original's collections), an error anywhere else.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import msgspec
import msgspec.inspect
from starlette.requests import Request

from restkeep.server.bodies import read_body, validation_error
from restkeep.server.errors import InvalidArgument, MalformedRequest, UnsupportedMediaType

S = TypeVar("S", bound=msgspec.Struct)


def _scalar(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidArgument(f"Argument '{name}' must be a finite number")
    if isinstance(value, int | float | str):
        return str(value)
    kind = type(value).__name__
    raise InvalidArgument(f"Argument '{name}' must be a single value or a list of them, not {kind}")


class Repeated(list[str]):
    """The values of an argument given more than once: a list where the operation takes one (the
    original's collections, `userNames=a&userNames=b`), else an error."""


Value = str | list[str]


def _checked(name: str, value: str) -> str:
    if "\x00" in value or "\x00" in name:
        # no store can keep a NUL character (PostgreSQL text cannot), so no argument may hold one
        raise InvalidArgument(f"Argument '{name.replace(chr(0), '')}' contains a NUL character")
    return value


def _merge(into: dict[str, Value], pairs: Iterable[tuple[str, Any]]) -> None:
    for name, raw in pairs:
        if isinstance(raw, list):  # a JSON array: a collection argument
            into[name] = [_checked(name, v) for v in (_scalar(name, item) for item in raw) if v is not None]
            continue
        value = _scalar(name, raw)
        if value is None:
            continue
        _checked(name, value)
        given = into.get(name, value)
        if given == value:
            into[name] = value
        elif isinstance(given, Repeated):
            given.append(value)
        elif isinstance(given, str):
            into[name] = Repeated([given, value])
        else:
            raise InvalidArgument(f"Argument '{name}' is given more than once with different values")


def parse_query(text: str, what: str = "query string") -> list[tuple[str, str]]:
    """The name=value pairs of a query string or form body, decoded as UTF-8 and refused if they are
    not: replacement characters would be stored in place of what the client sent. An empty pair
    (`?=`, which Groovy's RESTClient sends by default) carries nothing and is dropped."""
    try:
        pairs = parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise MalformedRequest(f"The {what} is not valid UTF-8 once its %-escapes are decoded") from None
    return [pair for pair in pairs if pair != ("", "")] if ("", "") in pairs else pairs


def _body_pairs(content_type: str, body: bytes) -> Iterable[tuple[str, Any]]:
    if not body.strip():
        return ()
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type == "application/x-www-form-urlencoded":
        try:
            return parse_query(body.decode(), "form body")
        except UnicodeDecodeError:
            raise MalformedRequest("The form body is not valid UTF-8") from None
    if media_type and media_type != "application/json" and not media_type.endswith("+json"):
        raise UnsupportedMediaType(
            f"A {media_type[:80]} body is not accepted here: send arguments as JSON (application/json),"
            " as a form (application/x-www-form-urlencoded) or in the query string"
        )
    try:
        document = msgspec.json.decode(body)
    except RecursionError:
        raise MalformedRequest("The JSON request body is nested too deeply") from None
    except msgspec.ValidationError:  # a number no float can hold, such as 1e999
        raise InvalidArgument("The JSON request body holds a number out of range") from None
    except msgspec.DecodeError:  # not JSON, not UTF-8, or a lone surrogate escape
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
) -> dict[str, Value]:
    """Every argument: the query string's pairs, the body (unless the handler reads it itself) and the
    URL path's parameters."""
    args: dict[str, Value] = {}
    _merge(args, query)
    if body:
        _merge(args, _body_pairs(request.headers.get("content-type", ""), await read_body(request, limit)))
    _merge(args, path_params.items())
    return args


@functools.cache
def _collections(spec: type[msgspec.Struct]) -> frozenset[str]:
    """The arguments of `spec` that take a list (by their names on the wire)."""
    info = msgspec.inspect.type_info(spec)
    assert isinstance(info, msgspec.inspect.StructType)

    def is_list(kind: msgspec.inspect.Type) -> bool:
        if isinstance(kind, msgspec.inspect.UnionType):
            return any(is_list(member) for member in kind.types)
        return isinstance(kind, msgspec.inspect.ListType)

    return frozenset(field.encode_name for field in info.fields if is_list(field.type))


def _shaped(args: Mapping[str, Value], spec: type[msgspec.Struct]) -> Mapping[str, Value]:
    """One value where the operation takes one, a list where it takes a list (a lone value is a
    list of one; a value with commas is not split: names may hold commas)."""
    collections = _collections(spec)
    if not collections:
        for value in args.values():
            if type(value) is not str:
                break
        else:
            return args  # the common case: single values only, where single values are taken
    shaped: dict[str, Value] = {}
    for name, value in args.items():
        if name in collections:
            shaped[name] = [value] if isinstance(value, str) else list(value)
        elif isinstance(value, Repeated):
            raise InvalidArgument(f"Argument '{name}' is given more than once with different values")
        elif isinstance(value, list):
            raise InvalidArgument(f"Argument '{name}' takes a single value, not a list")
        else:
            shaped[name] = value
    return shaped


def convert(args: Mapping[str, Value], spec: type[S]) -> S:
    try:
        return msgspec.convert(_shaped(args, spec), spec, strict=False)
    except msgspec.ValidationError as exc:
        # an argument of the original that restkeep knows but cannot honour: its own refusal
        raise validation_error(str(exc), getattr(spec, "refused", None)) from None
