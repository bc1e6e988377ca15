"""`restkeep db upgrade|current`: the database schema, outside of `serve`."""

from __future__ import annotations

from typing import Any

import click

from restkeep.cli.options import settings_from_context, settings_options
from restkeep.server.store import database_url
from restkeep.server.store.migrate import current_revision, head_revision, upgrade


@click.group()
def db() -> None:
    """Manage the database schema."""


@db.command("upgrade")
@settings_options
@click.pass_context
def upgrade_command(ctx: click.Context, /, **values: Any) -> None:
    """Upgrade the schema to the newest version (serve does this on start unless --no-migrate)."""
    settings = settings_from_context(ctx, values)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(database_url(settings))
    click.echo(f"database schema at revision {head_revision()}")


@db.command("current")
@settings_options
@click.pass_context
def current_command(ctx: click.Context, /, **values: Any) -> None:
    """Show the schema revision of the database and the newest one this version knows."""
    settings = settings_from_context(ctx, values)
    current = current_revision(database_url(settings))
    click.echo(f"database: {current or 'empty'}; newest: {head_revision()}")
