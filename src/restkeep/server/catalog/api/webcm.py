"""`/webcm/rest/api`: repositories, items, search, count, import and export.

Every call needs a valid ewtoken; a call whose epimresttoken is missing or stale still succeeds and
carries a new one, top-level in its JSON body (and as a cookie), as the seed script expects.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from restkeep.server.auth.principal import Principal
from restkeep.server.bodies import decode_json
from restkeep.server.catalog.api import render
from restkeep.server.catalog.api.tokens import RESTTOKEN, ewtoken, resttoken, set_cookie
from restkeep.server.catalog.saved import SavedSearch
from restkeep.server.catalog.search import Filter, SearchRequest, Sort
from restkeep.server.catalog.transfer import format_of
from restkeep.server.catalog.types import MAX_ID, BadValue, Id, to_stored
from restkeep.server.clock import format_ms
from restkeep.server.context import Services
from restkeep.server.errors import ApiError, BadRequest
from restkeep.server.store.records import NewAttribute

PREFIX = render.WEBCM_PREFIX
ALIAS = "alias"


@dataclass(frozen=True)
class Reply:
    data: Any = None
    status: int = 200


@dataclass(frozen=True)
class Call:
    request: Request
    services: Services
    principal: Principal

    async def body(self, spec: type[Any]) -> Any:
        return await decode_json(self.request, self.services.settings.max_body_size, spec)

    def id(self, name: str) -> int:
        """A required id from the path or the query string."""
        value = self.int_param(name)
        assert value is not None
        return value

    def int_param(self, name: str, *, required: bool = True) -> int | None:
        raw = self.request.path_params.get(name, self.request.query_params.get(name))
        if raw is None:
            if required:
                raise BadRequest(f"Missing required parameter '{name}'")
            return None
        try:
            value = int(raw)
        except ValueError:
            raise BadRequest(f"'{name}' must be an integer, not '{raw}'") from None
        if not 1 <= value <= MAX_ID:
            raise BadRequest(f"'{name}' must be between 1 and {MAX_ID}")
        return value


Handler = Callable[[Call], Awaitable[Reply | Response]]


def webcm(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        services: Services = request.app.state.services
        principal, rotated = await services.tokens.authenticate(ewtoken(request), resttoken(request))
        try:
            reply = await handler(Call(request, services, principal))
        except ApiError as error:
            response = render.webcm_error(error, rotated)
        else:
            if isinstance(reply, Response):
                response = reply
                if rotated:
                    response.headers[RESTTOKEN] = rotated
            else:
                response = render.webcm_ok(reply.data, rotated, reply.status)
        if rotated:
            set_cookie(response, request, RESTTOKEN, rotated)
        return response

    return endpoint


def _repository(record: Any) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "description": record.description,
        "itemCount": record.item_count,
    }


async def _with_rights(call: Call, record: Any) -> dict[str, Any]:
    """The repository with what the caller may do there, as the original lists it."""
    read, modify = await call.services.repositories.rights(call.principal, record.id)
    return {**_repository(record), "canRead": read, "canView": read, "canEdit": modify, "canDelete": modify}


class NewAttributeBody(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    type: str
    required: bool = False
    unique: bool = False


class NewRepositoryBody(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    description: str = ""
    attributes: list[NewAttributeBody] = []
    id: Id | None = None


class DeleteBody(msgspec.Struct, forbid_unknown_fields=True):
    itemIdList: list[Id]


async def list_repositories(call: Call) -> Reply:
    """Every repository the caller may see; `NAME=` keeps the one of that name."""
    name = call.request.query_params.get("NAME")
    found = await call.services.repositories.list_all(call.principal)
    return Reply([await _with_rights(call, r) for r in found if name is None or r.name == name])


async def get_repository(call: Call) -> Reply:
    repository_id = call.id("repository_id")
    return Reply(
        await _with_rights(call, await call.services.repositories.get(call.principal, repository_id))
    )


async def create_repository(call: Call) -> Reply:
    body: NewRepositoryBody = await call.body(NewRepositoryBody)
    attributes = [NewAttribute(a.name, a.type, a.required, a.unique) for a in body.attributes]
    created = await call.services.repositories.create(
        call.principal, body.name, body.description, attributes, body.id
    )
    return Reply(_repository(created), 201)


async def get_attributes(call: Call) -> Reply:
    repository_id = call.id("repository_id")
    schema = await call.services.repositories.schema(repository_id)
    return Reply(
        [
            {
                "id": a.id,
                "name": a.name,
                "type": a.type,
                "required": bool(a.required),
                "unique": bool(a.unique_values),
            }
            for a in schema.attributes
        ]
    )


async def search(call: Call) -> Reply:
    request: SearchRequest = await call.body(SearchRequest)
    result = await call.services.search.search(call.principal, request)
    return Reply(
        {
            "itemList": result.items,
            "searchTotal": result.total,
            "returnTotal": len(result.items),
            "page": result.page,
            "pageSize": result.page_size,
            "nextCursor": result.next_cursor,
        }
    )


async def attribute_values(call: Call) -> Reply:
    repository_id, attribute_id = call.id("repository_id"), call.id("attribute_id")
    page = call.int_param("page", required=False) or 1
    page_size = call.int_param("pageSize", required=False) or 100
    values, total = await call.services.search.values(
        call.principal, repository_id, attribute_id, page, page_size
    )
    return Reply(
        {
            "valueList": [{"value": value, "count": count} for value, count in values],
            "searchTotal": total,
            "returnTotal": len(values),
            "page": page,
            "pageSize": page_size,
        }
    )


async def count(call: Call) -> Reply:
    request: SearchRequest = await call.body(SearchRequest)
    plan = await call.services.search.plan_request(call.principal, request)
    return Reply({"count": await call.services.search.count(plan)})


class NewSavedSet(msgspec.Struct, forbid_unknown_fields=True):
    repositoryId: Id
    name: str
    itemIdList: list[Id] = []


class SavedSetItems(msgspec.Struct, forbid_unknown_fields=True):
    itemIdList: list[Id]


class NewSavedSearch(msgspec.Struct, forbid_unknown_fields=True):
    repositoryId: Id
    name: str
    filters: list[Filter] = []
    keyword: str | None = None
    sort: list[Sort] = []


def _saved_set(record: Any, items: list[int] | None = None) -> dict[str, Any]:
    shown = {
        "id": record.id,
        "repositoryId": record.repository_id,
        "name": record.name,
        "owner": record.owner,
        "createTime": format_ms(record.create_time),
        "itemCount": record.item_count,
    }
    return shown if items is None else {**shown, "itemIdList": items}


def _saved_search(record: Any) -> dict[str, Any]:
    return {
        "id": record.id,
        "repositoryId": record.repository_id,
        "name": record.name,
        "owner": record.owner,
        "createTime": format_ms(record.create_time),
        **msgspec.json.decode(record.body),
    }


async def list_saved_sets(call: Call) -> Reply:
    repository_id = call.id("repositoryId")
    return Reply([_saved_set(r) for r in await call.services.saved.sets(call.principal, repository_id)])


async def create_saved_set(call: Call) -> Reply:
    body: NewSavedSet = await call.body(NewSavedSet)
    created = await call.services.saved.create_set(
        call.principal, body.repositoryId, body.name, body.itemIdList
    )
    return Reply({"id": created}, 201)


async def get_saved_set(call: Call) -> Reply:
    set_id = call.id("set_id")
    record, items = await call.services.saved.get_set(call.principal, set_id)
    return Reply(_saved_set(record, items))


async def add_to_saved_set(call: Call) -> Reply:
    set_id = call.id("set_id")
    body: SavedSetItems = await call.body(SavedSetItems)
    count = await call.services.saved.change_set(call.principal, set_id, body.itemIdList, [])
    return Reply({"itemCount": count})


async def remove_from_saved_set(call: Call) -> Reply:
    set_id = call.id("set_id")
    listed = call.request.query_params.get("itemIdList")
    ids = _id_list(listed) if listed is not None else (await call.body(SavedSetItems)).itemIdList
    count = await call.services.saved.change_set(call.principal, set_id, [], ids)
    return Reply({"itemCount": count})


async def delete_saved_set(call: Call) -> Reply:
    set_id = call.id("set_id")
    await call.services.saved.delete_set(call.principal, set_id)
    return Reply()


async def list_saved_searches(call: Call) -> Reply:
    repository_id = call.id("repositoryId")
    found = await call.services.saved.searches(call.principal, repository_id)
    return Reply([_saved_search(r) for r in found])


async def create_saved_search(call: Call) -> Reply:
    body: NewSavedSearch = await call.body(NewSavedSearch)
    # checked as a search now, so that using it later cannot fail on its own terms
    await call.services.search.plan(
        call.principal, body.repositoryId, body.filters, body.keyword, body.sort, None
    )
    search = SavedSearch(body.filters, body.keyword, body.sort)
    created = await call.services.saved.create_search(call.principal, body.repositoryId, body.name, search)
    return Reply({"id": created}, 201)


async def get_saved_search(call: Call) -> Reply:
    search_id = call.id("search_id")
    return Reply(_saved_search(await call.services.saved.get_search(call.principal, search_id)))


async def delete_saved_search(call: Call) -> Reply:
    search_id = call.id("search_id")
    await call.services.saved.delete_search(call.principal, search_id)
    return Reply()


async def create_item(call: Call) -> Reply:
    repository_id = call.id("repositoryId")
    values: dict[str, Any] = await call.body(dict[str, Any])
    return Reply({"id": await call.services.items.create(call.principal, repository_id, values)}, 201)


async def get_item(call: Call) -> Reply:
    item_id = call.id("item_id")
    return Reply(await call.services.items.get(call.principal, item_id))


async def update_item(call: Call) -> Reply:
    item_id = call.id("item_id")
    await call.services.items.update(call.principal, item_id, await call.body(dict[str, Any]))
    return Reply()


async def delete_item(call: Call) -> Reply:
    item_id = call.id("item_id")
    await call.services.items.delete(call.principal, [item_id])
    return Reply()


def _id_list(raw: str) -> list[int]:
    """`itemIdList=1,2,3` as connectors send it in the query string."""
    try:
        ids = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise BadRequest("'itemIdList' must be item ids separated by commas, e.g. 12,13,14") from None
    if not ids:
        raise BadRequest("'itemIdList' names no item")
    if not all(1 <= i <= MAX_ID for i in ids):
        raise BadRequest(f"Every id in 'itemIdList' must be between 1 and {MAX_ID}")
    return ids


async def delete_items(call: Call) -> Reply:
    """The ids come in the body (`{"itemIdList": [...]}`) or the query string (`?itemIdList=1,2`)."""
    listed = call.request.query_params.get("itemIdList")
    ids = _id_list(listed) if listed is not None else (await call.body(DeleteBody)).itemIdList
    await call.services.items.delete(call.principal, ids, bulk=True)
    return Reply({"deleted": len(set(ids))})


async def import_items(call: Call) -> Reply:
    repository_id = call.id("repositoryId")
    fmt = format_of(call.request.query_params.get("format"), call.request.headers.get("content-type", ""))
    limit = call.services.settings.max_import_size
    imported = await call.services.transfer.import_items(
        call.principal, repository_id, fmt, call.request.stream(), limit
    )
    return Reply({"imported": imported})


def _job(record: Any) -> dict[str, Any]:
    return {
        "id": record.id,
        "repositoryId": record.repository_id,
        "type": record.kind,
        "user": record.user_name,
        "startTime": format_ms(record.start_time),
        "endTime": format_ms(record.end_time),
        "itemCount": record.item_count,
        "outcome": record.outcome,
        "message": record.message,
    }


def _time_param(call: Call, name: str, default: int) -> int:
    raw = call.request.query_params.get(name)
    if raw is None:
        return default
    try:
        return int(to_stored("timestamp", raw if not raw.isdigit() else int(raw)))
    except BadValue as exc:
        raise BadRequest(f"'{name}': {exc}") from None


async def audit_histories(call: Call) -> Reply:
    """The repository's jobs (imports, exports, bulk deletes), newest first; `from`/`to` bound their
    start time (a datetime or milliseconds)."""
    repository_id = call.id("repositoryId")
    page = call.int_param("page", required=False) or 1
    page_size = call.int_param("pageSize", required=False) or 20
    since, until = _time_param(call, "from", 0), _time_param(call, "to", MAX_ID)
    jobs, total = await call.services.jobs.list(call.principal, repository_id, since, until, page, page_size)
    return Reply(
        {
            "jobList": [_job(j) for j in jobs],
            "searchTotal": total,
            "returnTotal": len(jobs),
            "page": page,
            "pageSize": page_size,
        }
    )


def _json_param(call: Call, name: str, spec: type[Any]) -> Any:
    raw = call.request.query_params.get(name)
    if raw is None:
        return []
    try:
        return msgspec.json.decode(raw, type=spec)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise BadRequest(f"'{name}' must be a JSON list as in a search body: {exc}") from None


async def export_items(call: Call) -> Response:
    repository_id = call.id("repositoryId")
    params = call.request.query_params
    fmt = format_of(params.get("format") or "jsonl", "")
    filters = _json_param(call, "filters", list[Filter])
    sort = _json_param(call, "sort", list[Sort])
    plan = await call.services.search.plan(
        call.principal, repository_id, filters, params.get("keyword"), sort, None
    )
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson"
    filename = f"repository-{repository_id}.{fmt}"
    return StreamingResponse(
        call.services.transfer.export_items(call.principal, plan, fmt),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


SAVED_SET = PREFIX + "/savedSets/{set_id:int}"
SAVED_SEARCH = PREFIX + "/savedSearches/{search_id:int}"

ROUTES = [
    Route(PREFIX + "/savedSets", webcm(list_saved_sets), methods=["GET"]),
    Route(PREFIX + "/savedSets", webcm(create_saved_set), methods=["POST"]),
    Route(SAVED_SET, webcm(get_saved_set), methods=["GET"]),
    Route(SAVED_SET, webcm(delete_saved_set), methods=["DELETE"]),
    Route(SAVED_SET + "/items", webcm(add_to_saved_set), methods=["PUT"]),
    Route(SAVED_SET + "/items", webcm(remove_from_saved_set), methods=["DELETE"]),
    Route(PREFIX + "/savedSearches", webcm(list_saved_searches), methods=["GET"]),
    Route(PREFIX + "/savedSearches", webcm(create_saved_search), methods=["POST"]),
    Route(SAVED_SEARCH, webcm(get_saved_search), methods=["GET"]),
    Route(SAVED_SEARCH, webcm(delete_saved_search), methods=["DELETE"]),
    Route(PREFIX + "/repositories", webcm(list_repositories), methods=["GET"]),
    Route(PREFIX + "/repositories", webcm(create_repository), methods=["POST"]),
    Route(PREFIX + "/repositories/{repository_id}", webcm(get_repository), methods=["GET"]),
    Route(PREFIX + "/repositories/{repository_id}/attributes", webcm(get_attributes), methods=["GET"]),
    Route(
        PREFIX + "/repositories/{repository_id:int}/attributes/{attribute_id:int}/values",
        webcm(attribute_values),
        methods=["GET"],
    ),
    Route(PREFIX + "/items/search", webcm(search), methods=["POST"]),
    # the same search under the names integration connectors call it by (`name=ALIAS`: the SDK offers
    # the search once, as `/items/search`)
    Route(PREFIX + "/items/filter", webcm(search), methods=["POST"], name=ALIAS),
    Route(PREFIX + "/items/filters", webcm(search), methods=["POST"], name=ALIAS),
    Route(PREFIX + "/items/count", webcm(count), methods=["POST"]),
    Route(PREFIX + "/items/import", webcm(import_items), methods=["POST"]),
    Route(PREFIX + "/items/export", webcm(export_items), methods=["GET"]),
    Route(PREFIX + "/items/auditHistories", webcm(audit_histories), methods=["GET"]),
    Route(PREFIX + "/items", webcm(create_item), methods=["POST"]),
    Route(PREFIX + "/items", webcm(delete_items), methods=["DELETE"]),
    # `:int`: a path such as /items/auditHistories is not an item id with a type error
    Route(PREFIX + "/items/{item_id:int}", webcm(get_item), methods=["GET"]),
    Route(PREFIX + "/items/{item_id:int}", webcm(update_item), methods=["PATCH"]),
    Route(PREFIX + "/items/{item_id:int}", webcm(delete_item), methods=["DELETE"]),
]
