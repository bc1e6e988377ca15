"""The SQLite read cache: repeated reads come from memory, yet every request sees every commit made
before it started, by this process (at once) or by any other connection (from the next request on)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from restkeep.server.bootstrap import prepare
from restkeep.server.settings import Settings
from restkeep.server.store.sqlite import SqliteStore
from restkeep.server.store.sqlite.cache import ReadCache
from tests.conftest import ADMIN, make_client


def test_an_entry_is_served_only_in_the_generation_it_was_read_in() -> None:
    cache = ReadCache()
    before = cache.generation
    cache.put("k", before, "v")
    assert cache.get("k") == "v"
    cache.invalidate()
    assert cache.get("k") != "v"
    # a value read while a commit landed (the generation moved during the query) is never kept
    cache.put("k", before, "stale")
    assert cache.get("k") != "stale"


def test_a_full_cache_keeps_its_current_entries_within_the_bound() -> None:
    cache = ReadCache(max_entries=10)
    for i in range(25):
        cache.put(i, cache.generation, i)
    assert cache.get(24) == 24
    assert sum(cache.get(i) == i for i in range(25)) <= 10


def _prepared(tmp_path: Path) -> Path:
    prepare(Settings(data_dir=tmp_path, demo=True))
    return tmp_path / "restkeep.db"


def test_own_writes_are_read_back_at_once_and_repeated_reads_hit(tmp_path: Path) -> None:
    path = _prepared(tmp_path)

    async def main() -> None:
        store = SqliteStore(path, read_cache=True)
        try:
            assert store.cache is not None
            store.refresh()
            first = await store.get_project("Default")
            hits = store.cache.hits
            assert await store.get_project("Default") == first
            assert store.cache.hits == hits + 1
            await store.update_project("Default", None, "changed here", "admin", 1)
            project = await store.get_project("Default")  # no refresh: our own commit is enough
            assert project is not None and project.description == "changed here"
        finally:
            await store.close()

    asyncio.run(main())


def test_another_connections_commit_is_seen_by_the_next_request(tmp_path: Path) -> None:
    path = _prepared(tmp_path)

    async def main() -> None:
        reader, other = SqliteStore(path, read_cache=True), SqliteStore(path)
        try:
            reader.refresh()
            assert (await reader.get_project("Default")) is not None
            await other.update_project("Default", None, "changed elsewhere", "admin", 1)
            reader.refresh()  # what the server does when the next request arrives
            project = await reader.get_project("Default")
            assert project is not None and project.description == "changed elsewhere"
        finally:
            await reader.close()
            await other.close()

    asyncio.run(main())


def test_two_workers_on_one_database_see_each_others_changes_at_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, demo=True)
    prepare(settings)
    url = "/rest/v1.0/properties/shared?projectName=Default"
    with make_client(settings, ADMIN) as one, make_client(settings, ADMIN) as two:
        session = one.post("/rest/v1.0/sessions", json={"userName": "admin", "password": "changeme"})
        headers = {"sessionId": session.json()["sessionId"]}
        for value in ("a", "b", "c"):
            assert one.put(url + f"&value={value}").status_code == 200
            assert two.get(url).json()["property"]["value"] == value
            assert two.get(url).json()["property"]["value"] == value  # from the cache, still right
        assert two.get("/rest/v1.0/projects/Default", headers=headers).status_code == 200
        assert one.delete("/rest/v1.0/sessions", headers=headers).status_code == 200
        assert two.get("/rest/v1.0/projects/Default", headers=headers).status_code == 401
