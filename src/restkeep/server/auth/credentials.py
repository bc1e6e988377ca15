"""HTTP Basic without hashing a password per request: a cache of verified credentials.

A credential (user name + password) that verified once is remembered under a keyed hash (BLAKE2b in
its keyed MAC mode with a per-process random key, so the cache holds nothing that reveals a password;
a third of the cost of an HMAC-SHA256) together with the user's
`credentials_version`. A hit costs one indexed read of that version: a password change anywhere (any
worker, any host) bumps the version and the cached credential stops working at once.

The client's address is part of the key. A hit skips the login throttle, so a credential verified
from one address must not answer for another: an address that is throttled for guessing would
otherwise learn which guess was right (200 instead of 429) from the rightful user's cache entry.
"""

from __future__ import annotations

import hashlib
import secrets
import time

import msgspec

from restkeep.server.audit import AuditLog
from restkeep.server.auth.passwords import burn_verification, verify_password
from restkeep.server.auth.throttle import LoginThrottle
from restkeep.server.errors import TooManyRequests
from restkeep.server.store import Store

_TTL_SECONDS = 300.0
_MAX_ENTRIES = 10_000


class _Entry(msgspec.Struct):
    user_id: str
    user_name: str
    version: int
    expires: float


class CredentialVerifier:
    def __init__(self, store: Store, audit: AuditLog) -> None:
        self._store = store
        self._throttle = LoginThrottle(store)
        self._audit = audit
        self._key = secrets.token_bytes(32)
        self._cache: dict[bytes, _Entry] = {}

    def _cache_key(self, name: str, password: str, address: str | None) -> bytes:
        given = b"\x00".join((name.encode(), password.encode(), (address or "").encode()))
        return hashlib.blake2b(given, key=self._key).digest()

    async def verify(self, name: str, password: str, address: str | None = None) -> tuple[str, str] | None:
        """`(user_id, user_name)` if this is the user's password, else None.

        Credentials that verified before answer from the cache; anything else is a login attempt,
        throttled per user name and client address (429 TooManyRequests while blocked).
        """
        key = self._cache_key(name, password, address)
        entry = self._cache.get(key)
        if entry is not None and entry.expires > time.monotonic():
            if await self._store.credentials_version(entry.user_id) == entry.version:
                return entry.user_id, entry.user_name
            del self._cache[key]
        try:
            await self._throttle.check(name, address)
        except TooManyRequests:
            await self._audit.record("login.throttled", name, address)
            raise
        user = await self._store.get_user(name)
        if user is None:
            await burn_verification(password)
        if user is None or not await verify_password(user.password_hash, password):
            await self._throttle.failed(name, address)
            await self._audit.record("login.failed", name, address)
            return None
        await self._throttle.succeeded(name, address)
        await self._audit.record("login", user.name, address)
        if len(self._cache) >= _MAX_ENTRIES:
            self._cache.pop(next(iter(self._cache)))
        self._cache[key] = _Entry(
            user.id, user.name, user.credentials_version, time.monotonic() + _TTL_SECONDS
        )
        return user.id, user.name
