"""`/rest/doc/v1.0/`: the interactive API reference (Swagger UI, served from the package, no CDN).

The assets come from `swagger-ui-py`, which ships Swagger UI 5: it renders OpenAPI 3.1, the version of
our documents (Swagger UI 4 answers "Unable to render this definition"). Its directory is found
without importing the package, whose import pulls in template engines we do not need here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import msgspec
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from restkeep.server.docs.openapi import openapi_document
from restkeep.server.flow.api.routes import OPERATIONS

DOC_PREFIX = "/rest/doc/v1.0"


def _assets() -> Path:
    spec = importlib.util.find_spec("swagger_ui")
    assert spec is not None and spec.origin is not None, "swagger-ui-py is a dependency of restkeep"
    return Path(spec.origin).parent / "static"


_ASSETS = _assets()
_HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def _page() -> bytes:
    return (_HERE / "reference.html").read_bytes()


async def reference_page(request: Request) -> Response:
    return Response(_page(), media_type="text/html", headers=SECURITY_HEADERS)


async def reference_script(request: Request) -> Response:
    return Response(
        (_HERE / "reference.js").read_bytes(), media_type="text/javascript", headers=SECURITY_HEADERS
    )


def doc_routes() -> list[BaseRoute]:
    document = msgspec.json.encode(openapi_document(OPERATIONS))

    async def openapi_json(request: Request) -> Response:
        return Response(document, media_type="application/json")

    return [
        Route(DOC_PREFIX, lambda request: RedirectResponse(DOC_PREFIX + "/")),
        Route(DOC_PREFIX + "/", reference_page),
        Route(DOC_PREFIX + "/openapi.json", openapi_json),
        Route(DOC_PREFIX + "/reference.js", reference_script),
        Mount(DOC_PREFIX + "/assets", StaticFiles(directory=_ASSETS), name="swagger-ui"),
    ]
