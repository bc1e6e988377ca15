"""`/enable-api`: login, reauth, logout."""

from __future__ import annotations

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from restkeep.server.bodies import client_address, read_body
from restkeep.server.catalog.api import render
from restkeep.server.catalog.api.tokens import EWTOKEN, RESTTOKEN, clear_cookies, ewtoken, set_cookie
from restkeep.server.clock import format_ms
from restkeep.server.context import Services
from restkeep.server.errors import MalformedRequest, MissingArgument

PREFIX = render.ENABLE_PREFIX


class LoginBody(msgspec.Struct):
    login: str | None = None
    password: str | None = None


async def _credentials(request: Request, limit: int) -> tuple[str, str]:
    login, password = request.query_params.get("login"), request.query_params.get("password")
    body = await read_body(request, limit)
    if body.strip():
        try:
            given = msgspec.json.decode(body, type=LoginBody)
        except (msgspec.DecodeError, msgspec.ValidationError):
            raise MalformedRequest(
                'The login body must be JSON: {"login": "...", "password": "..."}'
            ) from None
        login, password = given.login or login, given.password or password
    if not login or password is None:
        raise MissingArgument("Give 'login' and 'password' (JSON body or query parameters)")
    if "\x00" in login:  # no user name holds a NUL, and PostgreSQL could not even look one up
        raise MalformedRequest("'login' must not contain a NUL character")
    return login, password


async def login(request: Request) -> Response:
    services: Services = request.app.state.services
    name, password = await _credentials(request, services.settings.max_body_size)
    issued = await services.tokens.login(name, password, client_address(request))
    response = render.json(
        {
            "success": True,
            "message": f"Login successful: welcome {issued.user_name}",
            "token": {"token": issued.ewtoken, "expiresAt": format_ms(issued.expires_at)},
            "epimresttoken": issued.epimresttoken,
        }
    )
    set_cookie(response, request, EWTOKEN, issued.ewtoken)
    set_cookie(response, request, RESTTOKEN, issued.epimresttoken)
    return response


async def reauth(request: Request) -> Response:
    services: Services = request.app.state.services
    await services.tokens.check_login(ewtoken(request))
    return render.json({"success": True})


async def logout(request: Request) -> Response:
    services: Services = request.app.state.services
    principal = await services.tokens.logout(ewtoken(request))
    await services.audit.record("logout", principal.user_name, client_address(request))
    response = render.json({"success": True, "message": "You are logged out"})
    clear_cookies(response)
    return response


ROUTES = [
    Route(PREFIX + "/login", login, methods=["POST"]),
    Route(PREFIX + "/reauth", reauth, methods=["GET"]),
    Route(PREFIX + "/logout", logout, methods=["POST"]),
]
