"""Artifacts → versions (state, size, publisher) → files with their sha256. Files and the archive
download straight from the Flow API (the page's session cookie authenticates them there)."""

from __future__ import annotations

from starlette.responses import Response

from restkeep.server.ui.render import segment
from restkeep.server.ui.session import Ui, ui_page


@ui_page
async def artifacts(ui: Ui) -> Response:
    return ui.render("artifacts.html", artifacts=await ui.services.artifacts.list(ui.principal, None))


@ui_page
async def artifact(ui: Ui) -> Response:
    name = ui.request.path_params["artifact"]
    record = await ui.services.artifacts.get(ui.principal, name)
    versions = await ui.services.artifact_versions.versions(ui.principal, name)
    return ui.render("artifact.html", artifact=record, versions=versions)


@ui_page
async def version(ui: Ui) -> Response:
    name = ui.request.path_params["version"]
    service = ui.services.artifact_versions
    if ui.form is not None:  # the one change offered here: withdraw
        await service.withdraw(ui.principal, name)
        return ui.redirect(f"/ui/versions/{segment(name)}", f"Withdrew {name}")
    view = await service.get(ui.principal, name)
    return ui.render("version.html", version=view.record, files=view.files)
