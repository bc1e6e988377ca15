"""`restkeep item search | get | import | export`: the Catalog API from the shell."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from restkeep.cli.progress import stderr as _stderr
from restkeep.cli.progress import transfer
from restkeep.cli.remote import ID, Remote, emit, remote_command
from restkeep.client.catalog import CatalogClient


def _filters(given: str | None) -> list[dict[str, Any]] | None:
    if given is None:
        return None
    try:
        parsed = json.loads(given)
    except ValueError:
        raise click.BadParameter(
            "give the filters as a JSON list, as in a search body", param_hint="--filters"
        ) from None
    if not isinstance(parsed, list):
        raise click.BadParameter("give the filters as a JSON list", param_hint="--filters")
    return parsed


@click.group()
def item() -> None:
    """Catalog items."""


@item.command("search")
@click.option("--repository", "-r", type=ID, required=True, help="Repository id.")
@click.option("--filters", help='JSON list, e.g. [{"attribute": "Price", "operator": "gt", "value": 100}].')
@click.option("--keyword", help="Words that must all appear.")
@click.option(
    "--limit", type=click.IntRange(0), default=20, show_default=True, help="At most this many items (0: all)."
)
@remote_command
def item_search(
    remote: Remote, repository: int, filters: str | None, keyword: str | None, limit: int
) -> None:
    """Search a repository: the matching items, attribute names as columns."""
    rows: list[dict[str, Any]] = []
    with remote.catalog() as cat:
        names = _names(cat, repository)
        pages = cat.search_items(
            repository, page_size=min(limit, 1000) or 1000, filters=_filters(filters), keyword=keyword
        )
        for found in pages:
            rows.append(found)
            if limit and len(rows) >= limit:
                break
    if remote.output == "json":
        emit(remote, rows, [])
    else:  # attribute names, not the wire's `F_<id>`
        emit(remote, [_named(row, names) for row in rows], ["id", *names.values()])
    _stderr.print(f"{len(rows)} of {pages.total} items")


def _names(cat: CatalogClient, repository: int) -> dict[str, str]:
    """`F_<id>` → the attribute's name, in the repository's order."""
    return {f"F_{a['id']}": str(a["name"]) for a in cat.attributes(repository)}


def _named(row: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {"id": row["id"], **{name: row.get(key) for key, name in names.items()}}


@item.command("get")
@click.argument("item_id", metavar="ID", type=ID)
@remote_command
def item_get(remote: Remote, item_id: int) -> None:
    """One item, an attribute per line (with -o json: as the server sends it)."""
    with remote.catalog() as cat:
        found = cat.get_item(item_id)
        names = _names(cat, int(found["repositoryId"])) if remote.output != "json" else {}
    if remote.output == "json":
        emit(remote, [found], [])
        return
    shown = {"id": found["id"], **{name: found.get(key) for key, name in names.items()}}
    shown |= {"createTime": found.get("createTime"), "modifyTime": found.get("modifyTime")}
    emit(
        remote, [{"attribute": name, "value": value} for name, value in shown.items()], ["attribute", "value"]
    )


@item.command("import")
@click.option("--repository", "-r", type=ID, required=True, help="Repository id.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "jsonl"]), help="Default: from the file's extension."
)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@remote_command
def item_import(remote: Remote, repository: int, fmt: str | None, source: Path) -> None:
    """Import SOURCE (CSV or JSON Lines) into a repository: all rows, or none."""
    fmt = fmt or ("csv" if source.suffix.lower() == ".csv" else "jsonl")
    with remote.catalog() as cat, transfer(f"importing {source.name}", source.stat().st_size) as progress:
        imported = cat.import_items(repository, source, fmt, progress=progress)
    click.echo(f"imported {imported} items")


@item.command("export")
@click.option("--repository", "-r", type=ID, required=True, help="Repository id.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="jsonl", show_default=True)
@click.option("--filters", help="JSON list of filters, as in a search body.")
@click.option("--keyword", help="Words that must all appear.")
@click.option(
    "--names",
    is_flag=True,
    help="Attribute values by name, no ids: imports into any repository with those attributes.",
)
@remote_command
def item_export(
    remote: Remote, repository: int, fmt: str, filters: str | None, keyword: str | None, names: bool
) -> None:
    """Write every matching item to standard output."""
    if names and fmt != "jsonl":
        raise click.UsageError("--names writes JSON Lines: leave out --format or give --format jsonl")
    out = sys.stdout.buffer
    with remote.catalog() as cat, transfer("exporting", None) as progress:
        chunks = cat.export_items(repository, fmt, filters=_filters(filters), keyword=keyword)
        if names:
            chunks = _by_name(chunks, _names(cat, repository))
        for chunk in chunks:
            out.write(chunk)
            progress(len(chunk))
    out.flush()


def _by_name(chunks: Iterator[bytes], names: dict[str, str]) -> Iterator[bytes]:
    """Exported JSON Lines rewritten: each item's attribute values keyed by name, nothing else."""
    pending = b""
    for chunk in chunks:
        *lines, pending = (pending + chunk).split(b"\n")
        for line in lines:
            if line.strip():
                item = json.loads(line)
                named = {name: item[key] for key, name in names.items() if key in item}
                yield json.dumps(named, ensure_ascii=False).encode() + b"\n"
    if pending.strip():
        yield from _by_name(iter([pending + b"\n"]), names)
