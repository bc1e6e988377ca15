"""Administration (administrators only, as in the API): users, groups, the server's access entries,
the audit log; and for everyone, their own API tokens."""

from __future__ import annotations

from starlette.responses import Response

from restkeep.server import clock
from restkeep.server.access import PRIVILEGES, SERVER, Guarded
from restkeep.server.durations import parse_duration
from restkeep.server.errors import InvalidArgument
from restkeep.server.ui.session import Ui, ui_page

AUDIT_SHOWN = 100


async def _change(ui: Ui) -> str:
    """Carry out one admin form; say what was done."""
    accounts, action = ui.services.accounts, ui.field("action")
    name = ui.field("name").strip()
    if action == "create-user":
        await accounts.create_user(
            ui.principal, name, ui.field("password"), ui.field("email"), ui.field("full_name")
        )
        return f"Created user {name}"
    if action == "delete-user":
        await accounts.delete_user(ui.principal, name)
        return f"Deleted user {name}"
    if action == "create-group":
        await accounts.create_group(ui.principal, name)
        return f"Created group {name}"
    if action == "add-member":
        await accounts.change_members(ui.principal, name, [ui.field("member").strip()], add=True)
        return f"Added {ui.field('member')} to {name}"
    if action == "revoke-token":
        await ui.services.api_tokens.revoke(ui.principal, ui.field("id"))
        return f"Revoked {ui.field('name')}'s token"
    if action == "put-acl":
        return await put_entry(ui, SERVER)
    raise InvalidArgument(f"Unknown action '{action}'")


async def put_entry(ui: Ui, target: Guarded) -> str:
    """The access entry a form sets on an object (the server checks `changePermissions` there)."""
    name = ui.field("name").strip()
    privileges = {p: ui.field(p) or None for p in PRIVILEGES}
    await ui.services.access.put(ui.principal, target, ui.field("type"), name, privileges)
    return f"Changed the entry of {name} on {target.label or target.kind}"


@ui_page
async def admin(ui: Ui) -> Response:
    await ui.services.access.require_admin(ui.principal, "administer the server")
    if ui.form is not None:
        return ui.redirect("/ui/admin", await _change(ui))
    given = ui.request.query_params
    events = await ui.services.audit.events(
        0, given.get("type") or None, given.get("userName") or None, AUDIT_SHOWN
    )
    users = await ui.services.accounts.list_users(ui.principal)
    return ui.render(
        "admin.html",
        users=users,
        tokens=await ui.services.api_tokens.every(ui.principal, [u.id for u, _ in users]),
        groups=await ui.services.accounts.list_groups(ui.principal),
        entries=await ui.services.access.entries(ui.principal, SERVER),
        privileges=PRIVILEGES,
        events=events,
        given=given,
    )


@ui_page
async def tokens(ui: Ui) -> Response:
    """Your API tokens: made (the secret shown once, on this answer only), listed, revoked."""
    service, made = ui.services.api_tokens, None
    if ui.form is not None:
        if ui.field("action") == "revoke":
            await service.revoke(ui.principal, ui.field("id"))
            return ui.redirect("/ui/tokens", "Revoked the token")
        lifetime = None
        if ui.field("expires"):
            try:
                lifetime = parse_duration(ui.field("expires"))
            except ValueError as exc:
                raise InvalidArgument(f"'Expires in': {exc}") from None
        made = await service.create(ui.principal, ui.field("name"), lifetime)
    return ui.render("tokens.html", tokens=await service.list(ui.principal), made=made, now=clock.now_ms())
