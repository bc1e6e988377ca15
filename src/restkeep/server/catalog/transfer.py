"""Import and export of items as CSV or JSON Lines, streamed: memory stays flat whatever the size.

Import is all-or-nothing. The body is spooled to a file in the data folder while it arrives (with a
size limit), every row is checked against the repository's attributes (in a thread, so the server
keeps answering), and only if all rows are valid are they inserted from a second spool of checked
values: in batches of short transactions that readers see all at once (`staging`), so other writers
wait at most one batch. Otherwise the answer lists the rows at fault and nothing is written.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

import anyio.to_thread
import msgspec

from restkeep.server.auth.principal import Principal
from restkeep.server.catalog.items import duplicate, stored_values
from restkeep.server.catalog.jobs import JobLog, Progress
from restkeep.server.catalog.repositories import RepositoryService, Schema
from restkeep.server.catalog.search import Plan, SearchService
from restkeep.server.catalog.staging import add_items
from restkeep.server.errors import ApiError, BadRequest, InvalidValues, RequestTooLarge
from restkeep.server.store import Store
from restkeep.server.store.errors import AlreadyExists

FORMATS = ("csv", "jsonl")
MAX_REPORTED = 100
BATCH = 5000
_SYSTEM_FIELDS = ("id", "repositoryId", "createTime", "modifyTime")


def format_of(given: str | None, content_type: str) -> str:
    if given:
        if given not in FORMATS:
            raise BadRequest(f"'format' must be csv or jsonl, not '{given}'")
        return given
    if content_type.startswith("text/csv"):
        return "csv"
    if content_type.startswith(("application/x-ndjson", "application/jsonl", "application/json-lines")):
        return "jsonl"
    raise BadRequest(
        "Say which format: ?format=csv or ?format=jsonl (or Content-Type text/csv / application/x-ndjson)"
    )


def _csv_rows(handle: IO[str], schema: Schema) -> Iterator[tuple[int, dict[str, Any] | str]]:
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        return
    for name in header:
        if name not in _SYSTEM_FIELDS and schema.resolve(name) is None:
            raise BadRequest(f"CSV header: unknown attribute '{name}' in repository {schema.repository_id}")
    for number, cells in enumerate(reader, start=1):
        if len(cells) != len(header):
            yield number, f"has {len(cells)} fields; the header has {len(header)}"
        else:
            yield (
                number,
                {name: (cell if cell != "" else None) for name, cell in zip(header, cells, strict=True)},
            )


def _jsonl_rows(handle: IO[str]) -> Iterator[tuple[int, dict[str, Any] | str]]:
    number = 0
    for line in handle:
        if not line.strip():
            continue
        number += 1
        try:
            row = msgspec.json.decode(line)
        except msgspec.DecodeError:
            yield number, "is not valid JSON"
            continue
        yield number, row if isinstance(row, dict) else "is not a JSON object"


def _check(source: Path, checked: Path, fmt: str, schema: Schema) -> tuple[list[dict[str, Any]], int]:
    """Validate every row of the spooled body; write the stored values of good rows to `checked`.
    Returns the problems and the number of rows written."""
    problems: list[dict[str, Any]] = []
    good = 0
    encoder = msgspec.json.Encoder()
    with source.open(encoding="utf-8-sig", newline="") as handle, checked.open("wb") as out:
        rows = _csv_rows(handle, schema) if fmt == "csv" else _jsonl_rows(handle)
        try:
            for number, row in rows:
                if isinstance(row, str):
                    problems.append({"row": number, "message": f"row {number} {row}"})
                    continue
                try:
                    values = stored_values(schema, row, complete=True)
                except ApiError as exc:
                    problems += [{"row": number, **d} for d in exc.details] or [
                        {"row": number, "message": exc.message}
                    ]
                    continue
                if not problems:
                    out.write(encoder.encode([[k, v] for k, v in values.items()]) + b"\n")
                    good += 1
        except UnicodeDecodeError:
            raise BadRequest("The import is not UTF-8 text") from None
        except csv.Error as exc:
            raise BadRequest(f"The CSV is malformed: {exc}") from None
    return problems, good


def _batches(checked: Path) -> Iterator[list[dict[int, Any]]]:
    with checked.open("rb") as handle:
        batch: list[dict[int, Any]] = []
        for line in handle:
            batch.append({int(k): v for k, v in msgspec.json.decode(line)})
            if len(batch) == BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


class TransferService:
    def __init__(
        self, store: Store, repositories: RepositoryService, search: SearchService, jobs: JobLog, spool: Path
    ) -> None:
        self._store = store
        self._repositories = repositories
        self._search = search
        self._jobs = jobs
        self._spool = spool

    async def import_items(
        self, principal: Principal, repository_id: int, fmt: str, chunks: AsyncIterator[bytes], limit: int
    ) -> int:
        await self._repositories.get(principal, repository_id, "modify")
        async with self._jobs.job("import", repository_id, principal) as progress:
            progress.items = await self._import(repository_id, fmt, chunks, limit)
        return progress.items

    async def _import(self, repository_id: int, fmt: str, chunks: AsyncIterator[bytes], limit: int) -> int:
        schema = await self._repositories.schema(repository_id)
        self._spool.mkdir(parents=True, exist_ok=True)
        with ExitStack() as stack:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(dir=self._spool, prefix="import-")))
            source, checked = folder / "body", folder / "checked"
            size = 0
            with source.open("wb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > limit:
                        raise RequestTooLarge(f"The import is larger than the limit of {limit} bytes")
                    out.write(chunk)
            problems, count = await anyio.to_thread.run_sync(_check, source, checked, fmt, schema)
            if problems:
                shown = problems[:MAX_REPORTED]
                more = f" (the first {MAX_REPORTED} are listed)" if len(problems) > MAX_REPORTED else ""
                counted = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
                raise InvalidValues(f"{counted} in the import; nothing was imported{more}", details=shown)
            try:
                return await add_items(
                    self._store, repository_id, schema.attributes, _batches(checked), count
                )
            except AlreadyExists as exc:
                raise duplicate(schema, exc) from None

    async def export_items(self, principal: Principal, plan: Plan, fmt: str) -> AsyncIterator[bytes]:
        async with self._jobs.job("export", plan.repository.id, principal) as progress:
            async for chunk in self._export(plan, fmt, progress):
                yield chunk

    async def _export(self, plan: Plan, fmt: str, progress: Progress) -> AsyncIterator[bytes]:
        attributes = [a for a in plan.schema.attributes if plan.only is None or a.id in plan.only]
        if fmt == "csv":
            yield _csv_line(["id", "createTime", "modifyTime", *(a.name for a in attributes)])
        async for batch in self._search.each(plan):
            progress.items += len(batch)
            if fmt == "jsonl":
                yield b"".join(msgspec.json.encode(item) + b"\n" for item in batch)
                continue
            yield b"".join(
                _csv_line(
                    [
                        item["id"],
                        item["createTime"],
                        item["modifyTime"],
                        *(_cell(item[f"F_{a.id}"]) for a in attributes),
                    ]
                )
                for item in batch
            )


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _csv_line(cells: list[Any]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue().encode()
