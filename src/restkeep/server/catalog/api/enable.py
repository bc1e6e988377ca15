"""`/enable-api`: login, reauth, logout."""

from __future__ import annotations

from starlette.responses import Response

from restkeep.server.bodies import client_address
from restkeep.server.catalog.api import render
from restkeep.server.catalog.api.shapes import Args, Credentials, Done, LoginAnswer, LoginArgs, Token
from restkeep.server.catalog.api.tokens import EWTOKEN, RESTTOKEN, clear_cookies, set_cookie
from restkeep.server.clock import format_ms
from restkeep.server.errors import MalformedRequest, MissingArgument
from restkeep.server.operations import Call, Operation


def _credentials(call: Call[LoginArgs]) -> tuple[str, str]:
    """From the JSON body, else the query string."""
    given: Credentials = call.body or Credentials()
    login, password = given.login or call.args.login, given.password or call.args.password
    if not login or password is None:
        raise MissingArgument("Give 'login' and 'password' (JSON body or query parameters)")
    if "\x00" in login:  # no user name holds a NUL, and PostgreSQL could not even look one up
        raise MalformedRequest("'login' must not contain a NUL character")
    return login, password


async def login(call: Call[LoginArgs]) -> Response:
    name, password = _credentials(call)
    issued = await call.services.tokens.login(name, password, client_address(call.request))
    response = render.json(
        LoginAnswer(
            success=True,
            message=f"Login successful: welcome {issued.user_name}",
            token=Token(issued.ewtoken, format_ms(issued.expires_at)),
            epimresttoken=issued.epimresttoken,
        )
    )
    set_cookie(response, call.request, EWTOKEN, issued.ewtoken)
    set_cookie(response, call.request, RESTTOKEN, issued.epimresttoken)
    return response


async def reauth(call: Call[Args]) -> Done:
    """The ewtoken was checked before the call ran: it is valid."""
    return Done(success=True)


async def logout(call: Call[Args]) -> Response:
    await call.services.tokens.logout(call.principal)
    await call.services.audit.record("logout", call.principal.user_name, client_address(call.request))
    response = render.json(Done(success=True, message="You are logged out"))
    clear_cookies(response)
    return response


_TAGS = ("login",)
OPERATIONS = [
    Operation(
        "login",
        "POST",
        "/login",
        LoginArgs,
        LoginAnswer,
        login,
        "Log in: an `ewtoken` (send it as a header, `Authorization: Bearer` or cookie) and an"
        " `epimresttoken`. `login` and `password` in a JSON body or the query string.",
        public=True,
        tags=_TAGS,
        body=Credentials | None,
    ),
    Operation(
        "reauth", "GET", "/reauth", Args, Done, reauth, "Whether the ewtoken is still valid.", tags=_TAGS
    ),
    Operation(
        "logout",
        "POST",
        "/logout",
        Args,
        Done,
        logout,
        "End the login: its ewtoken and every epimresttoken it issued stop working.",
        tags=_TAGS,
    ),
]
