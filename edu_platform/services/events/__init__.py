"""Domain events for integrations: `emit(session, type, data)` in the business transaction.

An event is one `outbox` row (kind "webhook": type in `subject`, the envelope
`{id, type, occurred_at, data}` in `payload`) plus one `webhook_delivery` row per active
endpoint subscribed to its type, all written with the change that caused it: a rolled-back
change emits nothing. Once the transaction commits, the deliveries are enqueued
(jobs/webhooks.py) and, when Redis is configured, the events are appended to the Redis
stream `edu.events` (fields `id`, `type`, `data`; capped with `MAXLEN ~`). An event whose
append failed stays `pending` and the periodic sweep appends it later (at least once:
consumers dedupe by `id`).

Writes are plain Core INSERTs (no ORM flush, no audit rows): well under a millisecond
(bench/events.py). Imports use `emit_many`, and only when an endpoint subscribes.
"""

from __future__ import annotations

from edu_platform.services.events.envelope import EVENT_TYPES, STREAM, EventType
from edu_platform.services.events.kinds import (
    certificate_issued,
    course_created,
    course_data,
    course_published,
    enrollment_created,
    enrollment_data,
    lesson_completed,
    order_paid,
    order_refunded,
    user_created,
    user_data,
    user_logged_in,
)
from edu_platform.services.events.outbox import (
    DELIVER_JOB,
    delivery_room,
    emit,
    emit_many,
    enqueue_attempts,
    enqueue_deliveries,
    forget_queued_marks,
    forget_subscribers,
    is_subscribed,
    subscribers,
)
from edu_platform.services.events.stream import publish, stream_fields, unpublished_ids

__all__ = [
    "DELIVER_JOB",
    "EVENT_TYPES",
    "STREAM",
    "EventType",
    "certificate_issued",
    "course_created",
    "course_data",
    "course_published",
    "delivery_room",
    "emit",
    "emit_many",
    "enqueue_attempts",
    "enqueue_deliveries",
    "enrollment_created",
    "enrollment_data",
    "forget_queued_marks",
    "forget_subscribers",
    "is_subscribed",
    "lesson_completed",
    "order_paid",
    "order_refunded",
    "publish",
    "stream_fields",
    "subscribers",
    "unpublished_ids",
    "user_created",
    "user_data",
    "user_logged_in",
]
