"""The asyncio clients against a live server: the same calls awaited, one login shared by many tasks,
sessions and tokens renewed across their expiries, and every server operation covered by both flavours."""

from __future__ import annotations

import asyncio
import http.server
import re
import tarfile
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from restkeep import (
    ApiError,
    AsyncCatalogClient,
    AsyncDevClient,
    AsyncFlowClient,
    CatalogClient,
    Conflict,
    DevClient,
    FlowClient,
    NotFound,
    fingerprint,
)
from restkeep.client.calls import operations
from restkeep.client.dev_models import Clock, Fault, Step
from restkeep.client.transport import AsyncTransport
from restkeep.server.dev.api import DEV
from restkeep.server.families import CATALOG_API
from restkeep.server.flow.api.routes import OPERATIONS
from restkeep.server.operations import declared
from restkeep.testing import LiveServer
from tests.dev import advance

pytestmark = pytest.mark.live
CONVERTOR = re.compile(r":\w+}")  # a route's `{item_id:int}` is the SDK's `{item_id}`
T = TypeVar("T")


def run(scenario: Callable[[], Awaitable[T]]) -> T:
    return asyncio.run(scenario())  # type: ignore[arg-type]


def flow(server: LiveServer) -> AsyncFlowClient:
    return AsyncFlowClient(server.url, username="admin", password="changeme", verify=server.ca_path)


def catalog(server: LiveServer, login: str = "system", password: str = "system") -> AsyncCatalogClient:
    return AsyncCatalogClient(server.url, login=login, password=password, verify=server.ca_path)


def test_both_flavours_cover_every_server_operation() -> None:
    flow_operations = {operation.name for operation in OPERATIONS}
    assert operations(FlowClient) == flow_operations
    assert operations(AsyncFlowClient) == flow_operations
    catalog_routes = {
        f"{operation.method} {family.prefix}{CONVERTOR.sub('}', operation.path)}"
        for family in CATALOG_API
        for operation in declared(family.operations)
    }
    assert operations(CatalogClient) == catalog_routes
    assert operations(AsyncCatalogClient) == catalog_routes
    dev_operations = {operation.name for operation in DEV.operations}
    assert operations(DevClient) - operations(FlowClient) == dev_operations
    assert operations(AsyncDevClient) - operations(AsyncFlowClient) == dev_operations


def test_the_dev_clients_drive_every_dev_route_with_typed_results(server: LiveServer) -> None:
    with DevClient(server.url, username="admin", password="changeme", verify=server.ca_path) as dev:
        frozen = dev.freeze_clock()
        assert isinstance(frozen, Clock) and frozen.frozen is True and dev.get_clock().now == frozen.now
        assert dev.resume_clock().frozen is False and frozen["frozen"] is True  # the raw JSON too
        with CatalogClient(server.url, login="system", password="system", verify=server.ca_path) as cat:
            cat.repositories()
            mine = dev.get_credentials(kind="ewtoken", user="system")
            assert all(len(c.fingerprint) == 12 and c.create_time for c in mine)
            states = {c.state for c in mine}  # earlier tests' logins may have expired
            assert "live" in states and states <= {"live", "expired"}
        assert dev.expire_credentials(fingerprint="0" * 12) == 0
        assert dev.get_credential_policy().resttoken_ttl == "1s"
        rule = dev.add_fault(path="/rest/v1.0/projects", method="GET", status=503, first_n=2)
        assert isinstance(rule, Fault) and rule.match == {"path": "/rest/v1.0/projects", "method": "GET"}
        assert dev.get_projects() and dev.get_faults()[0].fired == 2  # retried through both
        assert dev.remove_fault(rule.id) == 1
        dev.add_fault(path="/rest/v1.0/projects", status=500, first_n=1)
        with pytest.raises(ApiError) as failed:
            dev.get_projects()
        assert failed.value.status == 500 and "fault" in failed.value.message
        assert dev.add_fault({"action": {"delay": "1ms"}}).trigger == {}
        assert dev.clear_faults() == 2  # the spent 500 rule and the delay
        saved = dev.save_snapshot("sdk")
        assert saved.name == "sdk" and saved.size > 0 and "sdk" in [s.name for s in dev.get_snapshots()]
        content = dev.export_snapshot("sdk")
        assert content.startswith(b"SQLite format 3\x00")
        assert dev.import_snapshot("sdk-copy", content).name == "sdk-copy"
        dev.create_project("after-sdk-snapshot")
        dev.restore_snapshot("sdk-copy")
        with pytest.raises(NotFound):
            dev.get_project("after-sdk-snapshot")
        dev.delete_snapshot("sdk")
        with pytest.raises(NotFound):
            dev.delete_snapshot("sdk")
        dev.delete_snapshot("sdk-copy")
        assert dev.reset("faults") == "faults"
        dev.clear_journal()
        with pytest.raises(NotFound):
            dev.get_project("no-such-project-for-the-journal")
        entries = dev.get_journal(path="/rest/v1.0/projects/*", status=404)
        assert [e.path for e in entries] == ["/rest/v1.0/projects/no-such-project-for-the-journal"]
        assert entries[0].credential and entries[0].credential["kind"] == "session"
        assert entries[0].verdict == "live" and entries[0].user == "admin"
        with pytest.raises(TypeError):
            iter(entries[0])  # a result, not a mapping: `.raw` is the JSON

    async def scenario() -> None:
        async with AsyncDevClient(
            server.url, username="admin", password="changeme", verify=server.ca_path
        ) as dev:
            step = await dev.advance_clock("1ms")
            assert isinstance(step, Step) and step.expired == [] and step.now
            assert [s.name for s in await dev.get_snapshots()] == []
            assert fingerprint("secret") == "2bb80d537b1d"

    run(scenario)


def test_tasks_share_one_login_and_an_expired_session_is_renewed(server: LiveServer) -> None:
    async def scenario() -> None:
        async with flow(server) as client:
            await client.set_property("async/value", "one", project="Default")
            values = await asyncio.gather(
                *(client.get_property("async/value", project="Default") for _ in range(32))
            )
            assert {v.value for v in values} == {"one"} and client.logins == 1
            advance(server, "2.5s")  # the session's idle timeout passes
            assert await client.increment_property("async/count", 3, project="Default") == 3
            assert client.logins == 2
            with pytest.raises(NotFound) as raised:
                await client.get_property("async/missing", project="Default")
            assert raised.value.code == "NoSuchProperty"

    run(scenario)


def test_publish_and_download_awaited(server: LiveServer, tmp_path: Path) -> None:
    source = tmp_path / "dist"
    (source / "lib").mkdir(parents=True)
    (source / "app.bin").write_bytes(bytes(range(256)) * 4096)
    (source / "lib" / "x.txt").write_text("x")

    async def scenario() -> None:
        async with flow(server) as client:
            files = [source / "app.bin", source / "lib" / "x.txt"]
            published = await client.publish_artifact_version("async:app", "1.0.0", files, base=source)
            assert published.state == "available"
            with pytest.raises(Conflict):
                await client.publish_artifact_version("async:app", "1.0.0", files, base=source)
            written = await client.download_artifact_version("async:app:1.0.0", tmp_path / "out")
            assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in written) == [
                "app.bin",
                "lib/x.txt",
            ]
            assert (tmp_path / "out" / "app.bin").read_bytes() == (source / "app.bin").read_bytes()
            archive = await client.download_artifact_archive("async:app:1.0.0", tmp_path / "v.tar.gz")
            with tarfile.open(archive) as tar:
                assert sorted(tar.getnames()) == ["app.bin", "lib/x.txt"]

    run(scenario)


def test_the_calls_beyond_properties(server: LiveServer) -> None:
    async def scenario() -> None:
        async with flow(server) as client:
            assert (await client.get_server_status())["serverState"] == "running"
            assert (await client.get_server_info())["apiVersion"] == "v1.0"
            await client.set_property("short", "path", project="Default")
            assert (await client.get_project_property("Default", "short")).value == "path"
            await client.create_artifact("async", "lib")
            changed = await client.modify_artifact("async:lib", description="changed")
            assert changed["description"] == "changed"
            assert (await client.get_artifact("async:lib"))["description"] == "changed"
            await client.create_user("asyncuser", "a long password", email="a@example.com")
            assert (await client.get_user("asyncuser"))["email"] == "a@example.com"
            modified = await client.modify_user("asyncuser", full_name="Async User")
            assert modified["fullUserName"] == "Async User"
            await client.create_group("async-group")
            await client.add_users_to_group("async-group", ["asyncuser"])
            assert "async-group" in [g["groupName"] for g in await client.get_groups()]
            removed = await client.remove_users_from_group("async-group", ["asyncuser"])
            assert removed["members"] == [] and (await client.get_group("async-group"))["members"] == []
            await client.set_acl("asyncuser", privileges={"read": "deny"}, artifactName="async:lib")
            await client.delete_acl("asyncuser", artifactName="async:lib")
            assert await client.get_acl(artifactName="async:lib") == []
            token = await client.create_api_token("async")
            assert "async" in [t["name"] for t in await client.get_api_tokens()]
            await client.revoke_api_token(token["apiTokenId"])
            assert "async" not in [t["name"] for t in await client.get_api_tokens()]
            assert await client.get_audit_events(limit=5)
            await client.delete_group("async-group")
            await client.delete_user("asyncuser")
            before = client.logins
            await client.logout()
            assert (await client.get_projects()) and client.logins == before + 1

    run(scenario)


def test_catalog_walk_across_both_expiries_returns_every_item_once(server: LiveServer) -> None:
    async def scenario() -> None:
        async with catalog(server) as cat:
            items = cat.search_items(10149, page_size=1000)
            seen = []
            async for item in items:
                seen.append(item["id"])
                if len(seen) % 1000 == 0:
                    advance(server, "0.4s")  # 12 steps: past the 1 s REST token and the 3 s login token
            assert items.total == 12000 and len(set(seen)) == len(seen) == 12000
            assert cat.logins >= 2 and cat.rotations >= 1
            pages = await asyncio.gather(*(cat.search_page(10149, page, 50) for page in range(1, 9)))
            ids = [item["id"] for page in pages for item in page["itemList"]]
            assert len(set(ids)) == 400

    run(scenario)


def test_catalog_items_import_export_and_delete(server: LiveServer, tmp_path: Path) -> None:
    attributes = [{"name": "Name", "type": "string", "required": True, "unique": False}]
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(f'{{"Name": "row {n}"}}\n' for n in range(500)))

    async def scenario() -> None:
        async with catalog(server, "admin", "changeme") as cat:  # an administrator creates repositories
            repository = await cat.create_repository("async-repo", attributes)
            assert (await cat.get_repository(repository["id"]))["name"] == "async-repo"
            assert await cat.import_items(repository["id"], rows, "jsonl") == 500
            exported = b"".join([chunk async for chunk in cat.export_items(repository["id"])])
            assert exported.count(b"\n") == 500
            item = await cat.create_item(repository["id"], {"Name": "single"})
            await cat.update_item(item, {"Name": "renamed"})
            (name,) = await cat.attributes(repository["id"])
            assert (await cat.get_item(item))[f"F_{name['id']}"] == "renamed"
            await cat.delete_item(item)
            with pytest.raises(NotFound):
                await cat.get_item(item)
            assert await cat.count_items(repository["id"]) == 500
            assert await cat.reauth()
            await cat.logout()
            assert not await cat.reauth()

    run(scenario)


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


def test_async_retries_only_for_calls_that_are_safe_to_repeat() -> None:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Unavailable)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    async def no_wait(_: float) -> None:
        return None

    async def scenario() -> tuple[int, int]:
        transport = AsyncTransport(f"http://127.0.0.1:{httpd.server_address[1]}", retries=3, sleep=no_wait)
        try:
            _Unavailable.hits = 0
            assert (await transport.send("POST", "/x", idempotent=False)).status_code == 503
            unsafe = _Unavailable.hits
            _Unavailable.hits = 0
            assert (await transport.send("GET", "/x", idempotent=True)).status_code == 503
            return unsafe, _Unavailable.hits
        finally:
            await transport.close()

    try:
        assert run(scenario) == (1, 4)
    finally:
        httpd.shutdown()
        httpd.server_close()
