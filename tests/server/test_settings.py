"""Settings: flags over environment over defaults; durations and sizes; clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from restkeep.server.durations import parse_duration
from restkeep.server.settings import Settings, SettingsError, load_settings, parse_size


def test_defaults() -> None:
    settings = load_settings()
    assert settings == Settings()
    assert settings.port == 8443 and settings.tls and settings.session_idle_timeout == 3 * 86400


def test_flags_win_over_environment_over_defaults() -> None:
    environ = {"RESTKEEP_PORT": "9000", "RESTKEEP_HOST": "0.0.0.0", "RESTKEEP_NO_TLS": "true"}
    settings = load_settings({"port": "9100"}, environ)
    assert settings.port == 9100 and settings.host == "0.0.0.0" and not settings.tls


def test_round_trip_through_the_environment() -> None:
    settings = load_settings(
        {"port": "1234", "demo": True, "session_idle_timeout": "2s", "data_dir": "/tmp/x"}
    )
    assert load_settings(environ=settings.to_env()) == settings
    assert settings.data_dir == Path("/tmp/x")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("3d", 259200), ("30m", 1800), ("2s", 2), ("1h30m", 5400), ("4320", 4320), ("250ms", 0.25)],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "3x", "-1", "0", "d3", "1h 30m"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_sizes() -> None:
    assert parse_size("10MB") == 10 * 1024**2
    assert parse_size("512k") == 512 * 1024
    assert parse_size("100") == 100


@pytest.mark.parametrize(
    ("flags", "environ", "fragment"),
    [
        ({"port": "abc"}, {}, "--port"),
        ({}, {"RESTKEEP_PORT": "abc"}, "RESTKEEP_PORT"),
        ({"workers": "0"}, {}, "--workers"),
        ({"session_idle_timeout": "soon"}, {}, "--session-idle-timeout"),
        ({"cert": "/x.pem"}, {}, "--cert and --key"),
        ({"log_level": "loud"}, {}, "--log-level"),
    ],
)
def test_errors_name_the_flag_or_variable(
    flags: dict[str, str], environ: dict[str, str], fragment: str
) -> None:
    with pytest.raises(SettingsError, match=fragment):
        load_settings(flags, environ)


def test_repr_never_shows_the_database_url() -> None:
    settings = Settings(database="postgresql://u:secret@h/db")
    assert "secret" not in repr(settings)
