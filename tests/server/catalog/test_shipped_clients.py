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
    response = cat.call("GET", "/items/auditHistories")
    assert response.status_code == 404
    assert "integer" not in response.json()["error"]


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
