"""The Catalog API's wire shapes (msgspec Structs): request bodies and arguments are decoded into these,
answers are encoded from them, and the OpenAPI document's schemas are generated from the same classes.

The services take and give their own types; the conversions live in the operation modules beside.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from restkeep.server.catalog.types import Id

Page = Annotated[int, Meta(ge=1, le=2**31 - 1)]


class Args(msgspec.Struct):
    """Arguments from the path and the query string. Unknown query parameters are ignored, as the
    original ignores them (clients add cache-busters such as `_=1700000000`)."""


# ------------------------------------------------------------------------------------------- arguments


class RepositoryPath(Args):
    repository_id: Id


class RepositoryQuery(Args):
    repositoryId: Id


class RepositoryList(Args):
    # selects the repository of that name, as the original's `?NAME=`
    NAME: str | None = None


class AttributeValuesArgs(Args):
    repository_id: Id
    attribute_id: Id
    page: Page = 1
    pageSize: Page = 100


class ItemPath(Args):
    item_id: Id


class ItemIdList(Args):
    # `itemIdList=12,13,14` in the query string, as connectors send it; else the body's list
    itemIdList: str | None = None


class SavedSetPath(Args):
    set_id: Id


class SavedSetRemoval(SavedSetPath):
    itemIdList: str | None = None


class SavedSearchPath(Args):
    search_id: Id


class ImportArgs(Args):
    repositoryId: Id
    # `jsonl` or `csv`; else the body's Content-Type decides
    format: str | None = None


class ExportArgs(Args):
    repositoryId: Id
    format: str = "jsonl"
    # JSON lists, as in a search body
    filters: str | None = None
    sort: str | None = None
    keyword: str | None = None


class JobArgs(Args, rename={"since": "from", "until": "to"}):
    repositoryId: Id
    page: Page = 1
    pageSize: Page = 20
    # a datetime or milliseconds since the epoch: bounds on a job's start time
    since: str | None = None
    until: str | None = None


# ------------------------------------------------------------------------------------------ request bodies


class Body(msgspec.Struct, forbid_unknown_fields=True):
    """A request body: a field it does not know is refused by name, so a typo is not lost silently."""


class NewAttribute(Body):
    name: str
    type: str
    required: bool = False
    unique: bool = False
    # ignored (the server numbers attributes), so that another repository's attribute list, as
    # `GET /repositories/{id}/attributes` gives it, makes a copy
    id: int | None = None


class NewRepository(Body):
    name: str
    description: str = ""
    attributes: list[NewAttribute] = []
    id: Id | None = None


class FilterBody(Body):
    attribute: str
    operator: str
    value: Any = None


class SortBody(Body):
    attribute: str
    direction: Literal["asc", "desc"] = "asc"


class SearchBody(Body):
    repositoryId: Id
    page: int = 1
    pageSize: int = 20
    filters: list[FilterBody] = []
    keyword: str | None = None
    sort: list[SortBody] = []
    attributes: list[str] | None = None
    cursor: str | None = None
    # what integration connectors send with `/items/filter`: a saved set or saved search to restrict
    # to (0 or absent: none), and display preferences that mean nothing here (accepted, ignored)
    savedSetId: int | None = None
    savedSearchId: int | None = None
    userPreferenceId: int | str | None = None
    getCodeSetDescInd: bool | int | str | None = None


class ItemIds(Body):
    itemIdList: list[Id]


class NewSavedSet(Body):
    repositoryId: Id
    name: str
    itemIdList: list[Id] = []


class NewSavedSearch(Body):
    repositoryId: Id
    name: str
    filters: list[FilterBody] = []
    keyword: str | None = None
    sort: list[SortBody] = []


class Credentials(msgspec.Struct):
    """The login body; `login` and `password` may come as query parameters instead."""

    login: str | None = None
    password: str | None = None


class LoginArgs(Args):
    login: str | None = None
    password: str | None = None


# ------------------------------------------------------------------------------------------------ answers


class Repository(msgspec.Struct):
    id: int
    name: str
    description: str
    itemCount: int
    # what the caller may do there, as the original lists it
    canRead: bool
    canView: bool
    canEdit: bool
    canDelete: bool


class Attribute(msgspec.Struct):
    id: int
    name: str
    type: str
    required: bool
    unique: bool


# an item: `id`, `createTime`, `modifyTime` and its attribute values, `F_<id>` and by name
Item = dict[str, Any]


class SearchAnswer(msgspec.Struct):
    itemList: list[Item]
    searchTotal: int
    returnTotal: int
    page: int
    pageSize: int
    nextCursor: str | None


class CountAnswer(msgspec.Struct):
    count: int


class ValueCount(msgspec.Struct):
    value: Any
    count: int


class ValuesAnswer(msgspec.Struct):
    valueList: list[ValueCount]
    searchTotal: int
    returnTotal: int
    page: int
    pageSize: int


class Created(msgspec.Struct):
    id: int


class ItemCount(msgspec.Struct):
    itemCount: int


class Deleted(msgspec.Struct):
    deleted: int


class Imported(msgspec.Struct):
    imported: int


class SavedSet(msgspec.Struct, omit_defaults=True):
    id: int
    repositoryId: int
    name: str
    owner: str
    createTime: str
    itemCount: int
    itemIdList: list[int] | UnsetType = UNSET


class SavedSearch(msgspec.Struct):
    id: int
    repositoryId: int
    name: str
    owner: str
    createTime: str
    filters: list[FilterBody]
    keyword: str | None
    sort: list[SortBody]


class Job(msgspec.Struct):
    id: int
    repositoryId: int
    type: str
    user: str
    startTime: str
    endTime: str
    itemCount: int
    outcome: str
    message: str


class JobsAnswer(msgspec.Struct):
    jobList: list[Job]
    searchTotal: int
    returnTotal: int
    page: int
    pageSize: int


class Token(msgspec.Struct):
    token: str
    expiresAt: str


class LoginAnswer(msgspec.Struct):
    success: bool
    message: str
    token: Token
    epimresttoken: str


class Done(msgspec.Struct, omit_defaults=True):
    success: bool
    message: str | None = None


# ------------------------------------------------------------------------------------------------ errors


class WebcmError(msgspec.Struct, omit_defaults=True):
    """The webcm error envelope."""

    status: int
    success: bool
    error: str
    details: list[dict[str, Any]]
    epimresttoken: str | None = None


class EnableError(msgspec.Struct):
    """The enable-api error envelope."""

    success: bool
    error: str
