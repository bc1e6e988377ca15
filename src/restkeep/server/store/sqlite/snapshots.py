"""Development mode's snapshots of an SQLite database: each one a complete SQLite file beside the
database (`snapshots/<name>.db`, with `<name>.json` saying when it was taken), copied page by page with
SQLite's online backup API — a consistent copy taken while the server runs, and a restore that is one
write transaction of the live database: every connection, in every worker, sees the database before
it or after it, never between.

A snapshot file is also the export format: any SQLite tool opens it, and `import` takes one back after
checking that it is a restkeep database of this very schema revision.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from pathlib import Path

from restkeep.server.store import snapshot_file
from restkeep.server.store.records import SnapshotRecord
from restkeep.server.store.sqlite.connection import connect


class SnapshotFiles:
    def __init__(self, database: Path) -> None:
        self._database = database
        self.folder = database.parent / "snapshots"

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.db"

    def _about(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def save(self, name: str, now: int) -> SnapshotRecord:
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".saving-", suffix=".db")
        os.close(handle)
        try:
            _copy(self._database, Path(temporary))
            _settle(Path(temporary), self.path(name))
        finally:
            Path(temporary).unlink(missing_ok=True)
        self._about(name).write_text(json.dumps({"createTime": now}))
        return self._record(name)

    def restore(self, name: str) -> bool:
        """Make the live database what the snapshot holds; False if there is no such snapshot."""
        source = self.path(name)
        if not source.is_file():
            return False
        _copy(source, self._database)
        return True

    def export(self, name: str, target: Path) -> bool:
        """Copy the snapshot to `target` as one file (no write-ahead log beside it)."""
        source = self.path(name)
        if not source.is_file():
            return False
        _copy(source, target)
        with contextlib.closing(sqlite3.connect(target, isolation_level=None)) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")
        return True

    def delete(self, name: str) -> bool:
        found = self.path(name).is_file()
        self.path(name).unlink(missing_ok=True)
        self._about(name).unlink(missing_ok=True)
        return found

    def records(self) -> list[SnapshotRecord]:
        if not self.folder.is_dir():
            return []
        return sorted(
            (self._record(p.stem) for p in self.folder.glob("*.db") if not p.name.startswith(".saving-")),
            key=lambda r: r.name,
        )

    def _record(self, name: str) -> SnapshotRecord:
        about = self._about(name)
        created = json.loads(about.read_text()).get("createTime", 0) if about.is_file() else 0
        return SnapshotRecord(name, int(created), self.path(name).stat().st_size)

    def adopt(self, name: str, file: Path, schema_revision: str, now: int) -> SnapshotRecord:
        """Take an exported snapshot file as snapshot `name`, once checked (ValueError says what is
        wrong with it). The file is moved, not copied."""
        snapshot_file.check(file, schema_revision)
        self.folder.mkdir(parents=True, exist_ok=True)
        _settle(file, self.path(name))
        self._about(name).write_text(json.dumps({"createTime": now}))
        return self._record(name)


def _copy(source: Path, target: Path) -> None:
    """Copy a whole database into another in one step (one write transaction of the target)."""
    with (
        contextlib.closing(connect(source, readonly=True)) as reading,
        contextlib.closing(connect(target)) as writing,
    ):
        reading.backup(writing, pages=-1)


def _settle(file: Path, final: Path) -> None:
    """Move a finished file into place: on disk first, then renamed, then the rename on disk too."""
    with open(file, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(file, final)
    folder = os.open(final.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
