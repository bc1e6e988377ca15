"""Projects and their property sheets: the tree, a property's raw and expanded value, edits that
carry the revision they started from (a concurrent change is shown as a conflict, never overwritten),
history of tracked properties, create and delete."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from restkeep.server.access import PRIVILEGES
from restkeep.server.errors import ApiError, ConcurrentModification
from restkeep.server.flow.services.paths import Root
from restkeep.server.flow.services.projects import guarded
from restkeep.server.flow.services.properties import PropertyView, PropertyWrite
from restkeep.server.ui.admin import put_entry
from restkeep.server.ui.render import path_of, segment
from restkeep.server.ui.session import Ui, ui_page


def _root(ui: Ui) -> Root:
    return Root("project", ui.request.path_params["project"])


def _names(ui: Ui) -> list[str]:
    """The property path of the URL, as names (`a/b` → ["a", "b"]; the root sheet → [])."""
    return [n for n in ui.request.path_params.get("path", "").split("/") if n]


def _here(project: str, names: list[str]) -> str:
    base = f"/ui/projects/{segment(project)}"
    return f"{base}/properties/{path_of(names)}" if names else base


@ui_page
async def projects(ui: Ui) -> Response:
    if ui.form is not None:
        name = ui.field("name").strip()
        await ui.services.projects.create(ui.principal, name, ui.field("description"))
        return ui.redirect(_here(name, []), f"Created project {name}")
    return ui.render("projects.html", projects=await ui.services.projects.list(ui.principal))


async def _frame(ui: Ui, shown: PropertyView | None) -> dict[str, Any]:
    """What every page of a project shows around its content: the project, the breadcrumbs and the tree."""
    root = _root(ui)
    tree = await ui.services.properties.sheet(ui.principal, None, root, recurse=True, expand=False)
    return {
        "project": await ui.services.projects.get(ui.principal, root.name),
        "names": _names(ui),
        "tree": tree.properties,
        "shown": shown,
        "base": _here(root.name, []),
    }


@ui_page
async def project(ui: Ui) -> Response:
    """A sheet (the project's own, or one inside it) or one property, beside the project's tree."""
    root, names = _root(ui), _names(ui)
    context = await _frame(ui, None)  # a missing project is a 404 before any property is looked up
    shown = (
        await ui.services.properties.get(ui.principal, "/".join(names), root, expand=False) if names else None
    )
    context["shown"] = shown
    if shown is not None and not shown.record.is_sheet:
        return await _property(ui, context)
    listed: list[PropertyView] = context["tree"]
    for name in names:  # the sheet's properties are in the tree already read: no second read
        listed = next(p.children or [] for p in listed if p.record.name == name)
    entries = [] if names else await ui.services.access.entries(ui.principal, guarded(context["project"]))
    return ui.render("sheet.html", sheet=listed, entries=entries, privileges=PRIVILEGES, **context)


@ui_page
async def access(ui: Ui) -> Response:
    """Change an access entry of the project (who may read, modify, execute, change permissions)."""
    project = await ui.services.projects.find(_root(ui).name)
    return ui.redirect(_here(project.name, []), await put_entry(ui, guarded(project)))


async def _property(ui: Ui, context: dict[str, Any], status: int = 200, **extra: str) -> Response:
    root, name, shown = _root(ui), "/".join(_names(ui)), context["shown"]
    expanded, problem = shown.record.value, ""
    if shown.record.expandable:
        try:
            expanded = (await ui.services.properties.get(ui.principal, name, root)).value
        except ApiError as exc:  # a reference that does not resolve: show why, keep the page
            expanded, problem = None, str(exc)
    history = await ui.services.properties.history(ui.principal, name, root) if shown.record.tracked else []
    return ui.render(
        "property.html",
        status,
        **context,
        expanded=expanded,
        problem=problem,
        history=history,
        draft=extra.get("draft", shown.record.value or ""),
        conflict=extra.get("conflict", ""),
    )


@ui_page
async def change(ui: Ui) -> Response:
    """Save, delete, or create inside a sheet: each form says which (`action`) and, for an existing
    property, the revision it was read at."""
    root, names = _root(ui), _names(ui)
    service, action = ui.services.properties, ui.field("action")
    here = _here(root.name, names)
    if action == "create":
        child = ui.field("name").strip()
        write = PropertyWrite(
            value=None if ui.field("sheet") else ui.field("value"), make_sheet=bool(ui.field("sheet"))
        )
        await service.set(ui.principal, "/".join([*names, child]), root, write, create=True)
        return ui.redirect(_here(root.name, [*names, child]), f"Created {child}")
    revision = int(ui.field("revision") or 0) or None
    name = "/".join(names)
    try:
        if action == "delete":
            await service.delete(ui.principal, name, root, revision)
            return ui.redirect(_here(root.name, names[:-1]), f"Deleted {names[-1]}")
        await service.set(
            ui.principal,
            name,
            root,
            PropertyWrite(value=ui.field("value"), description=ui.field("description"), if_match=revision),
            create=False,
        )
    except ConcurrentModification:
        current = await service.get(ui.principal, name, root, expand=False)
        message = (
            f"Someone changed {names[-1]} (now revision {current.record.revision}) since you opened it: "
            "its value is below; yours is in the form. Save again to replace it."
        )
        return await _property(ui, await _frame(ui, current), 409, draft=ui.field("value"), conflict=message)
    return ui.redirect(here, f"Saved {names[-1]}")
