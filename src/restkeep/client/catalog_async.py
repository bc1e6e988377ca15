"""`AsyncCatalogClient`: `CatalogClient` for asyncio, on `httpx.AsyncClient`, with the same methods awaited.

    async with AsyncCatalogClient("https://host:8443", login="system", password="system") as cat:
        async for item in cat.search_items(10149, page_size=500):
            ...

Many tasks share one login: the first to need tokens logs in while the others wait for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO, Any, TypeVar

from restkeep.client.auth import WEBCM, CatalogTokens
from restkeep.client.calls import AsyncRunner, Call, operation
from restkeep.client.catalog_calls import CatalogApi, Filters, export_params, search_args
from restkeep.client.errors import error_from
from restkeep.client.files import CHUNK, Progress
from restkeep.client.paging import AsyncItemPages
from restkeep.client.transport import AsyncClientBase, AsyncTransport, Verify

T = TypeVar("T")


async def _chunks(handle: IO[bytes], progress: Progress | None) -> AsyncIterator[bytes]:
    """A file's bytes for an async request body, read off the event loop."""
    while chunk := await asyncio.to_thread(handle.read, CHUNK):
        if progress is not None:
            progress(len(chunk))
        yield chunk


class AsyncCatalogClient(CatalogApi, AsyncRunner, AsyncClientBase):
    def __init__(
        self,
        url: str,
        login: str,
        password: str | None = None,
        *,
        token: str | None = None,
        verify: Verify = True,
        timeout: float = 30.0,
        retries: int = 3,
    ) -> None:
        self._auth = CatalogTokens(login, password, token)
        self._transport = AsyncTransport(url, verify=verify, timeout=timeout, retries=retries)
        self._lock = asyncio.Lock()

    @property
    def logins(self) -> int:
        return self._auth.logins

    @property
    def rotations(self) -> int:
        """How many times the server rotated the `epimresttoken`."""
        return self._auth.rotations

    async def _login(self, stale: str | None) -> dict[str, str]:
        async with self._lock:
            if (tokens := self._auth.fresh(stale)) is not None:
                return tokens  # another task logged in meanwhile
            response = await self._transport.send(
                "POST", self._auth.path, idempotent=False, json=self._auth.credentials
            )
            self._transport.http.cookies.clear()  # tokens travel as headers
            return self._auth.accept(response)

    async def request(self, method: str, path: str, *, idempotent: bool, **kwargs: Any) -> Any:
        """One webcm call; returns its `data`. Renews the login once on 401; follows token rotation."""
        tokens = self._auth.fresh(None) or await self._login(None)
        for attempt in (0, 1):
            response = await self._transport.send(
                method, WEBCM + path, idempotent=idempotent, headers=tokens, **kwargs
            )
            self._transport.http.cookies.clear()
            if response.status_code == 401 and attempt == 0:
                tokens = await self._login(tokens.get("ewtoken"))
                continue
            return self._auth.read(response, tokens)
        raise AssertionError("unreachable")

    async def run(self, call: Call[T]) -> T:
        data = await self.request(call.method, call.path, idempotent=call.idempotent, **call.options())
        return call.parse(data)

    @operation("POST /enable-api/login")
    async def login(self) -> None:
        """Log in now rather than on the first call (checks the credentials early)."""
        if self._auth.fresh(None) is None:
            await self._login(None)

    @operation("GET /enable-api/reauth")
    async def reauth(self) -> bool:
        """Whether the current login is still valid (does not extend it)."""
        if (tokens := self._auth.fresh(None)) is None:
            return False
        response = await self._transport.send("GET", "/enable-api/reauth", idempotent=True, headers=tokens)
        return response.status_code == 200 and bool(response.json().get("success"))

    @operation("POST /enable-api/logout")
    async def logout(self) -> None:
        if (tokens := self._auth.fresh(None)) is not None:
            self._auth.current = {}
            await self._transport.send("POST", "/enable-api/logout", idempotent=False, headers=tokens)

    def search_items(
        self,
        repository_id: int,
        *,
        page_size: int = 100,
        filters: Filters | None = None,
        keyword: str | None = None,
        sort: list[dict[str, Any]] | None = None,
        attributes: list[str] | None = None,
    ) -> AsyncItemPages:
        """Every matching item (`async for`), fetched by cursor a page at a time; `.total` after the first."""
        search = search_args(repository_id, page_size, filters, keyword, sort, attributes)
        return AsyncItemPages(self.search_page, search)

    @operation("POST /webcm/rest/api/items/import")
    async def import_items(
        self, repository_id: int, source: Path, fmt: str, *, progress: Progress | None = None
    ) -> int:
        """Stream a CSV or JSON Lines file into a repository (all or nothing); return how many were added.
        `progress` is called with each chunk's size as it is sent."""
        with Path(source).open("rb") as handle:
            data = await self.request(
                "POST",
                "/items/import",
                idempotent=False,
                params={"repositoryId": repository_id, "format": fmt},
                content=_chunks(handle, progress),
            )
        return int(data["imported"])

    @operation("GET /webcm/rest/api/items/export")
    async def export_items(
        self,
        repository_id: int,
        fmt: str = "jsonl",
        *,
        filters: Filters | None = None,
        keyword: str | None = None,
    ) -> AsyncIterator[bytes]:
        """Stream every matching item as CSV or JSON Lines, chunk by chunk (`async for`)."""
        params = export_params(repository_id, fmt, filters, keyword)
        tokens = self._auth.fresh(None) or await self._login(None)
        for attempt in (0, 1):
            async with self._transport.http.stream(
                "GET", WEBCM + "/items/export", params=params, headers=tokens
            ) as response:
                if response.status_code == 401 and attempt == 0:
                    await response.aread()
                    tokens = await self._login(tokens.get("ewtoken"))
                    continue
                if response.status_code >= 400:
                    await response.aread()
                    raise error_from(response)
                async for chunk in response.aiter_bytes():
                    yield chunk
                return
