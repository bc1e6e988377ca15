"""Taking every secret out of a request and its answer before the journal keeps them.

A secret is replaced by `<redacted:FINGERPRINT>` (the first 12 hex digits of its SHA-256, as
development mode names credentials), so a test can still tell which token a request carried. Secrets
are found by where they travel:
- headers: `Authorization` (Basic keeps its user name), `sessionId`, `ewtoken`, `epimresttoken`, and
  every value of `Cookie`;
- query strings and form bodies: the values of secret-named fields (`password`, `sessionId`, `token`,
  ...);
- JSON bodies, request and answer alike: the values of secret-named fields at any depth (a Flow login's
  `sessionId`, a Catalog login's `token.token` and `epimresttoken`, an API token as it is made).
Then every secret found anywhere in the exchange is replaced wherever else it appears, in any text
kept: a token echoed under another name is caught too.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

import msgspec

SECRET_FIELDS = frozenset(
    name.lower()
    for name in (
        "password", "sessionPassword", "newPassword", "oldPassword", "currentPassword", "sessionId",
        "ewtoken", "epimresttoken", "token", "apiToken", "secret", "clientSecret", "authorization",
    )
)  # fmt: skip
SECRET_HEADERS = frozenset({"sessionid", "ewtoken", "epimresttoken", "x-api-key"})
# a secret this short is no secret worth hiding, and replacing it everywhere would garble the text
_SHORTEST = 4


def mark(secret: str) -> str:
    return f"<redacted:{hashlib.sha256(secret.encode()).hexdigest()[:12]}>"


class Redactor:
    """One exchange's redaction: it remembers each secret it took out, to take it out everywhere."""

    def __init__(self) -> None:
        self.found: set[str] = set()

    def _hide(self, secret: str) -> str:
        if len(secret) >= _SHORTEST:
            self.found.add(secret)
        return mark(secret)

    def headers(self, raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
        shown: dict[str, str] = {}
        for name_bytes, value_bytes in raw:
            name, value = name_bytes.decode("latin-1").lower(), value_bytes.decode("latin-1")
            if name == "authorization":
                value = self._authorization(value)
            elif name == "cookie":
                value = self._cookies(value)
            elif name in SECRET_HEADERS:
                value = self._hide(value)
            shown[name] = f"{shown[name]}, {value}" if name in shown else value
        return shown

    def _authorization(self, value: str) -> str:
        scheme, _, credentials = value.partition(" ")
        if scheme.lower() == "basic":
            self._hide(credentials.strip())
            try:
                user, _, password = (
                    base64.b64decode(credentials.strip(), validate=True).decode().partition(":")
                )
            except (binascii.Error, UnicodeDecodeError):
                return f"{scheme} {mark(credentials.strip())}"
            return f"{scheme} {user}:{self._hide(password)}"
        return f"{scheme} {self._hide(credentials.strip())}" if credentials else self._hide(value)

    def _cookies(self, value: str) -> str:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(value)
        except Exception:  # a malformed Cookie header: keep none of it
            return self._hide(value)
        if not jar:
            return self._hide(value) if value.strip() else value
        return "; ".join(f"{name}={self._hide(morsel.value)}" for name, morsel in jar.items())

    def query(self, text: str) -> str:
        """A query string or form body with the values of secret-named fields hidden."""
        if not text:
            return text
        pairs = parse_qsl(text, keep_blank_values=True)
        return urlencode(
            [(k, self._hide(v) if k.lower() in SECRET_FIELDS else v) for k, v in pairs], safe="<>:"
        )

    def json(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self._field(k, v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(v) for v in value]
        return value

    def _field(self, name: str, value: Any) -> Any:
        if name.lower() in SECRET_FIELDS and isinstance(value, str | int) and not isinstance(value, bool):
            return self._hide(str(value))
        return self.json(value)

    def body(self, content: bytes, media_type: str) -> Any:
        """A body as the journal keeps it: JSON as JSON, a form as its fields, text as text, anything
        else as a note of its size."""
        if not content:
            return None
        media_type = media_type.split(";")[0].strip().lower()
        if media_type.endswith("json") or (not media_type and content[:1] in (b"{", b"[")):
            try:
                return self.json(msgspec.json.decode(content))
            except msgspec.DecodeError:
                pass
        try:
            text = content.decode()
        except UnicodeDecodeError:
            return f"<{len(content)} bytes of {media_type or 'unknown type'}>"
        if media_type == "application/x-www-form-urlencoded":
            return self.query(text)
        if media_type.startswith("text/") or media_type in ("application/x-ndjson", "text/csv", ""):
            return text
        return f"<{len(content)} bytes of {media_type}>"

    def everywhere(self, value: Any) -> Any:
        """`value` with every secret found so far replaced wherever it appears."""
        if not self.found:
            return value
        pattern = re.compile("|".join(re.escape(s) for s in sorted(self.found, key=len, reverse=True)))
        return _replace(value, pattern)


def _replace(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(lambda m: mark(m.group(0)), value)
    if isinstance(value, dict):
        return {_replace(k, pattern): _replace(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, pattern) for v in value]
    return value
