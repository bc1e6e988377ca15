"""The Catalog API's calls, each declared once; `CatalogApi` makes them methods of `CatalogClient` and
`AsyncCatalogClient`. Each is named by its route, `METHOD /path`, as the server declares it."""

from __future__ import annotations

import json
from typing import Any

from restkeep.client.auth import WEBCM
from restkeep.client.calls import Call, Endpoint

Json = dict[str, Any]
Filters = list[dict[str, Any]]


def _nothing(_: Any) -> None:
    return None


def repositories() -> Call[list[Json]]:
    return Call("GET", "/repositories", list, True)


def get_repository(repository_id: int) -> Call[Json]:
    return Call("GET", f"/repositories/{repository_id}", dict, True)


def create_repository(
    name: str, attributes: list[Json], *, description: str = "", repository_id: int | None = None
) -> Call[Json]:
    """A new repository with typed `attributes` ({"name", "type", "required", "unique"})."""
    body: Json = {"name": name, "description": description, "attributes": attributes}
    if repository_id is not None:
        body["id"] = repository_id
    return Call("POST", "/repositories", dict, False, json=body)


def delete_repository(repository_id: int) -> Call[None]:
    """The repository and all it holds (administrators); its id is not given again."""
    return Call("DELETE", f"/repositories/{repository_id}", _nothing, True)


def attributes(repository_id: int) -> Call[list[Json]]:
    return Call("GET", f"/repositories/{repository_id}/attributes", list, True)


def attribute_values(
    repository_id: int, attribute_id: int, page: int = 1, page_size: int = 100
) -> Call[Json]:
    """One page of an attribute's distinct values with their item counts (`valueList`, `searchTotal`)."""
    params = {"page": page, "pageSize": page_size}
    path = f"/repositories/{repository_id}/attributes/{attribute_id}/values"
    return Call("GET", path, dict, True, params)


def search_page(
    repository_id: int,
    page: int = 1,
    page_size: int = 100,
    *,
    filters: Filters | None = None,
    keyword: str | None = None,
    sort: list[Json] | None = None,
    attributes: list[str] | None = None,
    cursor: str | None = None,
    saved_set_id: int | None = None,
    saved_search_id: int | None = None,
) -> Call[Json]:
    """One page of a search: `itemList`, `searchTotal`, and `nextCursor` for the page after it.
    `saved_set_id` keeps it to a saved set's items; `saved_search_id` adds a saved search's terms."""
    body: Json = {"repositoryId": repository_id, "page": page, "pageSize": page_size}
    optional = (
        ("filters", filters),
        ("keyword", keyword),
        ("sort", sort),
        ("attributes", attributes),
        ("cursor", cursor),
        ("savedSetId", saved_set_id),
        ("savedSearchId", saved_search_id),
    )
    body.update((key, value) for key, value in optional if value is not None)
    return Call("POST", "/items/search", dict, True, json=body)  # a search changes nothing: retry it


def count_items(
    repository_id: int, *, filters: Filters | None = None, keyword: str | None = None
) -> Call[int]:
    body: Json = {"repositoryId": repository_id, "filters": filters or []}
    if keyword is not None:
        body["keyword"] = keyword
    return Call("POST", "/items/count", lambda data: int(data["count"]), True, json=body)


def get_item(item_id: int) -> Call[Json]:
    return Call("GET", f"/items/{item_id}", dict, True)


def create_item(repository_id: int, values: Json) -> Call[int]:
    """Add one item; returns its id."""
    params = {"repositoryId": repository_id}
    return Call("POST", "/items", lambda data: int(data["id"]), False, params, values)


def update_item(item_id: int, values: Json) -> Call[None]:
    return Call("PATCH", f"/items/{item_id}", _nothing, True, json=values)


def delete_item(item_id: int) -> Call[None]:
    return Call("DELETE", f"/items/{item_id}", _nothing, True)


def delete_items(item_ids: list[int]) -> Call[None]:
    return Call("DELETE", "/items", _nothing, True, json={"itemIdList": item_ids})


def saved_sets(repository_id: int) -> Call[list[Json]]:
    return Call("GET", "/savedSets", list, True, {"repositoryId": repository_id})


def create_saved_set(repository_id: int, name: str, item_ids: list[int] | None = None) -> Call[int]:
    """A named list of item ids in a repository; returns its id (a search takes it as `savedSetId`)."""
    body = {"repositoryId": repository_id, "name": name, "itemIdList": item_ids or []}
    return Call("POST", "/savedSets", lambda data: int(data["id"]), False, json=body)


def get_saved_set(set_id: int) -> Call[Json]:
    return Call("GET", f"/savedSets/{set_id}", dict, True)


def add_to_saved_set(set_id: int, item_ids: list[int]) -> Call[int]:
    return Call(
        "PUT",
        f"/savedSets/{set_id}/items",
        lambda d: int(d["itemCount"]),
        True,
        json={"itemIdList": item_ids},
    )


def remove_from_saved_set(set_id: int, item_ids: list[int]) -> Call[int]:
    return Call(
        "DELETE",
        f"/savedSets/{set_id}/items",
        lambda d: int(d["itemCount"]),
        True,
        json={"itemIdList": item_ids},
    )


def delete_saved_set(set_id: int) -> Call[None]:
    return Call("DELETE", f"/savedSets/{set_id}", _nothing, True)


def saved_searches(repository_id: int) -> Call[list[Json]]:
    return Call("GET", "/savedSearches", list, True, {"repositoryId": repository_id})


def create_saved_search(
    repository_id: int,
    name: str,
    *,
    filters: Filters | None = None,
    keyword: str | None = None,
    sort: list[Json] | None = None,
) -> Call[int]:
    """A named search body; returns its id (a search takes it as `savedSearchId`)."""
    body: Json = {"repositoryId": repository_id, "name": name, "filters": filters or [], "sort": sort or []}
    if keyword is not None:
        body["keyword"] = keyword
    return Call("POST", "/savedSearches", lambda data: int(data["id"]), False, json=body)


def get_saved_search(search_id: int) -> Call[Json]:
    return Call("GET", f"/savedSearches/{search_id}", dict, True)


def delete_saved_search(search_id: int) -> Call[None]:
    return Call("DELETE", f"/savedSearches/{search_id}", _nothing, True)


def audit_histories(
    repository_id: int,
    page: int = 1,
    page_size: int = 20,
    *,
    since: str | int | None = None,
    until: str | int | None = None,
) -> Call[Json]:
    """A repository's jobs (imports, exports, bulk deletes), newest first: `jobList`, `searchTotal`."""
    params: Json = {"repositoryId": repository_id, "page": page, "pageSize": page_size}
    if since is not None:
        params["from"] = since
    if until is not None:
        params["to"] = until
    return Call("GET", "/items/auditHistories", dict, True, params)


def _route(method: str, path: str) -> str:
    return f"{method} {WEBCM}{path}"


class CatalogApi:
    """The Catalog calls both clients share; `CatalogClient` returns results, `AsyncCatalogClient`
    awaitables."""

    repositories = Endpoint(_route("GET", "/repositories"), repositories)
    get_repository = Endpoint(_route("GET", "/repositories/{repository_id}"), get_repository)
    create_repository = Endpoint(_route("POST", "/repositories"), create_repository)
    delete_repository = Endpoint(_route("DELETE", "/repositories/{repository_id}"), delete_repository)
    attributes = Endpoint(_route("GET", "/repositories/{repository_id}/attributes"), attributes)
    attribute_values = Endpoint(
        _route("GET", "/repositories/{repository_id}/attributes/{attribute_id}/values"), attribute_values
    )
    search_page = Endpoint(_route("POST", "/items/search"), search_page)
    count_items = Endpoint(_route("POST", "/items/count"), count_items)
    get_item = Endpoint(_route("GET", "/items/{item_id}"), get_item)
    create_item = Endpoint(_route("POST", "/items"), create_item)
    update_item = Endpoint(_route("PATCH", "/items/{item_id}"), update_item)
    delete_item = Endpoint(_route("DELETE", "/items/{item_id}"), delete_item)
    delete_items = Endpoint(_route("DELETE", "/items"), delete_items)
    audit_histories = Endpoint(_route("GET", "/items/auditHistories"), audit_histories)
    saved_sets = Endpoint(_route("GET", "/savedSets"), saved_sets)
    create_saved_set = Endpoint(_route("POST", "/savedSets"), create_saved_set)
    get_saved_set = Endpoint(_route("GET", "/savedSets/{set_id}"), get_saved_set)
    add_to_saved_set = Endpoint(_route("PUT", "/savedSets/{set_id}/items"), add_to_saved_set)
    remove_from_saved_set = Endpoint(_route("DELETE", "/savedSets/{set_id}/items"), remove_from_saved_set)
    delete_saved_set = Endpoint(_route("DELETE", "/savedSets/{set_id}"), delete_saved_set)
    saved_searches = Endpoint(_route("GET", "/savedSearches"), saved_searches)
    create_saved_search = Endpoint(_route("POST", "/savedSearches"), create_saved_search)
    get_saved_search = Endpoint(_route("GET", "/savedSearches/{search_id}"), get_saved_search)
    delete_saved_search = Endpoint(_route("DELETE", "/savedSearches/{search_id}"), delete_saved_search)


def search_args(
    repository_id: int,
    page_size: int,
    filters: Filters | None,
    keyword: str | None,
    sort: list[Json] | None,
    attributes: list[str] | None,
) -> Json:
    """The `search_page` arguments a cursor walk repeats for every page."""
    return {
        "repository_id": repository_id,
        "page_size": page_size,
        "filters": filters,
        "keyword": keyword,
        "sort": sort,
        "attributes": attributes,
    }


def export_params(repository_id: int, fmt: str, filters: Filters | None, keyword: str | None) -> Json:
    params: Json = {"repositoryId": repository_id, "format": fmt}
    if filters:
        params["filters"] = json.dumps(filters)
    if keyword:
        params["keyword"] = keyword
    return params
