"""`/_restkeep/reset` and `/_restkeep/snapshots`: put the server's state back, by scope or to a named
snapshot; export a snapshot as one file and import it again."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import msgspec
from starlette.responses import Response, StreamingResponse

from restkeep.server import clock
from restkeep.server.dev.states import SCOPES, snapshot_name
from restkeep.server.errors import InvalidArgument, NoSuchObject, RequestTooLarge
from restkeep.server.operations import Body, Call, NoArgs, Operation
from restkeep.server.store.records import SnapshotRecord

MEDIA_TYPE = "application/vnd.sqlite3"


class ResetArgs(msgspec.Struct, forbid_unknown_fields=True):
    scope: str = "all"


class ResetAnswer(msgspec.Struct):
    reset: str


class Snapshot(msgspec.Struct):
    name: str
    createTime: str
    # bytes the snapshot takes where it is kept
    size: int


class Saved(msgspec.Struct):
    snapshot: Snapshot


class SnapshotList(msgspec.Struct):
    snapshots: list[Snapshot]


class NameArgs(msgspec.Struct, forbid_unknown_fields=True):
    name: str


class Restored(msgspec.Struct):
    restored: str


class Deleted(msgspec.Struct):
    deleted: str


def _shown(record: SnapshotRecord) -> Snapshot:
    return Snapshot(record.name, clock.format_ms(record.create_time), record.size)


async def reset(call: Call[ResetArgs]) -> ResetAnswer:
    await call.services.dev.state.reset(call.args.scope)
    return ResetAnswer(call.args.scope)


async def save_snapshot(call: Call[NameArgs]) -> Saved:
    return Saved(_shown(await call.services.dev.state.save(call.args.name)))


async def list_snapshots(call: Call[NoArgs]) -> SnapshotList:
    return SnapshotList([_shown(s) for s in await call.services.dev.state.snapshots()])


async def restore_snapshot(call: Call[NameArgs]) -> Restored:
    await call.services.dev.state.restore(call.args.name)
    return Restored(call.args.name)


async def delete_snapshot(call: Call[NameArgs]) -> Deleted:
    await call.services.dev.state.delete(call.args.name)
    return Deleted(call.args.name)


async def export_snapshot(call: Call[NameArgs]) -> Response:
    name = snapshot_name(call.args.name)
    folder = tempfile.TemporaryDirectory(prefix="restkeep-export-")
    path = Path(folder.name) / f"{name}.db"
    try:
        found = await call.services.store.export_snapshot(name, path)
    except BaseException:
        folder.cleanup()
        raise
    if not found:
        folder.cleanup()
        raise NoSuchObject(f"No snapshot '{name}'")
    headers = {
        "Content-Length": str(path.stat().st_size),
        "Content-Disposition": f'attachment; filename="{name}.restkeep-snapshot"',
    }
    return StreamingResponse(_chunks(path, folder), media_type=MEDIA_TYPE, headers=headers)


async def _chunks(path: Path, folder: tempfile.TemporaryDirectory[str]) -> AsyncIterator[bytes]:
    """The file, then gone. Read here rather than handed to the server to send (a file response may be
    sent after the call returns, when a clean-up task would already have removed it)."""
    try:
        async with await anyio.open_file(path, "rb") as file:
            while chunk := await file.read(1024 * 1024):
                yield chunk
    finally:
        folder.cleanup()


@contextlib.asynccontextmanager
async def _received(call: Call[NameArgs]) -> AsyncIterator[Path]:
    """The request body, in a file of its own while the context lasts."""
    limit = call.services.settings.max_import_size
    with tempfile.TemporaryDirectory(prefix="restkeep-import-") as folder:
        path = Path(folder) / "snapshot.db"
        size = 0
        async with await anyio.open_file(path, "wb") as file:
            async for chunk in call.request.stream():
                size += len(chunk)
                if size > limit:
                    raise RequestTooLarge(f"The snapshot is larger than the import limit of {limit} bytes")
                await file.write(chunk)
        if size == 0:
            raise InvalidArgument("The request body must be an exported snapshot file")
        yield path


async def import_snapshot(call: Call[NameArgs]) -> Saved:
    name = snapshot_name(call.args.name)
    async with _received(call) as path:
        try:
            record = await call.services.store.import_snapshot(name, path, clock.now_ms())
        except ValueError as exc:
            raise InvalidArgument(f"Not a snapshot this server can take: {exc}") from None
    return Saved(_shown(record))


_TAGS = ("state",)
_ONE = "/snapshots/{name}"
OPERATIONS = [
    Operation("reset", "POST", "/reset", ResetArgs, ResetAnswer, reset,
              f"Put part of the state back as it was right after start-up: `scope` is one of"
              f" {', '.join(SCOPES)} (default all).", tags=_TAGS),
    Operation("saveSnapshot", "POST", "/snapshots", NameArgs, Saved, save_snapshot,
              "Save the data, credentials, clock and faults together as snapshot `name` (replacing one"
              " of that name).", status=201, tags=_TAGS),
    Operation("getSnapshots", "GET", "/snapshots", NoArgs, SnapshotList, list_snapshots,
              "Every snapshot: name, when it was taken, its size.", tags=_TAGS),
    Operation("importSnapshot", "POST", "/snapshots/import", NameArgs, Saved, import_snapshot,
              "Take an exported snapshot file (the body) as snapshot `name`.", status=201, tags=_TAGS,
              body=Body.RAW),
    Operation("restoreSnapshot", "POST", _ONE + "/restore", NameArgs, Restored, restore_snapshot,
              "Put the data, credentials, clock and faults back as the snapshot holds them.", tags=_TAGS),
    Operation("deleteSnapshot", "DELETE", _ONE, NameArgs, Deleted, delete_snapshot,
              "Delete a snapshot.", tags=_TAGS),
    Operation("exportSnapshot", "GET", _ONE + "/export", NameArgs, str, export_snapshot,
              "The snapshot as one file (an SQLite database, whichever the server's database).",
              tags=_TAGS, body=Body.NONE, media_type=MEDIA_TYPE),
]  # fmt: skip
