"""Who the client is behind a reverse proxy: only a trusted proxy's `X-Forwarded-For` counts, read from
the right; a client cannot choose the address it is throttled under. In-process, the login throttle
and the audit log key on the forwarded address."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from restkeep.server import proxies
from restkeep.server.app import build_app
from restkeep.server.settings import Settings, SettingsError, load_settings
from tests.conftest import ADMIN

TRUSTED = "10.0.0.0/8, 127.0.0.1"


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),  # one trusted hop
        ("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.1.2.3", "203.0.113.7"),  # the rightmost untrusted
        ("192.0.2.9", "203.0.113.7", "192.0.2.9"),  # not a trusted proxy: its header is ignored
        ("127.0.0.1", "10.1.1.1, 10.2.2.2", "10.1.1.1"),  # all trusted: the first
        ("127.0.0.1", "nonsense, 203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", "203.0.113.7, nonsense", "127.0.0.1"),  # malformed where it matters: the peer
        ("127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_the_client_behind_trusted_proxies(peer: str, forwarded: str | None, client: str) -> None:
    assert proxies.client(peer, forwarded, TRUSTED) == client
    assert proxies.client(peer, forwarded, "") == peer  # no trusted proxies: always the peer


def test_a_bad_entry_is_a_settings_error() -> None:
    with pytest.raises(
        SettingsError, match=r"--trusted-proxies: not an IP address or network: 'proxy\.local'"
    ):
        load_settings({"trusted_proxies": "10.0.0.1, proxy.local"})


def test_the_throttle_and_the_audit_log_see_the_forwarded_client(settings: Settings) -> None:
    app = build_app(settings.replace(trusted_proxies="127.0.0.1"))
    with TestClient(app, base_url="https://testserver", client=("127.0.0.1", 40000)) as client:
        assert _refused_until_throttled(client, "203.0.113.7")
        # another client behind the same proxy is not throttled for the first one's guesses
        other = client.post("/rest/v1.0/sessions", json={"userName": "admin", "password": "changeme"},
                            headers={"X-Forwarded-For": "198.51.100.4"})  # fmt: skip
        assert other.status_code == 200
        events = client.get("/rest/v1.0/auditEvents?type=login.failed", headers=ADMIN).json()["auditEvent"]
        assert {e["address"] for e in events} == {"203.0.113.7"}


def _refused_until_throttled(client: TestClient, address: str) -> bool:
    for _ in range(10):
        answer = client.post("/rest/v1.0/sessions", json={"userName": "admin", "password": "wrong"},
                             headers={"X-Forwarded-For": address})  # fmt: skip
        if answer.status_code == 429:
            return True
    return False
