"""Saved sets (named lists of item ids) and saved searches (a named search body), per repository.

Whoever may read a repository sees its saved sets and searches and may save new ones; changing or
deleting one is for its owner and for those who may modify the repository's items. A search or
filter call names one by `savedSetId` / `savedSearchId` (0: none) to restrict itself to it.
"""

from __future__ import annotations

import msgspec

from restkeep.server import clock
from restkeep.server.auth.principal import Principal
from restkeep.server.catalog.repositories import RepositoryService
from restkeep.server.catalog.search import Filter, Sort
from restkeep.server.catalog.types import check_name
from restkeep.server.errors import AccessDenied, BadRequest, Conflict, NotFound
from restkeep.server.store import Store
from restkeep.server.store.errors import AlreadyExists
from restkeep.server.store.records import SavedSearchRecord, SavedSetRecord

MAX_ITEMS_PER_CALL = 10_000


class SavedSearch(msgspec.Struct, forbid_unknown_fields=True):
    """What a saved search keeps of a search body."""

    filters: list[Filter] = []
    keyword: str | None = None
    sort: list[Sort] = []


def _name(name: str) -> str:
    try:
        return check_name("'name'", name)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None


class SavedService:
    def __init__(self, store: Store, repositories: RepositoryService) -> None:
        self._store = store
        self._repositories = repositories

    async def _items_of(self, repository_id: int, item_ids: list[int]) -> list[int]:
        if len(item_ids) > MAX_ITEMS_PER_CALL:
            raise BadRequest(f"At most {MAX_ITEMS_PER_CALL} items at once")
        stray = [i for i in item_ids if await self._store.repository_of_item(i) != repository_id]
        if stray:
            raise NotFound(f"Not items of repository {repository_id}: {', '.join(map(str, stray[:20]))}")
        return item_ids

    async def _may_change(self, principal: Principal, owner: str, repository_id: int) -> None:
        if owner == principal.user_name:
            return
        rights = await self._repositories.rights(principal, repository_id)
        if not rights[1]:
            raise AccessDenied("Only its owner, or who may modify the repository, may change this")

    # saved sets

    async def sets(self, principal: Principal, repository_id: int) -> list[SavedSetRecord]:
        await self._repositories.get(principal, repository_id)
        return await self._store.list_saved_sets(repository_id)

    async def get_set(self, principal: Principal, set_id: int) -> tuple[SavedSetRecord, list[int]]:
        found = await self._store.get_saved_set(set_id)
        if found is None:
            raise NotFound(f"Saved set {set_id} does not exist")
        await self._repositories.get(principal, found.repository_id)
        return found, await self._store.saved_set_items(set_id)

    async def create_set(
        self, principal: Principal, repository_id: int, name: str, item_ids: list[int]
    ) -> int:
        await self._repositories.get(principal, repository_id)
        items = await self._items_of(repository_id, item_ids)
        try:
            return await self._store.create_saved_set(
                repository_id, _name(name), principal.user_name, clock.now_ms(), items
            )
        except AlreadyExists:
            raise Conflict(f"Repository {repository_id} has a saved set named '{name}' already") from None

    async def change_set(self, principal: Principal, set_id: int, add: list[int], remove: list[int]) -> int:
        found, _ = await self.get_set(principal, set_id)
        await self._may_change(principal, found.owner, found.repository_id)
        if add:
            await self._store.add_to_saved_set(set_id, await self._items_of(found.repository_id, add))
        if remove:
            await self._store.remove_from_saved_set(set_id, remove)
        changed = await self._store.get_saved_set(set_id)
        return changed.item_count if changed else 0

    async def delete_set(self, principal: Principal, set_id: int) -> None:
        found, _ = await self.get_set(principal, set_id)
        await self._may_change(principal, found.owner, found.repository_id)
        await self._store.delete_saved_set(set_id)

    async def set_in(self, principal: Principal, repository_id: int, set_id: int) -> int:
        """A saved set of this repository that a search may be restricted to."""
        found = await self._store.get_saved_set(set_id)
        if found is None or found.repository_id != repository_id:
            raise NotFound(f"'savedSetId' {set_id}: no such saved set in repository {repository_id}")
        return set_id

    # saved searches

    async def searches(self, principal: Principal, repository_id: int) -> list[SavedSearchRecord]:
        await self._repositories.get(principal, repository_id)
        return await self._store.list_saved_searches(repository_id)

    async def get_search(self, principal: Principal, search_id: int) -> SavedSearchRecord:
        found = await self._store.get_saved_search(search_id)
        if found is None:
            raise NotFound(f"Saved search {search_id} does not exist")
        await self._repositories.get(principal, found.repository_id)
        return found

    async def create_search(
        self, principal: Principal, repository_id: int, name: str, search: SavedSearch
    ) -> int:
        await self._repositories.get(principal, repository_id)
        body = msgspec.json.encode(search).decode()
        try:
            return await self._store.create_saved_search(
                repository_id, _name(name), principal.user_name, body, clock.now_ms()
            )
        except AlreadyExists:
            raise Conflict(f"Repository {repository_id} has a saved search named '{name}' already") from None

    async def delete_search(self, principal: Principal, search_id: int) -> None:
        found = await self.get_search(principal, search_id)
        await self._may_change(principal, found.owner, found.repository_id)
        await self._store.delete_saved_search(search_id)

    async def search_in(self, principal: Principal, repository_id: int, search_id: int) -> SavedSearch:
        """The body of a saved search of this repository, for a search that names it."""
        found = await self._store.get_saved_search(search_id)
        if found is None or found.repository_id != repository_id:
            raise NotFound(f"'savedSearchId' {search_id}: no such saved search in repository {repository_id}")
        return msgspec.json.decode(found.body, type=SavedSearch)
