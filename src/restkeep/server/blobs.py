"""Content-addressed file storage for artifact repositories: identical files are stored once.

Layout: `<root>/blobs/<sha[:2]>/<sha[2:4]>/<sha256>`, uploads staged in `<root>/tmp/`. A staged file
is hashed as it is written and becomes a blob by an atomic rename after an fsync, so a blob on disk
is always complete. An upload that is alive touches its staged files as it renews its lease; one
whose process died (`kill -9`) leaves them untouched, and `sweep` removes them once they are older
than a lease, whichever process sweeps. `BlobStore` is the interface an object-store backend would
implement later.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from pathlib import Path
from typing import IO, Protocol


class StagedFile:
    """A file being received: written in chunks, hashed on the way, on disk in the staging folder."""

    def __init__(self, folder: Path) -> None:
        handle, name = tempfile.mkstemp(dir=folder, prefix="upload-")
        self.path = Path(name)
        self._file: IO[bytes] | None = os.fdopen(handle, "wb")
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        assert self._file is not None
        self._file.write(data)
        self._hash.update(data)
        self.size += len(data)

    def finish(self) -> str:
        """Flush to disk and return the SHA-256 (hex)."""
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None
        return self._hash.hexdigest()

    def touch(self) -> None:
        """Mark the file as still being received (see `LocalBlobStore.sweep`)."""
        with contextlib.suppress(FileNotFoundError):
            os.utime(self.path)

    def discard(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self.path.unlink(missing_ok=True)


class BlobStore(Protocol):
    def stage(self) -> StagedFile: ...
    def commit(self, staged: StagedFile, sha256: str) -> None: ...
    def path(self, sha256: str) -> Path: ...


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._staging = root / "tmp"
        self._blobs = root / "blobs"
        self._staging.mkdir(parents=True, exist_ok=True)
        self._blobs.mkdir(parents=True, exist_ok=True)

    def stage(self) -> StagedFile:
        return StagedFile(self._staging)

    def sweep(self, max_age_seconds: float) -> int:
        """Remove staged files untouched for longer than `max_age_seconds`; return how many."""
        removed = 0
        cutoff = time.time() - max_age_seconds
        for entry in os.scandir(self._staging):
            try:
                if entry.name.startswith("upload-") and entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)
                    removed += 1
            except FileNotFoundError:
                continue  # another process swept it first
        return removed

    def path(self, sha256: str) -> Path:
        return self._blobs / sha256[:2] / sha256[2:4] / sha256

    def commit(self, staged: StagedFile, sha256: str) -> None:
        """Make a finished staged file the blob for its hash (already there: the copy is dropped)."""
        target = self.path(sha256)
        if target.exists():
            staged.discard()
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged.path, target)
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
