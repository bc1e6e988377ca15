"""Who a request says it comes from, read without acting on it: no session is touched, no token
rotated, no password checked. Development mode matches fault rules on it (`match.user`)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from restkeep.server.auth.sessions import hash_token
from restkeep.server.catalog.api.tokens import ewtoken, resttoken
from restkeep.server.errors import InvalidCredentials
from restkeep.server.flow.api.auth import SESSION_COOKIE, decode_basic
from restkeep.server.store import Store
from restkeep.server.store.records import CredentialRecord


@dataclass(frozen=True)
class Caller:
    user: str | None = None
    # the credential the request carries, if the server knows it (revoked ones included)
    credential: CredentialRecord | None = None


async def identify(request: Request, store: Store, session_idle_ms: int) -> Caller:
    """The first credential the request carries that the server knows: a Flow session, a Catalog token;
    else the user name of a Basic header."""
    headers = request.headers
    secrets = (
        headers.get("sessionid"),
        request.cookies.get(SESSION_COOKIE),
        ewtoken(request),
        resttoken(request),
    )
    for secret in secrets:
        if secret:
            found = await store.dev_credential(hash_token(secret), session_idle_ms)
            if found is not None:
                return Caller(found.user, found)
    authorization = headers.get("authorization", "")
    if authorization[:6].lower() == "basic ":
        try:
            return Caller(decode_basic(authorization[6:])[0])
        except InvalidCredentials:
            pass
    return Caller()
