"""`$[path]` references inside property values, expanded recursively with cycle, depth and size limits.

Size: one `Expansion` serves one call (a property, a whole sheet, an `expandString`) and produces at
most `max_size` characters of expanded text in all, the largest value a property can be set to. A
value that references a large one a thousand times would otherwise make an answer a thousand times
that size. Each nested expansion is given what is left of the allowance, so no level builds more
than the limit before it is refused.
"""

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


class TooLarge(Exception):
    """The expansion would pass its size limit (turned into an error naming the property at the top)."""


class Expansion:
    def __init__(self, resolve: Resolver, max_size: int) -> None:
        self._resolve = resolve
        self._budget = MAX_REFERENCES
        self._max_size = max_size
        self._left = max_size  # characters of expanded text this call may still produce

    async def value(self, text: str, root: Root, what: str, seen: frozenset[str] = frozenset()) -> str:
        """`text` expanded; `what` names it in the error if the expansion grows past the limit."""
        try:
            expanded = await self._expand(text, root, seen, 0, self._left)
        except TooLarge:
            raise InvalidArgument(
                f"Expanding {what} makes more than {self._max_size} characters in this answer, the most"
                " a property value may hold; read it with expand=0"
            ) from None
        if expanded is not text:
            self._left -= len(expanded)
        return expanded

    async def _expand(self, text: str, root: Root, seen: frozenset[str], depth: int, allowance: int) -> str:
        if "$[" not in text:
            return text
        pieces: list[str] = []
        size = end = 0
        for match in _REFERENCE.finditer(text):
            literal = text[end : match.start()]
            size += len(literal)
            pieces.append(literal)
            expanded = await self._reference(match.group(1).strip(), root, seen, depth, allowance - size)
            size += len(expanded)
            if size > allowance:
                raise TooLarge()
            pieces.append(expanded)
            end = match.end()
        pieces.append(text[end:])
        if size + len(text) - end > allowance:
            raise TooLarge()
        return "".join(pieces)

    async def _reference(
        self, reference: str, root: Root, seen: frozenset[str], depth: int, allowance: int
    ) -> str:
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
        return await self._expand(record.value or "", path.root, seen | {record.id}, depth + 1, allowance)
