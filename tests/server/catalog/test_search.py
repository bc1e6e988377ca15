"""Search: paging with and without filters, sorts and keywords against an oracle computed here;
cursor paging equal to page paging; every error case."""

from __future__ import annotations

import random
from typing import Any

import msgspec
import pytest

from tests.server.catalog.conftest import Catalog

WORDS = ["red", "green", "blue", "lamp", "chair", "oak", "steel", "Ünïcode", "zebra", "apple"]
ATTRIBUTES = [
    {"name": "code", "type": "string", "required": True, "unique": True},
    {"name": "label", "type": "string"},
    {"name": "qty", "type": "integer"},
    {"name": "price", "type": "decimal"},
    {"name": "ok", "type": "boolean"},
    {"name": "day", "type": "date"},
]


class Dataset:
    def __init__(self, cat: Catalog, size: int = 240) -> None:
        self.cat = cat
        self.repository_id, self.ids = cat.repository("Oracle", ATTRIBUTES)
        rng = random.Random(7)
        rows: list[dict[str, Any]] = []
        for n in range(size):
            values = {
                "code": f"C{n:04d}",
                "label": None if n % 11 == 0 else " ".join(rng.sample(WORDS, 2)),
                "qty": None if n % 13 == 0 else rng.randint(-5, 40),
                "price": rng.choice([None, round(rng.uniform(0, 100), 2), 9.5, 10.0]),
                "ok": rng.choice([True, False, None]),
                "day": None
                if n % 7 == 0
                else f"202{rng.randint(0, 4)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            }
            rows.append(values)
        body = b"".join(msgspec.json.encode(row) + b"\n" for row in rows)
        assert cat.ok(
            "POST", f"/items/import?repositoryId={self.repository_id}&format=jsonl", content=body
        ) == {"imported": size}
        listed = cat.search(repositoryId=self.repository_id, pageSize=1000, attributes=["code"])["itemList"]
        ids = {item[self.f("code")]: item["id"] for item in listed}
        self.items = [{"id": ids[row["code"]], **row} for row in rows]

    def f(self, name: str) -> str:
        return f"F_{self.ids[name]}"

    def oracle(self, keep: Any = None, sort: list[tuple[str, str]] = ()) -> list[int]:  # type: ignore[assignment]
        rows = [item for item in self.items if keep is None or keep(item)]
        rows.sort(key=lambda item: item["id"])
        for name, direction in reversed(sort):
            present = [r for r in rows if r[name] is not None]
            absent = [r for r in rows if r[name] is None]
            present.sort(key=lambda r: r[name], reverse=direction == "desc")
            # ascending: NULLs first; descending: NULLs last
            rows = absent + present if direction == "asc" else present + absent
        return [r["id"] for r in rows]

    def walk_pages(self, size: int, **body: Any) -> list[int]:
        seen: list[int] = []
        page = 1
        while True:
            data = self.cat.search(repositoryId=self.repository_id, page=page, pageSize=size, **body)
            seen += [item["id"] for item in data["itemList"]]
            assert data["returnTotal"] == len(data["itemList"])
            if data["searchTotal"] <= size * page or data["returnTotal"] < size:
                return seen
            page += 1

    def walk_cursor(self, size: int, **body: Any) -> list[int]:
        seen: list[int] = []
        cursor = None
        while True:
            data = self.cat.search(repositoryId=self.repository_id, pageSize=size, cursor=cursor, **body)
            seen += [item["id"] for item in data["itemList"]]
            cursor = data["nextCursor"]
            if cursor is None:
                return seen


@pytest.fixture
def data(cat: Catalog) -> Dataset:
    return Dataset(cat)


def test_default_order_is_id_and_paging_covers_everything_once(data: Dataset) -> None:
    expected = data.oracle()
    for size in (1, 7, 25, 240, 1000):
        assert data.walk_pages(size) == expected
        assert data.walk_cursor(size) == expected
    first = data.cat.search(repositoryId=data.repository_id)
    assert first["pageSize"] == 20 and first["page"] == 1 and first["searchTotal"] == 240


@pytest.mark.parametrize(
    "sort",
    [
        [("qty", "asc")],
        [("qty", "desc")],
        [("price", "desc"), ("label", "asc")],
        [("ok", "asc"), ("day", "desc"), ("qty", "asc")],
        [("label", "asc")],
        [("code", "desc")],
    ],
)
def test_sorted_paging_matches_the_oracle(data: Dataset, sort: list[tuple[str, str]]) -> None:
    body_sort = [{"attribute": data.f(name), "direction": direction} for name, direction in sort]
    expected = data.oracle(sort=sort)
    assert data.walk_pages(9, sort=body_sort) == expected  # pages past the middle are read from the far end
    assert data.walk_cursor(9, sort=body_sort) == expected


def _ok_filter(item: dict[str, Any]) -> bool:
    return item["qty"] is not None and item["qty"] >= 10 and item["ok"] is not None


FILTERS: list[tuple[list[tuple[str, str, Any]], Any]] = [
    ([("qty", "gte", 10), ("ok", "notNull", None)], _ok_filter),
    ([("qty", "gt", "9")], lambda i: i["qty"] is not None and i["qty"] > 9),  # numbers compare as numbers
    ([("price", "lt", 10)], lambda i: i["price"] is not None and i["price"] < 10),
    ([("price", "eq", 9.5)], lambda i: i["price"] == 9.5),
    ([("price", "ne", 10)], lambda i: i["price"] is not None and i["price"] != 10),
    ([("day", "lte", "2021-05-15")], lambda i: i["day"] is not None and i["day"] <= "2021-05-15"),
    ([("day", "isNull", None)], lambda i: i["day"] is None),
    ([("ok", "eq", "true")], lambda i: i["ok"] is True),
    ([("label", "contains", "ee")], lambda i: i["label"] is not None and "ee" in i["label"]),
    ([("label", "startsWith", "oak")], lambda i: i["label"] is not None and i["label"].startswith("oak")),
    ([("code", "in", ["C0001", "C0100", "C9999"])], lambda i: i["code"] in ("C0001", "C0100")),
    ([("qty", "in", [])], lambda i: False),
    ([("qty", "lte", 3), ("qty", "gte", 1)], lambda i: i["qty"] is not None and 1 <= i["qty"] <= 3),
]


@pytest.mark.parametrize(("filters", "keep"), FILTERS)
def test_filters_match_the_oracle(data: Dataset, filters: list[tuple[str, str, Any]], keep: Any) -> None:
    body = [{"attribute": data.f(name), "operator": op, "value": value} for name, op, value in filters]
    expected = data.oracle(keep)
    result = data.cat.search(repositoryId=data.repository_id, pageSize=1000, filters=body)
    assert [item["id"] for item in result["itemList"]] == expected
    assert result["searchTotal"] == len(expected)
    assert data.cat.ok(
        "POST", "/items/count", json={"repositoryId": data.repository_id, "filters": body}
    ) == {"count": len(expected)}
    sort = [{"attribute": data.f("price"), "direction": "desc"}]
    assert data.walk_pages(6, filters=body, sort=sort) == data.oracle(keep, [("price", "desc")])
    assert data.walk_cursor(6, filters=body, sort=sort) == data.oracle(keep, [("price", "desc")])


def test_attribute_names_work_in_filters_and_sorts(data: Dataset) -> None:
    by_name = data.cat.search(
        repositoryId=data.repository_id,
        pageSize=1000,
        filters=[{"attribute": "qty", "operator": "gt", "value": 30}],
        sort=[{"attribute": "qty"}],
    )
    assert [i["id"] for i in by_name["itemList"]] == data.oracle(
        lambda i: i["qty"] is not None and i["qty"] > 30, [("qty", "asc")]
    )


def test_keyword_full_text(data: Dataset) -> None:
    for keyword, words in (("lamp", ["lamp"]), ("LAMP oak", ["lamp", "oak"]), ("ünïcode", ["Ünïcode"])):
        expected = data.oracle(
            lambda i, w=words: i["label"] is not None and all(x in i["label"].split() for x in w)
        )
        result = data.cat.search(repositoryId=data.repository_id, pageSize=1000, keyword=keyword)
        assert [i["id"] for i in result["itemList"]] == expected, keyword
        assert expected
    assert data.cat.search(repositoryId=data.repository_id, keyword="nothing-like-this")["searchTotal"] == 0


def test_selected_attributes_only(data: Dataset) -> None:
    item = data.cat.search(repositoryId=data.repository_id, pageSize=1, attributes=["code", data.f("qty")])[
        "itemList"
    ][0]
    assert set(item) == {"id", "repositoryId", "createTime", "modifyTime", data.f("code"), data.f("qty")}


def test_pages_past_the_end_are_empty(data: Dataset) -> None:
    result = data.cat.search(repositoryId=data.repository_id, page=99, pageSize=20)
    assert result["itemList"] == [] and result["searchTotal"] == 240 and result["nextCursor"] is None


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"page": 0}, 400),
        ({"pageSize": 0}, 400),
        ({"pageSize": 1001}, 400),
        ({"page": "one"}, 400),
        ({"filters": [{"attribute": "nope", "operator": "eq", "value": 1}]}, 400),
        ({"filters": [{"attribute": "qty", "operator": "like", "value": 1}]}, 400),
        ({"filters": [{"attribute": "qty", "operator": "eq", "value": "ten"}]}, 400),
        ({"filters": [{"attribute": "qty", "operator": "contains", "value": "1"}]}, 400),
        ({"filters": [{"attribute": "qty", "operator": "in", "value": 3}]}, 400),
        ({"filters": [{"attribute": "qty", "operator": "eq"}]}, 400),
        ({"sort": [{"attribute": "qty", "direction": "up"}]}, 400),
        ({"cursor": "garbage"}, 400),
        ({"colour": "red"}, 400),
        ({"repositoryId": 424242}, 404),
    ],
)
def test_bad_searches(data: Dataset, body: dict[str, Any], status: int) -> None:
    response = data.cat.call("POST", "/items/search", json={"repositoryId": data.repository_id, **body})
    assert response.status_code == status, response.text
    assert response.json()["success"] is False and response.json()["error"]


def test_a_cursor_only_fits_its_own_search(data: Dataset) -> None:
    cursor = data.cat.search(repositoryId=data.repository_id, pageSize=5)["nextCursor"]
    other = data.cat.call(
        "POST",
        "/items/search",
        json={"repositoryId": data.repository_id, "cursor": cursor, "sort": [{"attribute": "qty"}]},
    )
    assert other.status_code == 400 and "different search" in other.json()["error"]


def test_demo_repository_pages_like_the_seed(cat: Catalog) -> None:
    data = cat.search(repositoryId=10149, page=600, pageSize=20)
    assert data["searchTotal"] == 12000 and data["returnTotal"] == 20
    assert data["itemList"][-1]["id"] == max(i["id"] for i in data["itemList"])


def test_totals_follow_every_write(data: Dataset) -> None:
    body = {
        "repositoryId": data.repository_id,
        "filters": [{"attribute": "qty", "operator": "gte", "value": 0}],
    }
    before = data.cat.search(**body)["searchTotal"]
    assert data.cat.search(**body)["searchTotal"] == before  # from the cache now
    data.cat.ok("POST", f"/items?repositoryId={data.repository_id}", 201, json={"code": "new", "qty": 5})
    assert data.cat.search(**body)["searchTotal"] == before + 1
    victim = data.oracle(lambda i: i["qty"] is not None and i["qty"] >= 0)[0]
    data.cat.ok("PATCH", f"/items/{victim}", json={"qty": -1})
    assert data.cat.search(**body)["searchTotal"] == before


def _walk(cat: Catalog, body: dict[str, Any]) -> list[int]:
    """Every match's id in order, by cursor (keyset paging: the reference the page numbers must meet)."""
    ids: list[int] = []
    cursor = None
    while True:
        page = cat.search(**body, pageSize=1000, **({"cursor": cursor} if cursor else {}))
        ids += [item["id"] for item in page["itemList"]]
        cursor = page["nextCursor"]
        if cursor is None:
            return ids


@pytest.mark.parametrize(
    "shape",
    [
        {
            "filters": [{"attribute": "Price", "operator": "gte", "value": 1}],
            "sort": [{"attribute": "Price", "direction": "desc"}],
        },
        {"sort": [{"attribute": "Category"}]},  # ten values: the id breaks the ties
    ],
)
def test_deep_pages_agree_with_a_cursor_walk_before_and_after_a_write(
    cat: Catalog, shape: dict[str, Any]
) -> None:
    """Pages between the ends start from the marks (every 1,000th match's sort values); on and next
    to a mark, and after a write that moves every match by one, they hold what the walk holds."""
    body = {"repositoryId": 10149, **shape}
    for written in (False, True):
        ids = _walk(cat, body)
        for size, page in [
            (25, 80),
            (25, 81),
            (7, 286),
            (25, 120),
            (25, 121),
            (1000, 5),
            (13, 700),
            (25, 399),
        ]:
            offset = (page - 1) * size
            got = cat.search(**body, page=page, pageSize=size)
            assert [item["id"] for item in got["itemList"]] == ids[offset : offset + size], (size, page)
        if not written:  # an item that sorts before all the others: every position moves by one
            cat.ok(
                "POST",
                "/items?repositoryId=10149",
                201,
                json={"SKU": "FIRST", "Name": "First", "Price": 9999, "Category": ""},
            )
