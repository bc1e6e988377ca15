"""Attribute types: what a value may look like on input, how it is stored, how it is rendered.

Stored forms sort correctly in both stores with plain SQL: numbers as numbers, booleans as 0/1, dates
as `YYYY-MM-DD` text and datetimes as UTC `YYYY-MM-DDTHH:MM:SS.mmmZ` text (text compares bytewise).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from msgspec import Meta

MAX_ID = 2**63 - 1
# ids in request bodies: positive and within the stores' 64-bit integers
Id = Annotated[int, Meta(ge=1, le=MAX_ID)]
TypeName = Literal["string", "integer", "decimal", "boolean", "date", "datetime"]
TYPES: tuple[TypeName, ...] = ("string", "integer", "decimal", "boolean", "date", "datetime")
MAX_STRING = 65_535
_INT64 = 2**63


class BadValue(ValueError):
    """The value does not fit the attribute's type; the message says what was expected."""


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise BadValue("expected an integer, got a boolean")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            raise BadValue(f"expected an integer, got '{value}'") from None
    else:
        raise BadValue(f"expected an integer, got {type(value).__name__}")
    if not -_INT64 <= number < _INT64:
        raise BadValue("the integer is out of range (64-bit)")
    return number


def _decimal(value: Any) -> float:
    if isinstance(value, bool):
        raise BadValue("expected a decimal number, got a boolean")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise BadValue(f"expected a decimal number, got '{value}'") from None
    else:
        raise BadValue(f"expected a decimal number, got {type(value).__name__}")
    if not math.isfinite(number):
        raise BadValue("expected a finite decimal number")
    return number


def _boolean(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and value in (0, 1):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0", "yes", "no"):
        return int(value.strip().lower() in ("true", "1", "yes"))
    raise BadValue(f"expected true or false, got '{value}'")


def _date(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValue(f"expected a date like 2024-05-31, got {type(value).__name__}")
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise BadValue(f"expected a date like 2024-05-31, got '{value}'") from None


def _datetime(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValue(f"expected a date and time like 2024-05-31T12:00:00Z, got {type(value).__name__}")
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise BadValue(f"expected a date and time like 2024-05-31T12:00:00Z, got '{value}'") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _timestamp(value: Any) -> int:
    """An item's own `createTime`/`modifyTime` (milliseconds since the epoch, as stored): given as a
    date and time like an attribute's, or as the milliseconds themselves."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _integer(value)
    moment = datetime.fromisoformat(_datetime(value).replace("Z", "+00:00"))
    return int(moment.timestamp() * 1000)


def _string(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadValue(f"expected text, got {type(value).__name__}")
    text = str(value)
    if len(text) > MAX_STRING:
        raise BadValue(f"text longer than {MAX_STRING} characters")
    if "\x00" in text:
        raise BadValue("text must not contain NUL characters")
    return text


_PARSERS = {
    "string": _string,
    "integer": _integer,
    "decimal": _decimal,
    "boolean": _boolean,
    "date": _date,
    "datetime": _datetime,
    # not an attribute type: the type of the items' createTime and modifyTime in searches
    "timestamp": _timestamp,
}


def to_stored(type_name: str, value: Any) -> Any:
    """The stored form of an input value (None stays None). Raises BadValue."""
    if value is None:
        return None
    return _PARSERS[type_name](value)


# how a stored value of each type is given out; a type not listed is given out as stored
OUTPUT_CONVERSIONS: dict[str, Callable[[Any], Any]] = {"boolean": bool, "decimal": float, "integer": int}


def check_name(field: str, name: str, limit: int = 255) -> str:
    """Names of repositories and attributes: 1 to `limit` characters, no control characters."""
    if not name.strip():
        raise ValueError(f"{field} must not be empty")
    if len(name) > limit:
        raise ValueError(f"{field} must be at most {limit} characters")
    if any(ord(char) < 32 for char in name):
        raise ValueError(f"{field} must not contain control characters")
    return name


def fits(type_name: str, stored: Any) -> bool:
    """Whether a value (from a client-held cursor) has the stored form of the type."""
    if stored is None:
        return True
    if type_name in ("string", "date", "datetime"):
        return isinstance(stored, str) and "\x00" not in stored
    if type_name == "decimal":
        return isinstance(stored, int | float) and not isinstance(stored, bool) and math.isfinite(stored)
    return isinstance(stored, int) and not isinstance(stored, bool) and -_INT64 <= stored < _INT64
