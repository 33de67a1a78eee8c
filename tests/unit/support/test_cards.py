"""The test helper for card expiry dates (tests/support/cards.py)."""

from __future__ import annotations

from datetime import date

from tests.support.cards import card_expiry


def test_expiry_moves_across_year_ends():
    assert card_expiry(0, today=date(2026, 12, 31)) == "12/26"
    assert card_expiry(1, today=date(2026, 12, 31)) == "01/27"
    assert card_expiry(-1, today=date(2027, 1, 1)) == "12/26"
    assert card_expiry(24, today=date(2026, 3, 5)) == "03/28"
