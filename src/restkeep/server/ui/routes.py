"""The pages' URLs. `/` sends a browser to `/ui/`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from restkeep.server.ui import admin, artifacts, catalog, dev, projects
from restkeep.server.ui.session import Ui, login, logout, ui_page

BOTH = ["GET", "POST"]


@ui_page
async def home(ui: Ui) -> Response:
    return ui.render(
        "home.html",
        projects=await ui.services.projects.list(ui.principal),
        repositories=await ui.services.repositories.list_all(ui.principal),
    )


async def to_ui(request: Request) -> Response:
    return RedirectResponse("/ui/", status_code=307)


def ui_routes() -> list[BaseRoute]:
    pages = [
        Route("/", home),
        Route("/login", login, methods=BOTH),
        Route("/logout", logout, methods=["POST"]),
        Route("/projects", projects.projects, methods=BOTH),
        Route("/projects/{project}", projects.project),
        Route("/projects/{project}/access", projects.access, methods=["POST"]),
        Route("/projects/{project}/properties/{path:path}", projects.project),
        Route("/projects/{project}/properties/{path:path}", projects.change, methods=["POST"]),
        Route("/artifacts", artifacts.artifacts),
        Route("/artifacts/{artifact}", artifacts.artifact),
        Route("/versions/{version}", artifacts.version, methods=BOTH),
        Route("/catalog", catalog.repositories),
        Route("/catalog/items/{item:int}", catalog.item, methods=BOTH),
        Route("/catalog/{repository:int}", catalog.search),
        Route("/catalog/{repository:int}/export", catalog.export),
        Route("/admin", admin.admin, methods=BOTH),
        Route("/tokens", admin.tokens, methods=BOTH),
        Route("/dev", dev.panel, methods=BOTH),
        Route("/dev/journal", dev.journal),
        Mount("/static", StaticFiles(packages=[("restkeep.server.ui", "static")]), name="static"),
    ]
    return [Route("/", to_ui), Mount("/ui", routes=pages)]
