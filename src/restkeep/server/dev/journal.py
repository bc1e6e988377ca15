"""Development mode's request journal: every request but the dev routes', redacted (see `redaction`),
with who made it, a verdict on its credential, the fault that fired on it and both bodies; kept in a
bounded ring shared by every worker (`--journal-size`), read newest first through filters.

`Recorder` is the ASGI layer that writes an entry. It does so before the answer's last byte leaves,
so a client that reads the journal right after its call finds the call there, whichever worker
answers."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import msgspec
from starlette.datastructures import State
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from restkeep.server import clock
from restkeep.server.auth.sessions import Sessions
from restkeep.server.catalog.api.render import WEBCM_PREFIX
from restkeep.server.catalog.api.tokens import RESTTOKEN
from restkeep.server.dev.caller import Caller, caller_of, state_of
from restkeep.server.dev.faults import APIS, path_pattern
from restkeep.server.dev.injector import FIRED
from restkeep.server.dev.redaction import Redactor
from restkeep.server.failures import DEV_PREFIX
from restkeep.server.store import Store
from restkeep.server.store.sql.journal import JournalRow

log = logging.getLogger("restkeep.server")
BODY_LIMIT = 64 * 1024  # bytes of each body an entry keeps


def api_of(path: str) -> str:
    return next((name for name, prefixes in APIS.items() if path.startswith(prefixes)), "other")


def verdict(caller: Caller, now: int) -> str | None:
    """Why the request's credential was taken or refused: `live`, `expired 62s ago`, `revoked`, `unknown`."""
    presented = caller.credential
    if presented is None:
        return None
    if presented.known is None:
        return "unknown"
    state = state_of(presented.known, now)
    if state == "expired":
        return f"expired {max(0, now - presented.known.expires_at) // 1000}s ago"
    return state


@dataclass(frozen=True)
class Filters:
    api: str | None = None
    method: str | None = None
    path: str | None = None
    status: int | None = None
    user: str | None = None
    limit: int = 100


class Journal:
    def __init__(self, store: Store, sessions: Sessions, size: int) -> None:
        self._store = store
        self._sessions = sessions
        self.size = size

    async def caller(self, scope: Scope) -> Caller:
        return await caller_of(scope, self._store, self._sessions.idle_ms)

    async def generation(self, login_hash: str) -> int:
        """The generation the next epimresttoken of a login is: the login's own is the first."""
        return await self._store.journal_rotations(login_hash) + 2

    async def add(self, row: JournalRow) -> None:
        await self._store.journal_append(row, self.size)

    async def entries(self, filters: Filters) -> list[dict[str, Any]]:
        where: dict[str, Any] = {}
        for column, value in (("api", filters.api), ("method", filters.method), ("status", filters.status),
                              ("user_name", filters.user)):  # fmt: skip
            if value is not None:
                where[column] = value
        pattern = path_pattern(filters.path) if filters.path else None
        chosen = []
        for entry_id, path, entry in await self._store.journal_entries(where):
            if pattern is None or pattern.fullmatch(path):
                chosen.append({"id": entry_id, **msgspec.json.decode(entry)})
                if len(chosen) == filters.limit:
                    break
        return chosen

    async def clear(self) -> None:
        await self._store.journal_clear()


class Recorder:
    """The ASGI layer that journals each request outside `/_restkeep/`."""

    def __init__(self, app: ASGIApp, state: State) -> None:
        self._app = app
        self._state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"].startswith(DEV_PREFIX + "/"):
            await self._app(scope, receive, send)
            return
        journal: Journal = self._state.services.dev.journal
        exchange = _Exchange(scope, clock.wall_ms(), clock.now_ms(), time.perf_counter())
        try:
            exchange.caller = await journal.caller(scope)
        except Exception as exc:  # the database is away: the call itself will say so
            log.warning("the journal could not identify a caller: %s", type(exc).__name__)

        async def receiving() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                exchange.take(exchange.request_body, message.get("body", b""))
            return message

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                exchange.start = message
            elif message["type"] == "http.response.body":
                exchange.take(exchange.response_body, message.get("body", b""))
                if not message.get("more_body", False):
                    await self._record(journal, exchange)
            await send(message)

        try:
            await self._app(scope, receiving, sending)
        finally:
            if not exchange.recorded:  # no whole answer: a broken connection, a client that left
                await self._record(journal, exchange)

    async def _record(self, journal: Journal, exchange: _Exchange) -> None:
        exchange.recorded = True
        try:
            await journal.add(await exchange.row(journal))
        except Exception as exc:
            log.warning("a request could not be journaled: %s", type(exc).__name__)


class _Exchange:
    """One request and its answer, as far as they went."""

    def __init__(self, scope: Scope, wall: int, virtual: int, started: float) -> None:
        self.scope = scope
        self.wall, self.virtual, self.started = wall, virtual, started
        self.caller = Caller()
        self.start: Message | None = None
        self.request_body = bytearray()
        self.response_body = bytearray()
        self.recorded = False

    @staticmethod
    def take(kept: bytearray, chunk: bytes) -> None:
        if len(kept) < BODY_LIMIT:
            kept += chunk[: BODY_LIMIT - len(kept)]

    def _response_header(self, name: bytes) -> list[str]:
        headers = self.start.get("headers", ()) if self.start else ()
        return [v.decode("latin-1") for k, v in headers if k.lower() == name]

    async def row(self, journal: Journal) -> JournalRow:
        scope, caller = self.scope, self.caller
        path, method = scope["path"], scope["method"]
        status = self.start["status"] if self.start else 0
        rotated = path.startswith(WEBCM_PREFIX) and any(
            c.startswith(RESTTOKEN + "=") for c in self._response_header(b"set-cookie")
        )
        credential = None
        if caller.credential is not None:
            said = verdict(caller, self.virtual)
            if rotated and caller.login_hash:
                said = f"rotated (generation {await journal.generation(caller.login_hash)})"
            credential = {"kind": caller.credential.kind, "fingerprint": caller.credential.secret_hash[:12],
                          "verdict": said}  # fmt: skip
        redactor = Redactor()
        request_headers = redactor.headers(scope["headers"])
        entry = {
            "time": clock.format_ms(self.wall),
            "virtualTime": clock.format_ms(self.virtual),
            "api": api_of(path),
            "method": method,
            "path": path,
            "query": redactor.query(scope["query_string"].decode("latin-1")),
            "status": status,
            "user": caller.user,
            "credential": credential,
            "fault": scope.get(FIRED),
            "durationMs": round((time.perf_counter() - self.started) * 1000, 1),
            "requestHeaders": request_headers,
            "requestBody": redactor.body(bytes(self.request_body), request_headers.get("content-type", "")),
            "responseBody": redactor.body(
                bytes(self.response_body), next(iter(self._response_header(b"content-type")), "")
            ),
        }
        entry = redactor.everywhere(entry)
        return JournalRow(
            self.wall, entry["api"], method, entry["path"], status, caller.user,
            caller.login_hash, rotated, msgspec.json.encode(entry).decode(),
        )  # fmt: skip
