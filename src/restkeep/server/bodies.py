"""Request bodies for every API family: read with a size limit, decoded into typed Structs, and
validation errors reworded to name the field at fault."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import msgspec
from starlette.requests import Request

from restkeep.server import proxies
from restkeep.server.errors import InvalidArgument, MalformedRequest, MissingArgument, RequestTooLarge

_FIELD = re.compile(r"`\$\.([\w.\[\]]+)`")
_MISSING = re.compile(r"missing required field `(\w+)`")
_UNKNOWN = re.compile(r"unknown field `([^`]+)`")
_EXPECTED = re.compile(r"Expected `([^`]+)`")
_TYPE_WORDS = {
    "int": "an integer",
    "bool": "0, 1, true or false",
    "str": "a string",
    "array": "a list",
    "object": "an object",
}


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused past `limit` bytes. A request that declares no body (no Content-Length,
    not chunked: most GETs) is not read at all, which saves a round trip through the server."""
    declared = request.headers.get("content-length")
    if (declared is None or declared == "0") and "transfer-encoding" not in request.headers:
        return b""
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise RequestTooLarge(f"The request body is larger than the limit of {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestTooLarge(f"The request body is larger than the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def client_address(request: Request) -> str | None:
    """The client's address: the peer's, or behind a trusted reverse proxy, the one it forwards."""
    peer = request.client.host if request.client else None
    app = request.scope.get("app")
    services = getattr(getattr(app, "state", None), "services", None)
    setting = services.settings.trusted_proxies if services is not None else ""
    return proxies.client(peer, request.headers.get("x-forwarded-for"), setting) if setting else peer


async def decode_json(request: Request, limit: int, spec: Any) -> Any:
    """The JSON body as `spec`: 400 MalformedRequest if not JSON, 400 naming the field if it does not
    fit. No body at all is None where `spec` admits None, else 400."""
    body = await read_body(request, limit)
    if not body.strip():
        if admits_none(spec):
            return None
        raise MalformedRequest("This call needs a JSON request body")
    try:
        return msgspec.json.decode(body, type=spec)
    except msgspec.ValidationError as exc:
        raise validation_error(str(exc)) from None
    except RecursionError:
        raise MalformedRequest("The JSON request body is nested too deeply") from None
    except msgspec.DecodeError:
        raise MalformedRequest("The request body is not valid JSON") from None


def admits_none(spec: Any) -> bool:
    try:
        msgspec.convert(None, spec)
    except msgspec.ValidationError:
        return False
    return True


def validation_error(
    message: str, refused: Mapping[str, str] | None = None
) -> InvalidArgument | MissingArgument:
    # within a nested object: its place as a prefix (`match.pat`)
    field = _FIELD.search(message)
    inside = field.group(1) + "." if field else ""
    if missing := _MISSING.search(message):
        return MissingArgument(f"Missing required argument '{inside}{missing.group(1)}'")
    if unknown := _UNKNOWN.search(message):
        name = inside + unknown.group(1)
        return InvalidArgument(refused[name] if refused and name in refused else f"Unknown argument '{name}'")
    expected = _EXPECTED.search(message)
    name = field.group(1) if field else "?"
    if expected:
        wanted = expected.group(1).replace(" | null", "")
        # range constraints follow the type: "Expected `int` <= 9223372036854775807 - at `$.id`"
        bound = message[expected.end() :].split(" - at ")[0].strip()
        return InvalidArgument(
            f"Invalid value for argument '{name}': expected {_TYPE_WORDS.get(wanted, wanted)}"
            + (f" {bound}" if bound else "")
        )
    return InvalidArgument(f"Invalid value for argument '{name}': {message.split(' - at ')[0]}")
