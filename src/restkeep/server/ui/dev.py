"""Development mode's panel (`serve --dev`; administrators, on this machine unless
--dev-allow-remote, as the dev API): the clock, live credentials with "expire now", fault rules with
their fired counts, snapshots, and the request journal, refreshed while the page is open."""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.responses import Response

from restkeep.server import clock
from restkeep.server.dev.api import dev_authenticate
from restkeep.server.dev.clock_calls import duration, instant
from restkeep.server.dev.credential_calls import fingerprint
from restkeep.server.dev.faults import Rule
from restkeep.server.dev.journal import Filters
from restkeep.server.dev.mode import Selection
from restkeep.server.errors import InvalidArgument, NotFound
from restkeep.server.ui.session import Ui, ui_page

JOURNAL_SHOWN = 50


async def _allowed(ui: Ui) -> None:
    if not ui.services.settings.dev:
        raise NotFound("Development mode is off (restkeep serve --dev)")
    await dev_authenticate(ui.request, ui.services)


def _number(ui: Ui, name: str) -> int | None:
    text = ui.field(name).strip()
    if not text:
        return None
    if not text.isdigit():
        raise InvalidArgument(f"'{name}' must be a whole number")
    return int(text)


async def _change(ui: Ui) -> str:
    dev, action = ui.services.dev, ui.field("action")
    if action == "advance":
        _, expired = await dev.advance(duration("by", ui.field("by")))
        return f"Advanced {ui.field('by')}; {len(expired)} credential(s) expired"
    if action == "set":
        await dev.clock.set(instant("time", ui.field("time")))
        return "Set the clock"
    if action in ("freeze", "resume"):
        await (dev.clock.freeze() if action == "freeze" else dev.clock.resume())
        return "Froze the clock" if action == "freeze" else "The clock runs again"
    if action in ("expire", "revoke"):
        chosen = Selection(fingerprint=ui.field("fingerprint"))
        count = await (dev.expire(chosen) if action == "expire" else dev.revoke(chosen))
        return f"{'Expired' if action == 'expire' else 'Revoked'} {count} credential(s)"
    if action == "add-fault":
        given = {
            "action": {"status": _number(ui, "status"), "connection": ui.field("connection") or None},
            "match": {"method": ui.field("method") or None, "path": ui.field("path") or None},
            "trigger": {"firstN": _number(ui, "first")},
        }
        try:
            rule = msgspec.convert(given, Rule)
        except msgspec.ValidationError as exc:
            raise InvalidArgument(f"The fault rule: {exc}") from None
        return f"Added fault {(await dev.faults.add(rule)).id}"
    if action == "remove-fault":
        await dev.faults.remove(_number(ui, "id") or 0)
        return f"Removed fault {ui.field('id')}"
    if action in ("save", "restore", "delete"):
        name = ui.field("name")
        await getattr(dev.state, action)(name)
        return f"{action.capitalize()}d snapshot {name}"
    raise InvalidArgument(f"Unknown action '{action}'")


@ui_page
async def panel(ui: Ui) -> Response:
    await _allowed(ui)
    if ui.form is not None:
        try:
            done = await _change(ui)
        except ValueError as exc:
            raise InvalidArgument(str(exc)) from None
        return ui.redirect("/ui/dev", done)
    dev = ui.services.dev
    return ui.render(
        "dev.html",
        now=clock.now_ms(),
        frozen=dev.clock.state.frozenAt is not None,
        credentials=[c for c in await dev.credentials(Selection(everything=True)) if not c.revoked],
        fingerprint=fingerprint,
        faults=await dev.faults.listed(),
        snapshots=await dev.state.snapshots(),
        **await _journal(ui),
    )


async def _journal(ui: Ui) -> dict[str, Any]:
    given = ui.request.query_params
    status = given.get("status")
    filters = Filters(
        path=given.get("path") or None,
        status=int(status) if status and status.isdigit() else None,
        limit=JOURNAL_SHOWN,
    )
    return {"entries": await ui.services.dev.journal.entries(filters), "given": given}


@ui_page
async def journal(ui: Ui) -> Response:
    """The journal's rows alone: what the panel fetches every two seconds (htmx)."""
    await _allowed(ui)
    return ui.render("_journal.html", **await _journal(ui))
