"""Artifact versions and repositories: publish, list, find by range, get, withdraw, download, archive."""

from __future__ import annotations

import mimetypes

import msgspec
from starlette.concurrency import iterate_in_threadpool
from starlette.responses import (
    FileResponse,
    MalformedRangeHeader,
    Response,
    StreamingResponse,
)
from starlette.responses import RangeNotSatisfiable as UnsatisfiableRange

from restkeep.server import metrics
from restkeep.server.archive import tar_gz
from restkeep.server.blobs import LocalBlobStore
from restkeep.server.errors import InvalidArgument, RangeNotSatisfiable
from restkeep.server.flow.api.locators import artifact_name, refuse_given
from restkeep.server.flow.api.uploads import UploadReader
from restkeep.server.flow.models import (
    ArtifactVersionListResponse,
    ArtifactVersionResponse,
    RepositoryListResponse,
    RepositoryResponse,
    artifact_version_out,
    repository_out,
)
from restkeep.server.flow.services.artifact_versions import DEFAULT_REPOSITORY, Received
from restkeep.server.operations import Body, Call, NoArgs, Operation, json_response


class _Artifact(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The artifact, as `artifactName` or as `groupId` with `artifactKey` (both the original's)."""

    artifactName: str | None = None
    groupId: str | None = None
    artifactKey: str | None = None

    @property
    def artifact(self) -> str:
        return artifact_name(self.artifactName, self.groupId, self.artifactKey)


# what the original's publish does on the client, reading a local directory: restkeep receives the
# files themselves, so it cannot honour these
_CLIENT_SIDE = (
    "restkeep receives the files in the request body (multipart field 'files'); choose them on the client"
)
_NOT_HONOURED = {
    "fromDirectory": _CLIENT_SIDE,
    "includePatterns": _CLIENT_SIDE,
    "excludePatterns": _CLIENT_SIDE,
    "dependentArtifactVersions": "artifact versions have no dependents here",
}


class PublishArgs(_Artifact, kw_only=True):
    version: str
    repositoryName: str = DEFAULT_REPOSITORY
    description: str = ""
    # transport and storage choices of the original: accepted, without effect (files are kept as sent)
    compress: bool | None = None
    followSymlinks: bool | None = None
    fromDirectory: str | None = None
    includePatterns: list[str] = []
    excludePatterns: list[str] = []
    dependentArtifactVersions: list[str] = []

    def __post_init__(self) -> None:
        refuse_given(self, _NOT_HONOURED)


class ListVersionsArgs(_Artifact, kw_only=True):
    pass


class FindVersionsArgs(_Artifact, kw_only=True):
    versionRange: str


class VersionArgs(msgspec.Struct, forbid_unknown_fields=True):
    artifactVersionName: str


class FileArgs(msgspec.Struct, forbid_unknown_fields=True):
    artifactVersionName: str
    path: str


class CreateRepositoryArgs(msgspec.Struct, forbid_unknown_fields=True):
    repositoryName: str
    description: str = ""
    # where the original's repository server runs: restkeep keeps every repository in its data
    # directory, so these are accepted without effect
    url: str | None = None
    zoneName: str | None = None
    repositoryDisabled: bool | None = None

    def __post_init__(self) -> None:
        refuse_given(self, {"repositoryDisabled": "its repositories are always enabled"})


async def publish(call: Call[PublishArgs]) -> Response:
    args = call.args
    limit = call.services.settings.max_upload_size

    async def receive(blobs: LocalBlobStore, into: list[Received]) -> None:
        await UploadReader(blobs, limit, into).read(call.request)

    view = await call.services.artifact_versions.publish(
        call.principal, args.artifact, args.version, args.repositoryName, args.description, receive
    )
    return json_response(ArtifactVersionResponse(artifact_version_out(view.record, view)))


async def get_versions(call: Call[ListVersionsArgs]) -> Response:
    records = await call.services.artifact_versions.versions(call.principal, call.args.artifact)
    return json_response(ArtifactVersionListResponse([artifact_version_out(r) for r in records]))


async def find_versions(call: Call[FindVersionsArgs]) -> Response:
    records = await call.services.artifact_versions.versions(
        call.principal, call.args.artifact, call.args.versionRange
    )
    return json_response(ArtifactVersionListResponse([artifact_version_out(r) for r in records]))


async def get_version(call: Call[VersionArgs]) -> Response:
    view = await call.services.artifact_versions.get(call.principal, call.args.artifactVersionName)
    return json_response(ArtifactVersionResponse(artifact_version_out(view.record, view)))


async def delete_version(call: Call[VersionArgs]) -> Response:
    view = await call.services.artifact_versions.withdraw(call.principal, call.args.artifactVersionName)
    return json_response(ArtifactVersionResponse(artifact_version_out(view.record, view)))


def _matches(header: str | None, etag: str) -> bool:
    if header is None:
        return False
    return any(tag.strip().removeprefix("W/") in (etag, "*") for tag in header.split(","))


async def download_file(call: Call[FileArgs]) -> Response:
    entry, blob = await call.services.artifact_versions.file(
        call.principal, call.args.artifactVersionName, call.args.path
    )
    etag = f'"{entry.sha256}"'
    if _matches(call.request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers={"ETag": etag})
    name = entry.path.rsplit("/", 1)[-1]
    if (counted := metrics.active()) is not None:
        counted.artifact_bytes.labels("out").inc(entry.size)
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return _FileAnswer(blob, media_type=media_type, filename=name, headers={"ETag": etag})


class _FileAnswer(FileResponse):
    """Starlette's file answer, whose refusals of a `Range` header become API errors: they are raised
    before the first byte, so the client gets them in the Flow envelope instead of plain text."""

    @classmethod
    def _parse_range_header(cls, http_range: str, file_size: int) -> list[tuple[int, int]]:
        try:
            return super()._parse_range_header(http_range, file_size)
        except MalformedRangeHeader as exc:
            raise InvalidArgument(f"Malformed Range header: {exc.content}") from None
        except UnsatisfiableRange:
            raise RangeNotSatisfiable(
                f"The Range header asks for bytes outside the file's {file_size}",
                headers={"Content-Range": f"bytes */{file_size}"},
            ) from None


async def download_archive(call: Call[VersionArgs]) -> Response:
    service = call.services.artifact_versions
    view = await service.available(call.principal, call.args.artifactVersionName)
    blobs = service.blobs(view.record.repository_name)
    entries = [(f.path, blobs.path(f.sha256), f.size) for f in view.files]
    if (counted := metrics.active()) is not None:
        counted.artifact_bytes.labels("out").inc(sum(f.size for f in view.files))
    name = call.args.artifactVersionName.replace(":", "-")
    return StreamingResponse(
        iterate_in_threadpool(tar_gz(entries, view.record.create_time / 1000)),
        media_type="application/gzip",
        headers={"Content-Disposition": f'attachment; filename="{name}.tar.gz"'},
    )


async def get_repositories(call: Call[NoArgs]) -> Response:
    records = await call.services.artifact_versions.repositories()
    return json_response(RepositoryListResponse([repository_out(r) for r in records]))


async def create_repository(call: Call[CreateRepositoryArgs]) -> Response:
    args = call.args
    record = await call.services.artifact_versions.create_repository(
        call.principal, args.repositoryName, args.description
    )
    return json_response(RepositoryResponse(repository_out(record)))


_TAGS = ("artifact versions",)
_ONE = "/artifactVersions/{artifactVersionName}"
OPERATIONS = [
    Operation(
        "publishArtifactVersion",
        "POST",
        "/artifactVersions",
        PublishArgs,
        ArtifactVersionResponse,
        publish,
        "Publish a version from a multipart/form-data body of files (field `files`; names may hold"
        " sub-folders; optional `X-Checksum-Sha256` part header). Creates the artifact if missing.",
        tags=_TAGS,
        body=Body.RAW,
    ),
    Operation(
        "getArtifactVersions",
        "GET",
        "/artifactVersions",
        ListVersionsArgs,
        ArtifactVersionListResponse,
        get_versions,
        "An artifact's versions, newest first (every state).",
        tags=_TAGS,
    ),
    Operation(
        "findArtifactVersions",
        "GET",
        "/artifactVersions",
        FindVersionsArgs,
        ArtifactVersionListResponse,
        find_versions,
        "Available versions inside `versionRange` (e.g. `[1.0,2.0)`), newest first.",
        request="findArtifactVersions",
        tags=_TAGS,
    ),
    Operation(
        "getArtifactVersion",
        "GET",
        _ONE,
        VersionArgs,
        ArtifactVersionResponse,
        get_version,
        "One version `groupId:artifactKey:version` with its files.",
        tags=_TAGS,
    ),
    Operation(
        "deleteArtifactVersion",
        "DELETE",
        _ONE,
        VersionArgs,
        ArtifactVersionResponse,
        delete_version,
        "Withdraw a version: it becomes `unavailable`; its name is never reused.",
        tags=_TAGS,
    ),
    Operation(
        "retrieveArtifactVersionFile",
        "GET",
        _ONE + "/files/{path:path}",
        FileArgs,
        ArtifactVersionResponse,
        download_file,
        "Stream one file (ETag = its sha256; Range and If-None-Match supported).",
        tags=_TAGS,
    ),
    Operation(
        "retrieveArtifactVersionArchive",
        "GET",
        _ONE + "/archive",
        VersionArgs,
        ArtifactVersionResponse,
        download_archive,
        "Stream every file of the version as a tar.gz.",
        tags=_TAGS,
    ),
    Operation(
        "getRepositories",
        "GET",
        "/repositories",
        NoArgs,
        RepositoryListResponse,
        get_repositories,
        "Artifact repositories.",
        tags=_TAGS,
    ),
    Operation(
        "createRepository",
        "POST",
        "/repositories",
        CreateRepositoryArgs,
        RepositoryResponse,
        create_repository,
        "Create an artifact repository (its files live under the data folder).",
        tags=_TAGS,
    ),
]
