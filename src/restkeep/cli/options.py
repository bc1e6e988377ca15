"""Click options built from the server's single declaration of settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from click.core import ParameterSource

from restkeep.server.settings import OPTIONS, Settings, SettingsError, load_settings

F = Callable[..., Any]


def settings_options(func: F) -> F:
    """Add one flag per setting; each also reads `RESTKEEP_<NAME>` (documented in its help)."""
    for option in reversed(OPTIONS):
        help_text = f"{option.help} [env: {option.env}]"
        if option.kind == "bool":
            decorator = click.option(option.flag, option.name, is_flag=True, help=help_text)
        else:
            shown = option.default if option.kind != "duration" else None
            decorator = click.option(
                option.flag,
                option.name,
                default=None,
                help=help_text + (f" [default: {shown}]" if shown else ""),
            )
        func = decorator(func)
    return func


def settings_from_context(ctx: click.Context, values: dict[str, Any]) -> Settings:
    """Flags the user typed win over the environment, which wins over the defaults."""
    given = {
        name: value
        for name, value in values.items()
        if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE
    }
    try:
        return load_settings(given, _environ())
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)
