"""Preparing a database before the workers start: migrations, the objects that always exist, demo data."""

from __future__ import annotations

import asyncio
import contextlib

from restkeep.server import clock
from restkeep.server.access import ADMIN_GROUP, DEFAULT_SERVER_ENTRY
from restkeep.server.auth.passwords import hash_password, random_password
from restkeep.server.catalog.demo import seed_demo
from restkeep.server.dev.states import STARTUP
from restkeep.server.flow.services.artifact_versions import DEFAULT_REPOSITORY
from restkeep.server.flow.services.properties import SERVER_SHEET_KEY
from restkeep.server.settings import Settings
from restkeep.server.store import Store, database_url, open_store
from restkeep.server.store.check import check_postgres
from restkeep.server.store.errors import AlreadyExists
from restkeep.server.store.migrate import upgrade
from restkeep.server.store.records import PropertyChange

DEMO_USERS = {"admin": "changeme", "system": "system"}
DEFAULT_PROJECT = "Default"


async def _ensure_user(store: Store, name: str, password: str) -> bool:
    if await store.get_user(name) is not None:
        return False
    try:
        await store.create_user(name, await hash_password(password), clock.now_ms())
    except AlreadyExists:  # another host created it first
        return False
    return True


async def seed(store: Store, demo: bool, seed_users: bool = True) -> str | None:
    """Create what must exist; return the new admin password when one was generated (print it once)."""
    if await store.get_meta(SERVER_SHEET_KEY) is None:
        await store.put_meta_if_absent(SERVER_SHEET_KEY, await store.create_sheet(clock.now_ms()))
    if await store.get_project(DEFAULT_PROJECT) is None:
        with contextlib.suppress(AlreadyExists):  # another host created it first
            await store.create_project(DEFAULT_PROJECT, "The default project", "admin", clock.now_ms())
    if await store.get_artifact_repository(DEFAULT_REPOSITORY) is None:
        with contextlib.suppress(AlreadyExists):
            await store.create_artifact_repository(
                DEFAULT_REPOSITORY, "The default repository", "admin", clock.now_ms()
            )
    if not await store.acl_entries("server", "server"):
        # the first start lets every user read, change and run everything; administrators narrow it
        await store.put_acl_entry(DEFAULT_SERVER_ENTRY)
    # the built-in `admin` joins the group `admin` when either is new; later changes are the operator's
    new_group = False
    if await store.get_group(ADMIN_GROUP) is None:
        with contextlib.suppress(AlreadyExists):
            await store.create_group(ADMIN_GROUP, clock.now_ms())
            new_group = True
    generated = None
    new_admin = False
    if demo:
        for name, password in DEMO_USERS.items():
            new_admin |= await _ensure_user(store, name, password) and name == "admin"
        await _seed_demo_properties(store)
        await seed_demo(store)
    elif seed_users:
        password = random_password()
        if await _ensure_user(store, "admin", password):
            generated, new_admin = password, True
    if (new_group or new_admin) and await store.get_user("admin") is not None:
        await store.add_group_members(ADMIN_GROUP, ["admin"])
    return generated


async def _seed_demo_properties(store: Store) -> None:
    project = await store.get_project(DEFAULT_PROJECT)
    assert project is not None
    if await store.find_property(project.property_sheet_id, ["PythonProperty"]) is None:
        change = PropertyChange(actor="admin", now=clock.now_ms(), value="PythonRestApi", create_only=True)
        with contextlib.suppress(AlreadyExists):
            await store.write_property(project.property_sheet_id, ["PythonProperty"], change)


def prepare(settings: Settings, seed_users: bool = True) -> str | None:
    """Migrate (unless told not to), seed, and in development mode record the state at start-up;
    returns a generated admin password, if any.

    `seed_users=False` (tools that only need the schema) never creates the first admin: that
    password is shown by the first `serve`."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if settings.database:
        check_postgres(settings.database)
    if not settings.no_migrate:
        upgrade(database_url(settings))

    async def run() -> str | None:
        store = await open_store(settings)
        try:
            password = await seed(store, settings.demo, seed_users)
            if settings.dev:  # what a reset of development mode's `data` goes back to
                await store.save_snapshot(STARTUP, clock.now_ms())
            return password
        finally:
            await store.close()

    return asyncio.run(run())
