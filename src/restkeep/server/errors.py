"""One error hierarchy: each class knows its HTTP status and its code.

Services raise these; each API family renders any `ApiError` into its own envelope in one place
(`render_flow_error` here, the Catalog renderer beside the Catalog routes). Messages are for users:
they name the field or object at fault and never carry secrets or stack traces.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import msgspec
from starlette.responses import Response

# a value quoted in a message is shown up to this many characters; a whole message is never longer
# than MAX_MESSAGE (a 9 MB value must not make a 9 MB error)
SHOWN_VALUE = 80
MAX_MESSAGE = 1000
_LONG_QUOTED = re.compile(rf"'([^']{{{SHOWN_VALUE}}})[^']{{16,}}'")


def shorten(message: str) -> str:
    """`message` with every long quoted value cut to its first characters, and cut as a whole."""
    if len(message) <= SHOWN_VALUE:
        return message
    message = _LONG_QUOTED.sub(r"'\1…'", message)
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


class ApiError(Exception):
    status: ClassVar[int] = 500
    code: ClassVar[str] = "InternalError"

    def __init__(
        self,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        message = shorten(message)
        super().__init__(message)
        self.message = message
        self.headers = headers or {}
        # what exactly was wrong, item by item (the Catalog envelope carries these; Flow has no room)
        self.details = details or []


class BadRequest(ApiError):
    status = 400
    code = "InvalidArgument"


class InvalidArgument(BadRequest):
    code = "InvalidArgument"


class MissingArgument(BadRequest):
    code = "MissingArgument"


class InvalidPropertyName(BadRequest):
    code = "InvalidPropertyName"


class InvalidProjectName(BadRequest):
    code = "InvalidProjectName"


class InvalidVersion(BadRequest):
    code = "InvalidVersion"


class MalformedRequest(BadRequest):
    code = "MalformedRequest"


class UnsupportedMediaType(ApiError):
    status = 415
    code = "UnsupportedMediaType"


class RangeNotSatisfiable(ApiError):
    status = 416
    code = "RangeNotSatisfiable"


class Unauthorized(ApiError):
    status = 401
    code = "NoCredentials"


class NoCredentials(Unauthorized):
    code = "NoCredentials"

    def __init__(self) -> None:
        # byte-for-byte the message of the original server (the seed quotes it)
        super().__init__("No credentials/session found in this request")


class InvalidCredentials(Unauthorized):
    code = "InvalidCredentials"


class InvalidSession(Unauthorized):
    code = "InvalidSession"


class AccessDenied(ApiError):
    status = 403
    code = "AccessDenied"


class NotFound(ApiError):
    status = 404
    code = "NoSuchObject"


class NoSuchObject(NotFound):
    code = "NoSuchObject"


class NoSuchProject(NotFound):
    code = "NoSuchProject"


class NoSuchProperty(NotFound):
    code = "NoSuchProperty"


class NoSuchArtifact(NotFound):
    code = "NoSuchArtifact"


class NoSuchArtifactVersion(NotFound):
    code = "NoSuchArtifactVersion"


class NoSuchRepository(NotFound):
    code = "NoSuchRepository"


class NoSuchUser(NotFound):
    code = "NoSuchUser"


class NoSuchGroup(NotFound):
    code = "NoSuchGroup"


class MethodNotAllowed(ApiError):
    status = 405
    code = "MethodNotAllowed"


class Conflict(ApiError):
    status = 409
    code = "Conflict"


class DuplicateProjectName(Conflict):
    code = "DuplicateProjectName"


class DuplicatePropertyName(Conflict):
    code = "DuplicatePropertyName"


class DuplicateArtifactName(Conflict):
    code = "DuplicateArtifactName"


class DuplicateArtifactVersion(Conflict):
    code = "DuplicateArtifactVersion"


class DuplicateRepositoryName(Conflict):
    code = "DuplicateRepositoryName"


class ArtifactInUse(Conflict):
    code = "ArtifactInUse"


class DuplicateUserName(Conflict):
    code = "DuplicateUserName"


class DuplicateGroupName(Conflict):
    code = "DuplicateGroupName"


class ConcurrentModification(ApiError):
    status = 412
    code = "ConcurrentModification"


class RequestTooLarge(ApiError):
    status = 413
    code = "RequestTooLarge"


class InvalidValues(ApiError):
    status = 422
    code = "InvalidValues"


class TooManyRequests(ApiError):
    status = 429
    code = "TooManyRequests"


class InternalError(ApiError):
    status = 500
    code = "InternalError"


class NotImplementedCall(ApiError):
    status = 501
    code = "NotImplemented"


class InsufficientStorage(ApiError):
    status = 507
    code = "InsufficientStorage"


class ServiceUnavailable(ApiError):
    status = 503
    code = "ServiceUnavailable"


class QueryTooSlow(ServiceUnavailable):
    code = "QueryTimeout"


class FlowErrorBody(msgspec.Struct):
    where: str
    message: str
    details: str
    code: str


class FlowErrorEnvelope(msgspec.Struct):
    error: FlowErrorBody


def render_flow_error(error: ApiError) -> Response:
    body = FlowErrorEnvelope(FlowErrorBody(where="", message=error.message, details="", code=error.code))
    headers = dict(error.headers)
    if isinstance(error, NoCredentials | InvalidCredentials):
        headers.setdefault("WWW-Authenticate", 'Basic realm="restkeep"')
    return Response(msgspec.json.encode(body), error.status, headers, media_type="application/json")
