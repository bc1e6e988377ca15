"""`restkeep db ...`: the database, outside of `serve` — schema upgrades and password resets."""

from __future__ import annotations

import asyncio
from typing import Any

import click

from restkeep.cli.options import settings_from_context, settings_options
from restkeep.server import clock
from restkeep.server.auth.passwords import hash_password, random_password
from restkeep.server.settings import Settings
from restkeep.server.store import database_url, open_store
from restkeep.server.store.check import DatabaseUnavailable, check_postgres
from restkeep.server.store.migrate import current_revision, head_revision, upgrade


def reachable(settings: Settings) -> None:
    if settings.database:
        try:
            check_postgres(settings.database)
        except DatabaseUnavailable as exc:
            raise click.ClickException(str(exc)) from None


@click.group()
def db() -> None:
    """Manage the database: schema and passwords."""


@db.command("upgrade")
@settings_options
@click.pass_context
def upgrade_command(ctx: click.Context, /, **values: Any) -> None:
    """Upgrade the schema to the newest version (serve does this on start unless --no-migrate)."""
    settings = settings_from_context(ctx, values)
    reachable(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(database_url(settings))
    click.echo(f"database schema at revision {head_revision()}")


@db.command("current")
@settings_options
@click.pass_context
def current_command(ctx: click.Context, /, **values: Any) -> None:
    """Show the schema revision of the database and the newest one this version knows."""
    settings = settings_from_context(ctx, values)
    reachable(settings)
    current = current_revision(database_url(settings))
    click.echo(f"database: {current or 'empty'}; newest: {head_revision()}")


@db.command("set-password")
@click.argument("user_name")
@click.option("--generate", is_flag=True, help="Generate a random password and print it once.")
@settings_options
@click.pass_context
def set_password_command(ctx: click.Context, /, user_name: str, generate: bool, **values: Any) -> None:
    """Set a user's password directly in the database (e.g. a lost admin password); ends their sessions."""
    settings = settings_from_context(ctx, values)
    reachable(settings)
    if generate:
        password = random_password()
    else:
        password = click.prompt(f"New password for {user_name}", hide_input=True, confirmation_prompt=True)

    async def change() -> bool:
        store = await open_store(settings)
        try:
            user = await store.get_user(user_name)
            if user is None:
                return False
            await store.set_password(user.id, await hash_password(password), clock.now_ms())
            return True
        finally:
            await store.close()

    if not asyncio.run(change()):
        raise click.ClickException(f"no user named '{user_name}'")
    click.echo(f"password of '{user_name}' changed" + (f": {password}" if generate else ""))
