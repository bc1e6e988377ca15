"""What every command that talks to a server shares: where and as whom (flags > `RESTKEEP_*`
environment > a profile in `~/.config/restkeep/config.toml`), how to print, and how errors end.

Exit codes: 0 done, 1 the server refused (the message goes to stderr), 2 a usage mistake.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import sys
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from restkeep.client.catalog import CatalogClient
from restkeep.client.dev import DevClient
from restkeep.client.errors import ApiError, RestkeepError, TransportError
from restkeep.client.flow import FlowClient
from restkeep.client.transport import Verify

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_URL = "https://127.0.0.1:8443"
FIELDS = ("url", "user", "ca_file", "insecure")


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "restkeep" / "config.toml"


def load_profile(name: str, *, must_exist: bool = False) -> dict[str, Any]:
    """A profile's saved fields; with `must_exist`, a usage error naming it if there is none."""
    path = config_path()
    profiles: dict[str, Any] = {}
    if path.exists():
        try:
            profiles = tomllib.loads(path.read_text()).get("profiles", {})
        except tomllib.TOMLDecodeError as exc:
            raise click.UsageError(f"{path} is not valid TOML: {exc}") from None
    if must_exist and name not in profiles:
        known = ", ".join(sorted(profiles)) or "none yet"
        raise click.UsageError(
            f"No profile '{name}' in {path} (profiles: {known}); `restkeep --profile {name} login` makes it"
        )
    return dict(profiles.get(name, {}))


def ca_file(given: str | None) -> str | None:
    """The CA file as an absolute path (so that a saved profile works from any folder), or a usage
    error naming it when there is no such file."""
    if not given:
        return None
    path = Path(given).expanduser().resolve()
    if not path.is_file():
        raise click.UsageError(f"CA file not found: {path}")
    return str(path)


def save_profile(name: str, values: dict[str, Any]) -> Path:
    """Write one profile (never a password) into the config file, keeping the others."""
    values = {**values, "ca_file": ca_file(values.get("ca_file"))}
    path = config_path()
    profiles: dict[str, dict[str, Any]] = {}
    if path.exists():
        profiles = tomllib.loads(path.read_text()).get("profiles", {})
    profiles[name] = {k: v for k, v in values.items() if k in FIELDS and v not in (None, "")}
    lines = []
    for profile, fields in sorted(profiles.items()):
        lines.append(f"[profiles.{json.dumps(profile)}]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in fields.items()]
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))
    return path


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
    # `login` makes the profile it is given; every other command needs a named profile to exist
    making_profile: bool = False

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

    def _credentials(self) -> tuple[dict[str, Any], str, str, Verify]:
        settings = self.resolved()
        user = settings["user"]
        if not user:
            raise click.UsageError("Give --user (or RESTKEEP_USER, or a profile)")
        password = self.password or os.environ.get("RESTKEEP_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise click.UsageError(
                    "Give --password or RESTKEEP_PASSWORD (there is no terminal to ask on)"
                )
            password = click.prompt(f"Password for {user}", hide_input=True)
        self.password = password  # resolved (or asked) once, also for commands that need it again
        verify: Verify = False if settings["insecure"] else (ca_file(settings["ca_file"]) or True)
        return settings, user, password, verify

    def flow(self) -> FlowClient:
        settings, user, password, verify = self._credentials()
        return FlowClient(settings["url"], username=user, password=password, verify=verify)

    def dev(self) -> DevClient:
        settings, user, password, verify = self._credentials()
        return DevClient(settings["url"], username=user, password=password, verify=verify)

    def catalog(self) -> CatalogClient:
        settings, user, password, verify = self._credentials()
        return CatalogClient(settings["url"], login=user, password=password, verify=verify)


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
            raise click.ClickException(_describe(exc)) from None
        except RestkeepError as exc:
            message = _short(str(exc))
            url = remote.resolved()["url"]
            if isinstance(exc, TransportError) and url.startswith("http://"):
                # a TLS port answers a plain request with something no HTTP client can read
                message += f"\n(if the server speaks HTTPS, as it does by default: --url https://{url[7:]})"
            raise click.ClickException(message) from None

    return run  # type: ignore[return-value]


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
