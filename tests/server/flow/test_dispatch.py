"""The routing table: each path finds its operation's endpoint and parameters, nothing else does."""

from __future__ import annotations

import pytest

from restkeep.server.families import FAMILIES
from restkeep.server.routing import Routes

ROUTES = Routes(FAMILIES)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/rest/v1.0/sessions", {}),
        ("/rest/v1.0/properties/a/b/c", {"propertyName": "a/b/c"}),
        ("/rest/v1.0/projects/Default", {"projectName": "Default"}),
        ("/rest/v1.0/projects/Default/a/b", {"projectName": "Default", "propertyName": "a/b"}),
        (
            "/rest/v1.0/artifactVersions/g:a:1/files/x/y.txt",
            {"artifactVersionName": "g:a:1", "path": "x/y.txt"},
        ),
        ("/rest/v1.0/artifactVersions/g:a:1/archive", {"artifactVersionName": "g:a:1"}),
        ("/enable-api/login", {}),
        ("/webcm/rest/api/items/12", {"item_id": 12}),
        ("/webcm/rest/api/items/auditHistories", {}),
        ("/webcm/rest/api/repositories/3/attributes/4/values", {"repository_id": 3, "attribute_id": 4}),
    ],
)
def test_paths_find_their_endpoint_and_parameters(path: str, params: dict[str, str]) -> None:
    found = ROUTES.match(path)
    assert found is not None and found[1] == params


def test_the_same_path_always_finds_the_same_endpoint() -> None:
    one, two = ROUTES.match("/rest/v1.0/projects/A"), ROUTES.match("/rest/v1.0/projects/B")
    other = ROUTES.match("/rest/v1.0/projects/A/p")
    assert one and two and other and one[0] is two[0] and other[0] is not one[0]


@pytest.mark.parametrize(
    "path",
    [
        "/rest/v1.0",
        "/rest/v1.0/",
        "/rest/v1.0/nothing",
        "/rest/v1.0x/sessions",
        "/enable-api/nothing",
        "/webcm/rest/api/items/x",
        "/webcm/rest/swagger-ui.html",
        "/",
    ],
)
def test_anything_else_is_left_to_the_application_behind(path: str) -> None:
    assert ROUTES.match(path) is None
