"""Deterministic product data: the demo repository 10149 and `restkeep catalog generate`."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from restkeep.server import clock
from restkeep.server.catalog.staging import add_items
from restkeep.server.store import Store
from restkeep.server.store.records import AttributeRecord, NewAttribute, RepositoryRecord

DEMO_REPOSITORY = 10149
DEMO_ITEMS = 12_000
PRODUCT_ATTRIBUTES = [
    NewAttribute("SKU", "string", required=True, unique=True),
    NewAttribute("Name", "string", required=True),
    NewAttribute("Description", "string"),
    NewAttribute("Category", "string"),
    NewAttribute("Price", "decimal"),
    NewAttribute("InStock", "boolean"),
    NewAttribute("Weight", "decimal"),
    NewAttribute("LaunchDate", "date"),
]
CATEGORIES = [
    "Tools",
    "Garden",
    "Kitchen",
    "Outdoor",
    "Office",
    "Lighting",
    "Audio",
    "Storage",
    "Toys",
    "Sports",
]
_ADJECTIVES = [
    "compact",
    "sturdy",
    "classic",
    "smart",
    "portable",
    "quiet",
    "bright",
    "rugged",
    "slim",
    "deluxe",
]
_MATERIALS = ["steel", "bamboo", "oak", "aluminium", "ceramic", "cotton", "glass", "copper", "carbon", "wool"]
_NOUNS = ["lamp", "kettle", "drill", "bench", "speaker", "shelf", "racket", "planter", "chair", "backpack"]
BATCH = 1000


def products(seed: int, first: int, count: int) -> Iterator[dict[str, Any]]:
    """`count` products, numbered from `first`; the same seed always gives the same products."""
    rng = random.Random(seed)  # noqa: S311 - reproducible sample data, not secrets
    for number in range(first, first + count):
        adjective, material, noun = rng.choice(_ADJECTIVES), rng.choice(_MATERIALS), rng.choice(_NOUNS)
        yield {
            "SKU": f"SKU-{seed:05d}-{number:08d}",
            "Name": f"{adjective.title()} {material} {noun}",
            "Description": f"A {adjective} {noun} made of {material}, number {number}.",
            "Category": rng.choice(CATEGORIES),
            "Price": round(rng.uniform(1, 500), 2),
            "InStock": rng.random() < 0.7,
            "Weight": round(rng.uniform(0.1, 25), 3),
            "LaunchDate": f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        }


def _by_id(attributes: list[AttributeRecord]) -> Callable[[dict[str, Any]], dict[int, Any]]:
    ids = {a.name: a.id for a in attributes}
    missing = [a.name for a in PRODUCT_ATTRIBUTES if a.name not in ids]
    if missing:
        raise ValueError(f"the repository lacks the product attributes {', '.join(missing)}")

    def convert(product: dict[str, Any]) -> dict[int, Any]:
        return {
            ids[name]: int(value) if isinstance(value, bool) else value for name, value in product.items()
        }

    return convert


async def ensure_repository(store: Store, repository_id: int, name: str) -> RepositoryRecord:
    existing = await store.get_repository(repository_id)
    if existing is not None:
        return existing
    description = "Generated products: SKU, Name, Description, Category, Price, InStock, Weight, LaunchDate"
    return await store.create_repository(repository_id, name, description, PRODUCT_ATTRIBUTES, clock.now_ms())


async def generate(
    store: Store,
    repository_id: int,
    count: int,
    commit_every: int = 50_000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add `count` generated products; each run numbers them after the items already there."""
    repository = await store.get_repository(repository_id)
    assert repository is not None
    attributes = await store.list_attributes(repository_id)
    convert = _by_id(attributes)
    # a run is identified by the repository's data version, so later runs never repeat a SKU
    source = products(repository_id + repository.data_version, repository.item_count + 1, count)
    done = 0
    while done < count:
        chunk = min(commit_every, count - done)

        def batches(size: int = chunk) -> Iterator[list[dict[int, Any]]]:
            for start in range(0, size, BATCH):
                yield [convert(next(source)) for _ in range(min(BATCH, size - start))]

        done += await add_items(store, repository_id, attributes, batches(), chunk)
        if progress:
            progress(done)
    return done


async def seed_demo(store: Store) -> None:
    """Repository 10149 "Demo Products" with 12,000 items, unless it exists already."""
    if await store.get_repository(DEMO_REPOSITORY) is None:
        await ensure_repository(store, DEMO_REPOSITORY, "Demo Products")
        await generate(store, DEMO_REPOSITORY, DEMO_ITEMS)
