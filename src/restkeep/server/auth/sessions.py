"""Flow sessions: random ids handed to the client, only their SHA-256 kept; an idle timeout that slides."""

from __future__ import annotations

import hashlib
import secrets

from restkeep.server import clock
from restkeep.server.store import Store
from restkeep.server.store.records import SessionRecord

# a session's last use is written at most this often (and at most every tenth of the timeout), so that
# reading with a session does not turn every request into a write
_SLIDE_GRANULARITY_MS = 60_000


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    def __init__(self, store: Store, idle_timeout_seconds: float) -> None:
        self._store = store
        self.set_idle_timeout(idle_timeout_seconds)

    def set_idle_timeout(self, seconds: float) -> None:
        """Development mode changes it at run time."""
        self._idle_ms = int(seconds * 1000)
        self._slide_ms = min(_SLIDE_GRANULARITY_MS, self._idle_ms // 10)

    @property
    def idle_ms(self) -> int:
        return self._idle_ms

    async def start(self, user_id: str) -> str:
        token = secrets.token_urlsafe(24)
        await self._store.create_session(hash_token(token), user_id, clock.now_ms())
        return token

    async def resume(self, token: str) -> tuple[str, SessionRecord] | None:
        """The session's hash and record if it is known and not idle too long; it slides on use."""
        token_hash = hash_token(token)
        session = await self._store.get_session(token_hash)
        if session is None:
            return None
        now = clock.now_ms()
        if now - session.last_used > self._idle_ms:
            await self._store.delete_session(token_hash)
            return None
        if now - session.last_used >= self._slide_ms:
            await self._store.touch_session(token_hash, now)
        return token_hash, session

    async def end(self, token_hash: str) -> None:
        await self._store.delete_session(token_hash)
