"""The first test of docs/testing.md, as it is shown there."""
import catalog_walk


def test_the_walk_survives_a_rotation(restkeep):
    catalog_walk.configure(restkeep.url, restkeep.verify)
    # after page 3, 31 minutes pass: the token the script holds has expired
    seen = catalog_walk.walk(after_page=lambda page: page == 3 and restkeep.clock.advance("31m"))
    assert len(seen) == 12_000
    restkeep.journal.assert_called("POST", "/enable-api/login", times=1)
