"""Saved sets (named lists of item ids) and saved searches (named search bodies), and the searches and
filters that name them with `savedSetId` / `savedSearchId`."""

from __future__ import annotations

from restkeep.server.settings import Settings
from tests.conftest import ADMIN, make_client
from tests.server.catalog.conftest import Catalog

DEMO = 10149


def ids(page: dict[str, object]) -> list[int]:
    return [item["id"] for item in page["itemList"]]  # type: ignore[attr-defined, index]


def test_a_saved_set_restricts_searches_filters_and_counts(cat: Catalog) -> None:
    first = ids(cat.search(repositoryId=DEMO, pageSize=6))
    set_id = cat.ok(
        "POST", "/savedSets", 201, json={"repositoryId": DEMO, "name": "picked", "itemIdList": first[:3]}
    )["id"]
    assert ids(cat.search(repositoryId=DEMO, savedSetId=set_id)) == first[:3]
    assert (
        ids(
            cat.ok(
                "POST",
                "/items/filter",
                json={"repositoryId": DEMO, "page": 1, "pageSize": 2, "savedSetId": set_id},
            )
        )
        == first[:2]
    )
    assert cat.ok("PUT", f"/savedSets/{set_id}/items", json={"itemIdList": first[3:5]}) == {"itemCount": 5}
    assert cat.ok("DELETE", f"/savedSets/{set_id}/items?itemIdList={first[0]}") == {"itemCount": 4}
    # the count follows the set's changes, though the repository's data did not change
    assert cat.ok("POST", "/items/count", json={"repositoryId": DEMO, "savedSetId": set_id}) == {"count": 4}
    shown = cat.ok("GET", f"/savedSets/{set_id}")
    assert shown["itemIdList"] == first[1:5] and shown["name"] == "picked" and shown["owner"] == "admin"
    assert [s["id"] for s in cat.ok("GET", f"/savedSets?repositoryId={DEMO}")] == [set_id]
    # a deleted item leaves the set
    cat.ok("DELETE", f"/items/{first[1]}")
    assert cat.ok("GET", f"/savedSets/{set_id}")["itemCount"] == 3
    assert cat.call("POST", "/savedSets", json={"repositoryId": DEMO, "name": "picked"}).status_code == 409
    assert cat.call("PUT", f"/savedSets/{set_id}/items", json={"itemIdList": [10**12]}).status_code == 404
    cat.ok("DELETE", f"/savedSets/{set_id}")
    assert cat.call("GET", f"/savedSets/{set_id}").status_code == 404
    assert (
        cat.call("POST", "/items/search", json={"repositoryId": DEMO, "savedSetId": set_id}).status_code
        == 404
    )


def test_a_saved_search_adds_its_filters_keyword_and_sort(cat: Catalog) -> None:
    garden = [{"attribute": "Category", "operator": "eq", "value": "Garden"}]
    by_price = [{"attribute": "Price", "direction": "desc"}]
    search_id = cat.ok(
        "POST",
        "/savedSearches",
        201,
        json={"repositoryId": DEMO, "name": "garden", "filters": garden, "sort": by_price},
    )["id"]
    direct = cat.search(repositoryId=DEMO, filters=garden, sort=by_price, pageSize=5)
    assert cat.search(repositoryId=DEMO, savedSearchId=search_id, pageSize=5) == direct
    cheap = [{"attribute": "Price", "operator": "lt", "value": 100}]
    both = cat.search(repositoryId=DEMO, savedSearchId=search_id, filters=cheap, pageSize=5)
    assert both == cat.search(repositoryId=DEMO, filters=garden + cheap, sort=by_price, pageSize=5)
    saved = cat.ok("GET", f"/savedSearches/{search_id}")
    assert saved["filters"] == [{**garden[0]}] and saved["name"] == "garden"
    bad = {
        "repositoryId": DEMO,
        "name": "bad",
        "filters": [{"attribute": "nope", "operator": "eq", "value": 1}],
    }
    assert cat.call("POST", "/savedSearches", json=bad).status_code == 400
    assert (
        cat.call("POST", "/items/search", json={"repositoryId": DEMO, "savedSearchId": 0}).status_code == 200
    )
    cat.ok("DELETE", f"/savedSearches/{search_id}")
    assert cat.ok("GET", f"/savedSearches?repositoryId={DEMO}") == []


def test_only_the_owner_or_who_may_modify_changes_a_saved_set(settings: Settings) -> None:
    with make_client(settings) as client:
        admin = Catalog(client)
        set_id = admin.ok("POST", "/savedSets", 201, json={"repositoryId": DEMO, "name": "mine"})["id"]
        client.put(
            f"/rest/v1.0/acls?catalogRepositoryId={DEMO}&principalName=system&principalType=user"
            "&readPrivilege=allow&modifyPrivilege=deny",
            headers=ADMIN,
        )
    with make_client(settings) as other:
        reader = Catalog(other, "system", "system")
        assert reader.ok("GET", f"/savedSets/{set_id}")["name"] == "mine"
        assert reader.call("DELETE", f"/savedSets/{set_id}").status_code == 403
        own = reader.ok("POST", "/savedSets", 201, json={"repositoryId": DEMO, "name": "theirs"})["id"]
        reader.ok("DELETE", f"/savedSets/{own}")
