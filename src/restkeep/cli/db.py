"""`restkeep db ...`: the database outside of `serve` — schema upgrades, password resets, backups, checks."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import click

from restkeep.cli.options import settings_from_context, settings_options
from restkeep.server import clock
from restkeep.server.auth.passwords import hash_password, random_password
from restkeep.server.settings import Settings
from restkeep.server.store import backup, database_url, open_store
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
    """Manage the database: schema, passwords, backups."""


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


@db.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--no-artifacts", is_flag=True, help="Leave the artifact files out (back them up yourself).")
@settings_options
@click.pass_context
def backup_command(ctx: click.Context, /, target: Path, no_artifacts: bool, **values: Any) -> None:
    """Back up the database and its artifact files into TARGET (a tar), while the server runs."""
    settings = settings_from_context(ctx, values)
    reachable(settings)
    target = target.resolve()
    try:
        files = backup.backup(settings.data_dir, settings.database, target, artifacts=not no_artifacts)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backed up to {target} ({target.stat().st_size:,} bytes, {files} artifact file(s))")


@db.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@settings_options
@click.pass_context
def restore_command(ctx: click.Context, /, source: Path, **values: Any) -> None:
    """Restore a backup into an empty data folder (and, with --database, an empty PostgreSQL database)."""
    settings = settings_from_context(ctx, values)
    reachable(settings)
    try:
        backup.restore(source, settings.data_dir, settings.database)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"restored {source} into {settings.data_dir}; `restkeep serve` with the same options starts it"
    )


@db.command("check")
@settings_options
@click.pass_context
def check_command(ctx: click.Context, /, **values: Any) -> None:
    """Check the database's integrity, its schema revision and the artifact files (exit 1 on a problem)."""
    settings = settings_from_context(ctx, values)
    reachable(settings)
    try:
        found = backup.check(settings.data_dir, settings.database)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    if found.revision is not None:
        click.echo(f"schema revision {found.revision}; {found.artifact_files} artifact file(s) referenced")
    for note in found.notes:
        click.echo(f"note: {note}")
    for problem in found.problems:
        click.echo(f"problem: {problem}", err=True)
    if found.problems:
        ctx.exit(1)
    click.echo("ok")
