"""Property names and paths: `a/b/c` relative to a located object, `/projects/P/a`, `/server/a`."""

from __future__ import annotations

from dataclasses import dataclass

from restkeep.server.errors import InvalidPropertyName, MissingArgument

MAX_NAME_LENGTH = 255
RESERVED_NAMES = frozenset({"properties", "project"})


@dataclass(frozen=True)
class Root:
    """The object that owns a property sheet: a project (by name) or the server."""

    kind: str
    name: str = ""

    def describe(self) -> str:
        return f"project '{self.name}'" if self.kind == "project" else "the server"


SERVER = Root("server")


@dataclass(frozen=True)
class PropertyPath:
    root: Root
    names: tuple[str, ...]

    def __str__(self) -> str:
        prefix = f"/projects/{self.root.name}" if self.root.kind == "project" else "/server"
        return "/".join((prefix, *self.names))


def check_name(name: str) -> str:
    if not name:
        raise InvalidPropertyName("A property name must not be empty")
    if name in (".", ".."):
        raise InvalidPropertyName(f"'{name}' is not a valid property name")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidPropertyName(f"A property name must be at most {MAX_NAME_LENGTH} characters")
    if name in RESERVED_NAMES:
        raise InvalidPropertyName(f"'{name}' is a reserved word and cannot be a property name")
    if any(ord(char) < 32 for char in name):
        raise InvalidPropertyName("A property name must not contain control characters")
    return name


def _split(text: str) -> tuple[str, ...]:
    return tuple(check_name(part) for part in text.split("/"))


def parse_path(text: str, project_name: str | None, *, allow_root: bool = False) -> PropertyPath:
    """Resolve a property name or path against a locator; an absolute path ignores the locator."""
    if text.startswith("/"):
        parts = text.strip("/").split("/", 2) if text.strip("/") else []
        if parts[:1] == ["server"]:
            root, rest = SERVER, "/".join(parts[1:])
        elif parts[:1] == ["projects"] and len(parts) >= 2 and parts[1]:
            root, rest = Root("project", parts[1]), "/".join(parts[2:])
        else:
            raise InvalidPropertyName(f"'{text}' is not a valid absolute property path (use /projects/P/... or /server/...)")
        if not rest:
            if allow_root:
                return PropertyPath(root, ())
            raise InvalidPropertyName(f"'{text}' names no property")
        return PropertyPath(root, _split(rest))
    if project_name is None:
        raise MissingArgument("A relative property name needs a locator: give 'projectName' or an absolute path")
    if not text and allow_root:
        return PropertyPath(Root("project", project_name), ())
    return PropertyPath(Root("project", project_name), _split(text))


def relative_to(root: Root, text: str) -> PropertyPath:
    """A reference inside a value: absolute, or relative to the object the value belongs to."""
    if text.startswith("/"):
        return parse_path(text, None)
    return PropertyPath(root, _split(text))
