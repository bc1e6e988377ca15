"""Every request gets an id, every answer carries it (`X-Request-Id`), and — with `--access-log` —
one log line per request says what it was: method, path, status, time, the operation, the user and
the id. Never the query string or headers, which may carry passwords (the seed passes them in the
query) and session ids.

An id given by the client (or a proxy) in `X-Request-Id` is kept when it is a plain token of up to
128 characters; otherwise the server makes one.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from restkeep.server import metrics, proxies

log = logging.getLogger("restkeep.access")
REQUEST_ID = "restkeep.request_id"
OPERATION = "restkeep.operation"  # set by the routing, when an operation answers
USER = "restkeep.user"  # set when the caller is known
_GIVEN = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
_HEADER = b"x-request-id"


def request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == _HEADER:
            given: str = value.decode("latin-1")
            if _GIVEN.fullmatch(given):
                return given
            break
    return uuid.uuid4().hex


class RequestLog:
    def __init__(self, app: ASGIApp, *, access_log: bool, trusted_proxies: str = "") -> None:
        self.app = app
        self.access_log = access_log
        self.trusted_proxies = trusted_proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        scope[REQUEST_ID] = rid = request_id(scope)
        counted = metrics.tally()
        if counted is not None:
            counted.in_flight += 1
        header = (_HEADER, rid.encode())

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            if counted is not None:
                counted.in_flight -= 1
                counted.request(
                    metrics.family_of(scope["path"]),
                    scope.get(OPERATION) or "-",
                    status,
                    time.perf_counter() - started,
                )
            if self.access_log:
                elapsed = (time.perf_counter() - started) * 1000
                peer = (scope.get("client") or ("-", 0))[0]
                forwarded = next(
                    (v.decode("latin-1") for k, v in scope["headers"] if k == b"x-forwarded-for"), None
                )
                client = (proxies.client(peer, forwarded, self.trusted_proxies) or "-", 0)
                fields = {
                    "request_id": rid,
                    "client": client[0],
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(elapsed, 1),
                    "operation": scope.get(OPERATION),
                    "user": scope.get(USER),
                }
                log.info(
                    "%s %s %s %d %.1fms %s",
                    client[0],
                    scope["method"],
                    scope["path"],
                    status,
                    elapsed,
                    rid,
                    extra={"fields": fields},
                )
