"""Items: create, read, change, delete (one or many); search, count, import, export, and the job
history of a repository."""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.responses import StreamingResponse

from restkeep.server.catalog.api.shapes import (
    Args,
    CountAnswer,
    Created,
    Deleted,
    ExportArgs,
    FilterBody,
    ImportArgs,
    Imported,
    Item,
    ItemIdList,
    ItemIds,
    ItemPath,
    Job,
    JobArgs,
    JobsAnswer,
    RepositoryQuery,
    SearchAnswer,
    SearchBody,
    SortBody,
)
from restkeep.server.catalog.search import Filter, Query, Sort
from restkeep.server.catalog.transfer import format_of
from restkeep.server.catalog.types import MAX_ID, BadValue, to_stored
from restkeep.server.clock import format_ms
from restkeep.server.errors import BadRequest
from restkeep.server.operations import Body, Call, Operation
from restkeep.server.store.records import JobRecord


def filters(given: list[FilterBody]) -> list[Filter]:
    return [Filter(f.attribute, f.operator, f.value) for f in given]


def order(given: list[SortBody]) -> list[Sort]:
    return [Sort(s.attribute, s.direction) for s in given]


def query(body: SearchBody) -> Query:
    return Query(
        body.repositoryId,
        filters(body.filters),
        body.keyword,
        order(body.sort),
        body.attributes,
        body.page,
        body.pageSize,
        body.cursor,
        body.savedSetId or None,
        body.savedSearchId or None,
    )


def id_list(raw: str) -> list[int]:
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


def listed_ids(call: Call[Any]) -> list[int]:
    """The ids of `?itemIdList=1,2` or, failing that, of the body's `{"itemIdList": [...]}`."""
    if call.args.itemIdList is not None:
        return id_list(call.args.itemIdList)
    if call.body is None:
        raise BadRequest('Name the items: ?itemIdList=12,13 or a body {"itemIdList": [12, 13]}')
    ids: list[int] = call.body.itemIdList
    return ids


async def search(call: Call[Args]) -> SearchAnswer:
    result = await call.services.search.search(call.principal, query(call.body))
    return SearchAnswer(
        result.items, result.total, len(result.items), result.page, result.page_size, result.next_cursor
    )


async def count(call: Call[Args]) -> CountAnswer:
    plan = await call.services.search.plan_query(call.principal, query(call.body))
    return CountAnswer(await call.services.search.count(plan))


async def create_item(call: Call[RepositoryQuery]) -> Created:
    return Created(await call.services.items.create(call.principal, call.args.repositoryId, call.body))


async def get_item(call: Call[ItemPath]) -> Item:
    return await call.services.items.get(call.principal, call.args.item_id)


async def update_item(call: Call[ItemPath]) -> None:
    await call.services.items.update(call.principal, call.args.item_id, call.body)


async def delete_item(call: Call[ItemPath]) -> None:
    await call.services.items.delete(call.principal, [call.args.item_id])


async def delete_items(call: Call[ItemIdList]) -> Deleted:
    ids = listed_ids(call)
    await call.services.items.delete(call.principal, ids, bulk=True)
    return Deleted(len(set(ids)))


async def import_items(call: Call[ImportArgs]) -> Imported:
    fmt = format_of(call.args.format, call.request.headers.get("content-type", ""))
    limit = call.services.settings.max_import_size
    imported = await call.services.transfer.import_items(
        call.principal, call.args.repositoryId, fmt, call.request.stream(), limit
    )
    return Imported(imported)


def _json_list(name: str, raw: str | None, spec: Any) -> Any:
    if raw is None:
        return []
    try:
        return msgspec.json.decode(raw, type=spec)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise BadRequest(f"'{name}' must be a JSON list as in a search body: {exc}") from None


async def export_items(call: Call[ExportArgs]) -> StreamingResponse:
    args = call.args
    fmt = format_of(args.format, "")
    given_filters = filters(_json_list("filters", args.filters, list[FilterBody]))
    given_sort = order(_json_list("sort", args.sort, list[SortBody]))
    plan = await call.services.search.plan(
        call.principal, args.repositoryId, given_filters, args.keyword, given_sort, None
    )
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson"
    filename = f"repository-{args.repositoryId}.{fmt}"
    return StreamingResponse(
        call.services.transfer.export_items(call.principal, plan, fmt),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _job(record: JobRecord) -> Job:
    return Job(
        record.id,
        record.repository_id,
        record.kind,
        record.user_name,
        format_ms(record.start_time),
        format_ms(record.end_time),
        record.item_count,
        record.outcome,
        record.message,
    )


def _time(name: str, raw: str | None, default: int) -> int:
    if raw is None:
        return default
    try:
        return int(to_stored("timestamp", raw if not raw.isdigit() else int(raw)))
    except BadValue as exc:
        raise BadRequest(f"'{name}': {exc}") from None


async def audit_histories(call: Call[JobArgs]) -> JobsAnswer:
    """The repository's jobs (imports, exports, bulk deletes), newest first; `from`/`to` bound their
    start time (a datetime or milliseconds)."""
    args = call.args
    since, until = _time("from", args.since, 0), _time("to", args.until, MAX_ID)
    jobs, total = await call.services.jobs.list(
        call.principal, args.repositoryId, since, until, args.page, args.pageSize
    )
    return JobsAnswer([_job(j) for j in jobs], total, len(jobs), args.page, args.pageSize)


_TAGS = ("items",)
_SEARCH = "Search a repository: filters, keyword, sort, page or cursor; a saved set or search restricts it."
_ONE = "/items/{item_id:int}"
OPERATIONS = [
    Operation("searchItems", "POST", "/items/search", Args, SearchAnswer, search, _SEARCH, tags=_TAGS,
              body=SearchBody),
    # the same search under the names integration connectors call it by
    *(
        Operation(name, "POST", path, Args, SearchAnswer, search, _SEARCH, tags=_TAGS, body=SearchBody,
                  alias_of="searchItems")
        for name, path in (("filterItems", "/items/filter"), ("filtersItems", "/items/filters"))
    ),
    Operation(
        "countItems", "POST", "/items/count", Args, CountAnswer, count,
        "How many items a search body matches.", tags=_TAGS, body=SearchBody,
    ),
    Operation(
        "importItems", "POST", "/items/import", ImportArgs, Imported, import_items,
        "Add items from a JSON-lines or CSV body: all or none, checked first.", tags=_TAGS, body=Body.RAW,
    ),
    Operation(
        "exportItems", "GET", "/items/export", ExportArgs, str, export_items,
        "Every item (or a search's matches) as JSON lines or CSV, streamed.", tags=_TAGS,
        body=Body.NONE, media_type="application/x-ndjson",
    ),
    Operation(
        "getAuditHistories", "GET", "/items/auditHistories", JobArgs, JobsAnswer, audit_histories,
        "A repository's jobs (imports, exports, bulk deletes), newest first, by start time.", tags=_TAGS,
        body=Body.NONE,
    ),
    Operation(
        "createItem", "POST", "/items", RepositoryQuery, Created, create_item,
        "Add an item: a JSON object of attribute values by `F_<id>` or name.", status=201, tags=_TAGS,
        body=dict[str, Any],
    ),
    Operation(
        "deleteItems", "DELETE", "/items", ItemIdList, Deleted, delete_items,
        "Delete items, all or none: `?itemIdList=1,2` or a body `{\"itemIdList\": [1, 2]}`.", tags=_TAGS,
        body=ItemIds | None,
    ),
    Operation("getItem", "GET", _ONE, ItemPath, Item, get_item, "One item.", tags=_TAGS, body=Body.NONE),
    Operation(
        "updateItem", "PATCH", _ONE, ItemPath, None, update_item,
        "Change some of an item's attribute values.", tags=_TAGS, body=dict[str, Any],
    ),
    Operation("deleteItem", "DELETE", _ONE, ItemPath, None, delete_item, "Delete an item.", tags=_TAGS,
              body=Body.NONE),
]  # fmt: skip
