"""`/_restkeep/faults`: add, list and remove fault rules (the rule language is in `faults`)."""

from __future__ import annotations

import msgspec

from restkeep.server.dev.faults import Action, Match, Rule, Stored, Trigger
from restkeep.server.errors import NoSuchObject
from restkeep.server.operations import Call, NoArgs, Operation


class Fault(msgspec.Struct):
    id: int
    match: Match
    action: Action
    trigger: Trigger
    # how many requests it acted on so far
    fired: int


class Added(msgspec.Struct):
    fault: Fault


class FaultList(msgspec.Struct):
    faults: list[Fault]


class Removed(msgspec.Struct):
    removed: int


class FaultId(msgspec.Struct, forbid_unknown_fields=True):
    id: int


def _shown(rule: Stored, fired: int) -> Fault:
    return Fault(rule.id, rule.match, rule.action, rule.trigger, fired)


async def add_fault(call: Call[NoArgs]) -> Added:
    return Added(_shown(await call.services.dev.faults.add(call.body), 0))


async def list_faults(call: Call[NoArgs]) -> FaultList:
    return FaultList([_shown(rule, fired) for rule, fired in await call.services.dev.faults.listed()])


async def remove_fault(call: Call[FaultId]) -> Removed:
    if not await call.services.dev.faults.remove(call.args.id):
        raise NoSuchObject(f"No fault {call.args.id}")
    return Removed(1)


async def clear_faults(call: Call[NoArgs]) -> Removed:
    return Removed(await call.services.dev.faults.remove())


_TAGS = ("faults",)
OPERATIONS = [
    Operation("addFault", "POST", "/faults", NoArgs, Added, add_fault,
              "Add a rule: what it `match`es (api, method, path with `*`/`**`, user), what it does"
              " (`action`: status, delay, connection reset/empty/truncate/stall) and when (`trigger`:"
              " firstN, everyNth, probability with seed, maxFires).", status=201, tags=_TAGS, body=Rule),
    Operation("getFaults", "GET", "/faults", NoArgs, FaultList, list_faults,
              "Every rule, in the order they are tried, with how often each fired.", tags=_TAGS),
    Operation("removeFault", "DELETE", "/faults/{id:int}", FaultId, Removed, remove_fault,
              "Remove one rule.", tags=_TAGS),
    Operation("clearFaults", "DELETE", "/faults", NoArgs, Removed, clear_faults,
              "Remove every rule.", tags=_TAGS),
]  # fmt: skip
