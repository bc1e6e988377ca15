"""The interactive API references (Swagger UI, served from the package, no CDN): the Flow API's at
`/rest/doc/v1.0/`, the Catalog API's at `/webcm/rest/swagger-ui.html`, where the original's is.

The assets come from `swagger-ui-py`, which ships Swagger UI 5: it renders OpenAPI 3.1, the version of
our documents (Swagger UI 4 answers "Unable to render this definition"). Its directory is found
without importing the package, whose import pulls in template engines we do not need here.
"""

from __future__ import annotations

import functools
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
from restkeep.server.families import CATALOG_API, DEV_API, FLOW_API
from restkeep.server.operations import Family

DOC_PREFIX = "/rest/doc/v1.0"
ASSETS = DOC_PREFIX + "/assets"
CATALOG_PAGE = "/webcm/rest/swagger-ui.html"
CATALOG_DOCUMENT = "/webcm/rest/v3/api-docs"
FLOW_DOCUMENT = DOC_PREFIX + "/openapi.json"
DEV_DOCUMENT = "/_restkeep/openapi.json"


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


def _page(title: str, documents: Sequence[tuple[str, str]]) -> bytes:
    """The page, showing the OpenAPI documents given as (name, URL); with several, a picker."""
    page = Template((_HERE / "reference.html").read_text())
    listed = msgspec.json.encode([{"name": name, "url": url} for name, url in documents]).decode()
    return page.substitute(title=html.escape(title), documents=html.escape(listed), assets=ASSETS).encode()


async def reference_script(request: Request) -> Response:
    return Response(
        (_HERE / "reference.js").read_bytes(), media_type="text/javascript", headers=SECURITY_HEADERS
    )


@functools.cache
def _encoded(families: tuple[Family, ...]) -> bytes:
    """Made once per process (each app of a test suite would otherwise make it again)."""
    return msgspec.json.encode(openapi_document(families))


def _document(where: str, families: tuple[Family, ...]) -> Route:
    """The OpenAPI document of `families`, served at `where`."""
    encoded = _encoded(families)

    async def openapi_json(request: Request) -> Response:
        return Response(encoded, media_type="application/json")

    return Route(where, openapi_json)


def _reference(where: str, title: str, documents: Sequence[tuple[str, str]]) -> Route:
    html_page = _page(title, documents)

    async def reference_page(request: Request) -> Response:
        return Response(html_page, media_type="text/html", headers=SECURITY_HEADERS)

    return Route(where, reference_page)


def doc_routes(dev: bool = False) -> list[BaseRoute]:
    """The references; with `dev`, development mode's document too, listed on the Flow API's page."""
    flow = [("Flow API v1.0", FLOW_DOCUMENT), *([("Development mode", DEV_DOCUMENT)] if dev else [])]
    return [
        Route(DOC_PREFIX, lambda request: RedirectResponse(DOC_PREFIX + "/")),
        _document(FLOW_DOCUMENT, FLOW_API),
        _reference(DOC_PREFIX + "/", "Flow API v1.0", flow),
        # where the original Catalog server's documentation points
        _document(CATALOG_DOCUMENT, CATALOG_API),
        _reference(CATALOG_PAGE, "Catalog API", [("Catalog API", CATALOG_DOCUMENT)]),
        *([_document(DEV_DOCUMENT, DEV_API)] if dev else []),
        Route(DOC_PREFIX + "/reference.js", reference_script),
        Mount(ASSETS, StaticFiles(directory=_ASSETS), name="swagger-ui"),
    ]
