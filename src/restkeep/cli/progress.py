"""Progress bars on standard error for transfers, so standard output stays clean for pipes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TransferSpeedColumn,
)

stderr = Console(stderr=True)


@contextmanager
def transfer(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A bar for `total` bytes (a spinner with a byte count when the total is unknown); yields the
    callback the SDK calls with each chunk's size. Hidden when standard error is not a terminal."""
    columns = (
        (SpinnerColumn(), TextColumn(description), DownloadColumn(), TransferSpeedColumn())
        if total is None
        else (TextColumn(description), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    )
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda size: progress.advance(task, size)
