"""`GET /server/status` (no credentials needed) and `GET /server/info`."""

from __future__ import annotations

import msgspec
from starlette.responses import Response

import restkeep
from restkeep.server.flow.models import ServerInfo, ServerInfoResponse, ServerStatus, ServerStatusResponse
from restkeep.server.operations import Call, Operation, json_response


class StatusArgs(msgspec.Struct):
    """Status and info take no arguments; any given are ignored (load balancers add their own)."""


_STATUS = msgspec.json.encode(ServerStatusResponse(ServerStatus("running")))


async def server_status(call: Call[StatusArgs]) -> Response:
    return Response(_STATUS, media_type="application/json")


async def server_info(call: Call[StatusArgs]) -> Response:
    database = "postgresql" if call.services.settings.database else "sqlite"
    return json_response(ServerInfoResponse(ServerInfo(restkeep.__version__, "v1.0", database)))


OPERATIONS = [
    Operation(
        "getServerStatus",
        "GET",
        "/server/status",
        StatusArgs,
        ServerStatusResponse,
        server_status,
        "Whether the server is running; needs no credentials.",
        public=True,
        tags=("server",),
    ),
    Operation(
        "getServerInfo",
        "GET",
        "/server/info",
        StatusArgs,
        ServerInfoResponse,
        server_info,
        "The server's version and storage backend.",
        tags=("server",),
    ),
]
