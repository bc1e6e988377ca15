"""`restkeep catalog generate`: fill a repository with deterministic products (large test catalogs)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import click
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from restkeep.cli.db import reachable
from restkeep.cli.options import settings_from_context, settings_options
from restkeep.server.bootstrap import prepare
from restkeep.server.catalog.demo import ensure_repository, generate
from restkeep.server.store import open_store


@click.group()
def catalog() -> None:
    """Catalog data tools that work on the database directly."""


@catalog.command("generate")
@click.option(
    "--repository", "repository_id", type=click.IntRange(min=1), required=True, help="Repository id."
)
@click.option("--items", "count", type=click.IntRange(min=1), required=True, help="How many items to add.")
@click.option(
    "--name", default="Generated Products", show_default=True, help="Name, if the repository is created."
)
@settings_options
@click.pass_context
def generate_command(ctx: click.Context, /, repository_id: int, count: int, name: str, **values: Any) -> None:
    """Add COUNT generated products to a repository (created with the product attributes if missing)."""
    settings = settings_from_context(ctx, values)
    reachable(settings)
    prepare(settings.replace(demo=False), seed_users=False)

    async def run() -> int:
        store = await open_store(settings)
        try:
            await ensure_repository(store, repository_id, name)
            with Progress(
                TextColumn("generating"),
                BarColumn(),
                TextColumn("{task.completed:,}/{task.total:,}"),
                TimeRemainingColumn(),
                transient=True,
            ) as progress:
                task = progress.add_task("items", total=count)
                return await generate(
                    store, repository_id, count, progress=lambda done: progress.update(task, completed=done)
                )
        finally:
            await store.close()

    started = time.monotonic()
    added = asyncio.run(run())
    elapsed = time.monotonic() - started
    click.echo(
        f"added {added:,} items to repository {repository_id} in {elapsed:.1f}s"
        f" ({added / elapsed:,.0f} items/s)"
    )
