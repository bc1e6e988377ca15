"""`$[path]` references inside property values, expanded recursively with cycle and depth limits."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from restkeep.server.errors import ApiError, InvalidArgument, NoSuchProperty
from restkeep.server.flow.services.paths import PropertyPath, Root, relative_to
from restkeep.server.store.records import PropertyRecord

MAX_DEPTH = 32
# fan-out bound: `$[a]$[a]` nested 32 deep would otherwise mean 2**32 lookups
MAX_REFERENCES = 10_000
_REFERENCE = re.compile(r"\$\[([^\[\]]*)\]")

Resolver = Callable[[PropertyPath], Awaitable[PropertyRecord | None]]


class Expansion:
    def __init__(self, resolve: Resolver) -> None:
        self._resolve = resolve
        self._budget = MAX_REFERENCES

    async def expand(self, text: str, root: Root, seen: frozenset[str] = frozenset(), depth: int = 0) -> str:
        if "$[" not in text:
            return text
        pieces: list[str] = []
        end = 0
        for match in _REFERENCE.finditer(text):
            pieces.append(text[end : match.start()])
            pieces.append(await self._reference(match.group(1).strip(), root, seen, depth))
            end = match.end()
        pieces.append(text[end:])
        return "".join(pieces)

    async def _reference(self, reference: str, root: Root, seen: frozenset[str], depth: int) -> str:
        if depth >= MAX_DEPTH:
            raise InvalidArgument(
                f"Property expansion is nested more than {MAX_DEPTH} levels deep at '$[{reference}]'"
            )
        self._budget -= 1
        if self._budget < 0:
            raise InvalidArgument(f"Property expansion needs more than {MAX_REFERENCES} references")
        try:
            path = relative_to(root, reference)
        except ApiError:
            raise InvalidArgument(f"'$[{reference}]' is not a valid property reference") from None
        record = await self._resolve(path)
        if record is None:
            raise NoSuchProperty(f"Property '{path}' referenced by '$[{reference}]' does not exist")
        if record.is_sheet:
            raise InvalidArgument(f"'$[{reference}]' refers to a property sheet, not a value")
        if record.id in seen:
            raise InvalidArgument(f"Property expansion loops back to '{path}'")
        if not record.expandable:
            return record.value or ""
        return await self.expand(record.value or "", path.root, seen | {record.id}, depth + 1)
