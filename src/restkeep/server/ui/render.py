"""How a page is made: Jinja2 templates shipped in the package, autoescaped (every value a user stored
is shown as text), and the headers every page carries — a strict Content-Security-Policy with no
inline script or style, so even a value that escaped escaping could not run."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def segment(value: object) -> str:
    """One URL path segment: a `/` in a name stays part of the name."""
    return quote(str(value), safe="")


def path_of(names: object) -> str:
    """A property path (`a/b/c`) with each name quoted as a segment."""
    parts = names if isinstance(names, list | tuple) else str(names).split("/")
    return "/".join(segment(p) for p in parts)


def _time(ms: int | None) -> str:
    if not ms:
        return ""
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _cell(value: object) -> str:
    """A stored value as a table shows it: nothing for none, true/false for a flag."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _size(count: int | None) -> str:
    shown = float(count or 0)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if shown < 1024 or unit == "GiB":
            return f"{shown:.0f} {unit}" if unit == "B" else f"{shown:.1f} {unit}"
        shown /= 1024
    return f"{count} B"


ENVIRONMENT = Environment(
    loader=PackageLoader("restkeep.server.ui", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENVIRONMENT.filters.update(segment=segment, path=path_of, time=_time, size=_size, cell=_cell)


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    html = ENVIRONMENT.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status, headers=HEADERS)
