"""After a run that used every kind of secret, neither the server's log nor any file in its data folder
holds one in clear text."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from restkeep.testing import LiveServer

pytestmark = pytest.mark.live


def test_no_clear_text_secret_in_logs_or_data_folder(tmp_path: Path, db_args: list[str]) -> None:
    data = tmp_path / "data"
    password = "Pw-7c1e9a-never-log-me"
    secrets: list[str] = [password, password + "-wrong"]
    server = LiveServer(data, "--demo", "--access-log", "--log-level", "debug", *db_args)
    with server, httpx.Client(base_url=server.url, verify=server.verify) as http:
        admin = ("admin", "changeme")
        assert (
            http.post(
                "/rest/v1.0/users", params={"userName": "carol", "password": password}, auth=admin
            ).status_code
            == 200
        )
        # the password in a query string, as the seed does, right and wrong
        session = http.post(f"/rest/v1.0/sessions?userName=carol&password={password}").json()["sessionId"]
        http.post(f"/rest/v1.0/sessions?userName=carol&password={password}-wrong")
        http.cookies.clear()
        secrets.append(session)
        assert http.get("/rest/v1.0/projects", headers={"sessionId": session}).status_code == 200
        assert http.get("/rest/v1.0/projects", auth=("carol", password)).status_code == 200
        login = http.post("/enable-api/login", json={"login": "carol", "password": password}).json()
        http.cookies.clear()
        tokens = {"ewtoken": login["token"]["token"], "epimresttoken": login["epimresttoken"]}
        secrets += tokens.values()
        assert (
            http.post(
                "/webcm/rest/api/items/search", json={"repositoryId": 10149}, headers=tokens
            ).status_code
            == 200
        )
        api_token = http.post("/rest/v1.0/apiTokens?name=ci", auth=("carol", password)).json()["apiToken"][
            "token"
        ]
        secrets.append(api_token)
        assert http.post("/rest/v1.0/sessions", json={"token": api_token}).status_code == 200
        http.post("/enable-api/logout", headers=tokens)
    log = server.log()
    assert "POST /rest/v1.0/sessions" in log  # the access log was on
    files = [p for p in data.rglob("*") if p.is_file()]
    assert files
    for secret in secrets:
        assert secret not in log, f"a secret is in the server log: {secret[:6]}..."
        for path in files:
            assert secret.encode() not in path.read_bytes(), f"a secret is in {path.relative_to(data)}"
