"""A tar.gz written as it is sent: file by file, chunk by chunk, never whole in memory."""

from __future__ import annotations

import tarfile
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

_CHUNK = 1 << 20
_BLOCK = 512


def tar_gz(files: Iterable[tuple[str, Path, int]], mtime: float | None = None) -> Iterator[bytes]:
    """Yield the gzip-compressed tar of `(name in archive, file on disk, size)` entries."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: the gzip container
    stamp = time.time() if mtime is None else mtime
    for name, path, size in files:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(stamp), 0o644
        yield compressor.compress(info.tobuf(format=tarfile.PAX_FORMAT))
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                yield compressor.compress(chunk)
        padding = -size % _BLOCK
        if padding:
            yield compressor.compress(b"\0" * padding)
    yield compressor.compress(b"\0" * (2 * _BLOCK))
    yield compressor.flush()
