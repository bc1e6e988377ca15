"""HTTP for the clients: TLS verified by default, timeouts on, and retries with exponential backoff and
jitter — for connection errors, 429 (honouring `Retry-After`) and 502/503/504 — only for calls that are
safe to repeat. `Transport` is the blocking one, `AsyncTransport` its asyncio twin; both follow
the same `RetryPolicy`."""

from __future__ import annotations

import asyncio
import random
import ssl
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx

from restkeep.client.errors import InvalidRequest, RestkeepError, TransportError

RETRY_STATUSES = frozenset({429, 502, 503, 504})
Verify = bool | str | Path | ssl.SSLContext


def ssl_verify(verify: Verify) -> ssl.SSLContext | bool:
    """`True` (system CAs), `False` (no checking), or a CA file such as the one `restkeep serve` prints."""
    if isinstance(verify, str | Path):
        return ssl.create_default_context(cafile=str(verify))
    return verify


class RetryPolicy:
    def __init__(self, retries: int, backoff: float) -> None:
        self.retries = retries
        self.backoff = backoff

    def attempts(self, idempotent: bool) -> int:
        return self.retries + 1 if idempotent else 1

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        if response is not None and response.status_code == 429:
            after = response.headers.get("retry-after", "")
            if after.replace(".", "", 1).isdigit():
                return float(after)
        return float(self.backoff * 2**attempt * (0.5 + random.random()))  # noqa: S311 - jitter, not a secret

    @staticmethod
    def failed(method: str, url: str, exc: httpx.TransportError) -> TransportError:
        return TransportError(f"{method} {url[:200]}: {exc}")

    @staticmethod
    def unsendable(method: str, url: str, exc: Exception) -> RestkeepError:
        """An error of httpx's own that is not a lost connection: no httpx error leaves the SDK."""
        if isinstance(exc, httpx.InvalidURL):
            return InvalidRequest(f"{method} {url[:200]}: the request cannot be sent: {exc}")
        return TransportError(f"{method} {url[:200]}: {exc}")


class Transport:
    def __init__(
        self,
        base_url: str,
        *,
        verify: Verify = True,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.25,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.http = httpx.Client(base_url=base_url.rstrip("/"), verify=ssl_verify(verify), timeout=timeout)
        self.policy = RetryPolicy(retries, backoff)
        self._sleep = sleep

    def close(self) -> None:
        self.http.close()

    def send(self, method: str, url: str, *, idempotent: bool, **kwargs: Any) -> httpx.Response:
        attempts = self.policy.attempts(idempotent)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = self.http.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                if last:
                    raise self.policy.failed(method, url, exc) from exc
                self._sleep(self.policy.delay(attempt, None))
                continue
            except (httpx.InvalidURL, httpx.HTTPError) as exc:
                raise self.policy.unsendable(method, url, exc) from exc
            if response.status_code in RETRY_STATUSES and not last:
                self._sleep(self.policy.delay(attempt, response))
                continue
            return response
        raise AssertionError("unreachable")


class AsyncTransport:
    def __init__(
        self,
        base_url: str,
        *,
        verify: Verify = True,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.25,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"), verify=ssl_verify(verify), timeout=timeout
        )
        self.policy = RetryPolicy(retries, backoff)
        self._sleep = sleep

    async def close(self) -> None:
        await self.http.aclose()

    async def send(self, method: str, url: str, *, idempotent: bool, **kwargs: Any) -> httpx.Response:
        attempts = self.policy.attempts(idempotent)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = await self.http.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                if last:
                    raise self.policy.failed(method, url, exc) from exc
                await self._sleep(self.policy.delay(attempt, None))
                continue
            except (httpx.InvalidURL, httpx.HTTPError) as exc:
                raise self.policy.unsendable(method, url, exc) from exc
            if response.status_code in RETRY_STATUSES and not last:
                await self._sleep(self.policy.delay(attempt, response))
                continue
            return response
        raise AssertionError("unreachable")


class ClientBase:
    """What the blocking clients share: one transport, used as a context manager."""

    _transport: Transport

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._transport.close()


class AsyncClientBase:
    """What the asyncio clients share: one transport, used as an async context manager."""

    _transport: AsyncTransport

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._transport.close()
