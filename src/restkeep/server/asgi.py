"""The entry point of each worker process: settings come back from the `RESTKEEP_*` environment."""

from __future__ import annotations

import os

from restkeep.server import log_format
from restkeep.server.app import build_app
from restkeep.server.front import Front
from restkeep.server.lifeline import stop_with_parent
from restkeep.server.settings import load_settings


def app_from_env() -> Front:
    settings = load_settings(environ=os.environ)
    log_format.configure(settings.log_level, settings.log_format)
    stop_with_parent(settings.shutdown_timeout)
    return build_app(settings)
