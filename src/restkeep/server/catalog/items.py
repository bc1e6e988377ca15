"""Items: their values checked against the repository's attributes; create, read, change, delete."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import Any

from restkeep.server import clock
from restkeep.server.auth.principal import Principal
from restkeep.server.catalog.jobs import JobLog
from restkeep.server.catalog.repositories import RepositoryService, Schema
from restkeep.server.catalog.types import OUTPUT_CONVERSIONS, BadValue, to_stored
from restkeep.server.errors import BadRequest, Conflict, InvalidValues, NotFound
from restkeep.server.store import Store
from restkeep.server.store.errors import AlreadyExists, Missing
from restkeep.server.store.records import ItemRecord

MAX_BULK = 10_000


def stored_values(schema: Schema, given: dict[str, Any], *, complete: bool) -> dict[int, Any]:
    """Input keyed by `F_<id>` or attribute name → stored values keyed by attribute id.

    Unknown keys are a 400; values that do not fit their type, and missing required values when
    `complete`, are a 422 listing every attribute at fault.
    """
    values: dict[int, Any] = {}
    problems: list[dict[str, Any]] = []
    for key, value in given.items():
        if key in ("id", "repositoryId", "createTime", "modifyTime"):
            continue
        attribute = schema.resolve(key)
        if attribute is None:
            raise BadRequest(f"Unknown attribute '{key}' in repository {schema.repository_id}")
        try:
            values[attribute.id] = to_stored(attribute.type, value)
        except BadValue as exc:
            problems.append({"attribute": f"F_{attribute.id}", "name": attribute.name, "message": str(exc)})
    for attribute in schema.attributes:
        absent = values.get(attribute.id) is None and (complete or attribute.id in values)
        if attribute.required and absent and not any(p["attribute"] == f"F_{attribute.id}" for p in problems):
            problems.append(
                {"attribute": f"F_{attribute.id}", "name": attribute.name, "message": "a value is required"}
            )
    if problems:
        names = ", ".join(f"{p['name']} ({p['attribute']})" for p in problems)
        raise InvalidValues(f"Invalid values for {names}", details=problems)
    return values


def renderer(schema: Schema, only: set[int] | None = None) -> Callable[[ItemRecord], dict[str, Any]]:
    """How items of one repository are given out (`only`: just these attributes). The keys and the
    conversions are worked out once for a whole page, not once per item."""
    fields = [
        (f"F_{attribute.id}", attribute.id, OUTPUT_CONVERSIONS.get(attribute.type))
        for attribute in schema.attributes
        if only is None or attribute.id in only
    ]
    format_ms = clock.format_ms

    def render(record: ItemRecord) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": record.id,
            "repositoryId": record.repository_id,
            "createTime": format_ms(record.create_time),
            "modifyTime": format_ms(record.modify_time),
        }
        values = record.values
        for key, attribute_id, convert in fields:
            value = values.get(attribute_id)
            item[key] = value if value is None or convert is None else convert(value)
        return item

    return render


def output(schema: Schema, record: ItemRecord) -> dict[str, Any]:
    return renderer(schema)(record)


def duplicate(schema: Schema, error: AlreadyExists) -> Conflict:
    column = error.column or ""
    attribute = schema.by_id(int(column[1:])) if column[:1] == "a" and column[1:].isdigit() else None
    if attribute is None:
        return Conflict("An item with the same unique value already exists")
    return Conflict(
        f"Another item already has this {attribute.name} (F_{attribute.id}), which must be unique",
        details=[{"attribute": f"F_{attribute.id}", "name": attribute.name, "message": "must be unique"}],
    )


class ItemService:
    def __init__(self, store: Store, repositories: RepositoryService, jobs: JobLog) -> None:
        self._store = store
        self._repositories = repositories
        self._jobs = jobs

    async def create(self, principal: Principal, repository_id: int, given: dict[str, Any]) -> int:
        await self._repositories.get(principal, repository_id, "modify")
        schema = await self._repositories.schema(repository_id)
        values = stored_values(schema, given, complete=True)
        try:
            (item_id,) = await self._store.insert_items(
                repository_id, schema.attributes, [values], clock.now_ms()
            )
        except AlreadyExists as exc:
            raise duplicate(schema, exc) from None
        return item_id

    async def get(self, principal: Principal, item_id: int) -> dict[str, Any]:
        record = await self._store.get_item(item_id)
        if record is None:
            raise NotFound(f"Item {item_id} does not exist")
        await self._repositories.get(principal, record.repository_id)
        return output(await self._repositories.schema(record.repository_id), record)

    async def update(self, principal: Principal, item_id: int, given: dict[str, Any]) -> None:
        repository_id = await self._store.repository_of_item(item_id)
        if repository_id is None:
            raise NotFound(f"Item {item_id} does not exist")
        await self._repositories.get(principal, repository_id, "modify")
        schema = await self._repositories.schema(repository_id)
        values = stored_values(schema, given, complete=False)
        if not values:
            raise BadRequest("Nothing to change: give at least one attribute value")
        try:
            await self._store.update_item(item_id, values, clock.now_ms())
        except Missing:
            raise NotFound(f"Item {item_id} does not exist") from None
        except AlreadyExists as exc:
            raise duplicate(schema, exc) from None

    async def delete(self, principal: Principal, item_ids: list[int], *, bulk: bool = False) -> None:
        """Delete all of the items or none. A `bulk` delete is recorded as a job of each repository."""
        if not item_ids:
            raise BadRequest("'itemIdList' must name at least one item")
        if len(item_ids) > MAX_BULK:
            raise BadRequest(f"At most {MAX_BULK} items can be deleted at once")
        by_repository: dict[int, int] = {}
        for item_id in dict.fromkeys(item_ids):
            repository_id = await self._store.repository_of_item(item_id)
            if repository_id is not None and repository_id not in by_repository:
                await self._repositories.get(principal, repository_id, "modify")
            if repository_id is not None:
                by_repository[repository_id] = by_repository.get(repository_id, 0) + 1
        async with AsyncExitStack() as jobs:
            if bulk:
                for repository_id, count in by_repository.items():
                    progress = await jobs.enter_async_context(
                        self._jobs.job("delete", repository_id, principal)
                    )
                    progress.items = count
            try:
                await self._store.delete_items(item_ids, clock.now_ms())
            except Missing as exc:
                raise NotFound(f"No such item: {exc}; nothing was deleted") from None
