"""Turning any exception a request raised into an answer in its API family's error envelope.

Used by the Flow dispatcher and by the Starlette application behind it alike, so a failure reads the
same whichever route it came from: a 4xx names what was wrong, a lost database is a 503 with
`Retry-After`, and anything unexpected is a 500 whose details go to the server log only.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from restkeep.server.catalog.api import render as catalog_render
from restkeep.server.errors import (
    ApiError,
    InternalError,
    MethodNotAllowed,
    NoSuchObject,
    NotImplementedCall,
    QueryTooSlow,
    ServiceUnavailable,
    render_flow_error,
)
from restkeep.server.store.errors import QueryTimeout, StoreUnavailable

log = logging.getLogger("restkeep.server")
FLOW_PREFIX = "/rest/v1.0"
DEV_PREFIX = "/_restkeep"


def render_error(path: str, error: ApiError) -> Response:
    """Each API family answers in its own envelope; anything else gets the Flow one."""
    if path.startswith(catalog_render.WEBCM_PREFIX):
        return catalog_render.webcm_error(error)
    if path.startswith(catalog_render.ENABLE_PREFIX):
        return catalog_render.enable_error(error)
    return render_flow_error(error)


def as_api_error(request: Request, exc: Exception) -> ApiError:
    if isinstance(exc, ApiError):
        return exc
    path = request.url.path
    if isinstance(exc, HTTPException):
        if exc.status_code == 404:
            if path == FLOW_PREFIX or path.startswith(FLOW_PREFIX + "/"):
                # what the original answers for a path under its API root that names no resource
                return NotImplementedCall(f"{request.method} {path} is not implemented")
            services = getattr(request.app.state, "services", None)
            if path.startswith(DEV_PREFIX + "/") and services is not None and not services.settings.dev:
                return NoSuchObject(f"No such path: {path} (development mode is off: `restkeep serve --dev`)")
            return NoSuchObject(f"No such path: {path}")
        if exc.status_code == 405:
            return MethodNotAllowed(f"{request.method} is not allowed on {path}")
        return InternalError(exc.detail)
    if isinstance(exc, QueryTimeout):
        log.warning("query stopped at its time limit on %s %s", request.method, path)
        return QueryTooSlow(
            f"The query took longer than the limit of {exc.limit:g} s (--query-timeout) and was stopped;"
            " narrow it (filters on more selective attributes, no leading 'contains') or raise the limit"
        )
    if isinstance(exc, StoreUnavailable):
        log.error("store unavailable on %s %s: %s", request.method, path, exc)
        return ServiceUnavailable(
            "The database is unavailable; try again shortly", headers={"Retry-After": "1"}
        )
    log.error("unhandled error on %s %s", request.method, path, exc_info=exc)
    return InternalError("Internal server error; the server log has the details")


async def error_response(request: Request, exc: Exception) -> Response:
    """The answer to a request that raised `exc`; also Starlette's handler for every exception."""
    return render_error(request.url.path, as_api_error(request, exc))
