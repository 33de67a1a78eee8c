"""The checkout names every malformed card field at once (the provider stops at the first)."""

from __future__ import annotations

from edu_platform.services.payments import card_format_errors
from tests.support.cards import VALID_EXP


def test_each_malformed_field_is_named():
    errors = card_format_errors("42", "13/30", "1")
    assert [(error.field, error.message_key) for error in errors] == [
        ("card_number", "commerce.pay.card_invalid"),
        ("exp", "commerce.pay.exp_invalid"),
        ("cvc", "commerce.pay.cvc_invalid"),
    ]


def test_a_well_formed_card_has_none():
    assert card_format_errors("4242 4242 4242 4242", VALID_EXP, "123") == []
