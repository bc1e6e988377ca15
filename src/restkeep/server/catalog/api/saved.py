"""Saved sets (named lists of item ids of a repository) and saved searches (a named search body)."""

from __future__ import annotations

import msgspec

from restkeep.server.catalog.api.items import filters, listed_ids, order
from restkeep.server.catalog.api.shapes import (
    Args,
    Created,
    FilterBody,
    ItemCount,
    ItemIds,
    NewSavedSearch,
    NewSavedSet,
    RepositoryQuery,
    SavedSearch,
    SavedSearchPath,
    SavedSet,
    SavedSetPath,
    SavedSetRemoval,
    SortBody,
)
from restkeep.server.catalog.saved import SavedSearch as Kept
from restkeep.server.clock import format_ms
from restkeep.server.operations import Body, Call, Operation
from restkeep.server.store.records import SavedSearchRecord, SavedSetRecord


def _set(record: SavedSetRecord, items: list[int] | None = None) -> SavedSet:
    shown = SavedSet(
        record.id,
        record.repository_id,
        record.name,
        record.owner,
        format_ms(record.create_time),
        record.item_count,
    )
    return shown if items is None else msgspec.structs.replace(shown, itemIdList=items)


def _search(record: SavedSearchRecord) -> SavedSearch:
    kept = msgspec.json.decode(record.body, type=Kept)
    return SavedSearch(
        record.id,
        record.repository_id,
        record.name,
        record.owner,
        format_ms(record.create_time),
        [FilterBody(f.attribute, f.operator, f.value) for f in kept.filters],
        kept.keyword,
        [SortBody(s.attribute, s.direction) for s in kept.sort],
    )


async def list_sets(call: Call[RepositoryQuery]) -> list[SavedSet]:
    return [_set(r) for r in await call.services.saved.sets(call.principal, call.args.repositoryId)]


async def create_set(call: Call[Args]) -> Created:
    body: NewSavedSet = call.body
    return Created(
        await call.services.saved.create_set(call.principal, body.repositoryId, body.name, body.itemIdList)
    )


async def get_set(call: Call[SavedSetPath]) -> SavedSet:
    record, items = await call.services.saved.get_set(call.principal, call.args.set_id)
    return _set(record, items)


async def add_to_set(call: Call[SavedSetPath]) -> ItemCount:
    body: ItemIds = call.body
    return ItemCount(
        await call.services.saved.change_set(call.principal, call.args.set_id, body.itemIdList, [])
    )


async def remove_from_set(call: Call[SavedSetRemoval]) -> ItemCount:
    ids = listed_ids(call)
    return ItemCount(await call.services.saved.change_set(call.principal, call.args.set_id, [], ids))


async def delete_set(call: Call[SavedSetPath]) -> None:
    await call.services.saved.delete_set(call.principal, call.args.set_id)


async def list_searches(call: Call[RepositoryQuery]) -> list[SavedSearch]:
    return [_search(r) for r in await call.services.saved.searches(call.principal, call.args.repositoryId)]


async def create_search(call: Call[Args]) -> Created:
    body: NewSavedSearch = call.body
    kept = Kept(filters(body.filters), body.keyword, order(body.sort))
    # checked as a search now, so that using it later cannot fail on its own terms
    await call.services.search.plan(
        call.principal, body.repositoryId, kept.filters, kept.keyword, kept.sort, None
    )
    return Created(
        await call.services.saved.create_search(call.principal, body.repositoryId, body.name, kept)
    )


async def get_search(call: Call[SavedSearchPath]) -> SavedSearch:
    return _search(await call.services.saved.get_search(call.principal, call.args.search_id))


async def delete_search(call: Call[SavedSearchPath]) -> None:
    await call.services.saved.delete_search(call.principal, call.args.search_id)


_TAGS = ("saved sets and searches",)
_SET = "/savedSets/{set_id:int}"
_SEARCH = "/savedSearches/{search_id:int}"
OPERATIONS = [
    Operation("getSavedSets", "GET", "/savedSets", RepositoryQuery, list[SavedSet], list_sets,
              "A repository's saved sets.", tags=_TAGS, body=Body.NONE),
    Operation("createSavedSet", "POST", "/savedSets", Args, Created, create_set,
              "A named list of item ids of a repository.", status=201, tags=_TAGS, body=NewSavedSet),
    Operation("getSavedSet", "GET", _SET, SavedSetPath, SavedSet, get_set,
              "A saved set with its item ids.", tags=_TAGS, body=Body.NONE),
    Operation("deleteSavedSet", "DELETE", _SET, SavedSetPath, None, delete_set,
              "Delete a saved set (its owner or a repository writer).", tags=_TAGS, body=Body.NONE),
    Operation("addToSavedSet", "PUT", _SET + "/items", SavedSetPath, ItemCount, add_to_set,
              "Add items to a saved set.", tags=_TAGS, body=ItemIds),
    Operation("removeFromSavedSet", "DELETE", _SET + "/items", SavedSetRemoval, ItemCount, remove_from_set,
              "Take items out of a saved set: `?itemIdList=1,2` or a body.", tags=_TAGS, body=ItemIds | None),
    Operation("getSavedSearches", "GET", "/savedSearches", RepositoryQuery, list[SavedSearch], list_searches,
              "A repository's saved searches.", tags=_TAGS, body=Body.NONE),
    Operation("createSavedSearch", "POST", "/savedSearches", Args, Created, create_search,
              "A named search body: filters, keyword, sort.", status=201, tags=_TAGS, body=NewSavedSearch),
    Operation("getSavedSearch", "GET", _SEARCH, SavedSearchPath, SavedSearch, get_search,
              "One saved search.", tags=_TAGS, body=Body.NONE),
    Operation("deleteSavedSearch", "DELETE", _SEARCH, SavedSearchPath, None, delete_search,
              "Delete a saved search.", tags=_TAGS, body=Body.NONE),
]  # fmt: skip
