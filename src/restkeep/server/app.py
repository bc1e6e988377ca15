"""`build_app(settings)`: the ASGI application with every API family mounted (see `front`)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException

from restkeep.server import health, metrics
from restkeep.server.context import Services
from restkeep.server.docs.reference import doc_routes
from restkeep.server.errors import ApiError
from restkeep.server.failures import error_response
from restkeep.server.families import served
from restkeep.server.front import Front
from restkeep.server.housekeeping import housekeeping
from restkeep.server.routing import Routes
from restkeep.server.settings import Settings
from restkeep.server.store import open_store
from restkeep.server.store.errors import QueryTimeout, StoreUnavailable
from restkeep.server.ui.routes import ui_routes


def build_app(settings: Settings) -> Front:
    """The application for one worker process; the store opens when the app starts."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store = await open_store(settings, read_cache=True)
        app.state.services = Services.build(settings, store)
        flushing = (
            asyncio.create_task(metrics.turn_on(store.pool_usage).flush_every()) if settings.metrics else None
        )
        # everything made so far lives as long as the worker: out of the collector's sight, a full
        # collection no longer walks it (a 1,000-row page's p95 went from 43 to 17 ms, its p50 stayed)
        gc.collect()
        gc.freeze()
        background = asyncio.create_task(housekeeping(app.state.services))
        try:
            yield
        finally:
            if flushing is not None:
                flushing.cancel()
            background.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await background
            await store.close()

    app = Starlette(
        routes=[*health.ROUTES, *metrics.routes(settings), *doc_routes(settings.dev), *ui_routes()],
        lifespan=lifespan,
        # Exception alone would be Starlette's last resort, which answers and then re-raises
        exception_handlers={
            ApiError: error_response,
            HTTPException: error_response,
            StoreUnavailable: error_response,
            QueryTimeout: error_response,
            Exception: error_response,
        },
    )
    return Front(
        app,
        Routes(served(settings)),
        access_log=settings.access_log,
        dev=settings.dev,
        trusted_proxies=settings.trusted_proxies,
    )
