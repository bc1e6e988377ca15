"""Every item of a Catalog search, a page at a time by cursor: `ItemPages` (for) and `AsyncItemPages`
(async for). Each keeps `.total` (known after the first page) and `.pages` (fetched so far)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

Json = dict[str, Any]


class _Pages:
    def __init__(self, search: dict[str, Any]) -> None:
        self._search = search
        self.total: int | None = None
        self.pages = 0

    def _take(self, data: Json) -> tuple[list[Json], str | None]:
        self.total = int(data["searchTotal"])
        self.pages += 1
        return list(data["itemList"]), data["nextCursor"]


class ItemPages(_Pages):
    def __init__(self, fetch: Callable[..., Json], search: dict[str, Any]) -> None:
        super().__init__(search)
        self._fetch = fetch

    def __iter__(self) -> Iterator[Json]:
        cursor: str | None = None
        while True:
            items, cursor = self._take(self._fetch(**self._search, cursor=cursor))
            yield from items
            if cursor is None:
                return


class AsyncItemPages(_Pages):
    def __init__(self, fetch: Callable[..., Awaitable[Json]], search: dict[str, Any]) -> None:
        super().__init__(search)
        self._fetch = fetch

    async def __aiter__(self) -> AsyncIterator[Json]:
        cursor: str | None = None
        while True:
            items, cursor = self._take(await self._fetch(**self._search, cursor=cursor))
            for item in items:
                yield item
            if cursor is None:
                return
