"""What the store raises. Services translate these into the API's errors; the store knows no API."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every store error."""


class AlreadyExists(StoreError):
    """A unique value is taken. `column` is the store column that holds it (`a5` for an item's
    attribute 5), where the database says which."""

    def __init__(self, message: str = "", column: str | None = None) -> None:
        super().__init__(message)
        self.column = column


class Missing(StoreError):
    """The object to change does not exist (or was deleted while the change waited). Where a change
    names objects of several kinds, `kind` says which is missing (`group`, `user`) and `name` which."""

    def __init__(self, message: str = "", kind: str | None = None, name: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.name = name


class InUse(StoreError):
    """The object cannot go: something still depends on it."""


class NotASheet(StoreError):
    """A path segment that must be a property sheet is a plain property (its name is the message)."""


class IsASheet(StoreError):
    """A string value was written to a property sheet."""


class RevisionMismatch(StoreError):
    """A conditional write found another revision (or no object at all)."""


class NotAnInteger(StoreError):
    """An increment found a value that is not an integer."""


class StoreUnavailable(StoreError):
    """The database could not be reached or refused the write (locked, disk full, I/O error)."""


class QueryTimeout(StoreError):
    """A read took longer than its time limit and was stopped."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"the query took longer than its limit of {limit:g} s")
        self.limit = limit
