"""Files going up and coming down, checked by SHA-256 on both sides; shared by both flavours of client."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

CHUNK = 1 << 20
Part = tuple[str, tuple[str, IO[bytes], str, dict[str, str]]]
Progress = Callable[[int], None]
"""Called with the number of bytes just sent or received, for progress bars."""


class ReportingReader(io.BufferedReader):
    """A file opened for reading that reports each chunk read (httpx reads upload parts this way)."""

    def __init__(self, path: Path, progress: Progress | None) -> None:
        super().__init__(io.FileIO(path, "rb"))
        self._progress = progress

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        if chunk and self._progress is not None:
            self._progress(len(chunk))
        return chunk


def chunks(handle: IO[bytes], progress: Progress | None) -> Iterator[bytes]:
    """A file's bytes as a streamed request body, reported as they go."""
    while chunk := handle.read(CHUNK):
        if progress is not None:
            progress(len(chunk))
        yield chunk


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Upload:
    """The files of one publish; each attempt opens them anew (a streamed body cannot be replayed)."""

    paths: list[Path]
    names: list[str]
    checksums: list[str]
    params: dict[str, str]
    opened: list[IO[bytes]]
    progress: Progress | None = None

    @property
    def size(self) -> int:
        return sum(path.stat().st_size for path in self.paths)

    @classmethod
    def of(
        cls,
        artifact: str,
        version: str,
        files: Iterable[str | Path],
        base: str | Path | None,
        repository: str | None,
        description: str,
        progress: Progress | None = None,
    ) -> Upload:
        paths = [Path(f) for f in files]
        names = [p.relative_to(base).as_posix() if base is not None else p.name for p in paths]
        params = {"artifactName": artifact, "version": version, "description": description}
        if repository:
            params["repositoryName"] = repository
        return cls(paths, names, [sha256_of(p) for p in paths], params, [], progress)

    def parts(self) -> list[Part]:
        fresh = [ReportingReader(path, self.progress) for path in self.paths]
        self.opened.extend(fresh)
        return [
            ("files", (name, handle, "application/octet-stream", {"X-Checksum-Sha256": sha}))
            for name, handle, sha in zip(self.names, fresh, self.checksums, strict=True)
        ]

    def close(self) -> None:
        for handle in self.opened:
            handle.close()


class Download:
    """One file being written under `target`, checked against its SHA-256 when complete."""

    def __init__(self, target: Path, entry: dict[str, Any], progress: Progress | None = None) -> None:
        self.path: Path = target / entry["path"]
        self._progress = progress
        self.expected = entry["sha256"]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._out = self.path.open("wb")
        self._digest = hashlib.sha256()

    def write(self, chunk: bytes) -> None:
        self._digest.update(chunk)
        self._out.write(chunk)
        if self._progress is not None:
            self._progress(len(chunk))

    def finish(self) -> Path:
        self._out.close()
        if self._digest.hexdigest() != self.expected:
            self.path.unlink()
            raise OSError(f"{self.path.name}: the download does not match its SHA-256")
        return self.path

    def abandon(self) -> None:
        self._out.close()
        self.path.unlink(missing_ok=True)
