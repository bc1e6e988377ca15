"""In development mode, before each request: the shared virtual clock applied to this process; and on
each answer, the virtual now as `X-Restkeep-Time`."""

from __future__ import annotations

import logging

from starlette.datastructures import State
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from restkeep.server import clock

log = logging.getLogger("restkeep.server")
HEADER = b"x-restkeep-time"


class DevTime:
    def __init__(self, app: ASGIApp, state: State) -> None:
        self._app = app
        self._state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self._state.services.dev.sync()
        except Exception as exc:  # the database is away: the call itself will say so in its envelope
            log.warning("the virtual clock could not be read: %s", type(exc).__name__)

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", ()), (HEADER, clock.format_ms(clock.now_ms()).encode())]
                message = {**message, "headers": headers}
            await send(message)

        await self._app(scope, receive, stamped)
