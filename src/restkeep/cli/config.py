"""The command line's two files in `~/.config/restkeep/` (`$XDG_CONFIG_HOME` is respected):

- `config.toml`: profiles — where and as whom (`url`, `user`, `ca_file`, `insecure`); never a secret.
- `credentials.toml`: saved logins — per profile, the API token `restkeep login` made, for the server
  it was made on. Written atomically and readable by its owner only (mode 0600), like `~/.netrc`.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import click

FIELDS = ("url", "user", "ca_file", "insecure")


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "restkeep"


def config_path() -> Path:
    return config_dir() / "config.toml"


def credentials_path() -> Path:
    return config_dir() / "credentials.toml"


def _read(path: Path, section: str) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    try:
        return dict(tomllib.loads(path.read_text()).get(section, {}))
    except tomllib.TOMLDecodeError as exc:
        raise click.UsageError(f"{path} is not valid TOML: {exc}") from None


def _write(path: Path, section: str, tables: dict[str, dict[str, Any]]) -> None:
    """Replace the file with these tables, atomically; a credentials file is made 0600 before any
    secret is written into it."""
    lines = []
    for name, fields in sorted(tables.items()):
        lines.append(f"[{section}.{json.dumps(name)}]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in fields.items()]
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write("\n".join(lines))
    os.replace(temporary, path)


def load_profile(name: str, *, must_exist: bool = False) -> dict[str, Any]:
    """A profile's saved fields; with `must_exist`, a usage error naming it if there is none."""
    path = config_path()
    profiles = _read(path, "profiles")
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
    """Write one profile (never a password or token) into the config file, keeping the others."""
    values = {**values, "ca_file": ca_file(values.get("ca_file"))}
    profiles = _read(config_path(), "profiles")
    profiles[name] = {k: v for k, v in values.items() if k in FIELDS and v not in (None, "")}
    _write(config_path(), "profiles", profiles)
    return config_path()


@dataclass(frozen=True)
class SavedLogin:
    """An API token `restkeep login` made: used only against the server it was made on."""

    url: str
    user: str
    token: str
    token_id: str
    expires_at: str = ""  # ISO 8601, or "" for never


def load_login(profile: str) -> SavedLogin | None:
    fields = _read(credentials_path(), "logins").get(profile)
    try:
        return SavedLogin(**fields) if fields else None
    except TypeError:
        raise click.UsageError(f"{credentials_path()}: the login of profile '{profile}' is damaged") from None


def save_login(profile: str, login: SavedLogin) -> Path:
    logins = _read(credentials_path(), "logins")
    logins[profile] = asdict(login)
    _write(credentials_path(), "logins", logins)
    return credentials_path()


def forget_login(profile: str) -> bool:
    """Remove the profile's saved login; False if there was none."""
    logins = _read(credentials_path(), "logins")
    if logins.pop(profile, None) is None:
        return False
    _write(credentials_path(), "logins", logins)
    return True
