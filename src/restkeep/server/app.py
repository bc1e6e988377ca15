"""`build_app(settings)`: the ASGI application with every API family mounted."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from restkeep.server.access_log import AccessLog
from restkeep.server.catalog.api import enable, webcm
from restkeep.server.catalog.api import render as catalog_render
from restkeep.server.catalog.api.paths import CollapseSlashes
from restkeep.server.context import Services
from restkeep.server.docs.reference import doc_routes
from restkeep.server.drain import DrainUnreadBody
from restkeep.server.errors import (
    ApiError,
    InternalError,
    MethodNotAllowed,
    NoSuchObject,
    ServiceUnavailable,
    render_flow_error,
)
from restkeep.server.flow.api.operations import routes as flow_routes
from restkeep.server.flow.api.routes import OPERATIONS as FLOW_OPERATIONS
from restkeep.server.settings import Settings
from restkeep.server.store import open_store
from restkeep.server.store.errors import StoreUnavailable

log = logging.getLogger("restkeep.server")


def render_error(request: Request, error: ApiError) -> Response:
    """Each API family answers in its own envelope; anything else gets the Flow one."""
    path = request.url.path
    if path.startswith(catalog_render.WEBCM_PREFIX):
        return catalog_render.webcm_error(error)
    if path.startswith(catalog_render.ENABLE_PREFIX):
        return catalog_render.enable_error(error)
    return render_flow_error(error)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return render_error(request, exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return render_error(request, NoSuchObject(f"No such path: {request.url.path}"))
    if exc.status_code == 405:
        return render_error(
            request, MethodNotAllowed(f"{request.method} is not allowed on {request.url.path}")
        )
    return render_error(request, InternalError(exc.detail))


async def _store_unavailable(request: Request, exc: Exception) -> Response:
    log.error("store unavailable on %s %s: %s", request.method, request.url.path, exc)
    message = "The database is unavailable; try again shortly"
    return render_error(request, ServiceUnavailable(message, headers={"Retry-After": "1"}))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return render_error(request, InternalError("Internal server error; the server log has the details"))


def build_app(settings: Settings) -> Starlette:
    """The application for one worker process; the store opens when the app starts."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store = await open_store(settings)
        app.state.services = Services.build(settings, store)
        try:
            yield
        finally:
            await store.close()

    app = Starlette(
        routes=[*flow_routes(FLOW_OPERATIONS), *enable.ROUTES, *webcm.ROUTES, *doc_routes()],
        lifespan=lifespan,
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _http_error,
            StoreUnavailable: _store_unavailable,
            Exception: _unexpected,
        },
    )
    app.add_middleware(CollapseSlashes)
    app.add_middleware(DrainUnreadBody)
    if settings.access_log:
        app.add_middleware(AccessLog)
    return app
