"""Catalog clients build URLs by joining strings (`server + '/enable-api/login'` with a server ending
in '/'), so `//enable-api/login` and `/webcm/rest/api//items/search` must work. Only Catalog paths are
touched: in the Flow API a double slash means an absolute property path."""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Receive, Scope, Send

from restkeep.server.catalog.api.render import ENABLE_PREFIX, WEBCM_PREFIX

_SLASHES = re.compile(r"/{2,}")


class CollapseSlashes:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and "//" in scope["path"]:
            collapsed = _SLASHES.sub("/", scope["path"])
            if collapsed.startswith((ENABLE_PREFIX + "/", WEBCM_PREFIX + "/")):
                scope = {**scope, "path": collapsed, "raw_path": collapsed.encode()}
        await self.app(scope, receive, send)
