"""Projects: `GET|POST /projects`, `GET|PUT|DELETE /projects/{projectName}`."""

from __future__ import annotations

import msgspec
from starlette.responses import Response

from restkeep.server.flow.models import Empty, ProjectListResponse, ProjectResponse, project_out
from restkeep.server.operations import Call, NoArgs, Operation, json_response


class ProjectArgs(msgspec.Struct, forbid_unknown_fields=True):
    projectName: str


# what the original's createProject and modifyProject take besides the name and description: kept and
# shown back on the project, used for nothing here (restkeep runs no procedures)
SETTINGS = ("credentialName", "resourceName", "workspaceName", "tracked")


class CreateProjectArgs(msgspec.Struct, forbid_unknown_fields=True):
    projectName: str
    description: str = ""
    credentialName: str | None = None
    resourceName: str | None = None
    workspaceName: str | None = None
    tracked: bool | None = None


class ModifyProjectArgs(msgspec.Struct, forbid_unknown_fields=True):
    projectName: str
    newName: str | None = None
    description: str | None = None
    credentialName: str | None = None
    resourceName: str | None = None
    workspaceName: str | None = None
    tracked: bool | None = None


def _settings(args: CreateProjectArgs | ModifyProjectArgs) -> dict[str, str]:
    """The settings given, as the project shows them (flags as "1"/"0", as everywhere in the API)."""
    given = {name: getattr(args, name) for name in SETTINGS if getattr(args, name) is not None}
    return {k: ("1" if v else "0") if isinstance(v, bool) else v for k, v in given.items()}


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
    project = await call.services.projects.create(
        call.principal, args.projectName, args.description, _settings(args)
    )
    return json_response(ProjectResponse(project_out(project)))


async def modify_project(call: Call[ModifyProjectArgs]) -> Response:
    args = call.args
    project = await call.services.projects.modify(
        call.principal, args.projectName, args.newName, args.description, _settings(args)
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
