"""Login throttling: repeated failures for one user name, or from one client address, make further
attempts wait (429 with `Retry-After`) for a growing interval. The counters are in the database, so
every worker and host sees the same ones. A success clears the user name's counter.

An address gets far more room than a user name, so that other users behind the same address (a CI
runner, an office NAT) keep logging in while one name is being guessed.
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
    keys = [f"user:{user_name.lower()}"]
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

    async def succeeded(self, user_name: str) -> None:
        await self._store.clear_login_failures(_keys(user_name, None)[0])
