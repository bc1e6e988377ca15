"""The Catalog API's two envelopes: enable-api's `{"success": ...}` and webcm's `{"status": ...}`."""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.responses import Response

from restkeep.server.errors import ApiError

ENABLE_PREFIX = "/enable-api"
WEBCM_PREFIX = "/webcm/rest/api"
_encoder = msgspec.json.Encoder(decimal_format="number")


def json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(_encoder.encode(body), status, headers, media_type="application/json")


def enable_error(error: ApiError) -> Response:
    return json({"success": False, "error": error.message}, error.status, error.headers)


def webcm_error(error: ApiError, rotated: str | None = None) -> Response:
    body: dict[str, Any] = {
        "status": error.status,
        "success": False,
        "error": error.message,
        "details": error.details,
    }
    if rotated:
        body["epimresttoken"] = rotated
    return json(body, error.status, error.headers)


def webcm_ok(data: Any = None, rotated: str | None = None, status: int = 200) -> Response:
    body: dict[str, Any] = {"status": 0}
    if data is not None:
        body["data"] = data
    if rotated:
        body["epimresttoken"] = rotated
    return json(body, status)
