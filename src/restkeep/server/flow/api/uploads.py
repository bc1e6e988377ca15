"""Receiving a publish: a `multipart/form-data` body parsed as it streams in.

Each file part goes straight to a staged file (hashed on the way); its name keeps its sub-folders
(normalised, unsafe names refused); an `X-Checksum-Sha256` part header is checked once the part is
complete. The total size is capped. Nothing here keeps a file in memory.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, MultipartState, parse_options_header
from starlette.requests import Request

from restkeep.server.blobs import LocalBlobStore
from restkeep.server.errors import InvalidArgument, MalformedRequest, RequestTooLarge
from restkeep.server.flow.services.artifact_versions import FileNames, Received, check_checksum

CHECKSUM_HEADER = b"x-checksum-sha256"
FIELD = "files"


class _Part:
    def __init__(self) -> None:
        self.headers: dict[bytes, bytes] = {}
        self.field = b""
        self.value = b""
        self.received: Received | None = None
        self.expected: str | None = None


class UploadReader:
    def __init__(self, blobs: LocalBlobStore, limit: int, into: list[Received]) -> None:
        self._blobs = blobs
        self._limit = limit
        self._into = into
        self._total = 0
        self._part = _Part()
        self._finished: list[_Part] = []
        self._names = FileNames()

    def _headers_done(self) -> None:
        part = self._part
        _, options = parse_options_header(part.headers.get(b"content-disposition", b""))
        if b"filename" not in options:
            field = options.get(b"name", b"").decode(errors="replace")
            raise InvalidArgument(f"Form field '{field}' is not a file: give arguments in the query string")
        path = self._names.add(options[b"filename"].decode("utf-8", errors="strict"))
        expected = part.headers.get(CHECKSUM_HEADER)
        if expected is not None:
            text = expected.decode(errors="replace").strip().lower()
            if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
                raise InvalidArgument(f"X-Checksum-Sha256 of '{path}' is not a SHA-256 in hex")
            part.expected = text
        part.received = Received(path, self._blobs.stage())
        self._into.append(part.received)

    def _data(self, data: bytes, start: int, end: int) -> None:
        self._total += end - start
        if self._total > self._limit:
            raise RequestTooLarge(f"The upload is larger than the limit of {self._limit} bytes")
        assert self._part.received is not None
        self._part.received.staged.write(data[start:end])

    def _header_end(self) -> None:
        part = self._part
        part.headers[part.field.lower()] = part.value
        part.field, part.value = b"", b""

    def _begin(self) -> None:
        self._part = _Part()

    def _field(self, data: bytes, start: int, end: int) -> None:
        self._part.field += data[start:end]

    def _value(self, data: bytes, start: int, end: int) -> None:
        self._part.value += data[start:end]

    def _end(self) -> None:
        self._finished.append(self._part)

    async def _finish_parts(self) -> None:
        for part in self._finished:
            assert part.received is not None
            received = part.received
            received.sha256 = await anyio.to_thread.run_sync(received.staged.finish)
            check_checksum(received.path, part.expected, received.sha256)
        self._finished.clear()

    async def read(self, request: Request) -> None:
        content_type = request.headers.get("content-type", "")
        kind, params = parse_options_header(content_type)
        if kind != b"multipart/form-data" or b"boundary" not in params:
            raise InvalidArgument("Publish the files as multipart/form-data (field 'files')")
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self._limit + 1024 * 1024:
            raise RequestTooLarge(f"The upload is larger than the limit of {self._limit} bytes")
        callbacks: Any = {
            "on_part_begin": self._begin,
            "on_header_field": self._field,
            "on_header_value": self._value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_done,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }
        parser = MultipartParser(params[b"boundary"], callbacks)
        try:
            async for chunk in request.stream():
                parser.write(chunk)
                await self._finish_parts()
            parser.finalize()
        except MultipartParseError as exc:
            raise MalformedRequest(f"The multipart body is malformed: {exc}") from None
        except UnicodeDecodeError:
            raise InvalidArgument("File names must be UTF-8") from None
        # the parser's finalize() does not check this itself: a body cut short would pass as complete
        if parser.state != MultipartState.END:
            raise MalformedRequest("The multipart body ends before its closing boundary; nothing was stored")
        await self._finish_parts()
