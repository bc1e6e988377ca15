"""Login throttling: repeated failures make further attempts wait (429 with `Retry-After`) for a
growing interval. Two counters, both in the database so that every worker and host sees them:

- a user name *from one address*: 5 failures in 15 minutes, then a wait that doubles with each
  further failure (1 s, 2 s, 4 s ... up to 15 minutes);
- an address, whatever the names: 50 failures, then the same growing wait.

Nothing counts a user name across addresses: that would let anyone lock any user out by failing
five times from anywhere, so the right password from an address that has not been failing always
logs in. A guesser is slowed per address; one with many addresses gets five tries per address
before each one waits. A success clears the counter of that name at that address.
"""

from __future__ import annotations

import math

from restkeep.server import clock
from restkeep.server.errors import TooManyRequests
from restkeep.server.store import Store

WINDOW_MS = 15 * 60 * 1000
USER_ALLOWANCE = 5
ADDRESS_ALLOWANCE = 50
MAX_WAIT_MS = 15 * 60 * 1000


def _keys(user_name: str, address: str | None) -> list[str]:
    """The user name at this address, then the address (none for a caller with no address)."""
    keys = [f"user:{user_name.lower()}@{address or '-'}"]
    if address:
        keys.append(f"address:{address}")
    return keys


class LoginThrottle:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def check(self, user_name: str, address: str | None) -> None:
        until = await self._store.login_blocked_until(_keys(user_name, address))
        wait_ms = until - clock.now_ms()
        if wait_ms > 0:
            seconds = math.ceil(wait_ms / 1000)
            raise TooManyRequests(
                f"Too many failed logins; try again in {seconds} s", headers={"Retry-After": str(seconds)}
            )

    async def failed(self, user_name: str, address: str | None) -> None:
        now = clock.now_ms()
        for key, allowance in zip(
            _keys(user_name, address), (USER_ALLOWANCE, ADDRESS_ALLOWANCE), strict=False
        ):
            failures = await self._store.record_login_failure(key, now, WINDOW_MS)
            if failures >= allowance:
                wait = min(MAX_WAIT_MS, 1000 * 2 ** (failures - allowance))
                await self._store.block_login(key, now + wait)

    async def succeeded(self, user_name: str, address: str | None) -> None:
        await self._store.clear_login_failures(_keys(user_name, address)[0])
