"""A revocation's reason on /admin/certificates: a refund's is said in the reader's
language (the row keeps "order 135 refunded"), an admin's is shown as typed."""

from __future__ import annotations

from edu_platform.services.certificates.records import refund_reason
from edu_platform.state.admin_certificates import _reason


def test_a_refunds_reason_is_translated_and_an_admins_is_kept():
    assert _reason(refund_reason(135), "ru") == "Заказ 135 возвращён"
    assert _reason(refund_reason(135), "en") == "Order 135 refunded"
    assert _reason("order 135 refunded because", "ru") == "order 135 refunded because"
    assert _reason("Списано", "en") == "Списано"
    assert _reason(None, "en") == ""
