"""Who a request says it comes from, read without acting on it: no session is touched, no token
rotated, no password checked. Development mode matches fault rules on it (`match.user`) and the
journal shows it, with a verdict on the credential the request carried."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from starlette.requests import Request
from starlette.types import Scope

from restkeep.server.auth.sessions import hash_token
from restkeep.server.catalog.api.tokens import ewtoken, resttoken
from restkeep.server.errors import InvalidCredentials
from restkeep.server.flow.api.auth import SESSION_COOKIE, decode_basic
from restkeep.server.store import Store
from restkeep.server.store.records import CredentialRecord


def state_of(credential: CredentialRecord, now: int) -> str:
    """`live`, `expired` or `revoked`, at `now`."""
    if credential.revoked:
        return "revoked"
    if credential.kind == "session":
        return "expired" if now > credential.expires_at else "live"
    return "expired" if credential.expires_at and credential.expires_at <= now else "live"


@dataclass(frozen=True)
class Presented:
    """A credential the request carried: its kind, the SHA-256 of its secret, and what the server knows
    of it (None: nothing, an unknown secret)."""

    kind: str
    secret_hash: str
    known: CredentialRecord | None


@dataclass(frozen=True)
class Caller:
    user: str | None = None
    # the credential that decides the request: an epimresttoken before its ewtoken, a session
    credential: Presented | None = None
    # the Catalog login (ewtoken) the request came under, by the SHA-256 of its secret
    login_hash: str | None = None


CALLER = "restkeep.caller"  # the scope key that keeps a request's `Caller` once it is known


async def caller_of(scope: Scope, store: Store, session_idle_ms: int) -> Caller:
    """The request's caller, identified once per request (the journal and the fault rules both ask)."""
    found: Caller | None = scope.get(CALLER)
    if found is None:
        found = scope[CALLER] = await identify(Request(scope), store, session_idle_ms)
    return found


async def identify(request: Request, store: Store, session_idle_ms: int) -> Caller:
    """The credentials the request carries, most specific first, looked up until one is known (its user
    is the caller); with none known, the user name of a Basic header."""
    login = ewtoken(request)
    carried = [
        ("epimresttoken", resttoken(request)),
        ("ewtoken", login),
        ("session", request.headers.get("sessionid")),
        ("session", request.cookies.get(SESSION_COOKIE)),
    ]
    presented: list[Presented] = []
    user = None
    for kind, secret in carried:
        if secret:
            secret_hash = hash_token(secret)
            known = await store.dev_credential(secret_hash, session_idle_ms)
            presented.append(Presented(kind, secret_hash, known))
            if known is not None:
                user = known.user
                break
    authorization = request.headers.get("authorization", "")
    if user is None and authorization[:6].lower() == "basic ":
        with contextlib.suppress(InvalidCredentials):
            user = decode_basic(authorization[6:])[0]
    return Caller(user, presented[0] if presented else None, hash_token(login) if login else None)
