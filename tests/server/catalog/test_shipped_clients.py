"""Calls that shipped Catalog clients make, in their own spellings."""

from __future__ import annotations

from restkeep.server.settings import Settings
from tests.conftest import ADMIN, make_client
from tests.server.catalog.conftest import Catalog


def test_delete_items_takes_a_comma_separated_id_list_in_the_query(cat: Catalog) -> None:
    ids = [
        cat.ok("POST", "/items?repositoryId=10149", 201, json={"SKU": f"DEL-{i}", "Name": "x"})["id"]
        for i in range(3)
    ]
    assert cat.ok("DELETE", f"/items?itemIdList={ids[0]},{ids[1]}") == {"deleted": 2}
    assert cat.call("GET", f"/items/{ids[0]}").status_code == 404
    assert cat.call("GET", f"/items/{ids[2]}").status_code == 200
    assert cat.call("DELETE", "/items?itemIdList=1,two").status_code == 400
    assert cat.call("DELETE", "/items?itemIdList=").status_code == 400


def test_a_path_an_item_route_does_not_own_is_not_a_type_error(cat: Catalog) -> None:
    response = cat.call("GET", "/items/notAnItem")
    assert response.status_code == 404
    assert "integer" not in response.json()["error"]
    history = cat.call("GET", "/items/auditHistories")  # its own route, which needs a repository
    assert history.status_code == 400 and "repositoryId" in history.json()["error"]


def test_repositories_select_by_name_and_say_what_the_caller_may_do(settings: Settings) -> None:
    with make_client(settings) as client:
        cat = Catalog(client)
        cat.ok(
            "POST",
            "/repositories",
            201,
            json={"name": "Second", "attributes": [{"name": "a", "type": "string"}]},
        )
        named = cat.ok("GET", "/repositories?NAME=Demo%20Products")
        assert [r["id"] for r in named] == [10149]
        assert cat.ok("GET", "/repositories?NAME=nothing") == []
        everything = cat.ok("GET", "/repositories")
        assert len(everything) == 2
        assert all(r["canRead"] and r["canEdit"] and r["canDelete"] and r["canView"] for r in everything)
        # a user who may read the demo repository but not change it
        client.put(
            "/rest/v1.0/acls?catalogRepositoryId=10149&principalName=system&principalType=user"
            "&readPrivilege=allow&modifyPrivilege=deny",
            headers=ADMIN,
        )
    with make_client(settings) as other:
        reader = Catalog(other, "system", "system")
        demo = next(r for r in reader.ok("GET", "/repositories") if r["id"] == 10149)
        assert demo["canRead"] and demo["canView"]
        assert not demo["canEdit"] and not demo["canDelete"]


def test_items_filter_is_the_search_connectors_call_with_their_body(cat: Catalog) -> None:
    body = {
        "repositoryId": 10149,
        "page": 2,
        "pageSize": 5,
        "savedSetId": 0,
        "userPreferenceId": 0,
        "getCodeSetDescInd": True,
    }
    expected = cat.search(repositoryId=10149, page=2, pageSize=5)
    for path in ("/items/filter", "/items/filters"):
        assert cat.ok("POST", path, json=body) == expected
    unknown_set = cat.call("POST", "/items/filter", json={**body, "savedSetId": 77})
    assert unknown_set.status_code == 404 and "savedSetId" in unknown_set.json()["error"]


def test_the_distinct_values_of_an_attribute_with_counts_paged(cat: Catalog) -> None:
    attributes = {a["name"]: a["id"] for a in cat.ok("GET", "/repositories/10149/attributes")}
    path = f"/repositories/10149/attributes/{attributes['Category']}/values"
    first = cat.ok("GET", path + "?pageSize=3")
    assert first["returnTotal"] == 3 and first["searchTotal"] >= 3
    everything = cat.ok("GET", path + "?pageSize=1000")["valueList"]
    assert [v["value"] for v in everything] == sorted(v["value"] for v in everything)
    assert sum(v["count"] for v in everything) == 12000
    assert everything[:3] == first["valueList"]
    one = everything[0]["value"]
    matching = cat.search(
        repositoryId=10149, filters=[{"attribute": "Category", "operator": "eq", "value": one}]
    )
    assert matching["searchTotal"] == everything[0]["count"]
    in_stock = cat.ok("GET", f"/repositories/10149/attributes/{attributes['InStock']}/values")["valueList"]
    assert {v["value"] for v in in_stock} <= {True, False, None}
    assert cat.call("GET", "/repositories/10149/attributes/999999/values").status_code == 404
    assert cat.call("GET", path + "?pageSize=0").status_code == 400
