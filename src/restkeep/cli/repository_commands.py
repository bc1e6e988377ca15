"""`restkeep repository list | show | create | delete`: Catalog repositories from the shell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from restkeep.cli.remote import ID, Remote, emit, remote_command
from restkeep.server.catalog.types import TYPES

ATTRIBUTE_COLUMNS = ["id", "name", "type", "required", "unique"]


def _attribute(text: str) -> dict[str, Any]:
    """`NAME:TYPE[:required][:unique]` → the attribute the server takes."""
    name, _, rest = text.partition(":")
    kind, *flags = rest.split(":") if rest else ("",)
    if not name or kind not in TYPES or any(f not in ("required", "unique") for f in flags):
        raise click.BadParameter(
            f"'{text}': give NAME:TYPE[:required][:unique], TYPE one of {', '.join(TYPES)}",
            param_hint="--attribute",
        )
    return {"name": name, "type": kind, "required": "required" in flags, "unique": "unique" in flags}


def _from_file(path: Path) -> list[dict[str, Any]]:
    """The attributes of a JSON file: a list of them, or a repository as `repository show -o json`
    prints it (so one repository's attributes make another's)."""
    try:
        given = json.loads(path.read_text())
    except ValueError as exc:
        raise click.BadParameter(f"{path} is not JSON: {exc}", param_hint="--attributes-file") from None
    if (
        isinstance(given, list)
        and len(given) == 1
        and isinstance(given[0], dict)
        and "attributes" in given[0]
    ):
        given = given[0]
    if isinstance(given, dict):
        given = given.get("attributes")
    if not isinstance(given, list) or not all(isinstance(a, dict) and "name" in a for a in given):
        raise click.BadParameter(
            f'{path} must hold a JSON list of {{"name", "type", "required", "unique"}}',
            param_hint="--attributes-file",
        )
    fields = ("name", "type", "required", "unique")
    return [{k: a[k] for k in fields if k in a} for a in given]


@click.group()
def repository() -> None:
    """Catalog repositories: list, show, create, delete."""


@repository.command("list")
@remote_command
def repository_list(remote: Remote) -> None:
    """The repositories you may read, with their item counts."""
    with remote.catalog() as cat:
        emit(remote, cat.repositories(), ["id", "name", "itemCount", "description"])


@repository.command("show")
@click.argument("repository_id", metavar="ID", type=ID)
@remote_command
def repository_show(remote: Remote, repository_id: int) -> None:
    """One repository's attributes: id, name, type, required, unique."""
    with remote.catalog() as cat:
        found = cat.get_repository(repository_id)
        attributes = cat.attributes(repository_id)
    if remote.output == "json":
        emit(remote, [{**found, "attributes": attributes}], [])
        return
    click.echo(f"{found['name']} ({found['id']}): {found.get('itemCount', 0)} items")
    emit(remote, attributes, ATTRIBUTE_COLUMNS)


@repository.command("create")
@click.argument("name")
@click.option("--description", default="", help="What the repository holds.")
@click.option("--attribute", "-a", "given", multiple=True, help="NAME:TYPE[:required][:unique], repeatable.")
@click.option(
    "--attributes-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='A JSON list of {"name", "type", "required", "unique"}, or `repository show -o json` output.',
)
@click.option(
    "--id", "repository_id", type=click.IntRange(min=1), help="The id to give it (default: the next)."
)
@remote_command
def repository_create(
    remote: Remote,
    name: str,
    description: str,
    given: tuple[str, ...],
    attributes_file: Path | None,
    repository_id: int | None,
) -> None:
    """Create repository NAME with typed attributes (administrators only)."""
    if given and attributes_file:
        raise click.UsageError("--attribute and --attributes-file contradict each other: give one")
    attributes = _from_file(attributes_file) if attributes_file else [_attribute(a) for a in given]
    if not attributes:
        raise click.UsageError("Give the attributes: --attribute NAME:TYPE (repeatable) or --attributes-file")
    with remote.catalog() as cat:
        made = cat.create_repository(name, attributes, description=description, repository_id=repository_id)
    emit(remote, [made], ["id", "name", "description"])


@repository.command("delete")
@click.argument("repository_id", metavar="ID", type=ID)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@remote_command
def repository_delete(remote: Remote, repository_id: int, yes: bool) -> None:
    """Delete repository ID with all its items (administrators only)."""
    with remote.catalog() as cat:
        found = cat.get_repository(repository_id)
        if not yes:
            click.confirm(
                f"Delete {found['name']} ({repository_id}) and its {found.get('itemCount', 0)} items?",
                abort=True,
            )
        cat.delete_repository(repository_id)
    click.echo(f"deleted repository {found['name']} ({repository_id})")
