"""The interactive API references (Swagger UI, served from the package, no CDN): the Flow API's at
`/rest/doc/v1.0/`, the Catalog API's at `/webcm/rest/swagger-ui.html`, where the original's is.

The assets come from `swagger-ui-py`, which ships Swagger UI 5: it renders OpenAPI 3.1, the version of
our documents (Swagger UI 4 answers "Unable to render this definition"). Its directory is found
without importing the package, whose import pulls in template engines we do not need here.
"""

from __future__ import annotations

import html
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from string import Template

import msgspec
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from restkeep.server.docs.openapi import openapi_document
from restkeep.server.families import CATALOG_API, FLOW_API
from restkeep.server.operations import Family

DOC_PREFIX = "/rest/doc/v1.0"
ASSETS = DOC_PREFIX + "/assets"
CATALOG_PAGE = "/webcm/rest/swagger-ui.html"
CATALOG_DOCUMENT = "/webcm/rest/v3/api-docs"


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


def _page(title: str, document: str) -> bytes:
    page = Template((_HERE / "reference.html").read_text())
    return page.substitute(title=html.escape(title), document=html.escape(document), assets=ASSETS).encode()


async def reference_script(request: Request) -> Response:
    return Response(
        (_HERE / "reference.js").read_bytes(), media_type="text/javascript", headers=SECURITY_HEADERS
    )


def _reference(page: str, document: str, families: Sequence[Family], title: str) -> list[BaseRoute]:
    """A reference page at `page` for the OpenAPI document of `families`, served at `document`."""
    encoded = msgspec.json.encode(openapi_document(families))
    html_page = _page(title, document)

    async def openapi_json(request: Request) -> Response:
        return Response(encoded, media_type="application/json")

    async def reference_page(request: Request) -> Response:
        return Response(html_page, media_type="text/html", headers=SECURITY_HEADERS)

    return [Route(page, reference_page), Route(document, openapi_json)]


def doc_routes() -> list[BaseRoute]:
    return [
        Route(DOC_PREFIX, lambda request: RedirectResponse(DOC_PREFIX + "/")),
        *_reference(DOC_PREFIX + "/", DOC_PREFIX + "/openapi.json", FLOW_API, "Flow API v1.0"),
        # where the original Catalog server's documentation points
        *_reference(CATALOG_PAGE, CATALOG_DOCUMENT, CATALOG_API, "Catalog API"),
        Route(DOC_PREFIX + "/reference.js", reference_script),
        Mount(ASSETS, StaticFiles(directory=_ASSETS), name="swagger-ui"),
    ]
