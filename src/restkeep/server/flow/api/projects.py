"""Projects: `GET|POST /projects`, `GET|PUT|DELETE /projects/{projectName}`."""

from __future__ import annotations

import msgspec
from starlette.responses import Response

from restkeep.server.flow.api.operations import Call, NoArgs, Operation, json_response
from restkeep.server.flow.models import Empty, ProjectListResponse, ProjectResponse, project_out


class ProjectArgs(msgspec.Struct, forbid_unknown_fields=True):
    projectName: str


class CreateProjectArgs(msgspec.Struct, forbid_unknown_fields=True):
    projectName: str
    description: str = ""


class ModifyProjectArgs(msgspec.Struct, forbid_unknown_fields=True):
    projectName: str
    newName: str | None = None
    description: str | None = None


async def get_projects(call: Call[NoArgs]) -> Response:
    return json_response(
        ProjectListResponse([project_out(p) for p in await call.services.projects.list(call.principal)])
    )


async def get_project(call: Call[ProjectArgs]) -> Response:
    return json_response(
        ProjectResponse(project_out(await call.services.projects.get(call.principal, call.args.projectName)))
    )


async def create_project(call: Call[CreateProjectArgs]) -> Response:
    args = call.args
    project = await call.services.projects.create(call.principal, args.projectName, args.description)
    return json_response(ProjectResponse(project_out(project)))


async def modify_project(call: Call[ModifyProjectArgs]) -> Response:
    args = call.args
    project = await call.services.projects.modify(
        call.principal, args.projectName, args.newName, args.description
    )
    return json_response(ProjectResponse(project_out(project)))


async def delete_project(call: Call[ProjectArgs]) -> Response:
    await call.services.projects.delete(call.principal, call.args.projectName)
    return json_response(Empty())


_TAGS = ("projects",)
OPERATIONS = [
    Operation(
        "getProjects",
        "GET",
        "/projects",
        NoArgs,
        ProjectListResponse,
        get_projects,
        "List every project.",
        tags=_TAGS,
    ),
    Operation(
        "createProject",
        "POST",
        "/projects",
        CreateProjectArgs,
        ProjectResponse,
        create_project,
        "Create a project (409 DuplicateProjectName if the name is taken).",
        tags=_TAGS,
    ),
    Operation(
        "getProject",
        "GET",
        "/projects/{projectName}",
        ProjectArgs,
        ProjectResponse,
        get_project,
        "Get one project.",
        tags=_TAGS,
    ),
    Operation(
        "modifyProject",
        "PUT",
        "/projects/{projectName}",
        ModifyProjectArgs,
        ProjectResponse,
        modify_project,
        "Rename a project (`newName`) or change its description.",
        tags=_TAGS,
    ),
    Operation(
        "deleteProject",
        "DELETE",
        "/projects/{projectName}",
        ProjectArgs,
        Empty,
        delete_project,
        "Delete a project and its properties.",
        tags=_TAGS,
    ),
]
