"""The store says which column a taken unique value is in, on each backend, so the services need not
read driver messages or index names."""

from __future__ import annotations

import asyncio

import pytest

from restkeep.server import clock
from restkeep.server.settings import Settings
from restkeep.server.store import open_store
from restkeep.server.store.errors import AlreadyExists
from restkeep.server.store.records import NewAttribute


def test_a_taken_unique_value_names_its_column(settings: Settings) -> None:
    async def main() -> None:
        store = await open_store(settings)
        try:
            attributes = [NewAttribute("name", "string"), NewAttribute("code", "string", unique=True)]
            repository = await store.create_repository(None, "Unique", "", attributes, clock.now_ms())
            stored = await store.list_attributes(repository.id)
            code = next(a for a in stored if a.name == "code")
            await store.insert_items(repository.id, stored, [{code.id: "X"}], clock.now_ms())
            with pytest.raises(AlreadyExists) as taken:
                await store.insert_items(repository.id, stored, [{code.id: "X"}], clock.now_ms())
            assert taken.value.column == f"a{code.id}"
            (other,) = await store.insert_items(repository.id, stored, [{code.id: "Y"}], clock.now_ms())
            with pytest.raises(AlreadyExists) as taken:
                await store.update_item(other, {code.id: "X"}, clock.now_ms())
            assert taken.value.column == f"a{code.id}"
        finally:
            await store.close()

    asyncio.run(main())
