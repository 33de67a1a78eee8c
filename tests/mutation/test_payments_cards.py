"""The sandbox card provider (services/payments/providers.py) at its edges: the refusal
each kind of bad input gets (key, field and the API's detail), the first and last month
of a year, and the reference a sandbox payment carries. Written to kill the mutants
`make mutation` found alive in services/payments/."""

from __future__ import annotations

import pytest

from edu_platform.models.base import utcnow
from edu_platform.services.errors import Invalid
from edu_platform.services.payments import SandboxProvider

GOOD = "4242 4242 4242 4242"
NEXT_YEAR = f"{(utcnow().year + 1) % 100:02d}"
# The refusals several inputs share: (key, the API's detail, field).
BAD_EXPIRY = ("commerce.pay.exp_invalid", "expiry must be MM/YY", "exp")
EXPIRED = ("commerce.pay.card_expired", "the card has expired", "exp")
BAD_CVC = ("commerce.pay.cvc_invalid", "CVC must be 3 or 4 digits", "cvc")


def _refusal(card: str, exp: str, cvc: str) -> tuple[str, str, str | None]:
    with pytest.raises(Invalid) as caught:
        SandboxProvider().check_card(card, exp, cvc)
    return caught.value.message_key, caught.value.detail, caught.value.field


@pytest.mark.parametrize(
    ("card", "exp", "cvc", "expected"),
    [
        (
            "4242",
            "01/" + NEXT_YEAR,
            "123",
            ("commerce.pay.card_invalid", "card number is not valid", "card_number"),
        ),
        (
            "5555 5555 5555 4444",
            "01/" + NEXT_YEAR,
            "123",
            (
                "commerce.pay.card_invalid",
                "unknown test card: use 4242 4242 4242 4242",
                "card_number",
            ),
        ),
        (GOOD, "13/" + NEXT_YEAR, "123", BAD_EXPIRY),
        (GOOD, "00/" + NEXT_YEAR, "123", BAD_EXPIRY),
        (GOOD, "", "123", BAD_EXPIRY),
        (GOOD, "01/20", "123", EXPIRED),
        (GOOD, "12/2020", "123", EXPIRED),
        (GOOD, "12/" + NEXT_YEAR, "12", BAD_CVC),
        (GOOD, "12/" + NEXT_YEAR, "", BAD_CVC),
    ],
)
def test_each_bad_card_input_gets_its_own_refusal(card, exp, cvc, expected):
    assert _refusal(card, exp, cvc) == expected


@pytest.mark.parametrize(
    ("card", "detail"),
    [
        ("4242 4242 424", "card number is not valid"),  # 11 digits
        ("4242 4242 4242", "unknown test card: use 4242 4242 4242 4242"),  # 12
        ("4242-4242-4242-4242-424", "unknown test card: use 4242 4242 4242 4242"),  # 19
        ("4242 4242 4242 4242 4242", "card number is not valid"),  # 20
        ("4242 4242 4242 424x", "card number is not valid"),
    ],
)
def test_card_numbers_of_12_to_19_digits_reach_the_provider(card, detail):
    assert _refusal(card, "01/" + NEXT_YEAR, "123") == (
        "commerce.pay.card_invalid",
        detail,
        "card_number",
    )


@pytest.mark.parametrize("month", ["01", "1", "12"])
def test_the_first_and_the_last_month_are_valid(month):
    card = SandboxProvider().check_card(GOOD, f"{month}/{NEXT_YEAR}", " 1234 ")
    assert (card.number, card.exp_month, card.exp_year, card.cvc) == (
        "4242424242424242",
        int(month),
        2000 + int(NEXT_YEAR),
        "1234",
    )


def test_sandbox_references_are_recognisable_and_unique():
    references = {SandboxProvider().new_reference() for _ in range(20)}
    assert len(references) == 20
    assert all(ref.startswith("sbx_") for ref in references)
