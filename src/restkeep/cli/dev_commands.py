"""`restkeep dev ...`: development mode (`restkeep serve --dev`) from the shell — the server's clock,
its credentials, fault rules (`fault_commands`), state (`state_commands`) and journal
(`journal_commands`), with the same profiles and output formats as every other command."""

from __future__ import annotations

from typing import Any

import click

from restkeep.cli.fault_commands import fault
from restkeep.cli.journal_commands import journal
from restkeep.cli.remote import Remote, emit, remote_command
from restkeep.cli.state_commands import reset, snapshot

CLOCK = ["now", "frozen", "offsetSeconds"]
CREDENTIAL = ["kind", "user", "fingerprint", "state", "createTime", "expiresAt"]
KINDS = click.Choice(["session", "ewtoken", "epimresttoken", "apiToken"])


@click.group()
def dev() -> None:
    """Development mode: move the server's clock, expire or revoke credentials, inject faults, save
    and restore the state, read the request journal (needs serve --dev)."""


dev.add_command(fault)
dev.add_command(snapshot)
dev.add_command(reset)
dev.add_command(journal)


@dev.group(invoke_without_command=True)
@click.pass_context
def clock(ctx: click.Context) -> None:
    """The server's virtual clock; without a subcommand, show it."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(clock_show)


@clock.command("show")
@remote_command
def clock_show(remote: Remote) -> None:
    """The virtual now, whether it is frozen, its offset from the wall clock."""
    with remote.dev() as client:
        emit(remote, [client.get_clock()], CLOCK)


@clock.command("advance")
@click.argument("by")
@remote_command
def clock_advance(remote: Remote, by: str) -> None:
    """Move the clock forward BY (31m, 25h, 3d) and list the credentials that expired in the step."""
    with remote.dev() as client:
        step = client.advance_clock(by)
    if remote.output == "json":
        emit(remote, [step], ["now", "expired"])
        return
    click.echo(f"now {step.now}")
    emit(remote, step.expired, ["kind", "user", "fingerprint"])


@clock.command("set")
@click.argument("time")
@remote_command
def clock_set(remote: Remote, time: str) -> None:
    """Move the clock forward to TIME (ISO 8601, e.g. 2030-01-31T12:00:00Z)."""
    with remote.dev() as client:
        emit(remote, [client.set_clock(time)], CLOCK)


@clock.command("freeze")
@remote_command
def clock_freeze(remote: Remote) -> None:
    """Stop the clock: every call sees the same now until advance, set or resume."""
    with remote.dev() as client:
        emit(remote, [client.freeze_clock()], CLOCK)


@clock.command("resume")
@remote_command
def clock_resume(remote: Remote) -> None:
    """Let the clock run again from where it stands."""
    with remote.dev() as client:
        emit(remote, [client.resume_clock()], CLOCK)


def _which(func: Any) -> Any:
    for option in reversed(
        [
            click.option("--kind", type=KINDS, help="Only credentials of this kind."),
            click.option("--user", "owner", help="Only this user's."),
            click.option("--fingerprint", help="Only the one whose secret's SHA-256 starts so."),
        ]
    ):
        func = option(func)
    return func


@dev.command("credentials")
@_which
@remote_command
def credentials(remote: Remote, kind: str | None, owner: str | None, fingerprint: str | None) -> None:
    """Every session and token, by fingerprint (never a secret), with its state."""
    with remote.dev() as client:
        emit(remote, client.get_credentials(kind=kind, user=owner, fingerprint=fingerprint), CREDENTIAL)


@dev.command("expire")
@_which
@click.option("--all", "everything", is_flag=True, help="Every live credential.")
@remote_command
def expire(
    remote: Remote, kind: str | None, owner: str | None, fingerprint: str | None, everything: bool
) -> None:
    """Make the chosen credentials expire now, as if their time had run out."""
    with remote.dev() as client:
        count = client.expire_credentials(kind=kind, user=owner, fingerprint=fingerprint, all=everything)
    click.echo(f"{count} credential(s) expired")


@dev.command("revoke")
@_which
@click.option("--all", "everything", is_flag=True, help="Every live credential.")
@remote_command
def revoke(
    remote: Remote, kind: str | None, owner: str | None, fingerprint: str | None, everything: bool
) -> None:
    """End the chosen credentials for good: refused from now on, never renewed."""
    with remote.dev() as client:
        count = client.revoke_credentials(kind=kind, user=owner, fingerprint=fingerprint, all=everything)
    click.echo(f"{count} credential(s) revoked")


@dev.command("policy")
@click.option("--session-idle-timeout", help="Flow session idle timeout, e.g. 30m.")
@click.option("--ewtoken-ttl", help="Catalog login token lifetime, e.g. 24h.")
@click.option("--resttoken-ttl", help="Catalog REST token lifetime, e.g. 30m.")
@remote_command
def policy(
    remote: Remote, session_idle_timeout: str | None, ewtoken_ttl: str | None, resttoken_ttl: str | None
) -> None:
    """The running server's lifetimes; with options, change them."""
    with remote.dev() as client:
        if session_idle_timeout or ewtoken_ttl or resttoken_ttl:
            shown = client.set_credential_policy(
                session_idle_timeout=session_idle_timeout,
                ewtoken_ttl=ewtoken_ttl,
                resttoken_ttl=resttoken_ttl,
            )
        else:
            shown = client.get_credential_policy()
    emit(remote, [shown], ["sessionIdleTimeout", "ewtokenTtl", "resttokenTtl"])
