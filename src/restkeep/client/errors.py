"""The SDK's errors mirror the server's; each carries the response.

ApiError (.status, .code, .message, .body)
├── BadRequest          400, 422 (InvalidArgument, MissingArgument, InvalidVersion, ...)
├── AuthError           401 (NoCredentials, InvalidCredentials, InvalidSession, expired tokens)
├── Forbidden           403 (AccessDenied)
├── NotFound            404 (NoSuchProperty, NoSuchProject, ...)
├── Conflict            409, 412 (DuplicateProjectName, ConcurrentModification, ...)
├── TooLarge            413
├── TooManyRequests     429 (.retry_after)
└── ServerError         5xx
TransportError          the server could not be reached (after retries)
InvalidRequest          the request cannot be sent at all (e.g. a URL longer than any server takes)
"""

from __future__ import annotations

from typing import Any

import httpx


class RestkeepError(Exception):
    """Base of every error the SDK raises."""


class TransportError(RestkeepError):
    """The request never got an answer (connection refused, reset, timed out), even after retries."""


class InvalidRequest(RestkeepError):
    """The request cannot be sent as asked (a URL that no HTTP library or server takes); nothing was sent."""


class ApiError(RestkeepError):
    status: int = 0

    def __init__(
        self, status: int, code: str, message: str, body: Any, headers: httpx.Headers | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {message}" if code else f"{status}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.body = body
        self.headers = headers or httpx.Headers()

    @property
    def details(self) -> list[dict[str, Any]]:
        """The problems the server listed one by one (a Catalog import's bad rows, say), else []."""
        found = self.body.get("details") if isinstance(self.body, dict) else None
        return [d for d in found if isinstance(d, dict)] if isinstance(found, list) else []


class BadRequest(ApiError):
    pass


class AuthError(ApiError):
    pass


class Forbidden(ApiError):
    pass


class NotFound(ApiError):
    pass


class Conflict(ApiError):
    pass


class TooLarge(ApiError):
    pass


class TooManyRequests(ApiError):
    @property
    def retry_after(self) -> float | None:
        value = self.headers.get("retry-after")
        return float(value) if value and value.replace(".", "", 1).isdigit() else None


class ServerError(ApiError):
    pass


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: AuthError,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    412: Conflict,
    413: TooLarge,
    422: BadRequest,
    429: TooManyRequests,
}


def error_from(response: httpx.Response) -> ApiError:
    """The error for a non-2xx response, from either API family's envelope."""
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    code, message = "", response.reason_phrase
    if isinstance(body, dict):
        if isinstance(body.get("error"), dict):  # Flow: {"error": {"code", "message", ...}}
            code = str(body["error"].get("code", ""))
            message = str(body["error"].get("message", message))
        elif "error" in body:  # Catalog: {"status", "success": false, "error": "...", "details"}
            message = str(body["error"])
    kind = _BY_STATUS.get(response.status_code, ServerError if response.status_code >= 500 else ApiError)
    return kind(response.status_code, code, message, body, response.headers)
