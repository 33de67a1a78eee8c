"""Payments: the provider interface, the built-in sandbox provider, and paying an order.

A card provider validates what the payer typed and starts the payment; the outcome always
arrives through the signed webhook (services/payment_webhook.py). The sandbox sends that
webhook itself, in-process, through the very function the HTTP route calls.

A redirect provider (YooKassa, services/yookassa.py) creates the payment at its API and
gives the URL the buyer pays on; the outcome arrives as an unsigned notification that
counts only after the provider's API confirms it (`handle_yookassa_notification`), or
when the buyer comes back and the checkout page asks the API (`refresh_order_payments`).
Both paths end in the same `apply_event` as the signed webhook. How `pay` turns concurrent
clicks into one payment: payments/checkout.py.
"""

from edu_platform.services.payment_webhook import (
    WebhookOutcome,
    handle_payment_webhook,
    sign,
    verify_signature,
    webhook_body,
)
from edu_platform.services.payments.checkout import PaymentResult, pay
from edu_platform.services.payments.confirmations import (
    NotificationOutcome,
    apply_yookassa_payment,
    handle_yookassa_notification,
    refresh_order_payments,
)
from edu_platform.services.payments.providers import (
    PROVIDERS,
    Card,
    CardProvider,
    PaymentProvider,
    RedirectProvider,
    SandboxProvider,
    card_format_errors,
    get_provider,
)

__all__ = [
    "PROVIDERS",
    "Card",
    "CardProvider",
    "NotificationOutcome",
    "PaymentProvider",
    "PaymentResult",
    "RedirectProvider",
    "SandboxProvider",
    "WebhookOutcome",
    "apply_yookassa_payment",
    "card_format_errors",
    "get_provider",
    "handle_payment_webhook",
    "handle_yookassa_notification",
    "pay",
    "refresh_order_payments",
    "sign",
    "verify_signature",
    "webhook_body",
]
