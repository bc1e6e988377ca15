"""`restkeep dev journal`: the requests the server answered, redacted, from the shell; `--follow`
prints new ones as they come."""

from __future__ import annotations

import json
import time
from typing import Any

import click

from restkeep.cli.remote import Remote, emit, remote_command

COLUMNS = ["id", "virtualTime", "method", "path", "status", "user", "credential", "fault", "durationMs"]


def _row(entry: dict[str, Any]) -> dict[str, Any]:
    credential = entry.get("credential")
    shown = (
        f"{credential['kind']} {credential['fingerprint']} {credential['verdict']}" if credential else None
    )
    return {**entry, "credential": shown}


@click.command()
@click.option("--api", type=click.Choice(["flow", "catalog", "other"]), help="Only this API's requests.")
@click.option("--method", help="Only this HTTP method.")
@click.option("--path", help="Only this path; '*' stands for one segment, '**' for any number.")
@click.option("--status", type=int, help="Only answers with this status.")
@click.option("--user", "owner", help="Only this user's requests.")
@click.option("--limit", type=click.IntRange(1), help="At most this many (default 100).")
@click.option("--follow", is_flag=True, help="Keep printing new entries, oldest first, until interrupted.")
@remote_command
def journal(remote: Remote, owner: str | None, follow: bool, **filters: Any) -> None:
    """The requests the server answered, newest first, every secret redacted."""
    with remote.dev() as client:
        entries = [e.raw for e in client.get_journal(user=owner, **filters)]
        if not follow:
            emit(remote, entries if remote.output == "json" else [_row(e) for e in entries], COLUMNS)
            return
        seen = max((int(e["id"]) for e in entries), default=0)
        for entry in reversed(entries):
            _print(remote, entry)
        while True:  # until Ctrl-C
            time.sleep(1)
            fresh = [e.raw for e in client.get_journal(user=owner, **filters) if e.id > seen]
            for entry in reversed(fresh):
                _print(remote, entry)
            seen = max([seen, *(int(e["id"]) for e in fresh)])


def _print(remote: Remote, entry: dict[str, Any]) -> None:
    """One entry per line: JSON (with `-o json`) or the table's columns."""
    if remote.output == "json":
        click.echo(json.dumps(entry))
    else:
        row = _row(entry)
        click.echo("  ".join("" if row.get(c) is None else str(row.get(c)) for c in COLUMNS))
