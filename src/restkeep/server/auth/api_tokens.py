"""API tokens for scripts: `POST /sessions` with `{"token": ...}` opens a session as the token's user.

A token is shown once, when it is made; only its SHA-256 is stored. It may expire; its owner or an
administrator may revoke it at any time.
"""

from __future__ import annotations

import secrets

from restkeep.server import clock
from restkeep.server.access import Access
from restkeep.server.audit import AuditLog
from restkeep.server.auth.principal import Principal
from restkeep.server.auth.sessions import hash_token
from restkeep.server.errors import AccessDenied, InvalidArgument, NoSuchObject
from restkeep.server.store import Store
from restkeep.server.store.errors import Missing
from restkeep.server.store.records import ApiTokenRecord

PREFIX = "rk_"
MAX_TOKENS_PER_USER = 100
MAX_LIFETIME_SECONDS = 10 * 365 * 86400


class ApiTokenService:
    def __init__(self, store: Store, access: Access, audit: AuditLog) -> None:
        self._store = store
        self._access = access
        self._audit = audit

    async def create(
        self, principal: Principal, name: str, lifetime_seconds: float | None
    ) -> tuple[ApiTokenRecord, str]:
        if not name.strip() or len(name) > 255:
            raise InvalidArgument("A token needs a 'name' of 1 to 255 characters")
        if lifetime_seconds is not None and lifetime_seconds > MAX_LIFETIME_SECONDS:
            raise InvalidArgument(
                "'expiresIn' may be at most 10 years; leave it out for a token that never expires"
            )
        if len(await self._store.user_api_tokens(principal.user_id)) >= MAX_TOKENS_PER_USER:
            raise InvalidArgument(f"A user may have at most {MAX_TOKENS_PER_USER} tokens; revoke some first")
        token = PREFIX + secrets.token_urlsafe(32)
        now = clock.now_ms()
        expires_at = 0 if lifetime_seconds is None else now + int(lifetime_seconds * 1000)
        token_id = await self._store.create_api_token(
            hash_token(token), principal.user_id, name, now, expires_at
        )
        await self._audit.record("token.create", principal.user_name, detail=f"token '{name}' ({token_id})")
        record = await self._store.api_token_by_id(token_id)
        assert record is not None
        return record, token

    async def every(self, principal: Principal, user_ids: list[str]) -> list[ApiTokenRecord]:
        """The tokens of these users (administrators only)."""
        await self._access.require_admin(principal, "see other users' tokens")
        return [t for user_id in user_ids for t in await self._store.user_api_tokens(user_id)]

    async def list(self, principal: Principal) -> list[ApiTokenRecord]:
        return await self._store.user_api_tokens(principal.user_id)

    async def revoke(self, principal: Principal, token_id: str) -> None:
        record = await self._store.api_token_by_id(token_id)
        if record is None:
            raise NoSuchObject(f"No API token '{token_id}'")
        if record.user_id != principal.user_id and not await self._access.is_admin(principal):
            raise AccessDenied("Only its owner or an administrator may revoke a token")
        try:
            await self._store.revoke_api_token(token_id)
        except Missing:
            raise NoSuchObject(f"No API token '{token_id}'") from None
        await self._audit.record(
            "token.revoke", principal.user_name, detail=f"token '{record.name}' of {record.user_name}"
        )

    async def resolve(self, token: str) -> tuple[str, str] | None:
        """`(user_id, user_name)` of a valid, unexpired token, else None."""
        if not token.startswith(PREFIX):
            return None
        record = await self._store.api_token_by_hash(hash_token(token))
        if record is None or (record.expires_at and record.expires_at <= clock.now_ms()):
            return None
        return record.user_id, record.user_name

    async def verify(self, user_name: str, token: str, address: str | None) -> tuple[str, str] | None:
        """A token given as its own user's password (the Catalog's login takes no token field):
        `(user_id, user_name)`, or None when it is not a valid token of that user."""
        verified = await self.resolve(token)
        if verified is None or verified[1] != user_name:
            return None
        await self._audit.record("login.token", user_name, address)
        return verified
