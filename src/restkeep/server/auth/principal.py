"""Who is making a request: put on the request by an API family's `authenticate()`."""

from __future__ import annotations

import msgspec


class Principal(msgspec.Struct, frozen=True):
    user_id: str
    user_name: str
    # how the caller proved it: "session", "basic", "ewtoken", "epimresttoken", "anonymous"
    via: str
    # the hash of the session id, when `via` is "session" (so logout can end it)
    session_hash: str | None = None
