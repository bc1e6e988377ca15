"""How the server's log lines look: text for a terminal, or `--log-format json` — one JSON object per
line (time, level, logger, message, and for a request its id, method, path, status, duration,
operation and user) for a log collector. No secret is ever a field: the access log holds no query
string or header."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

TEXT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **(getattr(record, "fields", None) or {}),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(level: str, form: str) -> None:
    """Set the root logger up (in the main process and in each worker, which starts afresh)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines() if form == "json" else logging.Formatter(TEXT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("alembic").setLevel(logging.WARNING)


def granian_config(level: str, form: str) -> dict[str, object] | None:
    """Granian's own lines (workers starting, stopping) in the same form, or None for its default."""
    if form != "json":
        return None
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "restkeep.server.log_format.JsonLines"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {"_granian": {"handlers": ["console"], "level": level.upper(), "propagate": False}},
    }
