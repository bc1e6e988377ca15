"""Read what is left of a request body the application answered without reading.

A request refused before its body was read — a publish of a version that exists, an upload without
permission — still has that body on the wire. Were the connection closed with it unread, the kernel
would reset the connection, and the client, still writing, could lose the answer and see only a broken
pipe. So after answering, the rest of the body is read and discarded, up to `DRAIN_LIMIT` bytes;
a larger remainder is not worth the transfer and the connection closes as before.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DRAIN_LIMIT = 64 * 1024 * 1024


def _declared_length(scope: Scope) -> int | None:
    """The body's Content-Length, 0 for none, None when chunked (unknown)."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
        if name == b"transfer-encoding" and b"chunked" in value.lower():
            return None
    return 0


class DrainUnreadBody:
    def __init__(self, app: ASGIApp, limit: int = DRAIN_LIMIT) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _declared_length(scope)
        if length == 0:
            await self.app(scope, receive, send)
            return
        received = 0
        finished = False

        async def tracked() -> Message:
            nonlocal received, finished
            message = await receive()
            received += len(message.get("body", b""))
            finished = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        await self.app(scope, tracked, send)
        remaining = None if length is None else length - received
        if finished or (remaining is not None and remaining > self.limit):
            return
        budget = self.limit
        while budget >= 0:
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                return
            budget -= len(message.get("body", b""))
