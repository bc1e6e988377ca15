"""Development mode's calls (`restkeep serve --dev`), each declared once; `DevClient` and
`AsyncDevClient` are Flow clients (an administrator's session) that have them as methods too.

    with DevClient("https://127.0.0.1:8443", username="admin", password="changeme", verify=ca) as dev:
        dev.advance_clock("31m")            # -> Step(now=..., expired=[Named(kind, user, fingerprint)])
        dev.expire_credentials(kind="epimresttoken", user="system")   # -> how many
        dev.add_fault(path="/webcm/rest/api/items/search", status=503, first_n=2)  # -> Fault(id=1, ...)

The results are typed (`dev_models`: `Clock`, `Step`, `Credential`, `Lifetimes`, `Fault`, `Snapshot`,
`JournalEntry`); each keeps the server's JSON as `raw`, and `result["name"]` reads it too.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote

from restkeep.client.calls import Call, Endpoint
from restkeep.client.dev_models import Clock, Credential, Fault, JournalEntry, Lifetimes, Snapshot, Step

DEV_PREFIX = "/_restkeep"
Json = dict[str, Any]


def fingerprint(secret: str) -> str:
    """How development mode names a credential you hold: the first 12 hex digits of its SHA-256."""
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def _call(method: str, path: str, parse: Any, idempotent: bool, **given: Any) -> Call[Any]:
    body = {name: value for name, value in given.items() if value is not None and value is not False}
    if method == "GET":
        return Call(method, path, parse, idempotent, params=body or None, prefix=DEV_PREFIX)
    return Call(method, path, parse, idempotent, json=body or {}, prefix=DEV_PREFIX)


def get_clock() -> Call[Clock]:
    """The virtual now, whether it is frozen, its offset from the wall clock."""
    return _call("GET", "/clock", Clock.of, True)


def advance_clock(by: str) -> Call[Step]:
    """Move the server's clock forward (`"31m"`, `"25h"`); the answer lists what expired in the step."""
    return _call("POST", "/clock/advance", Step.of, False, by=by)


def set_clock(time: str) -> Call[Clock]:
    """Move the clock forward to an ISO 8601 time."""
    return _call("POST", "/clock/set", Clock.of, False, time=time)


def freeze_clock() -> Call[Clock]:
    return _call("POST", "/clock/freeze", Clock.of, True)


def resume_clock() -> Call[Clock]:
    return _call("POST", "/clock/resume", Clock.of, True)


def get_credentials(
    *, kind: str | None = None, user: str | None = None, fingerprint: str | None = None
) -> Call[list[Credential]]:
    """Every session and token, by fingerprint (never a secret), with its state."""
    return _call(
        "GET",
        "/credentials",
        lambda body: [Credential.of(c) for c in body["credentials"]],
        True,
        kind=kind,
        user=user,
        fingerprint=fingerprint,
    )


def expire_credentials(
    *, kind: str | None = None, user: str | None = None, fingerprint: str | None = None, all: bool = False
) -> Call[int]:
    """Make the chosen live credentials expire now (as if their time had run out); how many."""
    return _call(
        "POST", "/credentials/expire", lambda body: int(body["expired"]), True,
        kind=kind, user=user, fingerprint=fingerprint, all=all,
    )  # fmt: skip


def revoke_credentials(
    *, kind: str | None = None, user: str | None = None, fingerprint: str | None = None, all: bool = False
) -> Call[int]:
    """End the chosen live credentials for good (refused, never renewed); how many."""
    return _call(
        "POST", "/credentials/revoke", lambda body: int(body["revoked"]), True,
        kind=kind, user=user, fingerprint=fingerprint, all=all,
    )  # fmt: skip


def get_credential_policy() -> Call[Lifetimes]:
    return _call("GET", "/credentials/policy", Lifetimes.of, True)


def set_credential_policy(
    *,
    session_idle_timeout: str | None = None,
    ewtoken_ttl: str | None = None,
    resttoken_ttl: str | None = None,
) -> Call[Lifetimes]:
    """Change the running server's lifetimes (`"90s"`, `"30m"`); the lifetimes in force."""
    return _call(
        "PUT", "/credentials/policy", Lifetimes.of, True,
        sessionIdleTimeout=session_idle_timeout, ewtokenTtl=ewtoken_ttl, resttokenTtl=resttoken_ttl,
    )  # fmt: skip


def fault_rule(
    *,
    api: str | None = None,
    method: str | None = None,
    path: str | None = None,
    user: str | None = None,
    status: int | None = None,
    delay: str | None = None,
    connection: str | None = None,
    first_n: int | None = None,
    every_nth: int | None = None,
    probability: float | None = None,
    seed: int | None = None,
    max_fires: int | None = None,
) -> Json:
    """A fault rule as the server takes it, from keyword arguments (None: not given)."""

    def given(**fields: Any) -> Json:
        return {name: value for name, value in fields.items() if value is not None}

    return {
        "match": given(api=api, method=method, path=path, user=user),
        "action": given(status=status, delay=delay, connection=connection),
        "trigger": given(
            firstN=first_n, everyNth=every_nth, probability=probability, seed=seed, maxFires=max_fires
        ),
    }


def add_fault(rule: Json | None = None, **fields: Any) -> Call[Fault]:
    """Add a fault rule, given whole (`{"match", "action", "trigger"}`) or by the keywords of
    `fault_rule` (`path="/webcm/**", status=503, first_n=2`); the rule with its `id`."""
    body = rule if rule is not None else fault_rule(**fields)
    return Call(
        "POST", "/faults", lambda answer: Fault.of(answer["fault"]), False, json=body, prefix=DEV_PREFIX
    )


def _added(body: Json) -> Fault:
    return Fault.of(body["fault"])


def get_faults() -> Call[list[Fault]]:
    """Every fault rule, in the order they are tried, each with how often it `fired`."""
    return _call("GET", "/faults", lambda body: [Fault.of(f) for f in body["faults"]], True)


def remove_fault(fault_id: int) -> Call[int]:
    return Call(
        "DELETE", f"/faults/{int(fault_id)}", lambda body: int(body["removed"]), True, prefix=DEV_PREFIX
    )


def clear_faults() -> Call[int]:
    """Remove every fault rule; how many there were."""
    return Call("DELETE", "/faults", lambda body: int(body["removed"]), True, prefix=DEV_PREFIX)


def reset(scope: str = "all") -> Call[str]:
    """Put part of the server's state back as it was right after start-up: `all`, `data`,
    `credentials`, `clock` or `faults`."""
    return _call("POST", "/reset", lambda body: str(body["reset"]), True, scope=scope)


def save_snapshot(name: str) -> Call[Snapshot]:
    """Save the data, credentials, clock and faults as snapshot `name`."""
    return _call("POST", "/snapshots", lambda body: Snapshot.of(body["snapshot"]), True, name=name)


def get_snapshots() -> Call[list[Snapshot]]:
    return _call("GET", "/snapshots", lambda body: [Snapshot.of(s) for s in body["snapshots"]], True)


def restore_snapshot(name: str) -> Call[None]:
    """Put the data, credentials, clock and faults back as snapshot `name` holds them."""
    return _call("POST", f"/snapshots/{quote(name, safe='')}/restore", lambda body: None, True)


def delete_snapshot(name: str) -> Call[None]:
    return Call("DELETE", f"/snapshots/{quote(name, safe='')}", lambda body: None, True, prefix=DEV_PREFIX)


def export_snapshot(name: str) -> Call[bytes]:
    """The snapshot as one file's bytes (an SQLite database): write them anywhere, import them later."""
    path = f"/snapshots/{quote(name, safe='')}/export"
    return Call("GET", path, bytes, True, prefix=DEV_PREFIX, raw=True)


def import_snapshot(name: str, content: bytes) -> Call[Snapshot]:
    """Take an exported snapshot file's bytes as snapshot `name`."""
    return Call("POST", "/snapshots/import", lambda body: Snapshot.of(body["snapshot"]), True,
                params={"name": name}, content=content, prefix=DEV_PREFIX)  # fmt: skip


def get_journal(
    *,
    api: str | None = None,
    method: str | None = None,
    path: str | None = None,
    status: int | None = None,
    user: str | None = None,
    limit: int | None = None,
) -> Call[list[JournalEntry]]:
    """The requests the server answered, newest first, every secret redacted; `path` takes `*` for one
    segment and `**` for any."""
    given = {"api": api, "method": method, "path": path, "status": status, "user": user, "limit": limit}
    params = {name: value for name, value in given.items() if value is not None}
    entries = lambda body: [JournalEntry.of(e) for e in body["entries"]]  # noqa: E731
    return Call("GET", "/journal", entries, True, params=params, prefix=DEV_PREFIX)


def clear_journal() -> Call[None]:
    return Call("DELETE", "/journal", lambda body: None, True, prefix=DEV_PREFIX)


class DevApi:
    """Development mode's calls both dev clients share."""

    get_clock = Endpoint("getClock", get_clock)
    advance_clock = Endpoint("advanceClock", advance_clock)
    set_clock = Endpoint("setClock", set_clock)
    freeze_clock = Endpoint("freezeClock", freeze_clock)
    resume_clock = Endpoint("resumeClock", resume_clock)
    get_credentials = Endpoint("getCredentials", get_credentials)
    expire_credentials = Endpoint("expireCredentials", expire_credentials)
    revoke_credentials = Endpoint("revokeCredentials", revoke_credentials)
    get_credential_policy = Endpoint("getCredentialPolicy", get_credential_policy)
    set_credential_policy = Endpoint("setCredentialPolicy", set_credential_policy)
    add_fault = Endpoint("addFault", add_fault)
    get_faults = Endpoint("getFaults", get_faults)
    remove_fault = Endpoint("removeFault", remove_fault)
    clear_faults = Endpoint("clearFaults", clear_faults)
    reset = Endpoint("reset", reset)
    save_snapshot = Endpoint("saveSnapshot", save_snapshot)
    get_snapshots = Endpoint("getSnapshots", get_snapshots)
    restore_snapshot = Endpoint("restoreSnapshot", restore_snapshot)
    delete_snapshot = Endpoint("deleteSnapshot", delete_snapshot)
    export_snapshot = Endpoint("exportSnapshot", export_snapshot)
    import_snapshot = Endpoint("importSnapshot", import_snapshot)
    get_journal = Endpoint("getJournal", get_journal)
    clear_journal = Endpoint("clearJournal", clear_journal)
