"""`login`, `logout` and `whoami`: log in once per profile.

`login` checks the password (or a token), then makes an API token named after the profile and this
machine and keeps it in `credentials.toml` (mode 0600). Later commands of that profile use it on the
server it was made on: each command opens a session with it (sessions come and go; the token lasts
`--expires-in`). `logout` revokes it on the server and forgets it.
"""

from __future__ import annotations

import socket

import click

from restkeep.cli.config import SavedLogin, forget_login, load_login, save_login, save_profile
from restkeep.cli.remote import Remote, emit, remote_command
from restkeep.client.errors import RestkeepError
from restkeep.client.flow import FlowClient


@click.command()
@click.option(
    "--expires-in",
    default="30d",
    show_default=True,
    help="How long the saved login lasts (e.g. 12h, 90d); `never` for no end.",
)
@remote_command
def login(remote: Remote, expires_in: str) -> None:
    """Log in once: check the credentials, save the profile and a login token for later commands."""
    remote.making_profile = True
    profile = remote.profile_name()
    previous = load_login(profile)
    name = f"restkeep CLI, profile {profile}, on {socket.gethostname()}"
    with remote.flow(saved=False) as flow:
        made = flow.create_api_token(name, None if expires_in == "never" else expires_in)
        user = flow.user_name or ""
    settings = {**remote.resolved(), "user": user}
    save_profile(profile, settings)
    path = save_login(
        profile, SavedLogin(settings["url"], user, made["token"], made["apiTokenId"], made["expiresAt"])
    )
    if previous is not None and previous.token_id != made["apiTokenId"]:
        _revoke(remote, previous)  # one token per profile and machine, not one per login
    until = f"until {made['expiresAt']}" if made["expiresAt"] else "with no end"
    click.echo(f"logged in to {settings['url']} as {user} ({until}); saved in {path}")


@click.command()
@remote_command
def logout(remote: Remote) -> None:
    """Revoke the profile's saved login on the server and forget it."""
    profile = remote.profile_name()
    saved = load_login(profile)
    if saved is None:
        click.echo(f"not logged in (profile {profile}); nothing to forget")
        return
    revoked = _revoke(remote, saved)
    forget_login(profile)
    if revoked:
        click.echo(f"logged out of {saved.url} (profile {profile}); the login token is revoked")
    else:
        click.echo(
            f"forgot the login of profile {profile}; the server did not revoke its token "
            "(unreachable, or it had already ended)",
            err=True,
        )


@click.command()
@remote_command
def whoami(remote: Remote) -> None:
    """Who the server says you are, where, and with which credential."""
    with remote.flow() as flow:
        flow.login()
        user = flow.user_name
    credential = remote.authenticate()
    saved = remote.saved_login() if credential.source == "saved login" else None
    row = {
        "user": user,
        "url": remote.resolved()["url"],
        "profile": remote.profile_name(),
        "credential": credential.source,
        "expiresAt": saved.expires_at if saved else "",
    }
    emit(remote, [row], list(row))


def _revoke(remote: Remote, saved: SavedLogin) -> bool:
    """Revoke a saved login's token with its own session; False if that did not work."""
    try:
        with FlowClient(saved.url, token=saved.token, verify=remote.verify(), retries=1) as flow:
            flow.revoke_api_token(saved.token_id)
    except RestkeepError:
        return False
    return True
