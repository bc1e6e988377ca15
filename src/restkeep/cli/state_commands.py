"""`restkeep dev snapshot ...` and `restkeep dev reset`: development mode's state from the shell."""

from __future__ import annotations

from pathlib import Path

import click

from restkeep.cli.remote import Remote, emit, remote_command

COLUMNS = ["name", "createTime", "size"]
SCOPES = click.Choice(["all", "data", "credentials", "clock", "faults", "journal"])


@click.group()
def snapshot() -> None:
    """Named snapshots of the server's data, credentials, clock and faults."""


@snapshot.command("save")
@click.argument("name")
@remote_command
def save(remote: Remote, name: str) -> None:
    """Save the state as NAME (replacing a snapshot of that name)."""
    with remote.dev() as client:
        emit(remote, [client.save_snapshot(name)], COLUMNS)


@snapshot.command("list")
@remote_command
def listing(remote: Remote) -> None:
    """Every snapshot: name, when it was taken, its size."""
    with remote.dev() as client:
        emit(remote, client.get_snapshots(), COLUMNS)


@snapshot.command("restore")
@click.argument("name")
@remote_command
def restore(remote: Remote, name: str) -> None:
    """Put the data, credentials, clock and faults back as NAME holds them."""
    with remote.dev() as client:
        client.restore_snapshot(name)
    click.echo(f"snapshot {name} restored")


@snapshot.command("delete")
@click.argument("name")
@remote_command
def delete(remote: Remote, name: str) -> None:
    """Delete snapshot NAME."""
    with remote.dev() as client:
        client.delete_snapshot(name)
    click.echo(f"snapshot {name} deleted")


@snapshot.command("export")
@click.argument("name")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@remote_command
def export(remote: Remote, name: str, file: Path) -> None:
    """Write snapshot NAME to FILE (an SQLite database), to import on any restkeep of this version."""
    with remote.dev() as client:
        content = client.export_snapshot(name)
    file.write_bytes(content)
    click.echo(f"snapshot {name} written to {file} ({len(content)} bytes)")


@snapshot.command("import")
@click.argument("name")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@remote_command
def import_(remote: Remote, name: str, file: Path) -> None:
    """Take FILE, an exported snapshot, as snapshot NAME."""
    with remote.dev() as client:
        emit(remote, [client.import_snapshot(name, file.read_bytes())], COLUMNS)


@click.command()
@click.option("--scope", type=SCOPES, default="all", show_default=True, help="What to put back.")
@remote_command
def reset(remote: Remote, scope: str) -> None:
    """Put the state back as it was right after the server started: all of it, or one scope."""
    with remote.dev() as client:
        client.reset(scope)
    click.echo(f"{scope} reset")
