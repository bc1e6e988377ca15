"""The Catalog walk against a real server: its token handling, exercised in seconds."""
import pytest

import catalog_walk

SEARCH = "/webcm/rest/api/items/search"


@pytest.fixture
def walker(restkeep):
    catalog_walk.configure(restkeep.url, restkeep.verify)
    return catalog_walk


def test_the_walk_survives_a_rotation_mid_walk(restkeep, walker):
    # page 3 of 24 ends, then 31 minutes pass: the epimresttoken the script holds has expired
    seen = walker.walk(after_page=lambda page: page == 3 and restkeep.clock.advance("31m"))
    assert len(seen) == len(set(seen)) == 12_000
    searches = restkeep.journal.calls("POST", SEARCH)
    # the first search sent no epimresttoken and got one; the fourth sent it expired and got another
    rotated = [i for i, e in enumerate(searches) if e.credential["kind"] == "epimresttoken" and
               e.verdict.startswith("rotated")]
    assert rotated == [3] and searches[3].verdict == "rotated (generation 3)"
    stale = searches[3].credential["fingerprint"]
    assert all(e.credential["fingerprint"] != stale for e in searches[4:])  # the new one from then on


def test_logged_in_exactly_once_and_never_sent_a_stale_token(restkeep, walker):
    walker.walk(after_page=lambda page: page % 5 == 0 and restkeep.clock.advance("31m"))
    restkeep.journal.assert_called("POST", "/enable-api/login", times=1)
    searches = restkeep.journal.calls("POST", SEARCH)
    replaced = 0
    for i, entry in enumerate(searches):
        assert not entry.verdict.startswith(("expired", "revoked", "unknown")), entry
        if entry.credential["kind"] == "epimresttoken" and entry.verdict.startswith("rotated"):
            replaced += 1
            old = entry.credential["fingerprint"]
            assert all(e.credential["fingerprint"] != old for e in searches[i + 1:])  # never sent again
    assert replaced == 4  # after pages 5, 10, 15 and 20


def test_an_expired_login_is_recovered_through_reauth(restkeep, walker):
    def expire_login(page):
        if page == 2:
            assert restkeep.credentials.expire(kind="ewtoken", user="system") == 1

    assert len(walker.walk(after_page=expire_login)) == 12_000
    restkeep.journal.assert_called("POST", "/enable-api/login", times=2)
    assert any(not e.response_body["success"] for e in restkeep.journal.calls("GET", "/enable-api/reauth"))


def test_retries_through_two_503s_and_a_reset_connection(restkeep, walker):
    with restkeep.fault(path=SEARCH, status=503, first_n=2) as unavailable, \
            restkeep.fault(path=SEARCH, connection="reset", first_n=1) as reset:
        seen = walker.walk()
        assert restkeep.fired(unavailable) == 2 and restkeep.fired(reset) == 1
    assert len(seen) == len(set(seen)) == 12_000
    statuses = [e.status for e in restkeep.journal.calls("POST", SEARCH)]
    assert statuses[:4] == [503, 503, 0, 200]  # 0: no answer, the connection was reset


@pytest.mark.restkeep(faults=[{"path": SEARCH, "status": 503, "every_nth": 4}])
def test_a_flaky_server_all_walk_long(restkeep, walker):
    assert len(walker.walk()) == 12_000
    assert [e.status for e in restkeep.journal.calls("POST", SEARCH)].count(503) >= 5
