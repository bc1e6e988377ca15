"""The Flow API's authentication step: a session (header or cookie) or HTTP Basic → a `Principal`."""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from starlette.requests import Request

from restkeep.server.auth.principal import Principal
from restkeep.server.bodies import client_address
from restkeep.server.errors import InvalidCredentials, InvalidSession, NoCredentials

if TYPE_CHECKING:
    from restkeep.server.context import Services

SESSION_HEADER = "sessionid"
SESSION_COOKIE = "sessionId"
_SESSION_HEADER = SESSION_HEADER.encode()


async def authenticate(request: Request, services: Services) -> Principal:
    """Who the caller is. Order: `sessionId` header, then Basic, then the `sessionId` cookie."""
    session = authorization = b""
    for name, value in request.scope["headers"]:  # one pass over the raw (lower-case) names
        if name == _SESSION_HEADER and not session:
            session = value
        elif name == b"authorization" and not authorization:
            authorization = value
    if session:
        return await _from_session(session.decode("latin-1"), services)
    if authorization[:6].lower() == b"basic ":
        return await _from_basic(authorization[6:].decode("latin-1"), services, client_address(request))
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        return await _from_session(token, services)
    raise NoCredentials()


async def _from_session(token: str, services: Services) -> Principal:
    resumed = await services.sessions.resume(token)
    if resumed is None:
        raise InvalidSession("The session is unknown or has expired; log in again")
    token_hash, session = resumed
    return Principal(session.user_id, session.user_name, "session", token_hash)


def decode_basic(encoded: str) -> tuple[str, str]:
    try:
        name, sep, password = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise InvalidCredentials("The Basic authorization header is malformed") from None
    if not sep or not name or "\x00" in name:  # no user name holds a NUL; no store could even look it up
        raise InvalidCredentials("The Basic authorization header is malformed")
    return name, password


async def _from_basic(encoded: str, services: Services, address: str | None) -> Principal:
    name, password = decode_basic(encoded)
    verified = await services.credentials.verify(name, password, address)
    if verified is None:
        raise InvalidCredentials("Invalid user name or password")
    user_id, user_name = verified
    return Principal(user_id, user_name, "basic")
