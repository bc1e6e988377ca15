"""`restkeep dev fault ...`: development mode's fault rules from the shell — add, list, remove, clear."""

from __future__ import annotations

from typing import Any

import click

from restkeep.cli.remote import Remote, emit, remote_command
from restkeep.client.dev_models import Fault

COLUMNS = ["id", "match", "action", "trigger", "fired"]


def _words(part: dict[str, Any]) -> str:
    return " ".join(f"{name}={value}" for name, value in part.items())


def _row(fault: dict[str, Any]) -> dict[str, Any]:
    """A rule as a table shows it: each part as `name=value` words."""
    return {
        "id": fault["id"],
        "fired": fault["fired"],
        **{p: _words(fault[p]) for p in ("match", "action", "trigger")},
    }


def _show(remote: Remote, faults: list[Fault]) -> None:
    emit(remote, faults if remote.output == "json" else [_row(f.raw) for f in faults], COLUMNS)


@click.group()
def fault() -> None:
    """Fault rules: answer with an error, wait, or break the connection on matching requests."""


@fault.command("add")
@click.option("--path", help="Request path; '*' stands for one segment, '**' for any number.")
@click.option("--method", help="Only this HTTP method.")
@click.option("--api", type=click.Choice(["flow", "catalog"]), help="Only this API.")
@click.option("--user", "owner", help="Only requests whose credentials name this user.")
@click.option("--status", type=click.IntRange(400, 599), help="Answer at once with this error status.")
@click.option("--delay", help="Wait this long first (250ms, 2s).")
@click.option(
    "--connection",
    type=click.Choice(["reset", "empty", "truncate", "stall"]),
    help="Break the connection: RST, close before any byte, half the body, or never answer.",
)
@click.option("--first-n", type=click.IntRange(1), help="Fire on the first N matching requests only.")
@click.option("--every-nth", type=click.IntRange(1), help="Fire on every N-th matching request.")
@click.option("--probability", type=click.FloatRange(0, 1, min_open=True), help="Fire on this share.")
@click.option("--seed", type=int, help="Seed of --probability: the same requests fire on every run.")
@click.option("--max-fires", type=click.IntRange(1), help="Fire at most this many times.")
@remote_command
def add(remote: Remote, owner: str | None, **options: Any) -> None:
    """Add a rule; the first rule whose trigger fires on a request acts on it."""
    with remote.dev() as client:
        _show(remote, [client.add_fault(user=owner, **options)])


@fault.command("list")
@remote_command
def listing(remote: Remote) -> None:
    """Every rule, in the order they are tried, with how often each fired."""
    with remote.dev() as client:
        _show(remote, client.get_faults())


@fault.command("remove")
@click.argument("fault_id", metavar="ID", type=int)
@remote_command
def remove(remote: Remote, fault_id: int) -> None:
    """Remove fault rule ID."""
    with remote.dev() as client:
        client.remove_fault(fault_id)
    click.echo(f"fault {fault_id} removed")


@fault.command("clear")
@remote_command
def clear(remote: Remote) -> None:
    """Remove every rule."""
    with remote.dev() as client:
        count = client.clear_faults()
    click.echo(f"{count} fault(s) removed")
