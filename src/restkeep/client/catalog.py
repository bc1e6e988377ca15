"""`CatalogClient`: the Catalog API with both tokens handled for you.

    with CatalogClient("https://host:8443", login="system", password="system", verify="ca.pem") as cat:
        expensive = [{"attribute": "Price", "operator": "gt", "value": 100}]
        items = cat.search_items(10149, page_size=500, filters=expensive)
        for item in items:        # every matching item once, page by page (by cursor)
            ...
        items.total               # the exact number of matches

An expired or revoked `ewtoken` is renewed by logging in again (once per call); an `epimresttoken`
found in any response body replaces the one in use. Many threads share one login.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from restkeep.client.errors import error_from
from restkeep.client.transport import ClientBase, Transport, Verify

WEBCM = "/webcm/rest/api"


class ItemPages:
    """Every item of a search, fetched by cursor a page at a time; `.total` is known after the first page."""

    def __init__(self, client: CatalogClient, body: dict[str, Any]) -> None:
        self._client = client
        self._body = body
        self.total: int | None = None
        self.pages = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        cursor: str | None = None
        while True:
            data = self._client.search_page(**self._body, cursor=cursor)
            self.total = int(data["searchTotal"])
            self.pages += 1
            yield from data["itemList"]
            cursor = data["nextCursor"]
            if cursor is None:
                return


class CatalogClient(ClientBase):
    def __init__(
        self,
        url: str,
        login: str,
        password: str,
        *,
        verify: Verify = True,
        timeout: float = 30.0,
        retries: int = 3,
    ) -> None:
        self._credentials = {"login": login, "password": password}
        self._transport = Transport(url, verify=verify, timeout=timeout, retries=retries)
        self._tokens: dict[str, str] = {}
        self._lock = threading.Lock()
        self.logins = 0
        self.rotations = 0

    def _login(self, stale: str | None) -> dict[str, str]:
        with self._lock:
            if self._tokens and self._tokens.get("ewtoken") != stale:
                return dict(self._tokens)  # another thread logged in meanwhile
            response = self._transport.send(
                "POST", "/enable-api/login", idempotent=False, json=self._credentials
            )
            if response.status_code != 200:
                raise error_from(response)
            self._transport.http.cookies.clear()  # tokens travel as headers
            body = response.json()
            self._tokens = {"ewtoken": body["token"]["token"], "epimresttoken": body["epimresttoken"]}
            self.logins += 1
            return dict(self._tokens)

    def request(self, method: str, path: str, *, idempotent: bool, **kwargs: Any) -> Any:
        """One webcm call; returns its `data`. Renews the login once on 401; follows token rotation."""
        tokens = dict(self._tokens) if self._tokens else self._login(None)
        for attempt in (0, 1):
            response = self._transport.send(
                method, WEBCM + path, idempotent=idempotent, headers=tokens, **kwargs
            )
            self._transport.http.cookies.clear()
            if response.status_code == 401 and attempt == 0:
                tokens = self._login(tokens.get("ewtoken"))
                continue
            if response.status_code >= 400:
                raise error_from(response)
            body = response.json()
            rotated = body.get("epimresttoken") if isinstance(body, dict) else None
            if rotated:
                with self._lock:
                    if self._tokens.get("ewtoken") == tokens.get("ewtoken"):
                        self._tokens["epimresttoken"] = rotated
                        self.rotations += 1
            return body.get("data") if isinstance(body, dict) else body
        raise AssertionError("unreachable")

    def reauth(self) -> bool:
        """Whether the current login is still valid (does not extend it)."""
        if not self._tokens:
            return False
        response = self._transport.send("GET", "/enable-api/reauth", idempotent=True, headers=self._tokens)
        return response.status_code == 200 and bool(response.json().get("success"))

    def logout(self) -> None:
        if self._tokens:
            self._transport.send("POST", "/enable-api/logout", idempotent=False, headers=self._tokens)
            self._tokens = {}

    # repositories
    def repositories(self) -> list[dict[str, Any]]:
        return list(self.request("GET", "/repositories", idempotent=True))

    def create_repository(
        self,
        name: str,
        attributes: list[dict[str, Any]],
        *,
        description: str = "",
        repository_id: int | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"name": name, "description": description, "attributes": attributes}
        if repository_id is not None:
            body["id"] = repository_id
        return dict(self.request("POST", "/repositories", idempotent=False, json=body))

    def attributes(self, repository_id: int) -> list[dict[str, Any]]:
        return list(self.request("GET", f"/repositories/{repository_id}/attributes", idempotent=True))

    # items
    def search_page(
        self,
        repository_id: int,
        page: int = 1,
        page_size: int = 100,
        *,
        filters: list[dict[str, Any]] | None = None,
        keyword: str | None = None,
        sort: list[dict[str, Any]] | None = None,
        attributes: list[str] | None = None,
        cursor: str | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"repositoryId": repository_id, "page": page, "pageSize": page_size}
        for key, value in (
            ("filters", filters),
            ("keyword", keyword),
            ("sort", sort),
            ("attributes", attributes),
            ("cursor", cursor),
        ):
            if value is not None:
                body[key] = value
        # a search changes nothing, so it may be retried
        return dict(self.request("POST", "/items/search", idempotent=True, json=body))

    def search_items(
        self,
        repository_id: int,
        *,
        page_size: int = 100,
        filters: list[dict[str, Any]] | None = None,
        keyword: str | None = None,
        sort: list[dict[str, Any]] | None = None,
        attributes: list[str] | None = None,
    ) -> ItemPages:
        body = {
            "repository_id": repository_id,
            "page_size": page_size,
            "filters": filters,
            "keyword": keyword,
            "sort": sort,
            "attributes": attributes,
        }
        return ItemPages(self, body)

    def count_items(
        self, repository_id: int, *, filters: list[dict[str, Any]] | None = None, keyword: str | None = None
    ) -> int:
        body: dict[str, Any] = {"repositoryId": repository_id, "filters": filters or []}
        if keyword is not None:
            body["keyword"] = keyword
        return int(self.request("POST", "/items/count", idempotent=True, json=body)["count"])

    def get_item(self, item_id: int) -> dict[str, Any]:
        return dict(self.request("GET", f"/items/{item_id}", idempotent=True))

    def create_item(self, repository_id: int, values: dict[str, Any]) -> int:
        data = self.request(
            "POST", "/items", idempotent=False, params={"repositoryId": repository_id}, json=values
        )
        return int(data["id"])

    def update_item(self, item_id: int, values: dict[str, Any]) -> None:
        self.request("PATCH", f"/items/{item_id}", idempotent=True, json=values)

    def import_items(self, repository_id: int, source: Path, fmt: str) -> int:
        """Stream a CSV or JSON Lines file into a repository (all or nothing); return how many were added."""
        with source.open("rb") as body:
            data = self.request(
                "POST",
                "/items/import",
                idempotent=False,
                params={"repositoryId": repository_id, "format": fmt},
                content=body,
            )
        return int(data["imported"])

    def export_items(
        self,
        repository_id: int,
        fmt: str = "jsonl",
        *,
        filters: list[dict[str, Any]] | None = None,
        keyword: str | None = None,
    ) -> Iterator[bytes]:
        """Stream every matching item as CSV or JSON Lines, chunk by chunk."""
        params: dict[str, Any] = {"repositoryId": repository_id, "format": fmt}
        if filters:
            params["filters"] = json.dumps(filters)
        if keyword:
            params["keyword"] = keyword
        tokens = dict(self._tokens) if self._tokens else self._login(None)
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

    def delete_items(self, item_ids: list[int]) -> None:
        self.request("DELETE", "/items", idempotent=True, json={"itemIdList": item_ids})
