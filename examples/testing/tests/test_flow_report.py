"""The Flow script against a real server: a session that idles out between two calls."""
import pytest

import flow_report


@pytest.fixture
def report(restkeep):
    flow_report.configure(restkeep.url, restkeep.verify)
    return flow_report


def test_a_session_that_idles_out_is_replaced(restkeep, report):
    restkeep.credentials.policy(session_idle_timeout="30m")  # as our site runs it (the default: 3 days)
    assert report.record("NightlyItems", 12000) == "12000"
    restkeep.clock.advance("31m")
    assert report.record("NightlyItems", 12001) == "12001"
    logins = restkeep.journal.assert_called("POST", "/rest/v1.0/sessions", times=2)
    refused = restkeep.journal.entries(status=401)
    assert refused and refused[0].verdict.startswith("expired")
    assert logins[0].response_body["sessionId"].startswith("<redacted:")  # never the secret itself


@pytest.mark.restkeep(frozen_clock=True)
def test_with_the_clock_frozen_nothing_idles_out(restkeep, report):
    report.record("NightlyItems", 1)
    report.record("NightlyItems", 2)
    restkeep.journal.assert_called("POST", "/rest/v1.0/sessions", times=1)


def test_each_test_starts_from_the_same_state(restkeep, report):
    with pytest.raises(Exception):
        report.call("GET", "properties/NightlyItems", projectName="Default")  # set by other tests only
