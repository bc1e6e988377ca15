"""The fault rule language on its own: checking, path patterns, triggers, seeded draws."""

from __future__ import annotations

import msgspec
import pytest

from restkeep.server.dev.faults import Armed, Rule, Stored, check, draw
from restkeep.server.errors import InvalidArgument


def armed(**rule: object) -> Armed:
    checked = check(msgspec.convert(rule, Rule))
    return Armed.of(Stored(**msgspec.structs.asdict(checked), id=1))


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("/webcm/rest/api/items/search", "/webcm/rest/api/items/search", True),
        ("/webcm/rest/api/items/search", "/webcm/rest/api/items/searchx", False),
        ("/webcm/rest/api/*/search", "/webcm/rest/api/items/search", True),
        ("/webcm/rest/api/*/search", "/webcm/rest/api/a/b/search", False),
        ("/webcm/**", "/webcm/rest/api/repositories", True),
        ("/webcm/**", "/webcm", True),
        ("/webcm/**", "/webcmx/rest", False),
        ("/rest/v1.0/**/properties", "/rest/v1.0/projects/p/properties", True),
        ("/rest/v1.0/*", "/rest/v1.0/projects", True),
        ("/rest/v1.0/*", "/rest/v1.0/projects/Default", False),
        ("/a.b/*", "/aXb/c", False),  # a literal dot is a dot
    ],
)
def test_paths_match_segment_by_segment(pattern: str, path: str, matches: bool) -> None:
    assert armed(match={"path": pattern}, action={"status": 503}).matches("GET", path) is matches


def test_api_and_method_narrow_the_match() -> None:
    rule = armed(match={"api": "catalog", "method": "post"}, action={"status": 500})
    assert rule.matches("POST", "/enable-api/login")
    assert rule.matches("POST", "/webcm/rest/api/items/search")
    assert not rule.matches("GET", "/webcm/rest/api/items/search")
    assert not rule.matches("POST", "/rest/v1.0/sessions")


def test_first_n_every_nth_and_max_fires_all_hold() -> None:
    first = armed(action={"status": 503}, trigger={"firstN": 2})
    assert [first.fires(seen, fired=0) for seen in (1, 2, 3)] == [True, True, False]
    every = armed(action={"status": 503}, trigger={"everyNth": 3, "maxFires": 2})
    fired, pattern = 0, []
    for seen in range(1, 13):
        fires = every.fires(seen, fired)
        fired += fires
        pattern.append(fires)
    assert [n for n, f in enumerate(pattern, 1) if f] == [3, 6]


def test_a_seeded_probability_fires_on_the_same_requests_every_time() -> None:
    rule = armed(action={"status": 503}, trigger={"probability": 0.25, "seed": 7})
    pattern = [rule.fires(seen, 0) for seen in range(1, 401)]
    assert pattern == [rule.fires(seen, 0) for seen in range(1, 401)]
    assert 60 < sum(pattern) < 140  # about a quarter
    other = armed(action={"status": 503}, trigger={"probability": 0.25, "seed": 8})
    assert pattern != [other.fires(seen, 0) for seen in range(1, 401)]
    assert all(0 <= draw(7, n, "fire") < 1 for n in range(100))


def test_a_uniform_delay_stays_in_its_range() -> None:
    rule = armed(action={"delay": {"uniform": ["100ms", "300ms"]}})
    delays = [rule.delay(seen) for seen in range(1, 50)]
    assert all(0.1 <= d <= 0.3 for d in delays) and len(set(delays)) > 10
    assert armed(action={"delay": "250ms"}).delay(1) == 0.25


@pytest.mark.parametrize(
    ("rule", "names"),
    [
        ({"action": {}}, "'action'"),
        ({"action": {"status": 302}}, "'action.status'"),
        ({"action": {"delay": "soon"}}, "'action.delay'"),
        ({"action": {"delay": "11m"}}, "'action.delay'"),
        ({"action": {"delay": {"uniform": ["2s", "1s"]}}}, "'action.delay.uniform'"),
        ({"action": {"status": 503}, "match": {"path": "webcm"}}, "'match.path'"),
        ({"action": {"status": 503}, "match": {"path": "/web*/x"}}, "'match.path'"),
        ({"action": {"status": 503}, "match": {"method": "GE T"}}, "'match.method'"),
        ({"action": {"status": 503}, "trigger": {"probability": 0}}, "'trigger.probability'"),
        ({"action": {"status": 503}, "trigger": {"probability": 1.5}}, "'trigger.probability'"),
        ({"action": {"status": 503}, "trigger": {"firstN": 0}}, "'trigger.firstN'"),
        ({"action": {"status": 503}, "trigger": {"everyNth": -1}}, "'trigger.everyNth'"),
        ({"action": {"status": 503}, "trigger": {"maxFires": 0}}, "'trigger.maxFires'"),
    ],
)
def test_a_bad_rule_is_refused_naming_its_field(rule: dict[str, object], names: str) -> None:
    with pytest.raises(InvalidArgument, match=names):
        check(msgspec.convert(rule, Rule))
