"""The SQLite read cache: repeated reads come from memory, yet every read sees every commit made
before it, by this process or by any other connection to the database."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

from restkeep.server.bootstrap import prepare
from restkeep.server.settings import Settings
from restkeep.server.store.records import PropertyChange
from restkeep.server.store.sqlite import SqliteStore
from restkeep.server.store.sqlite.cache import MAX_BYTES, MAX_ENTRY_BYTES, ReadCache, answer_size, watch
from restkeep.server.store.sqlite.commits import OwnCommits
from restkeep.server.store.sqlite.tables import StatementTables
from tests.conftest import ADMIN, make_client
from tests.sqlite_locks import dms_lock_is_held


def test_an_entry_is_served_until_a_table_it_was_read_from_changes() -> None:
    cache = ReadCache()
    tables = ("projects", "properties")
    cache.put("k", tables, cache.stamp(tables), "v", 1)
    assert cache.get("k") == "v"
    cache.changed({"sessions"})  # a commit that wrote something else
    assert cache.get("k") == "v"
    cache.changed({"properties"})
    assert cache.get("k") != "v"
    cache.put("k", tables, cache.stamp(tables), "v2", 1)
    cache.changed(None)  # a commit whose writes are unknown
    assert cache.get("k") != "v2"
    # a value read before a commit to its tables was noticed is never kept
    before = cache.stamp(tables)
    cache.changed({"projects"})
    cache.put("k", tables, before, "stale", 1)
    assert cache.get("k") != "stale"


def test_a_full_cache_drops_the_least_recently_used_not_everything() -> None:
    cache = ReadCache(max_entries=10)
    none: tuple[str, ...] = ()
    for i in range(10):
        cache.put(i, none, cache.stamp(none), i, 1)
    assert cache.get(0) == 0  # used: now the most recent
    cache.put(10, none, cache.stamp(none), 10, 1)
    assert cache.get(0) == 0 and cache.get(10) == 10
    assert cache.get(1) != 1  # the least recently used went
    assert sum(cache.get(i) == i for i in range(11)) == 10


def test_a_full_cache_stays_within_its_bounds_in_entries_and_bytes() -> None:
    none: tuple[str, ...] = ()
    cache = ReadCache(max_entries=10)
    for i in range(25):
        cache.put(i, none, cache.stamp(none), i, 1)
    assert cache.get(24) == 24
    assert sum(cache.get(i) == i for i in range(25)) <= 10
    cache = ReadCache(max_bytes=1000)
    for i in range(25):
        cache.put(i, none, cache.stamp(none), i, 100)
        assert cache.size <= 1000
    cache.put("huge", none, cache.stamp(none), "x", MAX_ENTRY_BYTES + 1)
    assert cache.get("huge") != "x"


def test_answer_size_counts_text_and_bytes() -> None:
    assert answer_size([("abc", 1, b"de", None)], ("k",)) - answer_size([(1,)], ()) == 6
    assert answer_size([None], ()) == answer_size([()], ())


def test_large_values_do_not_grow_the_cache_past_its_budget(tmp_path: Path) -> None:
    async def check(store: SqliteStore) -> None:
        assert store.cache is not None
        sheet = (await store.get_project("Default")).property_sheet_id  # type: ignore[union-attr]
        big = "x" * 200_000
        for i in range(200):
            await store.write_property(sheet, (f"big{i}",), PropertyChange(actor="admin", now=1, value=big))
        for i in range(200):
            record = await store.find_property(sheet, (f"big{i}",))
            assert record is not None and record.value == big
            assert store.cache.size <= MAX_BYTES

    _on_store(tmp_path, check)


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


def _on_store(tmp_path: Path, check: Callable[[SqliteStore], Awaitable[None]]) -> None:
    """Run `check` on a store with its read cache, over a demo database."""
    path = _prepared(tmp_path)

    async def main() -> None:
        store = SqliteStore(path, read_cache=True)
        try:
            await check(store)
        finally:
            await store.close()

    asyncio.run(main())


def test_own_writes_are_read_back_at_once_and_repeated_reads_hit(tmp_path: Path) -> None:
    async def check(store: SqliteStore) -> None:
        assert store.cache is not None
        first = await store.get_project("Default")
        hits = store.cache.hits
        assert await store.get_project("Default") == first
        assert store.cache.hits == hits + 1
        await store.update_project("Default", None, "changed here", "admin", 1)
        project = await store.get_project("Default")
        assert project is not None and project.description == "changed here"

    _on_store(tmp_path, check)


def test_own_commits_keep_the_answers_they_did_not_touch(tmp_path: Path) -> None:
    async def check(store: SqliteStore) -> None:
        assert store.cache is not None
        project = await store.get_project("Default")
        assert project is not None
        sheet = project.property_sheet_id
        await store.write_property(sheet, ("p",), PropertyChange(actor="admin", now=1, value="1"))
        assert (await store.find_property(sheet, ("p",))).value == "1"  # type: ignore[union-attr]
        hits = store.cache.hits
        await store.write_property(sheet, ("p",), PropertyChange(actor="admin", now=2, value="2"))
        assert await store.get_project("Default") == project
        assert store.cache.hits == hits + 1  # the commit wrote properties, not projects
        assert (await store.find_property(sheet, ("p",))).value == "2"  # type: ignore[union-attr]

    _on_store(tmp_path, check)


def test_a_property_write_keeps_what_was_read_about_other_names(tmp_path: Path) -> None:
    async def check(store: SqliteStore) -> None:
        assert store.cache is not None
        sheet = (await store.get_project("Default")).property_sheet_id  # type: ignore[union-attr]
        for name in ("a", "b"):
            await store.write_property(sheet, ("nest", name), PropertyChange(actor="admin", now=1, value="1"))
        assert (await store.find_project_property("Default", ("nest", "b")))[1].value == "1"  # type: ignore[union-attr]
        listed = await store.list_properties(sheet)
        await store.write_property(sheet, ("nest", "a"), PropertyChange(actor="admin", now=2, value="2"))
        hits = store.cache.hits
        assert (await store.find_project_property("Default", ("nest", "b")))[1].value == "1"  # type: ignore[union-attr]
        assert store.cache.hits == hits + 1  # property 'b' was not written
        assert (await store.find_project_property("Default", ("nest", "a")))[1].value == "2"  # type: ignore[union-attr]
        assert store.cache.hits == hits + 1  # 'a' was: read again
        await store.write_property(sheet, ("top",), PropertyChange(actor="admin", now=3, value="t"))
        assert await store.list_properties(sheet) != listed  # a read of the whole sheet goes with any write
        await store.delete_property(sheet, ("nest", "b"), None)
        assert (await store.find_project_property("Default", ("nest", "b")))[1] is None

    _on_store(tmp_path, check)


def test_ending_one_session_keeps_the_others_cached(tmp_path: Path) -> None:
    async def check(store: SqliteStore) -> None:
        assert store.cache is not None
        user = await store.get_user("admin")
        assert user is not None
        for token in ("one", "two"):
            await store.create_session(token, user.id, 1)
            assert await store.get_session(token) is not None
        await store.delete_session("one")
        hits = store.cache.hits
        assert await store.get_session("two") is not None
        assert store.cache.hits == hits + 1
        assert await store.get_session("one") is None

    _on_store(tmp_path, check)


def test_own_commits_drop_what_their_cascades_and_triggers_wrote(tmp_path: Path) -> None:
    """Deleting a property deletes its history by `ON DELETE CASCADE`: a cached history must go too."""

    async def check(store: SqliteStore) -> None:
        sheet = (await store.get_project("Default")).property_sheet_id  # type: ignore[union-attr]
        record = await store.write_property(sheet, ("h",), PropertyChange(actor="admin", now=1, value="1"))
        assert len(await store.property_history(record.id)) == 1
        assert len(await store.property_history(record.id)) == 1  # cached
        await store.delete_property(sheet, ("h",), None)
        assert await store.property_history(record.id) == []

    _on_store(tmp_path, check)


def test_statement_tables_names_what_triggers_and_foreign_keys_write(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    setup = sqlite3.connect(path, isolation_level=None)
    setup.executescript(
        """
        PRAGMA journal_mode=WAL;
        CREATE TABLE a (id TEXT PRIMARY KEY, v TEXT);
        CREATE TABLE b (id TEXT PRIMARY KEY, a_id TEXT REFERENCES a (id) ON DELETE CASCADE);
        CREATE TABLE c (id TEXT, v TEXT);
        CREATE TRIGGER a_insert AFTER INSERT ON a BEGIN INSERT INTO c VALUES (new.id, new.v); END;
        """
    )
    tables = StatementTables(path)
    try:
        assert tables.reads("SELECT a.v FROM a, b WHERE b.a_id = a.id AND a.id = ?", ("1",)) == ("a", "b")
        assert tables.writes([("INSERT INTO a VALUES (?, ?)", ("1", "x"), None)]) == {"a", "a:*", "c", "c:*"}
        assert tables.writes([("DELETE FROM a WHERE id = ?", ("1",), None)]) == {"a", "a:*", "b", "b:*"}
        statements = [
            ("UPDATE c SET v = ?", ("y",), None),
            ("SAVEPOINT job", (), None),
            ("RELEASE job", (), None),
        ]
        assert tables.writes(statements) == {"c", "c:*"}
        assert tables.writes([("CREATE TABLE d (x)", (), None)]) is None  # DDL: unknown
        assert (
            tables.writes([("INSERT INTO nowhere VALUES (1)", (), None)]) is None
        )  # does not compile: unknown
        # rows said by name: the write names them, and a read of named rows depends on them
        named = ("a", frozenset({"x"}))
        assert tables.writes([("DELETE FROM a WHERE v = ?", ("x",), named)]) == {"a", "a:=x", "b", "b:*"}
        assert set(tables.reads("SELECT v FROM a WHERE v = ?", ("x",), named) or ()) == {"a:*", "a:=x"}
    finally:
        tables.close()
        setup.close()


def test_own_commits_explain_only_an_unbroken_run_of_their_own() -> None:
    own = OwnCommits()
    own.expect(5, frozenset({"a"}))
    own.expect(6, frozenset({"b"}))
    assert own.explain(4, 4) == frozenset()
    assert own.explain(4, 6) == {"a", "b"}
    assert own.explain(4, 7) is None  # commit 7 was someone else's
    assert own.explain(6, 5) is None  # the counter went back: the WAL index was rebuilt
    own.expect(7, None)
    assert own.explain(6, 7) is None  # a commit of ours whose writes are unknown
    own.expect(8, frozenset({"a"}))
    own.withdraw(8)
    assert own.explain(7, 7) is None  # after a failed commit, the next look drops everything
    assert own.explain(7, 7) == frozenset()
    own.expect(2**32 - 1, frozenset({"x"}))
    own.expect(0, frozenset({"y"}))
    assert own.explain(2**32 - 2, 0) == {"x", "y"}  # the counter wraps


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
