"""`/_restkeep/journal`: the requests the server answered, redacted, newest first; as JSON or streamed
as NDJSON; emptied on demand."""

from __future__ import annotations

from typing import Any, Literal

import msgspec
from starlette.responses import Response

from restkeep.server.dev.journal import Filters
from restkeep.server.errors import InvalidArgument
from restkeep.server.operations import Body, Call, NoArgs, Operation


class JournalArgs(msgspec.Struct, forbid_unknown_fields=True):
    api: Literal["flow", "catalog", "other"] | None = None
    method: str | None = None
    # `*` stands for one segment, `**` for any number
    path: str | None = None
    status: int | None = None
    user: str | None = None
    # default: 100, or the whole journal if it keeps fewer
    limit: int | None = None
    format: Literal["json", "ndjson"] = "json"


class JournalAnswer(msgspec.Struct):
    # each: id, time, virtualTime, api, method, path, query, status, user, credential {kind,
    # fingerprint, verdict}, fault, durationMs, requestHeaders, requestBody, responseBody
    entries: list[dict[str, Any]]


class Cleared(msgspec.Struct):
    cleared: bool


async def get_journal(call: Call[JournalArgs]) -> JournalAnswer | Response:
    a = call.args
    journal = call.services.dev.journal
    if a.limit is not None and a.limit < 1:
        raise InvalidArgument("Argument 'limit' must be at least 1")
    limit = min(100 if a.limit is None else a.limit, journal.size)  # never more than the journal keeps
    if a.path is not None and not a.path.startswith("/"):
        raise InvalidArgument("Argument 'path' must start with '/'")
    method = a.method.upper() if a.method else None
    entries = await journal.entries(Filters(a.api, method, a.path, a.status, a.user, limit))
    if a.format == "ndjson":
        lines = b"".join(msgspec.json.encode(entry) + b"\n" for entry in entries)
        return Response(lines, media_type="application/x-ndjson")
    return JournalAnswer(entries)


async def clear_journal(call: Call[NoArgs]) -> Cleared:
    await call.services.dev.journal.clear()
    return Cleared(True)


_TAGS = ("journal",)
OPERATIONS = [
    Operation("getJournal", "GET", "/journal", JournalArgs, JournalAnswer, get_journal,
              "The requests the server answered (not these dev routes), newest first, every secret"
              " redacted; filters `api`, `method`, `path` (`*`, `**`), `status`, `user`; `limit`"
              " (default 100, at most the journal's size); `format=ndjson` for one entry per line.",
              tags=_TAGS, body=Body.NONE),
    Operation("clearJournal", "DELETE", "/journal", NoArgs, Cleared, clear_journal,
              "Empty the journal.", tags=_TAGS),
]  # fmt: skip
