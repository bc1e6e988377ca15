"""Moving a `--dev` test server's clock, in place of sleeping until a lifetime runs out."""

from __future__ import annotations

import httpx

from restkeep.testing import LiveServer


def advance(server: LiveServer, by: str) -> None:
    answer = httpx.post(
        server.url + "/_restkeep/clock/advance",
        json={"by": by},
        auth=("admin", "changeme"),
        verify=server.verify,
    )
    answer.raise_for_status()
