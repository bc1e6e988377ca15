"""What every command that talks to a server shares: where and as whom (flags > `RESTKEEP_*`
environment > a profile in `~/.config/restkeep/` and its saved login), how to print, and how errors end.

Exit codes: 0 done, 1 the server refused (the message goes to stderr), 2 a usage mistake.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from restkeep.cli.config import SavedLogin, ca_file, load_login, load_profile
from restkeep.client.catalog import CatalogClient
from restkeep.client.dev import DevClient
from restkeep.client.errors import ApiError, RestkeepError, TransportError
from restkeep.client.flow import FlowClient
from restkeep.client.transport import Verify

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=FlowClient)
DEFAULT_URL = "https://127.0.0.1:8443"


@dataclass(frozen=True)
class Credential:
    """How a command authenticates: a password (with its user) or an API token (whose user may be
    unknown until the server says, with RESTKEEP_TOKEN), and where it came from, for messages."""

    user: str | None
    password: str | None
    token: str | None
    source: str


@dataclass
class Remote:
    """The connection options given on the command line (None: not given)."""

    url: str | None = None
    user: str | None = None
    password: str | None = None
    profile: str | None = None
    insecure: bool = False
    ca_file: str | None = None
    output: str = "table"
    token: str | None = None
    # `login` makes the profile it is given; every other command needs a named profile to exist
    making_profile: bool = False
    credential: Credential | None = None

    def profile_name(self) -> str:
        return self.profile or os.environ.get("RESTKEEP_PROFILE") or "default"

    def resolved(self) -> dict[str, Any]:
        named = self.profile or os.environ.get("RESTKEEP_PROFILE")
        profile = load_profile(named or "default", must_exist=bool(named) and not self.making_profile)
        env = os.environ

        def pick(flag: Any, variable: str, key: str, default: Any = None) -> Any:
            return flag if flag not in (None, False) else env.get(variable) or profile.get(key, default)

        return {
            "url": pick(self.url, "RESTKEEP_URL", "url", DEFAULT_URL),
            "user": pick(self.user, "RESTKEEP_USER", "user"),
            "ca_file": pick(self.ca_file, "RESTKEEP_CA_FILE", "ca_file"),
            "insecure": self.insecure
            or env.get("RESTKEEP_INSECURE", "") in ("1", "true")
            or bool(profile.get("insecure")),
        }

    def saved_login(self) -> SavedLogin | None:
        """The profile's saved login, if it was made on this server for this user (a token is never
        sent to a server other than the one that made it)."""
        settings = self.resolved()
        saved = load_login(self.profile_name())
        if saved is None or saved.url != settings["url"]:
            return None
        return saved if settings["user"] in (None, saved.user) else None

    def authenticate(self, *, saved: bool = True) -> Credential:
        """Flags, then the environment, then (with `saved`) the profile's saved login; else the
        password is asked for on a terminal. Resolved once per command."""
        if self.credential is not None:
            return self.credential
        user, env = self.resolved()["user"], os.environ
        login = self.saved_login() if saved else None
        if self.token:
            credential = Credential(user, None, self.token, "--token")
        elif self.password:
            credential = Credential(user, self.password, None, "--password")
        elif env.get("RESTKEEP_TOKEN"):
            credential = Credential(user, None, env["RESTKEEP_TOKEN"], "RESTKEEP_TOKEN")
        elif env.get("RESTKEEP_PASSWORD"):
            credential = Credential(user, env["RESTKEEP_PASSWORD"], None, "RESTKEEP_PASSWORD")
        elif login is not None:
            credential = Credential(login.user, None, login.token, "saved login")
        elif user and sys.stdin.isatty():
            asked = click.prompt(f"Password for {user}", hide_input=True)
            credential = Credential(user, asked, None, "prompt")
        elif user:
            raise click.UsageError(
                "Give --password or RESTKEEP_PASSWORD, or --token or RESTKEEP_TOKEN, or run "
                "`restkeep login` once (there is no terminal to ask for a password on)"
            )
        else:
            raise click.UsageError("Give --user (or RESTKEEP_USER, or a profile), or run `restkeep login`")
        if credential.password is not None and not credential.user:
            raise click.UsageError("Give --user (or RESTKEEP_USER, or a profile) with the password")
        self.credential = credential
        return credential

    def verify(self) -> Verify:
        settings = self.resolved()
        return False if settings["insecure"] else (ca_file(settings["ca_file"]) or True)

    def flow(self, *, saved: bool = True) -> FlowClient:
        return self._flow_client(FlowClient, saved=saved)

    def dev(self) -> DevClient:
        return self._flow_client(DevClient, saved=True)

    def _flow_client(self, kind: type[C], *, saved: bool) -> C:
        credential = self.authenticate(saved=saved)
        return kind(
            self.resolved()["url"],
            username=credential.user,
            password=credential.password,
            token=credential.token,
            verify=self.verify(),
        )

    def catalog(self) -> CatalogClient:
        credential = self.authenticate()
        user = credential.user
        if user is None:  # a token from --token or RESTKEEP_TOKEN: the Catalog's login needs its user
            with self.flow() as flow:
                flow.login()
                user = flow.user_name or ""
        return CatalogClient(
            self.resolved()["url"],
            login=user,
            password=credential.password,
            token=credential.token,
            verify=self.verify(),
        )


MAX_LINE = 300


def _short(text: str) -> str:
    """A line of an error message, cut if long (a message about a 9 MB value must not be 9 MB)."""
    return text if len(text) <= MAX_LINE else text[: MAX_LINE - 1] + "…"


def _describe(error: ApiError, shown: int = 20) -> str:
    """The error's message, then the problems it lists (the first `shown`), one per line."""
    lines = [_short(str(error))]
    for detail in error.details[:shown]:
        where = ", ".join(f"{k} {v}" for k, v in detail.items() if k != "message")
        line = f"  {where}: {detail.get('message', '')}" if where else f"  {detail.get('message', '')}"
        lines.append(_short(line))
    if len(error.details) > shown:
        lines.append(f"  ... and {len(error.details) - shown} more")
    return "\n".join(lines)


OUTPUT = click.Choice(["table", "json", "csv"])
ID = click.IntRange(min=1)  # a Catalog id: refused here, naming the option, rather than by the server


def remote_command(func: F) -> F:
    """Give the command the `Remote` and turn the SDK's errors into exit code 1 with a message. The
    command also takes `-o/--output` after its name (`restkeep project list -o json`)."""

    @click.option("--output", "-o", "output_here", type=OUTPUT, default=None, help="How to print results.")
    @click.pass_obj
    @functools.wraps(func)
    def run(remote: Remote, *args: Any, **kwargs: Any) -> Any:
        output_here = kwargs.pop("output_here", None)
        if output_here is not None:
            remote.output = output_here
        try:
            return func(remote, *args, **kwargs)
        except ApiError as exc:
            raise click.ClickException(_describe(exc) + _stale_login(remote, exc)) from None
        except RestkeepError as exc:
            message = _short(str(exc))
            url = remote.resolved()["url"]
            if isinstance(exc, TransportError) and url.startswith("http://"):
                # a TLS port answers a plain request with something no HTTP client can read
                message += f"\n(if the server speaks HTTPS, as it does by default: --url https://{url[7:]})"
            raise click.ClickException(message) from None

    return run  # type: ignore[return-value]


def _stale_login(remote: Remote, error: ApiError) -> str:
    credential = remote.credential
    if error.code != "InvalidCredentials" or credential is None or credential.source != "saved login":
        return ""
    return (
        f"\nThe login saved for profile '{remote.profile_name()}' no longer works (it expired or was "
        "revoked, or the password changed): run `restkeep login` again"
    )


def emit(remote: Remote, results: Sequence[Any], columns: list[str]) -> None:
    """Rows (dicts, or the SDK's typed results, whose server JSON is their `raw`) as a table, CSV or JSON.
    JSON is the server's, as is; in a table or CSV a list reads `a, b`, a flag `true`/`false`, and in a
    table a `size` column is human-readable (CSV keeps the exact number)."""
    rows: list[dict[str, Any]] = [getattr(r, "raw", r) for r in results]
    if remote.output == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif remote.output == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(row.get(c)) for c in columns] for row in rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        table = Table(*columns)
        for row in rows:
            # Text, not str: rich would read `[red]` or `[/]` in a value as markup (and crash on some)
            table.add_row(*(Text(_cell(row.get(c), human=c == "size")) for c in columns))
        Console().print(table)


def _cell(value: Any, *, human: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if human and isinstance(value, int):
        return _size(value)
    return str(value)


def _size(count: int) -> str:
    """`1.5 MiB` for 1572864 bytes."""
    shown = float(count)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if shown < 1024 or unit == "GiB":
            return f"{shown:.0f} {unit}" if unit == "B" else f"{shown:.1f} {unit}"
        shown /= 1024
    return f"{count} B"
