"""Artifacts: `GET|POST /artifacts`, `GET|PUT|DELETE /artifacts/{groupId:artifactKey}`."""

from __future__ import annotations

import msgspec
from starlette.responses import Response

from restkeep.server.flow.models import ArtifactListResponse, ArtifactResponse, Empty, artifact_out
from restkeep.server.operations import Call, Operation, json_response


class ListArtifactsArgs(msgspec.Struct, forbid_unknown_fields=True):
    groupId: str | None = None


class ArtifactArgs(msgspec.Struct, forbid_unknown_fields=True):
    artifactName: str


class CreateArtifactArgs(msgspec.Struct, forbid_unknown_fields=True):
    groupId: str
    artifactKey: str
    description: str = ""


class ModifyArtifactArgs(msgspec.Struct, forbid_unknown_fields=True):
    artifactName: str
    description: str | None = None


async def get_artifacts(call: Call[ListArtifactsArgs]) -> Response:
    found = await call.services.artifacts.list(call.principal, call.args.groupId)
    return json_response(ArtifactListResponse([artifact_out(a) for a in found]))


async def get_artifact(call: Call[ArtifactArgs]) -> Response:
    return json_response(
        ArtifactResponse(
            artifact_out(await call.services.artifacts.get(call.principal, call.args.artifactName))
        )
    )


async def create_artifact(call: Call[CreateArtifactArgs]) -> Response:
    args = call.args
    artifact = await call.services.artifacts.create(
        call.principal, args.groupId, args.artifactKey, args.description
    )
    return json_response(ArtifactResponse(artifact_out(artifact)))


async def modify_artifact(call: Call[ModifyArtifactArgs]) -> Response:
    args = call.args
    artifact = await call.services.artifacts.modify(call.principal, args.artifactName, args.description)
    return json_response(ArtifactResponse(artifact_out(artifact)))


async def delete_artifact(call: Call[ArtifactArgs]) -> Response:
    await call.services.artifacts.delete(call.principal, call.args.artifactName)
    return json_response(Empty())


_TAGS = ("artifacts",)
_ONE = "/artifacts/{artifactName}"
OPERATIONS = [
    Operation(
        "getArtifacts",
        "GET",
        "/artifacts",
        ListArtifactsArgs,
        ArtifactListResponse,
        get_artifacts,
        "List artifacts, optionally of one `groupId`.",
        tags=_TAGS,
    ),
    Operation(
        "createArtifact",
        "POST",
        "/artifacts",
        CreateArtifactArgs,
        ArtifactResponse,
        create_artifact,
        "Create an artifact `groupId:artifactKey` (409 DuplicateArtifactName if it exists).",
        tags=_TAGS,
    ),
    Operation(
        "getArtifact",
        "GET",
        _ONE,
        ArtifactArgs,
        ArtifactResponse,
        get_artifact,
        "Get one artifact by its name `groupId:artifactKey`.",
        tags=_TAGS,
    ),
    Operation(
        "modifyArtifact",
        "PUT",
        _ONE,
        ModifyArtifactArgs,
        ArtifactResponse,
        modify_artifact,
        "Change an artifact's description.",
        tags=_TAGS,
    ),
    Operation(
        "deleteArtifact",
        "DELETE",
        _ONE,
        ArtifactArgs,
        Empty,
        delete_artifact,
        "Delete an artifact and its property sheet.",
        tags=_TAGS,
    ),
]
