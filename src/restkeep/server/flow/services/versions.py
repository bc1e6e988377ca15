"""Artifact versions, `major.minor.patch[-qualifier][-buildNumber]`, their order and Maven-style ranges.

Order: by the numbers (`1.10.0` > `1.2.0`; missing parts count as 0); then a version with a
qualifier comes before the same numbers without one (`1.0.0-beta` < `1.0.0`, as a pre-release),
qualifiers comparing case-insensitively; then by build number (`1.0.0-55` > `1.0.0-9` > `1.0.0`).

Ranges (as in Maven): `[1.0,2.0)` (1.0 ≤ v < 2.0), `(1.0,)` (v > 1.0), `(,2.0]`, `[1.5]` (exactly
1.5), unions such as `[1.0,1.2),[1.5,)`, and a bare `1.0`, meaning 1.0 or newer.

No small maintained library parses this scheme (it is neither PEP 440 nor quite Maven), hence this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from restkeep.server.errors import InvalidVersion

_VERSION = re.compile(
    r"(?P<numbers>\d{1,9}(?:\.\d{1,9}){0,3})"
    r"(?:-(?P<qualifier>[A-Za-z][A-Za-z0-9._]{0,63}))?"
    r"(?:-(?P<build>\d{1,18}))?"
)
_RANGE_PART = re.compile(r"\s*([\[(])\s*([^,\[\]()]*?)\s*(?:,\s*([^,\[\]()]*?)\s*)?([\])])\s*")


@dataclass(frozen=True, order=True)
class Version:
    numbers: tuple[int, int, int, int]
    # a release (no qualifier) sorts after every pre-release of the same numbers
    release: bool
    qualifier: str
    build: int
    text: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.text


def parse_version(text: str) -> Version:
    match = _VERSION.fullmatch(text.strip())
    if not match:
        raise InvalidVersion(
            f"'{text}' is not a version: use major.minor.patch[-qualifier][-buildNumber], e.g. 1.0.0-55"
        )
    numbers = [int(part) for part in match.group("numbers").split(".")]
    padded = [*numbers, 0, 0, 0][:4]
    qualifier = match.group("qualifier") or ""
    build = int(match.group("build") or 0)
    return Version(
        (padded[0], padded[1], padded[2], padded[3]), not qualifier, qualifier.lower(), build, text.strip()
    )


@dataclass(frozen=True)
class Interval:
    low: Version | None
    low_inclusive: bool
    high: Version | None
    high_inclusive: bool

    def __contains__(self, version: Version) -> bool:
        if self.low is not None and (version < self.low or (version == self.low and not self.low_inclusive)):
            return False
        return not (
            self.high is not None
            and (version > self.high or (version == self.high and not self.high_inclusive))
        )


@dataclass(frozen=True)
class VersionRange:
    intervals: tuple[Interval, ...]

    def __contains__(self, version: Version) -> bool:
        return any(version in interval for interval in self.intervals)


def parse_range(text: str) -> VersionRange:
    """A Maven-style range; InvalidVersion (400) naming the problem otherwise."""
    text = text.strip()
    if not text:
        raise InvalidVersion("'versionRange' is empty")
    if text[0] not in "[(":
        return VersionRange((Interval(parse_version(text), True, None, False),))
    intervals: list[Interval] = []
    position = 0
    while position < len(text):
        match = _RANGE_PART.match(text, position)
        if not match:
            raise InvalidVersion(f"'{text}' is not a version range such as [1.0,2.0) or (,1.5]")
        opening, low, high, closing = match.groups()
        if high is None:  # [1.5]: exactly this version
            if opening != "[" or closing != "]" or not low:
                raise InvalidVersion(f"'{match.group(0).strip()}': a single version needs [brackets]")
            exact = parse_version(low)
            intervals.append(Interval(exact, True, exact, True))
        else:
            lower = parse_version(low) if low else None
            upper = parse_version(high) if high else None
            if lower is not None and upper is not None and lower > upper:
                raise InvalidVersion(f"'{match.group(0).strip()}': the lower bound is above the upper bound")
            intervals.append(Interval(lower, opening == "[", upper, closing == "]"))
        position = match.end()
        if position < len(text):
            if text[position] != ",":
                raise InvalidVersion(f"'{text}' is not a version range such as [1.0,2.0) or (,1.5]")
            position += 1
    return VersionRange(tuple(intervals))
