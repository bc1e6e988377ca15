from __future__ import annotations

from restkeep.server import clock


def test_format_matches_the_seed() -> None:
    assert clock.format_ms(1511800466271) == "2017-11-27T16:34:26.271Z"
    assert clock.format_ms(1511800466001) == "2017-11-27T16:34:26.001Z"


def test_advance_moves_now_forward() -> None:
    before = clock.now_ms()
    clock.advance(3600)
    assert clock.now_ms() - before >= 3_600_000
    clock.reset()
    assert clock.now_ms() - before < 3_600_000
