"""One Settings object: command-line flags > `RESTKEEP_*` environment > defaults, read once, frozen.

`OPTIONS` is the single declaration of every setting: the CLI builds its `serve` flags from it, the
server processes read it back from the environment, and a test checks that each one is documented.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from restkeep.server import proxies
from restkeep.server.durations import parse_duration

Kind = Literal["str", "int", "bool", "duration", "size", "path"]
ENV_PREFIX = "RESTKEEP_"


@dataclass(frozen=True)
class Option:
    name: str
    kind: Kind
    default: Any
    help: str

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


OPTIONS: tuple[Option, ...] = (
    Option("host", "str", "127.0.0.1", "Address to listen on."),
    Option("port", "int", 8443, "Port to listen on."),
    Option("data_dir", "path", Path("restkeep-data"), "Folder for the database, certificates and files."),
    Option("database", "str", "", "Database URL; empty means SQLite in the data folder."),
    Option("db_pool_size", "int", 10, "Connections each worker keeps to PostgreSQL."),
    Option("no_tls", "bool", False, "Serve plain HTTP instead of HTTPS."),
    Option("cert", "path", None, "TLS certificate (PEM) to use instead of the generated one."),
    Option("key", "path", None, "Private key (PEM) for --cert."),
    Option("demo", "bool", False, "Seed the demo users, project and data (idempotent)."),
    Option("workers", "int", 1, "Number of server worker processes."),
    Option("session_idle_timeout", "duration", 3 * 86400.0, "Flow session idle timeout (e.g. 30m, 3d)."),
    Option("ewtoken_ttl", "duration", 86400.0, "Lifetime of a Catalog login token (ewtoken), e.g. 24h."),
    Option(
        "resttoken_ttl", "duration", 1800.0, "Lifetime of a Catalog REST token (epimresttoken), e.g. 30m."
    ),
    Option("audit_retention", "duration", 90 * 86400.0, "How long security events stay in the audit log."),
    Option("max_body_size", "size", 10 * 1024 * 1024, "Largest accepted API request body (e.g. 10MB)."),
    Option("max_upload_size", "size", 10 * 1024**3, "Largest accepted artifact version upload (e.g. 10GB)."),
    Option("max_import_size", "size", 1024**3, "Largest accepted Catalog import body (e.g. 1GB)."),
    Option("query_timeout", "duration", 10.0, "Time limit of one Catalog search or count query (e.g. 10s)."),
    Option(
        "shutdown_timeout", "duration", 30.0, "How long a stopping server lets in-flight requests finish."
    ),
    Option("no_migrate", "bool", False, "Do not upgrade the database schema on start."),
    Option("log_level", "str", "info", "Log level: debug, info, warning or error."),
    Option(
        "trusted_proxies",
        "str",
        "",
        "Reverse proxies (IPs or networks, comma-separated) whose X-Forwarded-For names the client.",
    ),
    Option("metrics", "bool", False, "Serve Prometheus metrics at /metrics (not behind the API's login)."),
    Option("metrics_token", "str", "", "Require `Authorization: Bearer <this>` for /metrics."),
    Option("log_format", "str", "text", "Log lines as text, or json: one JSON object per line."),
    Option("access_log", "bool", False, "Log one line per request (query strings are never logged)."),
    Option("dev", "bool", False, "Development mode: the /_restkeep/ routes (virtual clock, ...) for admins."),
    Option("dev_allow_remote", "bool", False, "Let development routes answer callers not on loopback."),
    Option("journal_size", "int", 10_000, "Development mode: how many requests the journal keeps."),
)
OPTIONS_BY_NAME = {option.name: option for option in OPTIONS}

_SIZE_UNITS = {"": 1, "b": 1, "kb": 1024, "k": 1024, "mb": 1024**2, "m": 1024**2, "gb": 1024**3, "g": 1024**3}


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names the flag and the variable."""


def parse_size(text: str) -> int:
    number = text.strip().lower().rstrip("ib")
    digits = number.rstrip("kmg")
    unit = number[len(digits) :]
    size = int(float(digits) * _SIZE_UNITS[unit])
    if size <= 0:
        raise ValueError("a size must be positive")
    return size


def _parse(option: Option, raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    if option.kind == "bool":
        lowered = raw.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"not a yes/no value: {raw!r}")
    if option.kind == "int":
        return int(raw)
    if option.kind == "duration":
        return parse_duration(raw)
    if option.kind == "size":
        return parse_size(raw)
    if option.kind == "path":
        return Path(raw) if raw else None
    return raw


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8443
    data_dir: Path = Path("restkeep-data")
    database: str = ""
    db_pool_size: int = 10
    no_tls: bool = False
    cert: Path | None = None
    key: Path | None = None
    demo: bool = False
    workers: int = 1
    session_idle_timeout: float = 3 * 86400.0
    ewtoken_ttl: float = 86400.0
    resttoken_ttl: float = 1800.0
    audit_retention: float = 90 * 86400.0
    max_body_size: int = 10 * 1024 * 1024
    max_upload_size: int = 10 * 1024**3
    max_import_size: int = 1024**3
    query_timeout: float = 10.0
    shutdown_timeout: float = 30.0
    no_migrate: bool = False
    log_level: str = "info"
    log_format: str = "text"
    trusted_proxies: str = ""
    metrics: bool = False
    metrics_token: str = ""
    access_log: bool = False
    dev: bool = False
    dev_allow_remote: bool = False
    journal_size: int = 10_000

    def __repr__(self) -> str:
        # the database URL may carry a password: never print it
        shown = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "database"}
        return f"Settings({shown}, database={'<set>' if self.database else '<sqlite>'})"

    @property
    def tls(self) -> bool:
        return not self.no_tls

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "restkeep.db"

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def to_env(self) -> dict[str, str]:
        """The settings as `RESTKEEP_*` variables, so worker processes read back exactly these."""
        env: dict[str, str] = {}
        for option in OPTIONS:
            value = getattr(self, option.name)
            if value is None:
                env[option.env] = ""
            elif isinstance(value, bool):
                env[option.env] = "1" if value else "0"
            else:
                env[option.env] = str(value)
        return env


def load_settings(
    flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Resolve every option: a flag that was given, else `RESTKEEP_<NAME>`, else the default."""
    flags = flags or {}
    environ = environ or {}
    values: dict[str, Any] = {}
    for option in OPTIONS:
        given = flags.get(option.name)
        source, raw = (option.flag, given) if given is not None else (option.env, environ.get(option.env))
        if raw is None:
            continue
        try:
            values[option.name] = _parse(option, raw)
        except (ValueError, KeyError) as exc:
            raise SettingsError(f"{source}: {exc}") from None
    settings = Settings(**values)
    _check(settings)
    return settings


def _check(settings: Settings) -> None:
    if settings.database and not settings.database.startswith(("postgresql://", "postgres://")):
        raise SettingsError(
            "--database must be a postgresql://user@host:port/dbname URL (or empty for SQLite)"
        )
    if settings.db_pool_size < 1:
        raise SettingsError("--db-pool-size must be at least 1")
    if settings.workers < 1:
        raise SettingsError("--workers must be at least 1")
    if settings.journal_size < 1:
        raise SettingsError("--journal-size must be at least 1")
    if not 0 < settings.port < 65536:
        raise SettingsError("--port must be between 1 and 65535")
    if (settings.cert is None) != (settings.key is None):
        raise SettingsError("--cert and --key must be given together")
    try:
        proxies.networks(settings.trusted_proxies)
    except ValueError as exc:
        raise SettingsError(f"--trusted-proxies: {exc}") from None
    if settings.log_format not in ("text", "json"):
        raise SettingsError(f"--log-format must be text or json, not '{settings.log_format}'")
    if settings.log_level not in ("debug", "info", "warning", "error"):
        raise SettingsError("--log-level must be one of debug, info, warning, error")
