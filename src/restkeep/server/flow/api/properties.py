"""Properties and property sheets: get/set/create/delete/increment, listings, history, expandString."""

from __future__ import annotations

from typing import Literal

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from restkeep.server.errors import InvalidArgument
from restkeep.server.flow.api.locators import Locators
from restkeep.server.flow.models import (
    Empty,
    ExpandStringResponse,
    PropertyHistoryResponse,
    PropertyResponse,
    PropertySheetResponse,
    history_out,
    property_out,
    sheet_out,
)
from restkeep.server.flow.services.paths import Root
from restkeep.server.flow.services.properties import PropertyView, PropertyWrite
from restkeep.server.operations import Call, Operation, json_response


class _Args(Locators, forbid_unknown_fields=True, kw_only=True):
    projectName: str | None = None
    artifactName: str | None = None

    @property
    def locator(self) -> Root | None:
        """The object a relative property name is relative to."""
        if self.projectName is not None and self.artifactName is not None:
            raise InvalidArgument("Give one locator: 'projectName' or 'artifactName', not both")
        if self.projectName is not None:
            return Root("project", self.projectName)
        if self.artifactName is not None:
            return Root("artifact", self.artifactName)
        return None


class GetPropertyArgs(_Args):
    propertyName: str
    expand: bool = True


class PropertyNameArgs(_Args):
    propertyName: str


class SetPropertyArgs(_Args):
    propertyName: str
    value: str | None = None
    description: str | None = None
    expandable: bool | None = None
    tracked: bool | None = None


class CreatePropertyArgs(SetPropertyArgs):
    propertyType: Literal["string", "sheet"] = "string"
    counter: bool | None = None


class IncrementArgs(_Args):
    propertyName: str
    incrementBy: int = 1


class GetPropertiesArgs(_Args):
    path: str | None = None
    recurse: bool = False
    expand: bool = True


class GetPropertySheetArgs(msgspec.Struct, forbid_unknown_fields=True):
    propertySheetId: str
    recurse: bool = False
    expand: bool = True


class ExpandStringArgs(_Args):
    value: str


def if_match(request: Request) -> int | None:
    """The revision an `If-Match` header asks for; `*` (0) only asks that the property exists."""
    header = request.headers.get("if-match")
    if header is None:
        return None
    tag = header.strip().removeprefix("W/").strip('"')
    if tag == "*":
        return 0
    if not tag.isdigit():
        raise InvalidArgument(f"If-Match must be a property revision (its ETag), not '{header}'")
    return int(tag)


def _property_response(view: PropertyView) -> Response:
    return json_response(PropertyResponse(property_out(view)), headers={"ETag": f'"{view.record.revision}"'})


async def get_property(call: Call[GetPropertyArgs]) -> Response:
    args = call.args
    return _property_response(
        await call.services.properties.get(
            call.principal, args.propertyName, args.locator, expand=args.expand
        )
    )


async def get_property_history(call: Call[PropertyNameArgs]) -> Response:
    args = call.args
    return json_response(
        history_out(await call.services.properties.history(call.principal, args.propertyName, args.locator))
    )


def _write(
    args: SetPropertyArgs, request: Request, make_sheet: bool = False, counter: bool | None = None
) -> PropertyWrite:
    return PropertyWrite(
        value=args.value,
        description=args.description,
        expandable=args.expandable,
        tracked=args.tracked,
        counter=counter,
        make_sheet=make_sheet,
        if_match=if_match(request),
    )


async def set_property(call: Call[SetPropertyArgs]) -> Response:
    args = call.args
    write = _write(args, call.request)
    view = await call.services.properties.set(
        call.principal, args.propertyName, args.locator, write, create=False
    )
    return _property_response(view)


async def create_property(call: Call[CreatePropertyArgs]) -> Response:
    args = call.args
    sheet = args.propertyType == "sheet"
    if sheet and args.value is not None:
        raise InvalidArgument("A property of type 'sheet' takes no 'value'")
    write = _write(args, call.request, make_sheet=sheet, counter=args.counter)
    view = await call.services.properties.set(
        call.principal, args.propertyName, args.locator, write, create=True
    )
    return _property_response(view)


async def increment_property(call: Call[IncrementArgs]) -> Response:
    args = call.args
    view = await call.services.properties.increment(
        call.principal, args.propertyName, args.locator, args.incrementBy
    )
    return _property_response(view)


async def delete_property(call: Call[PropertyNameArgs]) -> Response:
    args = call.args
    await call.services.properties.delete(
        call.principal, args.propertyName, args.locator, if_match(call.request)
    )
    return json_response(Empty())


async def get_properties(call: Call[GetPropertiesArgs]) -> Response:
    args = call.args
    view = await call.services.properties.sheet(
        call.principal, args.path, args.locator, recurse=args.recurse, expand=args.expand
    )
    return json_response(sheet_out(view))


async def get_property_sheet(call: Call[GetPropertySheetArgs]) -> Response:
    args = call.args
    view = await call.services.properties.sheet_by_id(
        call.principal, args.propertySheetId, recurse=args.recurse, expand=args.expand
    )
    return json_response(sheet_out(view))


async def expand_string(call: Call[ExpandStringArgs]) -> Response:
    args = call.args
    return json_response(
        ExpandStringResponse(
            await call.services.properties.expand_string(call.principal, args.value, args.locator)
        )
    )


_TAGS = ("properties",)
_ONE = "/properties/{propertyName:path}"
OPERATIONS = [
    Operation(
        "getProperty",
        "GET",
        _ONE,
        GetPropertyArgs,
        PropertyResponse,
        get_property,
        "Get a property; `$[...]` references are expanded unless `expand=0`. ETag is its revision.",
        tags=_TAGS,
    ),
    Operation(
        "getPropertyHistory",
        "GET",
        _ONE,
        PropertyNameArgs,
        PropertyHistoryResponse,
        get_property_history,
        "The change history of a tracked property.",
        request="getPropertyHistory",
        tags=_TAGS,
    ),
    Operation(
        "setProperty",
        "PUT",
        _ONE,
        SetPropertyArgs,
        PropertyResponse,
        set_property,
        "Set a property, creating it (and missing sheets on its path) if needed."
        " `If-Match` makes it conditional.",
        tags=_TAGS,
    ),
    Operation(
        "incrementProperty",
        "PUT",
        _ONE,
        IncrementArgs,
        PropertyResponse,
        increment_property,
        "Add `incrementBy` to an integer property atomically; creates it with that value if missing.",
        request="incrementProperty",
        tags=_TAGS,
    ),
    Operation(
        "deleteProperty",
        "DELETE",
        _ONE,
        PropertyNameArgs,
        Empty,
        delete_property,
        "Delete a property, or a sheet with everything in it. `If-Match` makes it conditional.",
        tags=_TAGS,
    ),
    Operation(
        "createProperty",
        "POST",
        "/properties",
        CreatePropertyArgs,
        PropertyResponse,
        create_property,
        "Create a property or (propertyType=sheet) a sheet; 409 DuplicatePropertyName if it exists.",
        tags=_TAGS,
    ),
    Operation(
        "getProperties",
        "GET",
        "/properties",
        GetPropertiesArgs,
        PropertySheetResponse,
        get_properties,
        "The properties of an object's sheet, or of the sheet at `path`; `recurse=1` includes nested sheets.",
        tags=_TAGS,
    ),
    Operation(
        "getPropertySheet",
        "GET",
        "/propertySheets/{propertySheetId}",
        GetPropertySheetArgs,
        PropertySheetResponse,
        get_property_sheet,
        "A property sheet by its id.",
        tags=_TAGS,
    ),
    Operation(
        "expandString",
        "POST",
        "/expandString",
        ExpandStringArgs,
        ExpandStringResponse,
        expand_string,
        "Expand `$[...]` references in `value`, relative to the located object.",
        tags=_TAGS,
    ),
    Operation(
        "getProjectProperty",
        "GET",
        "/projects/{projectName}/{propertyName:path}",
        GetPropertyArgs,
        PropertyResponse,
        get_property,
        "Alias of getProperty on a project.",
        tags=_TAGS,
    ),
]
