"""Catalog repositories → a search page (keyword, a filter and a sort from the attributes' types,
cursor paging: every page costs the same, page 40,000 as page 1) → an item, to read and edit; the
current search as CSV or JSON Lines; saved sets and searches; the repository's job history.

A search's state lives in the URL (`?keyword=&attribute=&operator=&value=&sort=&direction=&cursor=`),
so every page of results is a link to share."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.responses import Response, StreamingResponse

from restkeep.server import clock
from restkeep.server.catalog.search import OPERATORS, Filter, Query, Sort
from restkeep.server.catalog.transfer import format_of
from restkeep.server.errors import BadRequest
from restkeep.server.ui.session import Ui, ui_page

PAGE_SIZE = 50
SEARCH_FIELDS = (
    "keyword",
    "attribute",
    "operator",
    "value",
    "sort",
    "direction",
    "savedSetId",
    "savedSearchId",
)


def _int(text: str | None, name: str) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise BadRequest(f"'{name}' must be a number") from None


def _query(ui: Ui, repository_id: int, cursor: str | None) -> Query:
    """The search the URL describes."""
    given = ui.request.query_params
    filters = []
    if given.get("attribute") and given.get("operator"):
        operator = given["operator"]
        value: Any = None if operator in ("isNull", "notNull") else given.get("value", "")
        if operator == "in":
            value = [v.strip() for v in str(value).split(",") if v.strip()]
        filters.append(Filter(given["attribute"], operator, value))
    sort = (
        [Sort(given["sort"], "desc" if given.get("direction") == "desc" else "asc")]
        if given.get("sort")
        else []
    )
    return Query(
        repository_id,
        filters,
        given.get("keyword") or None,
        sort,
        page_size=PAGE_SIZE,
        cursor=cursor,
        saved_set_id=_int(given.get("savedSetId"), "savedSetId"),
        saved_search_id=_int(given.get("savedSearchId"), "savedSearchId"),
    )


@ui_page
async def repositories(ui: Ui) -> Response:
    return ui.render("catalog.html", repositories=await ui.services.repositories.list_all(ui.principal))


@ui_page
async def search(ui: Ui) -> Response:
    repository_id = int(ui.request.path_params["repository"])
    repository = await ui.services.repositories.get(ui.principal, repository_id)
    schema = await ui.services.repositories.schema(repository_id)
    given = ui.request.query_params
    result = await ui.services.search.search(
        ui.principal, _query(ui, repository_id, given.get("cursor") or None)
    )
    start = _int(given.get("start"), "start") or 0
    search_params = {k: given[k] for k in SEARCH_FIELDS if given.get(k)}
    following = None
    if result.next_cursor:
        following = urlencode(
            {**search_params, "cursor": result.next_cursor, "start": start + len(result.items)}
        )
    return ui.render(
        "search.html",
        repository=repository,
        attributes=schema.attributes,
        operators=OPERATORS,
        given=search_params,
        result=result,
        start=start,
        following=following,
        first=urlencode(search_params),
        saved_sets=await ui.services.saved.sets(ui.principal, repository_id),
        saved_searches=await ui.services.saved.searches(ui.principal, repository_id),
        jobs=(await ui.services.jobs.list(ui.principal, repository_id, 0, clock.now_ms() + 1, 1, 10))[0],
    )


@ui_page
async def export(ui: Ui) -> Response:
    """The current search, every match, as a download (the same export as the API's)."""
    repository_id = int(ui.request.path_params["repository"])
    fmt = format_of(ui.request.query_params.get("format", "csv"), "")
    plan = await ui.services.search.plan_query(ui.principal, _query(ui, repository_id, None))
    return StreamingResponse(
        ui.services.transfer.export_items(ui.principal, plan, fmt),
        media_type="text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="repository-{repository_id}.{fmt}"'},
    )


@ui_page
async def item(ui: Ui) -> Response:
    item_id = int(ui.request.path_params["item"])
    items = ui.services.items
    current = await items.get(ui.principal, item_id)
    repository_id = int(current["repositoryId"])
    schema = await ui.services.repositories.schema(repository_id)
    if ui.form is not None:
        given: dict[str, Any] = {}
        for attribute in schema.attributes:
            key = f"F_{attribute.id}"
            text = ui.field(key)
            given[key] = text if text or attribute.type == "string" else None
        await items.update(ui.principal, item_id, given)
        return ui.redirect(f"/ui/catalog/items/{item_id}", f"Saved item {item_id}")
    repository = await ui.services.repositories.get(ui.principal, repository_id)
    return ui.render("item.html", item=current, repository=repository, attributes=schema.attributes)
