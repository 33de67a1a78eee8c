"""Webhook endpoints (admin) and the delivery of domain events to them.

Endpoints: an admin registers a URL and the event types it wants; the secret is made
here and shown once (create returns it, nothing else does). In production a URL whose
host resolves to a loopback, private, link-local or otherwise non-public address is
refused (at registration and again before every attempt) unless WEBHOOK_ALLOW_PRIVATE=1.

Delivery (`deliver`, run by jobs/webhooks.py): POST `{id, type, occurred_at, data}` with
X-Edu-Event, X-Edu-Delivery, X-Edu-Timestamp and
X-Edu-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>. A 2xx is
delivered; anything else, or no answer within 10 s, is retried after 1, 5, 30, 120 and
360 minutes (`next_attempt_at`, picked up by the periodic sweep), then failed. Each
failed attempt adds one to the endpoint's failure streak; at 20 in a row the endpoint is
disabled and its owner notified (notification + mail). No transaction is open during
the HTTP call.
"""

from __future__ import annotations

from edu_platform.services.webhooks.delivery import (
    DISABLE_AFTER_FAILURES,
    DISABLED_KIND,
    KEEP_HISTORY,
    LEASE,
    MAX_ATTEMPTS,
    RETRY_SCHEDULE,
    TIMEOUT_SECONDS,
    Attempt,
    Outcome,
    claim,
    deliver,
    due_attempts,
    purge_history,
    record,
    send,
    sign,
    verify_signature,
)
from edu_platform.services.webhooks.endpoints import (
    CreatedEndpoint,
    DeliveryView,
    EndpointView,
    create_endpoint,
    delete_endpoint,
    get_endpoint,
    list_deliveries,
    list_endpoints,
    redeliver,
    update_endpoint,
)
from edu_platform.services.webhooks.targets import (
    MAX_URL_LENGTH,
    check_events,
    check_url,
    private_targets_allowed,
    refuse_private_target,
)

__all__ = [
    "DISABLED_KIND",
    "DISABLE_AFTER_FAILURES",
    "KEEP_HISTORY",
    "LEASE",
    "MAX_ATTEMPTS",
    "MAX_URL_LENGTH",
    "RETRY_SCHEDULE",
    "TIMEOUT_SECONDS",
    "Attempt",
    "CreatedEndpoint",
    "DeliveryView",
    "EndpointView",
    "Outcome",
    "check_events",
    "check_url",
    "claim",
    "create_endpoint",
    "delete_endpoint",
    "deliver",
    "due_attempts",
    "get_endpoint",
    "list_deliveries",
    "list_endpoints",
    "private_targets_allowed",
    "purge_history",
    "record",
    "redeliver",
    "refuse_private_target",
    "send",
    "sign",
    "update_endpoint",
    "verify_signature",
]
