"""The login state both flavours of client keep: what to send to log in, what came back, and when the
server says it is no longer good. The sync and async clients add only their own locking and I/O."""

from __future__ import annotations

import threading
from typing import Any

import httpx

from restkeep.client.errors import AuthError, error_from

FLOW_PREFIX = "/rest/v1.0"
WEBCM = "/webcm/rest/api"


class FlowSession:
    """A Flow session, created by `POST /sessions` with a password or an API token."""

    path = FLOW_PREFIX + "/sessions"

    def __init__(self, username: str | None, password: str | None, token: str | None) -> None:
        if token is None and (username is None or password is None):
            raise ValueError("give username and password, or an API token")
        self.credentials: dict[str, str] = (
            {"token": token} if token else {"userName": username or "", "password": password or ""}
        )
        self.current: str | None = None
        self.user_name: str | None = None  # whom the server logged in (known after the first login)
        self.logins = 0

    def fresh(self, stale: str | None) -> str | None:
        """The session to use if another caller already replaced `stale`, else None (log in)."""
        return self.current if self.current is not None and self.current != stale else None

    def accept(self, response: httpx.Response) -> str:
        if response.status_code != 200:
            raise error_from(response)
        body = response.json()
        self.current, self.user_name = str(body["sessionId"]), body.get("userName")
        self.logins += 1
        return self.current

    @staticmethod
    def headers(session: str) -> dict[str, str]:
        return {"sessionId": session}

    @staticmethod
    def stale(response: httpx.Response) -> bool:
        """The server says the session expired or was ended: log in again and repeat the call once."""
        if response.status_code != 401:
            return False
        error = error_from(response)
        return isinstance(error, AuthError) and error.code == "InvalidSession"


class CatalogTokens:
    """The Catalog's `ewtoken` (renewed by logging in again) and `epimresttoken` (rotated by the server).

    A restkeep API token logs in as its user's password (the Catalog's login has no token field)."""

    path = "/enable-api/login"

    def __init__(self, login: str, password: str | None, token: str | None = None) -> None:
        if (password is None) == (token is None):
            raise ValueError("give a password or an API token")
        self.credentials = {"login": login, "password": password or token or ""}
        self.current: dict[str, str] = {}
        self.logins = 0
        self.rotations = 0
        self._rotation = threading.Lock()

    def fresh(self, stale: str | None) -> dict[str, str] | None:
        if self.current and self.current.get("ewtoken") != stale:
            return dict(self.current)
        return None

    def accept(self, response: httpx.Response) -> dict[str, str]:
        if response.status_code != 200:
            raise error_from(response)
        body = response.json()
        self.current = {"ewtoken": body["token"]["token"], "epimresttoken": body["epimresttoken"]}
        self.logins += 1
        return dict(self.current)

    def read(self, response: httpx.Response, used: dict[str, str]) -> Any:
        """A webcm answer's `data`; a rotated `epimresttoken` in it replaces the one in use."""
        if response.status_code >= 400:
            raise error_from(response)
        body = response.json()
        if not isinstance(body, dict):
            return body
        rotated = body.get("epimresttoken")
        if rotated:
            with self._rotation:
                if self.current.get("ewtoken") == used.get("ewtoken"):
                    self.current["epimresttoken"] = rotated
                    self.rotations += 1
        return body.get("data")
