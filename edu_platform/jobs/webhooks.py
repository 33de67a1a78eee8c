"""Webhook and event-stream jobs: one delivery attempt; the periodic sweeps.

`deliver_webhook` makes one attempt and never raises for an HTTP failure: the retry
schedule (1, 5, 30, 120, 360 minutes) lives in the delivery row's `next_attempt_at`, and
`dispatch_due_webhooks` (every DISPATCH_EVERY, 10 s) enqueues whatever is due, so a retry
survives restarts, holds no worker thread while it waits, and goes out at most about 10 s
after its time.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from edu_platform import db, jobs
from edu_platform.services import events, webhooks

log = logging.getLogger(__name__)

# An event is left to its own transaction's after-commit append this long before the
# sweep appends it to the stream instead.
STREAM_GRACE = timedelta(seconds=30)
# How often the sweep looks for due deliveries: one indexed query.
DISPATCH_EVERY = timedelta(seconds=10)


def deliver_webhook(delivery_id: int) -> str:
    """Job: one attempt at delivery `delivery_id`; its status ("skipped" if not due)."""
    return webhooks.deliver(delivery_id)


def dispatch_due_webhooks() -> int:
    """Periodic (every DISPATCH_EVERY): enqueue the due attempts not queued already
    (retries, jobs lost before they ran, a bulk change's rest), as many as the queue's
    budget has room for; how many."""
    room = events.delivery_room()
    if room == 0:
        return 0
    return events.enqueue_attempts(db.run_sync(webhooks.due_attempts, limit=room))


def publish_pending_events() -> int:
    """Periodic (every minute): append events the after-commit step could not (Redis was
    down) to the stream; how many."""
    if jobs.redis_connection() is None:
        return 0
    ids = db.run_sync(events.unpublished_ids, older_than=STREAM_GRACE)
    if not ids:
        return 0
    published = db.run_sync(events.publish, outbox_ids=ids)
    log.info("appended %d late events to %s", published, events.STREAM)
    return published


def purge_event_history() -> int:
    """Periodic (daily): delete events and deliveries older than 30 days (nothing pending)."""
    purged = db.run_sync(webhooks.purge_history)
    log.info("purged %d old events", purged)
    return purged
