"""The ASGI application each worker serves.

Every API call goes from here straight to its operation through `Routes`; everything else (the
reference pages, lifespan events) goes to the Starlette application behind.
Both paths share the drain of unread bodies and the access log.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from starlette.applications import Starlette
from starlette.datastructures import State
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from restkeep.server.access_log import RequestLog
from restkeep.server.catalog.api.paths import CollapseSlashes
from restkeep.server.dev.injector import Injector
from restkeep.server.dev.journal import Recorder
from restkeep.server.dev.timing import DevTime
from restkeep.server.drain import DrainUnreadBody
from restkeep.server.errors import MalformedRequest
from restkeep.server.failures import error_response, render_error
from restkeep.server.routing import Routes


class Front:
    def __init__(
        self,
        app: Starlette,
        routes: Routes,
        *,
        access_log: bool = False,
        dev: bool = False,
        trusted_proxies: str = "",
    ) -> None:
        self.app = app
        self.state: State = app.state  # `services` appears here when the lifespan starts
        self._routes = routes
        # Catalog clients join URLs with a doubled slash: collapsed before any route is matched
        routed: ASGIApp = self._route
        if dev:  # the shared state applied, the request journaled, a fault carried out
            routed = DevTime(Recorder(Injector(routed, self.state), self.state), self.state)
        drained = DrainUnreadBody(CollapseSlashes(routed))
        self._http = RequestLog(drained, access_log=access_log, trusted_proxies=trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self._http(scope, receive, send)

    async def _route(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _path_is_utf8(scope):
            failure = MalformedRequest("The request path is not valid UTF-8 once its %-escapes are decoded")
            await render_error(scope["path"], failure)(scope, receive, send)
            return
        found = self._routes.match(scope["path"])
        if found is None:
            await self.app(scope, receive, send)
            return
        endpoint, scope["path_params"] = found
        scope["app"] = self.app
        request = Request(scope, receive)
        try:
            response = await endpoint(request, self.state.services)
        except Exception as exc:
            response = await error_response(request, exc)
        if type(response) is Response:  # a whole body: nothing left to fail once it is built
            await response(scope, receive, send)
            return
        await _stream(request, response, send)


def _path_is_utf8(scope: Scope) -> bool:
    """Whether the path as sent decodes as UTF-8. The server decodes it with replacement characters,
    which would then be stored (a property named `a\ufffdb`) in place of what the client meant."""
    raw: bytes | None = scope.get("raw_path")
    if raw is None or (raw.isascii() and b"%" not in raw):
        return True
    try:
        unquote_to_bytes(raw).decode()
    except UnicodeDecodeError:
        return False
    return True


async def _stream(request: Request, response: Response, send: Send) -> None:
    """A streamed or file answer; if it fails before its first byte, the client still gets an envelope."""
    started = False

    async def noting(message: Message) -> None:
        nonlocal started
        started = True
        await send(message)

    try:
        await response(request.scope, request.receive, noting)
    except Exception as exc:
        if started:
            raise  # the status line is gone: all the server can do is cut the connection
        failure = await error_response(request, exc)
        await failure(request.scope, request.receive, send)
