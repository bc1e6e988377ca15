"""Access control entries: `GET|PUT|DELETE /acls` with a locator (`projectName`, `artifactName`,
`catalogRepositoryId`, or none for the server)."""

from __future__ import annotations

from typing import Literal

import msgspec
from starlette.responses import Response

from restkeep.server.access import SERVER, Guarded
from restkeep.server.catalog.repositories import guarded as guarded_repository
from restkeep.server.catalog.types import Id
from restkeep.server.context import Services
from restkeep.server.errors import InvalidArgument
from restkeep.server.flow.models import AclEntryListResponse, AclEntryResponse, Empty, acl_entry_out
from restkeep.server.flow.services.artifacts import guarded as guarded_artifact
from restkeep.server.flow.services.projects import guarded as guarded_project
from restkeep.server.operations import Call, Operation, json_response

Privilege = Literal["allow", "deny", "inherit"]


class _Locator(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    projectName: str | None = None
    artifactName: str | None = None
    catalogRepositoryId: Id | None = None


class AclArgs(_Locator):
    pass


class AclPrincipalArgs(_Locator):
    principalName: str
    principalType: Literal["user", "group"]


class AclModifyArgs(AclPrincipalArgs):
    readPrivilege: Privilege | None = None
    modifyPrivilege: Privilege | None = None
    executePrivilege: Privilege | None = None
    changePermissionsPrivilege: Privilege | None = None


async def _target(services: Services, args: _Locator) -> Guarded:
    given = [v for v in (args.projectName, args.artifactName, args.catalogRepositoryId) if v is not None]
    if len(given) > 1:
        raise InvalidArgument("Give one locator: projectName, artifactName or catalogRepositoryId")
    if args.projectName is not None:
        return guarded_project(await services.projects.find(args.projectName))
    if args.artifactName is not None:
        return guarded_artifact(await services.artifacts.find(args.artifactName))
    if args.catalogRepositoryId is not None:
        return guarded_repository((await services.repositories.find(args.catalogRepositoryId)).id)
    return SERVER


async def get_acl(call: Call[AclArgs]) -> Response:
    entries = await call.services.access.entries(call.principal, await _target(call.services, call.args))
    return json_response(AclEntryListResponse([acl_entry_out(e) for e in entries]))


async def modify_acl(call: Call[AclModifyArgs]) -> Response:
    a = call.args
    privileges: dict[str, str | None] = {
        "read": a.readPrivilege,
        "modify": a.modifyPrivilege,
        "execute": a.executePrivilege,
        "changePermissions": a.changePermissionsPrivilege,
    }
    target = await _target(call.services, a)
    entry = await call.services.access.put(
        call.principal, target, a.principalType, a.principalName, privileges
    )
    return json_response(AclEntryResponse(acl_entry_out(entry)))


async def delete_acl(call: Call[AclPrincipalArgs]) -> Response:
    a = call.args
    target = await _target(call.services, a)
    await call.services.access.delete(call.principal, target, a.principalType, a.principalName)
    return json_response(Empty())


_TAGS = ("access control",)
OPERATIONS = [
    Operation(
        "getAclEntries",
        "GET",
        "/acls",
        AclArgs,
        AclEntryListResponse,
        get_acl,
        "The access control entries of a project, artifact, catalog repository, or (no locator) the server.",
        tags=_TAGS,
    ),
    Operation(
        "modifyAclEntry",
        "PUT",
        "/acls",
        AclModifyArgs,
        AclEntryResponse,
        modify_acl,
        "Create or change the entry of one user or group: each privilege allow, deny or inherit"
        " (needs changePermissions).",
        tags=_TAGS,
    ),
    Operation(
        "deleteAclEntry",
        "DELETE",
        "/acls",
        AclPrincipalArgs,
        Empty,
        delete_acl,
        "Remove the entry of one user or group (needs changePermissions).",
        tags=_TAGS,
    ),
]
