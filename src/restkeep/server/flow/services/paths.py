"""Property names and paths: `a/b/c` relative to a located object, `/projects/P/a`, `/server/a`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from restkeep.server.errors import InvalidPropertyName, MissingArgument

MAX_NAME_LENGTH = 255
# sheets nest at most this deep, so that walking and listing them stays bounded
MAX_DEPTH = 64
RESERVED_NAMES = frozenset({"properties", "project"})
_CONTROL = re.compile(r"[\x00-\x1f]")


@dataclass(frozen=True)
class Root:
    """The object that owns a property sheet: a project or an artifact (by name), or the server."""

    kind: str
    name: str = ""

    @property
    def prefix(self) -> str:
        return f"/{self.kind}s/{self.name}" if self.name else f"/{self.kind}"


SERVER = Root("server")


@dataclass(frozen=True)
class PropertyPath:
    root: Root
    names: tuple[str, ...]

    def __str__(self) -> str:
        return "/".join((self.root.prefix, *self.names))


def check_name(name: str) -> str:
    if not name:
        raise InvalidPropertyName("A property name must not be empty")
    if name in (".", ".."):
        raise InvalidPropertyName(f"'{name}' is not a valid property name")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidPropertyName(f"A property name must be at most {MAX_NAME_LENGTH} characters")
    if name in RESERVED_NAMES:
        raise InvalidPropertyName(f"'{name}' is a reserved word and cannot be a property name")
    if _CONTROL.search(name):
        raise InvalidPropertyName("A property name must not contain control characters")
    return name


def _split(text: str) -> tuple[str, ...]:
    names = text.split("/")
    if len(names) > MAX_DEPTH:
        raise InvalidPropertyName(f"A property path may be at most {MAX_DEPTH} levels deep")
    return tuple(check_name(name) for name in names)


_OWNER_KINDS = {"projects": "project", "artifacts": "artifact"}


def parse_path(text: str, locator: Root | None, *, allow_root: bool = False) -> PropertyPath:
    """Resolve a property name or path against a locator; an absolute path ignores the locator."""
    if text.startswith("/"):
        parts = text.strip("/").split("/", 2) if text.strip("/") else []
        if parts[:1] == ["server"]:
            root, rest = SERVER, "/".join(parts[1:])
        elif parts[:1] and parts[0] in _OWNER_KINDS and len(parts) >= 2 and parts[1]:
            root, rest = Root(_OWNER_KINDS[parts[0]], parts[1]), "/".join(parts[2:])
        else:
            raise InvalidPropertyName(
                f"'{text}' is not a valid absolute property path"
                " (use /projects/P/..., /artifacts/G:K/... or /server/...)"
            )
        if not rest:
            if allow_root:
                return PropertyPath(root, ())
            raise InvalidPropertyName(f"'{text}' names no property")
        return PropertyPath(root, _split(rest))
    if locator is None:
        raise MissingArgument(
            "A relative property name needs a locator:"
            " give 'projectName' or 'artifactName', or an absolute path"
        )
    if not text and allow_root:
        return PropertyPath(locator, ())
    return PropertyPath(locator, _split(text))


def relative_to(root: Root, text: str) -> PropertyPath:
    """A reference inside a value: absolute, or relative to the object the value belongs to."""
    if text.startswith("/"):
        return parse_path(text, None)
    return PropertyPath(root, _split(text))
