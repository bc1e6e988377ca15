"""Repositories: list, read, create, delete; their attributes and an attribute's distinct values."""

from __future__ import annotations

from typing import Any

from restkeep.server.catalog.api.shapes import (
    Args,
    Attribute,
    AttributeValuesArgs,
    NewRepository,
    Repository,
    RepositoryList,
    RepositoryPath,
    ValueCount,
    ValuesAnswer,
)
from restkeep.server.operations import Body, Call, Operation
from restkeep.server.store.records import NewAttribute, RepositoryRecord


async def _shown(call: Call[Any], record: RepositoryRecord) -> Repository:
    """The repository with what the caller may do there, as the original lists it."""
    read, modify = await call.services.repositories.rights(call.principal, record.id)
    return Repository(
        record.id, record.name, record.description, record.item_count, read, read, modify, modify
    )


async def list_repositories(call: Call[RepositoryList]) -> list[Repository]:
    """Every repository the caller may see; `NAME=` keeps the one of that name."""
    name = call.args.NAME
    found = await call.services.repositories.list_all(call.principal)
    return [await _shown(call, r) for r in found if name is None or r.name == name]


async def get_repository(call: Call[RepositoryPath]) -> Repository:
    return await _shown(call, await call.services.repositories.get(call.principal, call.args.repository_id))


async def create_repository(call: Call[Args]) -> Repository:
    body: NewRepository = call.body
    attributes = [NewAttribute(a.name, a.type, a.required, a.unique) for a in body.attributes]
    created = await call.services.repositories.create(
        call.principal, body.name, body.description, attributes, body.id
    )
    return await _shown(call, created)


async def delete_repository(call: Call[RepositoryPath]) -> None:
    await call.services.repositories.delete(call.principal, call.args.repository_id)


async def get_attributes(call: Call[RepositoryPath]) -> list[Attribute]:
    repository_id = call.args.repository_id
    await call.services.repositories.get(call.principal, repository_id)
    schema = await call.services.repositories.schema(repository_id)
    return [
        Attribute(a.id, a.name, a.type, bool(a.required), bool(a.unique_values)) for a in schema.attributes
    ]


async def attribute_values(call: Call[AttributeValuesArgs]) -> ValuesAnswer:
    args = call.args
    values, total = await call.services.search.values(
        call.principal, args.repository_id, args.attribute_id, args.page, args.pageSize
    )
    return ValuesAnswer(
        [ValueCount(value, count) for value, count in values], total, len(values), args.page, args.pageSize
    )


_TAGS = ("repositories",)
_ONE = "/repositories/{repository_id:int}"
OPERATIONS = [
    Operation(
        "getRepositories",
        "GET",
        "/repositories",
        RepositoryList,
        list[Repository],
        list_repositories,
        "The repositories the caller may read, with their rights; `NAME=` selects one by name.",
        tags=_TAGS,
    ),
    Operation(
        "createRepository",
        "POST",
        "/repositories",
        Args,
        Repository,
        create_repository,
        "Create a repository with typed attributes (administrators only).",
        status=201,
        tags=_TAGS,
        body=NewRepository,
    ),
    Operation(
        "getRepository",
        "GET",
        _ONE,
        RepositoryPath,
        Repository,
        get_repository,
        "One repository.",
        tags=_TAGS,
    ),
    Operation(
        "deleteRepository",
        "DELETE",
        _ONE,
        RepositoryPath,
        None,
        delete_repository,
        "Delete a repository with its items, saved sets and searches, job history and access entries"
        " (administrators only); its id is not given again.",
        tags=_TAGS,
        body=Body.NONE,
    ),
    Operation(
        "getAttributes",
        "GET",
        _ONE + "/attributes",
        RepositoryPath,
        list[Attribute],
        get_attributes,
        "A repository's attributes: id, name, type, required, unique.",
        tags=_TAGS,
    ),
    Operation(
        "getAttributeValues",
        "GET",
        _ONE + "/attributes/{attribute_id:int}/values",
        AttributeValuesArgs,
        ValuesAnswer,
        attribute_values,
        "An attribute's distinct values with how many items hold each, a page at a time (pick-lists).",
        tags=_TAGS,
    ),
]
