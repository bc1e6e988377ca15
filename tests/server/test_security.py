"""API tokens for scripts, the audit log of security events, and the access log."""

from __future__ import annotations

import dataclasses
import logging

import pytest
from starlette.testclient import TestClient

from restkeep.server import clock
from restkeep.server.settings import Settings
from tests.conftest import ADMIN, basic, make_client

BASE = "/rest/v1.0"
SYSTEM = basic("system", "system")
PROPERTY = BASE + "/properties/PythonProperty?projectName=Default"


def test_api_tokens_open_sessions_until_revoked(anon: TestClient) -> None:
    made = anon.post(f"{BASE}/apiTokens?name=ci&expiresIn=30d", headers=SYSTEM).json()["apiToken"]
    token = made["token"]
    assert token.startswith("rk_") and made["userName"] == "system" and made["expiresAt"].endswith("Z")
    listed = anon.get(f"{BASE}/apiTokens", headers=SYSTEM).json()["apiToken"]
    assert [t["name"] for t in listed] == ["ci"] and "token" not in listed[0]
    session = anon.post(f"{BASE}/sessions", json={"token": token})
    assert session.status_code == 200 and session.json()["userName"] == "system"
    anon.cookies.clear()
    assert anon.get(PROPERTY, headers={"sessionId": session.json()["sessionId"]}).status_code == 200
    assert anon.get(f"{BASE}/apiTokens", headers=ADMIN).json()["apiToken"] == []  # only your own
    assert anon.delete(f"{BASE}/apiTokens/{made['apiTokenId']}", headers=SYSTEM).json() == {}
    refused = anon.post(f"{BASE}/sessions", json={"token": token})
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "InvalidCredentials"
    assert anon.delete(f"{BASE}/apiTokens/{made['apiTokenId']}", headers=SYSTEM).status_code == 404


def test_api_tokens_expire_and_only_owners_or_admins_revoke(anon: TestClient) -> None:
    short = anon.post(f"{BASE}/apiTokens?name=short&expiresIn=1h", headers=ADMIN).json()["apiToken"]
    clock.advance(7200)
    assert anon.post(f"{BASE}/sessions", json={"token": short["token"]}).status_code == 401
    forever = anon.post(f"{BASE}/apiTokens?name=forever", headers=ADMIN).json()["apiToken"]
    assert forever["expiresAt"] == ""
    assert anon.delete(f"{BASE}/apiTokens/{forever['apiTokenId']}", headers=SYSTEM).status_code == 403
    theirs = anon.post(f"{BASE}/apiTokens?name=theirs", headers=SYSTEM).json()["apiToken"]
    assert anon.delete(f"{BASE}/apiTokens/{theirs['apiTokenId']}", headers=ADMIN).status_code == 200
    assert anon.post(f"{BASE}/apiTokens?name=x&expiresIn=soon", headers=ADMIN).status_code == 400
    assert anon.post(f"{BASE}/sessions", json={"token": "rk_forged"}).status_code == 401
    assert anon.post(f"{BASE}/sessions", json={"userName": "admin"}).status_code == 400


def test_security_events_are_audited_without_secrets(anon: TestClient) -> None:
    anon.post(f"{BASE}/sessions", json={"userName": "system", "password": "wrong-guess"})
    anon.post(f"{BASE}/sessions", json={"userName": "system", "password": "system"})
    anon.post(f"{BASE}/users", params={"userName": "carol", "password": "carol's secret"}, headers=ADMIN)
    anon.put(f"{BASE}/users/carol", params={"password": "another secret"}, headers=ADMIN)
    anon.post(f"{BASE}/groups?groupName=dev", headers=ADMIN)
    anon.put(f"{BASE}/groups/dev?request=addUsersToGroup&userName=carol", headers=ADMIN)
    anon.put(
        f"{BASE}/acls?projectName=Default&principalType=group&principalName=dev&readPrivilege=allow",
        headers=ADMIN,
    )
    token = anon.post(f"{BASE}/apiTokens?name=t", headers=ADMIN).json()["apiToken"]
    anon.delete(f"{BASE}/apiTokens/{token['apiTokenId']}", headers=ADMIN)
    anon.post("/enable-api/login", json={"login": "system", "password": "system"})
    events = anon.get(f"{BASE}/auditEvents?limit=1000", headers=ADMIN).json()["auditEvent"]
    kinds = {e["type"] for e in events}
    assert {
        "login",
        "login.failed",
        "user.create",
        "password.change",
        "group.create",
        "group.add",
        "acl.change",
        "token.create",
        "token.revoke",
    } <= kinds
    failed = next(e for e in events if e["type"] == "login.failed")
    assert failed["userName"] == "system" and failed["address"]
    text = str(events)
    for secret in ("wrong-guess", "carol's secret", "another secret", token["token"], "changeme"):
        assert secret not in text
    only = anon.get(f"{BASE}/auditEvents?type=user.create", headers=ADMIN).json()["auditEvent"]
    assert [e["detail"] for e in only] == ["user carol"]
    assert anon.get(f"{BASE}/auditEvents", headers=SYSTEM).status_code == 403
    assert anon.get(f"{BASE}/auditEvents?since=yesterday", headers=ADMIN).status_code == 400


def test_old_events_are_pruned(settings: Settings) -> None:
    with make_client(settings.replace(audit_retention=3600), ADMIN) as client:
        client.post(f"{BASE}/groups?groupName=old")
        clock.advance(7200)
        client.post(f"{BASE}/groups?groupName=new")
        assert client.portal is not None
        client.portal.call(client.app.state.services.audit.prune)  # type: ignore[attr-defined]
        since = "2000-01-01T00:00:00Z"
        details = [
            e["detail"]
            for e in client.get(f"{BASE}/auditEvents?since={since}&type=group.create").json()["auditEvent"]
        ]
        assert details == ["group new"]


def test_the_access_log_has_one_line_per_request_and_no_secrets(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        make_client(dataclasses.replace(settings, access_log=True)) as client,
        caplog.at_level(logging.INFO, logger="restkeep.access"),
    ):
        session = client.post(f"{BASE}/sessions?userName=admin&password=changeme").json()["sessionId"]
        assert client.get(PROPERTY, headers={"sessionId": session}).status_code == 200
        assert client.get(f"{BASE}/nowhere?password=hunter2").status_code == 501
        login = client.post("/enable-api/login", json={"login": "system", "password": "system"})
        assert login.status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "restkeep.access"]
    assert len(lines) == 4
    assert (
        " POST /rest/v1.0/sessions 200 " in lines[0]
        and " GET /rest/v1.0/properties/PythonProperty 200 " in lines[1]
    )
    assert " GET /rest/v1.0/nowhere 501 " in lines[2] and " POST /enable-api/login 200 " in lines[3]
    text = "\n".join(lines)
    assert "changeme" not in text and "hunter2" not in text and session not in text and "?" not in text
