"""Development mode's state as a whole: named snapshots (data, credentials, clock and faults together;
never the journal) and resets by scope. `data` goes back to the state right after start-up:
`restkeep serve --dev` takes a snapshot of it (`STARTUP`) before it serves the first request."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from restkeep.server import clock
from restkeep.server.dev.journal import Journal
from restkeep.server.errors import Conflict, InvalidArgument, NoSuchObject
from restkeep.server.store import Store
from restkeep.server.store.records import SnapshotRecord

STARTUP = ".startup"  # not a name a caller can give: it cannot start with a dot
SCOPES = ("all", "data", "credentials", "clock", "faults", "journal")
# what a reset of `data` leaves alone
_NOT_DATA = ("credentials", "clock", "faults")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def snapshot_name(text: str) -> str:
    if not _NAME.fullmatch(text) or text == "import":  # `/snapshots/import` is the import call
        raise InvalidArgument(
            "Argument 'name' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
            " digit (and not 'import')"
        )
    return text


class DevState:
    def __init__(self, store: Store, sync: Callable[[bool], Awaitable[None]], journal: Journal) -> None:
        self._store = store
        # after a change: the shared state applied to this process again (True: the data came back)
        self._sync = sync
        self._journal = journal

    async def save(self, name: str) -> SnapshotRecord:
        return await self._store.save_snapshot(snapshot_name(name), clock.now_ms())

    async def snapshots(self) -> list[SnapshotRecord]:
        return [s for s in await self._store.snapshots() if s.name != STARTUP]

    async def restore(self, name: str) -> None:
        if not await self._store.restore_snapshot(snapshot_name(name)):
            raise NoSuchObject(f"No snapshot '{name}'")
        await self._sync(True)

    async def delete(self, name: str) -> None:
        if not await self._store.delete_snapshot(snapshot_name(name)):
            raise NoSuchObject(f"No snapshot '{name}'")

    async def reset(self, scope: str) -> None:
        if scope not in SCOPES:
            raise InvalidArgument(f"Argument 'scope' must be one of {', '.join(SCOPES)}, not '{scope[:40]}'")
        if scope in ("all", "journal"):
            await self._journal.clear()
        if scope in ("all", "data"):
            keep = _NOT_DATA if scope == "data" else ()
            if not await self._store.restore_snapshot(STARTUP, keep):
                raise Conflict(
                    "The state at start-up was not recorded (the server was not started by"
                    " `restkeep serve --dev`); reset the other scopes, or restore a snapshot"
                )
        elif scope != "journal":
            await self._store.clear_scopes([scope])
        await self._sync(scope in ("all", "data"))
