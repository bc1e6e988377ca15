"""Fault rules: what a rule matches, what it does, when it fires.

A rule is checked against every request outside `/_restkeep/` (see `breaking` for how its action is
carried out). Every given field of `match` must hold; among the rules that match, the first whose
`trigger` fires acts. Triggers count a rule's matching requests across every worker and host (the
count lives in the database), so `firstN: 2` means the first two requests the server saw, whichever
process took them; `probability` with a `seed` decides by that count alone, so the same requests fire
on every run.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from http import HTTPStatus
from typing import Literal

import msgspec

from restkeep.server.durations import parse_duration
from restkeep.server.errors import ApiError, InvalidArgument

KEY = "dev.faults"
LONGEST_DELAY = 600.0  # seconds: a longer wait is a `stall`
APIS = {"flow": ("/rest/v1.0/",), "catalog": ("/enable-api/", "/webcm/")}


class Match(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    api: Literal["flow", "catalog"] | None = None
    method: str | None = None
    # `*` stands for one path segment, `**` for any number of them
    path: str | None = None
    # the user the request's credentials name (a session's or token's owner, Basic's user name)
    user: str | None = None


class Uniform(msgspec.Struct, forbid_unknown_fields=True):
    uniform: tuple[str, str]


class Action(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    status: int | None = None
    delay: str | Uniform | None = None
    connection: Literal["reset", "empty", "truncate", "stall"] | None = None


class Trigger(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    probability: float | None = None
    seed: int = 0
    firstN: int | None = None
    everyNth: int | None = None
    maxFires: int | None = None


class Rule(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    action: Action
    match: Match = msgspec.field(default_factory=Match)
    trigger: Trigger = msgspec.field(default_factory=Trigger)


class Stored(Rule, omit_defaults=True):
    id: int = 0


class Book(msgspec.Struct):
    """Every rule, as kept in `meta` under KEY; `next` is the id the next rule gets."""

    rules: list[Stored] = msgspec.field(default_factory=list)
    next: int = 1


def _seconds(name: str, text: str) -> float:
    try:
        seconds = parse_duration(text)
    except ValueError as exc:
        raise InvalidArgument(f"Argument '{name}': {exc}") from None
    if seconds > LONGEST_DELAY:
        raise InvalidArgument(f"Argument '{name}' is at most 10m (for a request that never ends: 'stall')")
    return seconds


def _positive(name: str, value: int | None) -> None:
    if value is not None and value < 1:
        raise InvalidArgument(f"Argument '{name}' must be at least 1")


def check(rule: Rule) -> Rule:
    """The rule, its fields checked (400 naming the field); method upper-cased."""
    action, match, trigger = rule.action, rule.match, rule.trigger
    if action.status is None and action.delay is None and action.connection is None:
        raise InvalidArgument("Argument 'action' needs at least one of 'status', 'delay', 'connection'")
    if action.status is not None and not 400 <= action.status <= 599:
        raise InvalidArgument("Argument 'action.status' must be an error status, 400 to 599")
    if isinstance(action.delay, str):
        _seconds("action.delay", action.delay)
    elif isinstance(action.delay, Uniform):
        low, high = (_seconds("action.delay.uniform", text) for text in action.delay.uniform)
        if low > high:
            raise InvalidArgument("Argument 'action.delay.uniform' must go from the shorter to the longer")
    if match.method is not None and not re.fullmatch(r"[A-Za-z]{1,20}", match.method):
        raise InvalidArgument("Argument 'match.method' must be an HTTP method such as GET")
    if match.path is not None:
        if not match.path.startswith("/"):
            raise InvalidArgument("Argument 'match.path' must start with '/'")
        if any("*" in part and part not in ("*", "**") for part in match.path.split("/")):
            raise InvalidArgument("Argument 'match.path': '*' and '**' stand for whole segments only")
    if trigger.probability is not None and not 0 < trigger.probability <= 1:
        raise InvalidArgument("Argument 'trigger.probability' must be above 0 and at most 1")
    for name in ("firstN", "everyNth", "maxFires"):
        _positive(f"trigger.{name}", getattr(trigger, name))
    method = match.method.upper() if match.method else None
    return msgspec.structs.replace(rule, match=msgspec.structs.replace(match, method=method))


def path_pattern(path: str) -> re.Pattern[str]:
    """A path with `*` for one segment and `**` for any number of them, as a pattern to match whole."""
    parts = []
    for part in path.strip("/").split("/"):
        parts.append({"*": "[^/]+", "**": ".*"}.get(part) or re.escape(part))
    return re.compile("/" + "/".join(parts).replace("/.*", "(?:/.*)?").rstrip("/") + "/?")


@dataclass(frozen=True)
class Armed:
    """A stored rule, ready to be matched."""

    rule: Stored
    path: re.Pattern[str] | None

    @classmethod
    def of(cls, rule: Stored) -> Armed:
        return cls(rule, path_pattern(rule.match.path) if rule.match.path else None)

    def matches(self, method: str, path: str) -> bool:
        """Whether the request matches, the user aside (`needs_user`)."""
        match = self.rule.match
        return (
            (match.method is None or match.method == method)
            and (match.api is None or path.startswith(APIS[match.api]))
            and (self.path is None or self.path.fullmatch(path) is not None)
        )

    @property
    def needs_user(self) -> str | None:
        return self.rule.match.user

    def fires(self, seen: int, fired: int) -> bool:
        """Whether the `seen`-th matching request (from 1) fires, `fired` having fired before it."""
        t = self.rule.trigger
        return (
            (t.firstN is None or seen <= t.firstN)
            and (t.everyNth is None or seen % t.everyNth == 0)
            and (t.maxFires is None or fired < t.maxFires)
            and (t.probability is None or draw(t.seed, seen, "fire") < t.probability)
        )

    def delay(self, seen: int) -> float:
        delay = self.rule.action.delay
        if delay is None:
            return 0.0
        if isinstance(delay, str):
            return parse_duration(delay)
        low, high = (parse_duration(text) for text in delay.uniform)
        return low + (high - low) * draw(self.rule.trigger.seed, seen, "delay")


def draw(seed: int, seen: int, purpose: str) -> float:
    """A number in [0, 1) that depends only on its arguments: the same requests fire on every run."""
    digest = hashlib.blake2b(f"{seed}:{seen}:{purpose}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def decode_book(raw: str | None) -> Book:
    return Book() if raw is None else msgspec.json.decode(raw, type=Book)


@functools.cache
def _error_class(status: int) -> type[ApiError]:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    code = phrase.replace(" ", "").replace("-", "")
    return type("InjectedFault", (ApiError,), {"status": status, "code": code})


def injected(status: int, rule_id: int) -> ApiError:
    """The answer of a rule's `status`, to be rendered in the envelope of the API family called."""
    error = _error_class(status)
    return error(
        f"Injected by development mode's fault {rule_id} ({status} {error.code})",
        headers={"X-Restkeep-Fault": str(rule_id)},
    )
