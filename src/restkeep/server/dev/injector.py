"""Fault rules at work: kept in the database for every worker, checked before each request reaches its
route, and carried out — an error status in the called API family's envelope, a delay, or a broken
connection (see `faults` for the rule language, `sockets` for the breaking)."""

from __future__ import annotations

import asyncio
import logging

import msgspec
from starlette.datastructures import State
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from restkeep.server import metrics
from restkeep.server.auth.sessions import Sessions
from restkeep.server.dev import sockets
from restkeep.server.dev.caller import caller_of
from restkeep.server.dev.faults import KEY, Armed, Book, Rule, Stored, check, decode_book, injected
from restkeep.server.failures import DEV_PREFIX, render_error
from restkeep.server.store import Store

log = logging.getLogger("restkeep.server")
FIRED = "restkeep.fault"  # the scope key naming the rule that fired on a request


class Faults:
    """The rules, as every worker sees them (`apply` before each request), and their changes."""

    def __init__(self, store: Store, sessions: Sessions) -> None:
        self._store = store
        self._sessions = sessions
        self.armed: list[Armed] = []
        self._seen: str | None = None

    def apply(self, raw: str | None) -> None:
        if raw != self._seen:
            self.armed = [Armed.of(rule) for rule in decode_book(raw).rules]
            self._seen = raw

    async def add(self, rule: Rule) -> Stored:
        rule = check(rule)
        added: list[Stored] = []

        def update(raw: str | None) -> tuple[str, list[int]]:
            book = decode_book(raw)
            added[:] = [Stored(**msgspec.structs.asdict(rule), id=book.next)]
            book = Book([*book.rules, added[0]], book.next + 1)
            return msgspec.json.encode(book).decode(), [r.id for r in book.rules]

        self.apply(await self._store.change_faults(KEY, update))
        return added[0]

    async def remove(self, rule_id: int | None = None) -> int:
        """Remove one rule, or every rule (None); how many went."""
        gone: list[int] = []

        def update(raw: str | None) -> tuple[str, list[int]]:
            book = decode_book(raw)
            kept = [r for r in book.rules if rule_id is not None and r.id != rule_id]
            gone[:] = [r.id for r in book.rules if r not in kept]
            return msgspec.json.encode(Book(kept, book.next)).decode(), [r.id for r in kept]

        self.apply(await self._store.change_faults(KEY, update))
        return len(gone)

    async def listed(self) -> list[tuple[Stored, int]]:
        """Every rule with how many times it fired."""
        self.apply((await self._store.dev_state()).get(KEY))
        counts = await self._store.fault_counts()
        return [(a.rule, counts.get(a.rule.id, (0, 0))[1]) for a in self.armed]

    async def choose(self, scope: Scope) -> tuple[Armed, int] | None:
        """The rule that fires on this request, and the request's ordinal among the rule's matches."""
        method, path = scope["method"], scope["path"]
        for armed in self.armed:
            if not armed.matches(method, path):
                continue
            if armed.needs_user is not None:
                caller = await caller_of(scope, self._store, self._sessions.idle_ms)  # once per request
                if caller.user != armed.needs_user:
                    continue
            seen = await self._store.count_fault(armed.rule.id, armed.fires)
            if seen is not None:
                return armed, seen
        return None


class Injector:
    """The ASGI layer that carries out the fault that fires on a request, if any."""

    def __init__(self, app: ASGIApp, state: State) -> None:
        self._app = app
        self._state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        faults: Faults = self._state.services.dev.faults
        chosen = None
        if faults.armed and not scope["path"].startswith(DEV_PREFIX + "/"):
            try:
                chosen = await faults.choose(scope)
            except Exception as exc:  # the database is away: the call itself will say so
                log.warning("fault rules could not be checked: %s", type(exc).__name__)
        if chosen is None:
            await self._app(scope, receive, send)
            return
        armed, seen = chosen
        scope[FIRED] = armed.rule.id
        if (counted := metrics.active()) is not None:
            counted.faults.inc()
        await self._carry_out(armed, seen, scope, receive, send)

    async def _carry_out(self, armed: Armed, seen: int, scope: Scope, receive: Receive, send: Send) -> None:
        action = armed.rule.action
        delay = armed.delay(seen)
        if delay:
            await asyncio.sleep(delay)
        if action.connection in ("reset", "empty"):
            broken = sockets.reset(scope) if action.connection == "reset" else sockets.close(scope)
            if not broken:
                log.warning("fault %s: no socket to break here; the request gets no answer", armed.rule.id)
            return  # the server's own answer goes into a broken connection
        if action.connection == "stall":
            while (await receive())["type"] != "http.disconnect":
                pass
            return
        target = self._app
        if action.status is not None:
            target = render_error(scope["path"], injected(action.status, armed.rule.id))
        if action.connection == "truncate":
            await _truncated(target, scope, receive, send)
        else:
            await target(scope, receive, send)


async def _truncated(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """The answer's status line, headers (its whole length announced) and the first half of its body;
    then the connection closes."""
    start: Message = {}
    body: list[bytes] = []

    async def held(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            body.append(message.get("body", b""))

    await app(scope, receive, held)
    if not start:
        return
    whole = b"".join(body)
    headers = [(k, v) for k, v in start.get("headers", ()) if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(whole)).encode()))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": whole[: len(whole) // 2], "more_body": True})
