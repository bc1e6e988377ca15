"""Probes for load balancers and Kubernetes, with no credentials and no cost worth counting:

- `GET /health`: the process answers (liveness) — 200 `{"status": "ok"}`, touching nothing.
- `GET /ready`: the database answers within two seconds and its schema is the one this code
  expects (readiness) — 200 `{"status": "ready", "schema": "<revision>"}`, else 503
  `{"status": "unavailable", "reason": "..."}` (PostgreSQL down, a schema older or newer than the code).
"""

from __future__ import annotations

import logging
from functools import cache

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from restkeep.server.store.errors import StoreError
from restkeep.server.store.migrate import head_revision

log = logging.getLogger("restkeep.health")
READY_WITHIN = 2.0
_NO_STORE = {"Cache-Control": "no-store"}


@cache
def _expected() -> str:
    return head_revision()


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"}, headers=_NO_STORE)


async def ready(request: Request) -> Response:
    def unavailable(reason: str) -> Response:
        return JSONResponse({"status": "unavailable", "reason": reason}, 503, headers=_NO_STORE)

    try:
        with anyio.fail_after(READY_WITHIN):
            found = await request.app.state.services.store.schema_revision()
    except TimeoutError:
        return unavailable(f"the database did not answer within {READY_WITHIN:g} s")
    except (StoreError, OSError) as exc:  # the details go to the log, not to an anonymous caller
        log.warning("not ready: %s", exc)
        return unavailable(f"the database does not answer ({type(exc).__name__})")
    if found != _expected():
        return unavailable(f"the database schema is at {found}, the server expects {_expected()}")
    return JSONResponse({"status": "ready", "schema": found}, headers=_NO_STORE)


ROUTES = [Route("/health", health, methods=["GET", "HEAD"]), Route("/ready", ready, methods=["GET", "HEAD"])]
