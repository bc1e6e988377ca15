"""Login and logout: `POST /sessions` and `DELETE /sessions`."""

from __future__ import annotations

import msgspec
from starlette.responses import Response

from restkeep.server.access_log import USER
from restkeep.server.bodies import client_address
from restkeep.server.errors import InvalidCredentials, MissingArgument
from restkeep.server.flow.api.auth import SESSION_COOKIE
from restkeep.server.flow.models import Empty, SessionResponse
from restkeep.server.operations import Call, NoArgs, Operation, json_response


class LoginArgs(msgspec.Struct, forbid_unknown_fields=True):
    userName: str | None = None
    password: str | None = None
    token: str | None = None


async def login(call: Call[LoginArgs]) -> Response:
    """Log in with `userName` and `password`, or with an API `token`."""
    services, args = call.services, call.args
    address = client_address(call.request)
    if args.token is not None:
        verified = await services.api_tokens.resolve(args.token)
        if verified is None:
            await services.audit.record("login.failed", "(api token)", address)
            raise InvalidCredentials("The API token is unknown, revoked or expired")
        await services.audit.record("login.token", verified[1], address)
    else:
        if args.userName is None or args.password is None:
            raise MissingArgument("Give 'userName' and 'password' (or an API 'token')")
        verified = await services.credentials.verify(args.userName, args.password, address)
        if verified is None:
            raise InvalidCredentials("Invalid user name or password")
    user_id, user_name = verified
    call.request.scope[USER] = user_name  # the request's log line names who logged in
    token = await services.sessions.start(user_id)
    response = json_response(SessionResponse(sessionId=token, userName=user_name))
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, secure=call.request.url.scheme == "https", samesite="lax"
    )
    return response


async def logout(call: Call[NoArgs]) -> Response:
    if call.principal.session_hash is not None:
        await call.services.sessions.end(call.principal.session_hash)
        await call.services.audit.record("logout", call.principal.user_name, client_address(call.request))
    response = json_response(Empty())
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")
    return response


OPERATIONS = [
    Operation(
        "login",
        "POST",
        "/sessions",
        LoginArgs,
        SessionResponse,
        login,
        "Log in; the session id works as a `sessionId` header or cookie.",
        public=True,
        tags=("sessions",),
    ),
    Operation(
        "logout", "DELETE", "/sessions", NoArgs, Empty, logout, "End the current session.", tags=("sessions",)
    ),
]
