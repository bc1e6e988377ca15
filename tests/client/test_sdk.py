"""The SDK against a live server: sessions and tokens that expire mid-script are renewed transparently,
threads share one login, paging returns every item once, retries never repeat an unsafe call."""

from __future__ import annotations

import hashlib
import http.server
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import restkeep
from restkeep import CatalogClient, FlowClient, NotFound
from restkeep.client.errors import ServerError
from restkeep.client.transport import Transport
from restkeep.testing import LiveServer
from tests.dev import advance

pytestmark = pytest.mark.live


def flow(server: LiveServer) -> FlowClient:
    return FlowClient(server.url, username="admin", password="changeme", verify=server.ca_path)


def test_public_surface_is_complete() -> None:
    public = {
        name
        for name in dir(restkeep)
        # `@py_builtins`, `@pytest_ar`: pytest rewrites the asserts of a package whose plugin it loads
        if not name.startswith(("_", "@")) and name not in ("client", "server", "testing", "cli")
    }
    assert public == set(restkeep.__all__) - {"__version__"}
    for name in restkeep.__all__:
        assert getattr(restkeep, name) is not None


def test_flow_session_expiry_mid_script_is_recovered(server: LiveServer) -> None:
    with flow(server) as client:
        client.set_property("sdk/value", "one", project="Default")
        assert client.get_property("sdk/value", project="Default").value == "one"
        advance(server, "2.5s")  # the session's idle timeout passes
        assert client.get_property("sdk/value", project="Default").value == "one"
        assert client.logins == 2
        assert client.increment_property("sdk/count", 5, project="Default") == 5
        with pytest.raises(NotFound) as raised:
            client.get_property("sdk/missing", project="Default")
        assert raised.value.code == "NoSuchProperty" and raised.value.status == 404


def test_threads_share_one_login(server: LiveServer) -> None:
    with flow(server) as client:
        with ThreadPoolExecutor(16) as pool:
            values = list(
                pool.map(lambda _: client.get_property("PythonProperty", project="Default").value, range(64))
            )
        assert len(values) == 64 and client.logins == 1


def test_publish_and_download_an_artifact_version(server: LiveServer, tmp_path: Path) -> None:
    source = tmp_path / "dist"
    (source / "docs").mkdir(parents=True)
    (source / "app.bin").write_bytes(bytes(range(256)) * 1000)
    (source / "docs" / "readme.md").write_text("# hello\n")
    with flow(server) as client:
        published = client.publish_artifact_version(
            "sdk:app", "1.0.0", [source / "app.bin", source / "docs" / "readme.md"], base=source
        )
        assert published.state == "available" and {f["path"] for f in published.files} == {
            "app.bin",
            "docs/readme.md",
        }
        assert [v.version for v in client.find_artifact_versions("sdk:app", "[1.0,2.0)")] == ["1.0.0"]
        written = client.download_artifact_version("sdk:app:1.0.0", tmp_path / "out")
        assert {p.relative_to(tmp_path / "out").as_posix() for p in written} == {"app.bin", "docs/readme.md"}
        assert (
            hashlib.sha256((tmp_path / "out" / "app.bin").read_bytes()).digest()
            == hashlib.sha256((source / "app.bin").read_bytes()).digest()
        )


def test_catalog_walk_across_both_expiries_returns_every_item_once(server: LiveServer) -> None:
    with CatalogClient(server.url, login="system", password="system", verify=server.ca_path) as cat:
        items = cat.search_items(10149, page_size=1000)
        seen = []
        for item in items:
            seen.append(item["id"])
            if len(seen) % 1000 == 0:
                advance(server, "0.4s")  # 12 steps: past the 1 s REST token and the 3 s login token
        assert items.total == 12000 and len(seen) == 12000 and len(set(seen)) == 12000
        assert cat.logins >= 2 and cat.rotations >= 1
        assert cat.count_items(10149, filters=[{"attribute": "InStock", "operator": "eq", "value": True}]) > 0


def test_saved_sets_and_searches_through_the_sdk(server: LiveServer) -> None:
    with CatalogClient(server.url, login="system", password="system", verify=server.ca_path) as cat:
        first = [item["id"] for item in cat.search_page(10149, page_size=4)["itemList"]]
        set_id = cat.create_saved_set(10149, f"sdk-{time.monotonic_ns()}", first[:2])
        assert cat.add_to_saved_set(set_id, first[2:3]) == 3
        assert cat.remove_from_saved_set(set_id, first[:1]) == 2
        restricted = cat.search_page(10149, page_size=10, saved_set_id=set_id)
        assert [item["id"] for item in restricted["itemList"]] == first[1:3]
        assert cat.get_saved_set(set_id)["itemIdList"] == first[1:3]
        assert set_id in [s["id"] for s in cat.saved_sets(10149)]
        garden = [{"attribute": "Category", "operator": "eq", "value": "Garden"}]
        search_id = cat.create_saved_search(10149, f"sdk-{time.monotonic_ns()}", filters=garden)
        assert cat.get_saved_search(search_id)["filters"] == garden
        saved = cat.search_page(10149, page_size=5, saved_search_id=search_id)
        assert saved["searchTotal"] == cat.count_items(10149, filters=garden)
        assert search_id in [s["id"] for s in cat.saved_searches(10149)]
        cat.delete_saved_search(search_id)
        cat.delete_saved_set(set_id)
        assert set_id not in [s["id"] for s in cat.saved_sets(10149)]


class _Unavailable(http.server.BaseHTTPRequestHandler):
    hits = 0

    def _answer(self) -> None:
        type(self).hits += 1
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


def test_retries_only_for_calls_that_are_safe_to_repeat() -> None:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Unavailable)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    transport = Transport(f"http://127.0.0.1:{httpd.server_address[1]}", retries=3, sleep=lambda _: None)
    try:
        _Unavailable.hits = 0
        assert transport.send("POST", "/x", idempotent=False).status_code == 503
        assert _Unavailable.hits == 1
        _Unavailable.hits = 0
        assert transport.send("GET", "/x", idempotent=True).status_code == 503
        assert _Unavailable.hits == 4
    finally:
        transport.close()
        httpd.shutdown()
        httpd.server_close()
    assert issubclass(ServerError, restkeep.ApiError)


def test_the_rest_of_the_flow_calls(server: LiveServer) -> None:
    with flow(server) as client:
        client.create_project("SdkProject", "made by the SDK")
        assert client.modify_project("SdkProject", description="changed").description == "changed"
        client.set_property("a", "1", project="SdkProject")
        client.set_property("b", "$[a]+1", project="SdkProject")
        assert client.expand_string("$[b]", project="SdkProject") == "1+1"
        assert [c["value"] for c in client.get_property_history("a", project="SdkProject")] == ["1"]
        sheet = client.get_project("SdkProject").raw["propertySheetId"]
        assert {p.name for p in client.get_property_sheet(sheet)} == {"a", "b"}
        assert client.create_artifact("sdk", "lib")["artifactName"] == "sdk:lib"
        assert "sdk:lib" in [a["artifactName"] for a in client.get_artifacts("sdk")]
        assert all(a["groupId"] == "sdk" for a in client.get_artifacts("sdk"))
        client.delete_artifact("sdk:lib")
        assert "sdk:lib" not in [a["artifactName"] for a in client.get_artifacts("sdk")]
        assert client.create_repository("sdk-repo")["repositoryName"] == "sdk-repo"
        assert "sdk-repo" in [r["repositoryName"] for r in client.get_repositories()]
        assert client.create_user("sdkuser", "a long password")["userName"] == "sdkuser"
        client.create_group("sdk-group")
        assert client.add_users_to_group("sdk-group", ["sdkuser"])["members"] == ["sdkuser"]
        entry = client.set_acl("sdk-group", "group", privileges={"modify": "deny"}, projectName="SdkProject")
        assert entry["modifyPrivilege"] == "deny" and entry["readPrivilege"] == "inherit"
        assert [e["principalName"] for e in client.get_acl(projectName="SdkProject")] == ["sdk-group"]
        token = client.create_api_token("sdk", "1d")["token"]
        client.change_password("sdkuser", "another long password")
        assert "sdkuser" in [u["userName"] for u in client.get_users()]
        client.delete_user("sdkuser")
        client.delete_project("SdkProject")
    with FlowClient(server.url, token=token, verify=server.ca_path) as by_token:
        assert by_token.get_property("PythonProperty", project="Default").value is not None


def test_a_streamed_download_after_the_session_expired_logs_in_again(
    server: LiveServer, tmp_path: Path
) -> None:
    (tmp_path / "blob.bin").write_bytes(b"streamed bytes")
    with flow(server) as client:
        client.publish_artifact_version("sdk:stream", "1.0.0", [tmp_path / "blob.bin"])
        before = client.logins
        advance(server, "2.5s")  # the session's idle timeout passes
        with client.stream("/artifactVersions/sdk:stream:1.0.0/files/blob.bin") as response:
            assert response.read() == b"streamed bytes"
        assert client.logins == before + 1
        with pytest.raises(NotFound), client.stream("/artifactVersions/sdk:stream:9.9/files/blob.bin"):
            pass
