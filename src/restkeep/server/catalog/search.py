"""Search and count: filters compared by type, full-text keywords, multi-key sort with `id` last,
page numbers and keyset cursors.

Deep page numbers stay cheap. Near either end, the query reads from the nearer end (for the far half
in reversed order, turning the rows around), so the last page costs what the first does. In between,
a page starts from a *mark*: the sort values of every 1,000th match, read once per search and kept
while the repository's data version stands (like the totals). From the mark below the page, a keyset
query seeks in the index and skips fewer than 1,000 rows, so page 20,000 of a million costs what
page 2 does; the marks themselves cost one scan of the matches' sort keys, the first time.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from restkeep.server.auth.principal import Principal
from restkeep.server.catalog.items import renderer
from restkeep.server.catalog.repositories import RepositoryService, Schema
from restkeep.server.catalog.types import MAX_ID, OUTPUT_CONVERSIONS, BadValue, fits, to_stored
from restkeep.server.errors import BadRequest, NotFound
from restkeep.server.store import Store
from restkeep.server.store.records import Condition, ItemQuery, ItemRecord, OrderKey, RepositoryRecord

if TYPE_CHECKING:
    from restkeep.server.catalog.saved import SavedService

MAX_PAGE_SIZE = 1000
MAX_PAGE = 2**31 - 1
MAX_SORT_KEYS = 8
MAX_FILTERS = 50
MAX_CACHED_COUNTS = 1000
# every MARK_STRIDE-th match's sort values are kept for the pages further than NEAR_END from both ends
MARK_STRIDE = 1000
NEAR_END = 2 * MARK_STRIDE
MAX_CACHED_MARKS = 16  # searches; each holds (matches / MARK_STRIDE) marks
OPERATORS = ("eq", "ne", "lt", "lte", "gt", "gte", "contains", "startsWith", "in", "isNull", "notNull")
_TEXT_ONLY = ("contains", "startsWith")
_WORD = re.compile(r"\w+")


class Filter(msgspec.Struct, frozen=True):
    attribute: str
    operator: str
    value: Any = None


class Sort(msgspec.Struct, frozen=True):
    attribute: str
    direction: Literal["asc", "desc"] = "asc"


@dataclass(frozen=True)
class Query:
    """A search as the service takes it: what to match, in which order, which page."""

    repository_id: int
    filters: list[Filter] = field(default_factory=list)
    keyword: str | None = None
    sort: list[Sort] = field(default_factory=list)
    attributes: list[str] | None = None
    page: int = 1
    page_size: int = 20
    cursor: str | None = None
    # restrict to a saved set, and AND a saved search in (None: none)
    saved_set_id: int | None = None
    saved_search_id: int | None = None


@dataclass(frozen=True)
class SearchResult:
    items: list[dict[str, Any]]
    total: int
    page: int
    page_size: int
    next_cursor: str | None


@dataclass(frozen=True)
class Plan:
    """A validated search: the store query (without paging) and what the caller asked to see."""

    schema: Schema
    # read once, with the access check; its item count and data version serve the totals
    repository: RepositoryRecord
    query: ItemQuery
    only: set[int] | None
    fingerprint: str
    matches_nothing: bool
    # the attribute type of each sort key, to check the values a cursor brings back
    key_types: list[str]


# the items' own fields that searches filter and sort on, besides the attributes: their column and type
_SYSTEM_FIELDS = {
    "id": ("id", "integer"),
    "createTime": ("create_time", "timestamp"),
    "modifyTime": ("modify_time", "timestamp"),
}


def _column(schema: Schema, reference: str, where: str) -> tuple[str, str]:
    """The store column and the type of a reference: `F_<id>`, an attribute name, `id`, `createTime`
    or `modifyTime` (the last two make delta syncs: "everything changed since T", indexed)."""
    if reference in _SYSTEM_FIELDS:
        return _SYSTEM_FIELDS[reference]
    attribute = schema.resolve(reference)
    if attribute is None:
        raise BadRequest(f"{where}: unknown attribute '{reference}' in repository {schema.repository_id}")
    return f"a{attribute.id}", attribute.type


def _converted(type_name: str, value: Any, where: str) -> Any:
    if value is None:
        raise BadRequest(f"{where}: a value is required")
    try:
        return to_stored(type_name, value)
    except BadValue as exc:
        raise BadRequest(f"{where}: {exc}") from None


def _condition(schema: Schema, index: int, spec: Filter) -> Condition:
    where = f"filters[{index}]"
    column, type_name = _column(schema, spec.attribute, where)
    if spec.operator not in OPERATORS:
        raise BadRequest(f"{where}: unknown operator '{spec.operator}' (use one of {', '.join(OPERATORS)})")
    if spec.operator in ("isNull", "notNull"):
        return Condition(column, spec.operator)
    if spec.operator in _TEXT_ONLY and type_name != "string":
        raise BadRequest(f"{where}: '{spec.operator}' applies to string attributes only")
    if spec.operator == "in":
        if not isinstance(spec.value, list):
            raise BadRequest(f"{where}: 'in' takes a list of values")
        return Condition(column, "in", [_converted(type_name, v, where) for v in spec.value])
    return Condition(column, spec.operator, _converted(type_name, spec.value, where))


def _sort_value(record: ItemRecord, column: str) -> Any:
    if column == "id":
        return record.id
    if column == "create_time":
        return record.create_time
    if column == "modify_time":
        return record.modify_time
    return record.values.get(int(column[1:]))


def _sort_values(record: ItemRecord, order: list[OrderKey]) -> list[Any]:
    return [*(_sort_value(record, key.column) for key in order), record.id]


def _encode_cursor(fingerprint: str, values: list[Any]) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode([fingerprint, values])).decode().rstrip("=")


def _decode_cursor(cursor: str, fingerprint: str, types: list[str]) -> list[Any]:
    try:
        decoded = msgspec.json.decode(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, msgspec.DecodeError):
        raise BadRequest("'cursor' is not a cursor this server issued") from None
    if not (isinstance(decoded, list) and len(decoded) == 2 and isinstance(decoded[1], list)):
        raise BadRequest("'cursor' is not a cursor this server issued")
    if decoded[0] != fingerprint or len(decoded[1]) != len(types) + 1:
        raise BadRequest(
            "'cursor' belongs to a different search (repository, filters, keyword or sort changed)"
        )
    values: list[Any] = decoded[1]
    last_id = values[-1]
    if not all(fits(t, v) for t, v in zip(types, values, strict=False)) or not (
        isinstance(last_id, int) and 0 < last_id <= MAX_ID
    ):
        raise BadRequest("'cursor' is not a cursor this server issued")
    return values


class SearchService:
    def __init__(self, store: Store, repositories: RepositoryService, saved: SavedService) -> None:
        self._store = store
        self._repositories = repositories
        self._saved = saved
        # exact totals of filtered searches, each valid while the repository's data version stands;
        # the version is read from the database every time, so a write on any worker invalidates it
        self._counts: dict[str, tuple[int, int]] = {}
        # the marks of deep pages (see the module's description), kept the same way
        self._marks: dict[str, tuple[int, list[list[Any]]]] = {}

    def forget(self) -> None:
        """Drop the cached totals and marks (development mode put the data back)."""
        self._counts.clear()
        self._marks.clear()

    async def plan(
        self,
        principal: Principal,
        repository_id: int,
        filters: list[Filter],
        keyword: str | None,
        sort: list[Sort],
        attributes: list[str] | None,
        within_set: int | None = None,
    ) -> Plan:
        repository = await self._repositories.get(principal, repository_id)
        schema = await self._repositories.schema(repository_id)
        if len(filters) > MAX_FILTERS or len(sort) > MAX_SORT_KEYS:
            raise BadRequest(f"At most {MAX_FILTERS} filters and {MAX_SORT_KEYS} sort keys")
        conditions = [_condition(schema, i, f) for i, f in enumerate(filters)]
        if within_set is not None:
            conditions.append(Condition("id", "inSet", within_set))
        keys = [_column(schema, s.attribute, f"sort[{i}]") for i, s in enumerate(sort)]
        order = [OrderKey(column, s.direction == "desc") for (column, _), s in zip(keys, sort, strict=True)]
        terms = _WORD.findall(keyword.lower()) if keyword else []
        only = None
        if attributes is not None:
            only = {int(_column(schema, ref, "attributes")[0][1:]) for ref in attributes if ref != "id"}
        columns = [
            f"a{a.id}"
            for a in schema.attributes
            if only is None or a.id in only or any(k.column == f"a{a.id}" for k in order)
        ]
        query = ItemQuery(repository_id, columns, conditions, terms, order)
        fingerprint = hashlib.sha256(
            msgspec.json.encode([repository_id, conditions, terms, order])
        ).hexdigest()[:16]
        matches_nothing = bool(terms) and not schema.has_text
        return Plan(
            schema,
            repository,
            query,
            only,
            fingerprint,
            matches_nothing,
            [type_name for _, type_name in keys],
        )

    async def plan_query(self, principal: Principal, query: Query) -> Plan:
        """The plan of a search, with the saved search it names merged in (its filters ANDed with the
        query's; its keyword and sort unless the query has its own) and restricted to the saved set
        it names."""
        filters, keyword, sort = query.filters, query.keyword, query.sort
        if query.saved_search_id:
            saved = await self._saved.search_in(principal, query.repository_id, query.saved_search_id)
            filters, keyword, sort = [*saved.filters, *filters], keyword or saved.keyword, sort or saved.sort
        within = None
        if query.saved_set_id:
            within = await self._saved.set_in(principal, query.repository_id, query.saved_set_id)
        return await self.plan(
            principal, query.repository_id, filters, keyword, sort, query.attributes, within
        )

    async def count(self, plan: Plan) -> int:
        if plan.matches_nothing:
            return 0
        repository = plan.repository
        if not plan.query.conditions and not plan.query.keyword_terms:
            return repository.item_count
        if any(c.op == "inSet" for c in plan.query.conditions):
            # a saved set changes without moving the repository's data version: count it every time
            return await self._store.count_items(plan.query)
        cached = self._counts.get(plan.fingerprint)
        if cached is not None and cached[0] == repository.data_version:
            return cached[1]
        total = await self._store.count_items(plan.query)
        if len(self._counts) >= MAX_CACHED_COUNTS:
            self._counts.pop(next(iter(self._counts)))
        self._counts[plan.fingerprint] = (repository.data_version, total)
        return total

    async def values(
        self, principal: Principal, repository_id: int, attribute_id: int, page: int, page_size: int
    ) -> tuple[list[tuple[Any, int]], int]:
        """The distinct values of an attribute with how many items hold each, in the attribute's order
        (empty first), one page of them; and how many distinct values there are (for pick-lists)."""
        if not 1 <= page <= MAX_PAGE or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise BadRequest(f"'page' must be at least 1 and 'pageSize' between 1 and {MAX_PAGE_SIZE}")
        await self._repositories.get(principal, repository_id)
        schema = await self._repositories.schema(repository_id)
        attribute = schema.by_id(attribute_id)
        if attribute is None:
            raise NotFound(f"Repository {repository_id} has no attribute {attribute_id}")
        rows, total = await self._store.attribute_values(
            repository_id, f"a{attribute.id}", page_size, (page - 1) * page_size
        )
        convert = OUTPUT_CONVERSIONS.get(attribute.type)
        return [(convert(v) if convert and v is not None else v, n) for v, n in rows], total

    async def search(self, principal: Principal, query: Query) -> SearchResult:
        if not 1 <= query.page <= MAX_PAGE:
            raise BadRequest(f"'page' must be between 1 and {MAX_PAGE}")
        if query.keyword is not None and "\x00" in query.keyword:
            raise BadRequest("'keyword' must not contain NUL characters")
        if not 1 <= query.page_size <= MAX_PAGE_SIZE:
            raise BadRequest(f"'pageSize' must be between 1 and {MAX_PAGE_SIZE}")
        plan = await self.plan_query(principal, query)
        total = await self.count(plan)
        size = query.page_size
        if query.cursor is not None:
            after = _decode_cursor(query.cursor, plan.fingerprint, plan.key_types)
            records = await self._page(plan, after=after, limit=size + 1)
            more = len(records) > size
        else:
            offset = (query.page - 1) * size
            records = await self._page(plan, offset=offset, limit=size, total=total)
            more = offset + len(records) < total
        records = records[:size]
        next_cursor = None
        if more and records:
            next_cursor = _encode_cursor(plan.fingerprint, _sort_values(records[-1], plan.query.order))
        render = renderer(plan.schema, plan.only)
        items = [render(record) for record in records]
        return SearchResult(items, total, query.page, size, next_cursor)

    async def _page(
        self,
        plan: Plan,
        *,
        offset: int = 0,
        limit: int,
        after: list[Any] | None = None,
        total: int | None = None,
    ) -> list[ItemRecord]:
        if plan.matches_nothing:
            return []
        query = msgspec.structs.replace(plan.query, limit=limit, offset=offset, after=after)
        if total is not None and offset >= total:
            return []
        if total is not None and NEAR_END <= offset <= total - NEAR_END:
            marks = await self._marks_of(plan)
            if marks is not None and offset // MARK_STRIDE <= len(marks):
                below = offset // MARK_STRIDE - 1  # the mark of position (below + 1) * MARK_STRIDE - 1
                query = msgspec.structs.replace(
                    query, after=marks[below], offset=offset - (below + 1) * MARK_STRIDE
                )
                return await self._store.search_items(query)
        if total is not None and offset > total // 2:
            count = min(limit, total - offset)
            reversed_query = msgspec.structs.replace(
                query, limit=count, offset=total - offset - count, reverse=True
            )
            return list(reversed(await self._store.search_items(reversed_query)))
        return await self._store.search_items(query)

    async def _marks_of(self, plan: Plan) -> list[list[Any]] | None:
        """The search's marks, read now unless kept for the repository's current data version; None
        for a search within a saved set (which changes without moving the data version)."""
        if any(c.op == "inSet" for c in plan.query.conditions):
            return None
        version = plan.repository.data_version
        kept = self._marks.get(plan.fingerprint)
        if kept is not None and kept[0] == version:
            return kept[1]
        marks = await self._store.search_marks(plan.query, MARK_STRIDE)
        self._marks.pop(plan.fingerprint, None)
        if len(self._marks) >= MAX_CACHED_MARKS:
            self._marks.pop(next(iter(self._marks)))
        self._marks[plan.fingerprint] = (version, marks)
        return marks

    async def each(self, plan: Plan, batch: int = 1000) -> AsyncIterator[list[dict[str, Any]]]:
        """Every match, in order, a batch at a time (keyset paging: memory stays flat)."""
        after: list[Any] | None = None
        render = renderer(plan.schema, plan.only)
        while True:
            records = await self._page(plan, after=after, limit=batch)
            if not records:
                return
            yield [render(record) for record in records]
            if len(records) < batch:
                return
            after = _sort_values(records[-1], plan.query.order)
