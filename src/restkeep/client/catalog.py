"""`CatalogClient`: the Catalog API with both tokens handled for you.

    with CatalogClient("https://host:8443", login="system", password="system", verify="ca.pem") as cat:
        expensive = [{"attribute": "Price", "operator": "gt", "value": 100}]
        items = cat.search_items(10149, page_size=500, filters=expensive)
        for item in items:        # every matching item once, page by page (by cursor)
            ...
        items.total               # the exact number of matches

An expired or revoked `ewtoken` is renewed by logging in again (once per call); an `epimresttoken`
found in any response body replaces the one in use. Many threads share one login. The calls are
declared in `catalog_calls`, shared with `AsyncCatalogClient`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from restkeep.client.auth import WEBCM, CatalogTokens
from restkeep.client.calls import Call, SyncRunner, operation
from restkeep.client.catalog_calls import CatalogApi, Filters, export_params, search_args
from restkeep.client.errors import error_from
from restkeep.client.files import Progress, chunks
from restkeep.client.paging import ItemPages
from restkeep.client.transport import ClientBase, Transport, Verify

T = TypeVar("T")


class CatalogClient(CatalogApi, SyncRunner, ClientBase):
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
        self._transport = Transport(url, verify=verify, timeout=timeout, retries=retries)
        self._lock = threading.Lock()

    @property
    def logins(self) -> int:
        return self._auth.logins

    @property
    def rotations(self) -> int:
        """How many times the server rotated the `epimresttoken`."""
        return self._auth.rotations

    def _login(self, stale: str | None) -> dict[str, str]:
        with self._lock:
            if (tokens := self._auth.fresh(stale)) is not None:
                return tokens  # another thread logged in meanwhile
            response = self._transport.send(
                "POST", self._auth.path, idempotent=False, json=self._auth.credentials
            )
            self._transport.http.cookies.clear()  # tokens travel as headers
            return self._auth.accept(response)

    def request(self, method: str, path: str, *, idempotent: bool, **kwargs: Any) -> Any:
        """One webcm call; returns its `data`. Renews the login once on 401; follows token rotation."""
        tokens = self._auth.fresh(None) or self._login(None)
        for attempt in (0, 1):
            response = self._transport.send(
                method, WEBCM + path, idempotent=idempotent, headers=tokens, **kwargs
            )
            self._transport.http.cookies.clear()
            if response.status_code == 401 and attempt == 0:
                tokens = self._login(tokens.get("ewtoken"))
                continue
            return self._auth.read(response, tokens)
        raise AssertionError("unreachable")

    def run(self, call: Call[T]) -> T:
        return call.parse(self.request(call.method, call.path, idempotent=call.idempotent, **call.options()))

    @operation("POST /enable-api/login")
    def login(self) -> None:
        """Log in now rather than on the first call (checks the credentials early)."""
        if self._auth.fresh(None) is None:
            self._login(None)

    @operation("GET /enable-api/reauth")
    def reauth(self) -> bool:
        """Whether the current login is still valid (does not extend it)."""
        if (tokens := self._auth.fresh(None)) is None:
            return False
        response = self._transport.send("GET", "/enable-api/reauth", idempotent=True, headers=tokens)
        return response.status_code == 200 and bool(response.json().get("success"))

    @operation("POST /enable-api/logout")
    def logout(self) -> None:
        if (tokens := self._auth.fresh(None)) is not None:
            self._auth.current = {}
            self._transport.send("POST", "/enable-api/logout", idempotent=False, headers=tokens)

    def search_items(
        self,
        repository_id: int,
        *,
        page_size: int = 100,
        filters: Filters | None = None,
        keyword: str | None = None,
        sort: list[dict[str, Any]] | None = None,
        attributes: list[str] | None = None,
    ) -> ItemPages:
        """Every matching item, fetched by cursor a page at a time; `.total` after the first page."""
        return ItemPages(
            self.search_page, search_args(repository_id, page_size, filters, keyword, sort, attributes)
        )

    @operation("POST /webcm/rest/api/items/import")
    def import_items(
        self, repository_id: int, source: Path, fmt: str, *, progress: Progress | None = None
    ) -> int:
        """Stream a CSV or JSON Lines file into a repository (all or nothing); return how many were added.
        `progress` is called with each chunk's size as it is sent."""
        with Path(source).open("rb") as body:
            data = self.request(
                "POST",
                "/items/import",
                idempotent=False,
                params={"repositoryId": repository_id, "format": fmt},
                content=chunks(body, progress),
            )
        return int(data["imported"])

    @operation("GET /webcm/rest/api/items/export")
    def export_items(
        self,
        repository_id: int,
        fmt: str = "jsonl",
        *,
        filters: Filters | None = None,
        keyword: str | None = None,
    ) -> Iterator[bytes]:
        """Stream every matching item as CSV or JSON Lines, chunk by chunk."""
        params = export_params(repository_id, fmt, filters, keyword)
        tokens = self._auth.fresh(None) or self._login(None)
        for attempt in (0, 1):
            with self._transport.http.stream(
                "GET", WEBCM + "/items/export", params=params, headers=tokens
            ) as response:
                if response.status_code == 401 and attempt == 0:
                    response.read()
                    tokens = self._login(tokens.get("ewtoken"))
                    continue
                if response.status_code >= 400:
                    response.read()
                    raise error_from(response)
                yield from response.iter_bytes()
                return
