"""The SQLite read cache: repeated reads come from memory, yet every read sees every commit made
before it, by this process or by any other connection to the database."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from restkeep.server.bootstrap import prepare
from restkeep.server.settings import Settings
from restkeep.server.store.records import PropertyChange
from restkeep.server.store.sqlite import SqliteStore
from restkeep.server.store.sqlite.cache import MAX_BYTES, MAX_ENTRY_BYTES, ReadCache, answer_size, watch
from tests.conftest import ADMIN, make_client
from tests.sqlite_locks import dms_lock_is_held


def test_an_entry_is_served_only_in_the_generation_it_was_read_in() -> None:
    cache = ReadCache()
    before = cache.generation
    cache.put("k", before, "v", 1)
    assert cache.get("k") == "v"
    cache.invalidate()
    assert cache.get("k") != "v"
    # a value read before a commit was noticed is never kept
    cache.put("k", before, "stale", 1)
    assert cache.get("k") != "stale"


def test_a_full_cache_stays_within_its_bounds_in_entries_and_bytes() -> None:
    cache = ReadCache(max_entries=10)
    for i in range(25):
        cache.put(i, cache.generation, i, 1)
    assert cache.get(24) == 24
    assert sum(cache.get(i) == i for i in range(25)) <= 10
    cache = ReadCache(max_bytes=1000)
    for i in range(25):
        cache.put(i, cache.generation, i, 100)
        assert cache.size <= 1000
    cache.put("huge", cache.generation, "x", MAX_ENTRY_BYTES + 1)
    assert cache.get("huge") != "x"


def test_answer_size_counts_text_and_bytes() -> None:
    assert answer_size([("abc", 1, b"de", None)], ("k",)) - answer_size([(1,)], ()) == 6
    assert answer_size([None], ()) == answer_size([()], ())


def test_large_values_do_not_grow_the_cache_past_its_budget(tmp_path: Path) -> None:
    path = _prepared(tmp_path)

    async def main() -> None:
        store = SqliteStore(path, read_cache=True)
        try:
            assert store.cache is not None
            sheet = (await store.get_project("Default")).property_sheet_id  # type: ignore[union-attr]
            big = "x" * 200_000
            for i in range(200):
                await store.write_property(
                    sheet, (f"big{i}",), PropertyChange(actor="admin", now=1, value=big)
                )
            for i in range(200):
                record = await store.find_property(sheet, (f"big{i}",))
                assert record is not None and record.value == big
                assert store.cache.size <= MAX_BYTES
        finally:
            await store.close()

    asyncio.run(main())


def test_the_watch_sees_a_commit_by_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (v INTEGER)")
    commits = watch(path, sqlite3.connect(path))
    assert commits is not None and not commits.changed()
    writer.execute("INSERT INTO t VALUES (1)")
    assert commits.changed() and not commits.changed()
    writer.execute("BEGIN")
    writer.execute("INSERT INTO t VALUES (2)")
    assert not commits.changed()  # not committed yet
    writer.execute("COMMIT")
    assert commits.changed()
    commits.close()


def _prepared(tmp_path: Path) -> Path:
    prepare(Settings(data_dir=tmp_path, demo=True))
    return tmp_path / "restkeep.db"


def test_own_writes_are_read_back_at_once_and_repeated_reads_hit(tmp_path: Path) -> None:
    path = _prepared(tmp_path)

    async def main() -> None:
        store = SqliteStore(path, read_cache=True)
        try:
            assert store.cache is not None
            first = await store.get_project("Default")
            hits = store.cache.hits
            assert await store.get_project("Default") == first
            assert store.cache.hits == hits + 1
            await store.update_project("Default", None, "changed here", "admin", 1)
            project = await store.get_project("Default")
            assert project is not None and project.description == "changed here"
        finally:
            await store.close()

    asyncio.run(main())


def test_another_connections_commit_is_seen_by_the_next_request(tmp_path: Path) -> None:
    path = _prepared(tmp_path)

    async def main() -> None:
        reader, other = SqliteStore(path, read_cache=True), SqliteStore(path)
        try:
            assert reader.cache is not None
            assert (await reader.get_project("Default")) is not None
            assert (await reader.get_project("Default")) is not None
            assert reader.cache.hits == 1
            await other.update_project("Default", None, "changed elsewhere", "admin", 1)
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


def test_the_watch_never_releases_sqlites_lock_on_the_wal_index(tmp_path: Path) -> None:
    path = _prepared(tmp_path)

    async def main() -> None:
        store = SqliteStore(path, read_cache=True)
        try:
            assert store.cache is not None, "the watch could not map the WAL index"
            await store.get_project("Default")
            assert dms_lock_is_held(path)
        finally:
            await store.close()
        assert not dms_lock_is_held(path)

    asyncio.run(main())
