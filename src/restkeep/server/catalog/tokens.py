"""The Catalog's two tokens: `ewtoken` (the login, default 24 h) and `epimresttoken` (the REST session,
default 30 min), rotated as the spec's "Two tokens" section says.

A webcm call needs a valid ewtoken. Its epimresttoken may be missing, unknown, from another login,
expired or about to expire: the call still succeeds and the caller gets a new one to use from then on.
A call with no ewtoken at all is let in by a valid epimresttoken alone (some clients keep only that
cookie), as long as the login it belongs to lasts; an expired one alone is 401, like an expired login.
Tokens carry 192 random bits; only their SHA-256 is stored, and they are never logged.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from restkeep.server import clock
from restkeep.server.auth.api_tokens import ApiTokenService
from restkeep.server.auth.credentials import CredentialVerifier
from restkeep.server.auth.principal import Principal
from restkeep.server.auth.sessions import hash_token
from restkeep.server.errors import InvalidCredentials, Unauthorized
from restkeep.server.store import Store

LOGIN, REST = "ew", "rest"
# a REST token is renewed once less than this share of its lifetime (at most a minute) is left
_RENEW_SHARE = 0.25
_RENEW_MAX_MS = 60_000


@dataclass(frozen=True)
class Login:
    ewtoken: str
    expires_at: int
    epimresttoken: str
    user_name: str


class TokenExpired(Unauthorized):
    code = "TokenExpired"


class TokenService:
    def __init__(
        self,
        store: Store,
        credentials: CredentialVerifier,
        api_tokens: ApiTokenService,
        ewtoken_ttl: float,
        resttoken_ttl: float,
    ) -> None:
        self._store = store
        self._credentials = credentials
        self._api_tokens = api_tokens
        self.set_lifetimes(ewtoken_ttl, resttoken_ttl)
        # development mode: whether a token was revoked (refused, never rotated)
        self.revoked: Callable[[str], Awaitable[bool]] | None = None

    def set_lifetimes(self, ewtoken_ttl: float, resttoken_ttl: float) -> None:
        """The lifetimes of tokens issued from now on (development mode changes them at run time)."""
        self._login_ms = int(ewtoken_ttl * 1000)
        self._rest_ms = int(resttoken_ttl * 1000)
        self._renew_ms = min(_RENEW_MAX_MS, int(self._rest_ms * _RENEW_SHARE))

    async def _issue(
        self, kind: str, user_id: str, login_hash: str | None, lifetime_ms: int
    ) -> tuple[str, int]:
        token = secrets.token_urlsafe(24)
        now = clock.now_ms()
        await self._store.create_token(hash_token(token), kind, user_id, login_hash, now, now + lifetime_ms)
        return token, now + lifetime_ms

    async def login(self, login: str, password: str, address: str | None = None) -> Login:
        # a restkeep API token works as its user's password (how `restkeep login` reaches the Catalog)
        verified = await self._api_tokens.verify(login, password, address)
        if verified is None:
            verified = await self._credentials.verify(login, password, address)
        if verified is None:
            raise InvalidCredentials("Invalid login or password")
        user_id, user_name = verified
        await self._store.delete_expired_tokens(clock.now_ms())
        ewtoken, expires_at = await self._issue(LOGIN, user_id, None, self._login_ms)
        rest, _ = await self._issue(REST, user_id, hash_token(ewtoken), self._rest_ms)
        return Login(ewtoken, expires_at, rest, user_name)

    async def check_login(self, ewtoken: str | None) -> Principal:
        """The principal of a valid ewtoken; 401 for a missing, unknown, expired or ended one."""
        if not ewtoken:
            raise Unauthorized("No ewtoken in this request: log in at /enable-api/login")
        record = await self._store.get_token(hash_token(ewtoken))
        if record is None or record.kind != LOGIN:
            raise Unauthorized("The ewtoken is unknown or was logged out: log in again")
        if record.expires_at <= clock.now_ms():
            raise TokenExpired("The ewtoken has expired: log in again")
        return Principal(record.user_id, record.user_name, "ewtoken", hash_token(ewtoken))

    async def authenticate(self, ewtoken: str | None, resttoken: str | None) -> tuple[Principal, str | None]:
        """The caller, and a new epimresttoken when theirs is missing, stale or not theirs."""
        if not ewtoken and resttoken:
            return await self._by_resttoken(resttoken)
        principal = await self.check_login(ewtoken)
        if resttoken:
            token_hash = hash_token(resttoken)
            record = await self._store.get_token(token_hash)
            if (
                record is not None
                and record.kind == REST
                and record.login_hash == principal.session_hash
                and record.expires_at - clock.now_ms() > self._renew_ms
            ):
                return principal, None
            # a revoked token is gone from the store: asked only of a token the store does not know
            if record is None and self.revoked is not None and await self.revoked(token_hash):
                raise Unauthorized("The epimresttoken was revoked: log in again")
        fresh, _ = await self._issue(REST, principal.user_id, principal.session_hash, self._rest_ms)
        return principal, fresh

    async def _by_resttoken(self, resttoken: str) -> tuple[Principal, str | None]:
        now = clock.now_ms()
        record = await self._store.get_token(hash_token(resttoken))
        if record is None or record.kind != REST or record.login_hash is None:
            raise Unauthorized("The epimresttoken is unknown and no ewtoken was sent: log in again")
        if record.expires_at <= now:
            raise TokenExpired("The epimresttoken has expired and no ewtoken was sent: log in again")
        login = await self._store.get_token(record.login_hash)
        if login is None or login.kind != LOGIN or login.expires_at <= now:
            raise TokenExpired("The login this epimresttoken belongs to has ended: log in again")
        principal = Principal(record.user_id, record.user_name, "epimresttoken", record.login_hash)
        if record.expires_at - now > self._renew_ms:
            return principal, None
        fresh, _ = await self._issue(REST, record.user_id, record.login_hash, self._rest_ms)
        return principal, fresh

    async def logout(self, principal: Principal) -> None:
        """End the login of a principal from `check_login`, and every epimresttoken it issued."""
        assert principal.session_hash is not None
        await self._store.delete_login(principal.session_hash)
