"""Domain events on both databases: written with the change or not at all, appended to
the Redis stream, retried on the schedule, an endpoint disabled after 20 failures in a
row (owner notified), imports emitting only when subscribed, and a delivery made by a
real RQ worker process."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlmodel import Session

from edu_platform import db, jobs
from edu_platform.jobs import webhooks as webhook_jobs
from edu_platform.jobs.imports import run_import
from edu_platform.models import (
    Notification,
    Outbox,
    User,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)
from edu_platform.services import accounts, events, imports, webhooks
from edu_platform.services.events import outbox
from edu_platform.settings import settings
from tests.support.jobs import redis_at, run_burst
from tests.support.outbox import event_payloads
from tests.support.receiver import Receiver

PASSWORD = "Correct-horse-7-battery"


def fresh(session: Session) -> None:
    """Forget what the session read: end its transaction (an SQLite reader keeps its
    snapshot until then) and expire every object."""
    session.rollback()
    session.expire_all()


@pytest.fixture
def receiver():
    with Receiver() as server:
        yield server


@pytest.fixture
def inline_jobs(monkeypatch):
    with redis_at(monkeypatch, ""):
        yield


@pytest.fixture
def recorded_jobs(monkeypatch):
    """Enqueued jobs are recorded, not run: each test runs the deliveries itself."""
    calls: list[tuple] = []
    monkeypatch.setattr(settings, "redis_url", "")
    monkeypatch.setattr(jobs, "enqueue", lambda fn, *ids, **kw: calls.append((fn, *ids)))
    return calls


@pytest.fixture
def admin(committed_session: Session) -> User:
    user = User(email="admin@events.example.com", full_name="Ada Admin", role="admin")
    committed_session.add(user)
    committed_session.commit()
    return user


def _endpoint(admin: User, url: str, kinds: list[str]) -> tuple[int, str]:
    created = db.run_sync(webhooks.create_endpoint, actor_id=admin.id, url=url, events=kinds)
    return created.endpoint.id, created.secret


def _register(email: str) -> int:
    user = db.run_sync(accounts.register, email=email, password=PASSWORD, full_name="New Learner")
    return user.id


def _events(session: Session, kind: str) -> list[dict]:
    fresh(session)
    return event_payloads(session, kind)


def _count(session: Session, model) -> int:
    fresh(session)
    return session.scalar(select(func.count()).select_from(model))


def test_a_rolled_back_change_emits_nothing(committed_session, admin, receiver, inline_jobs):
    _endpoint(admin, receiver.url, ["user.created"])

    def register_then_fail(*, session: Session) -> None:
        accounts.register(
            session=session, email="ghost@events.example.com", password=PASSWORD, full_name="G"
        )
        raise RuntimeError("the rest of the change failed")

    with pytest.raises(RuntimeError):
        db.run_sync(register_then_fail)

    assert _events(committed_session, "user.created") == []
    assert _count(committed_session, WebhookDelivery) == 0
    # The same change committed is sent: the receiver was listening all along.
    user_id = _register("real@events.example.com")
    [request] = receiver.wait_for(1)
    assert request.json["data"]["user_id"] == user_id
    assert request.json["data"]["email"] == "real@events.example.com"
    time.sleep(0.3)
    assert len(receiver.requests) == 1


def test_events_are_written_with_the_change_whoever_subscribes(committed_session, admin):
    # No endpoint at all: the outbox row is still written (the record, and the stream's).
    user_id = _register("plain@events.example.com")
    [event] = _events(committed_session, "user.created")
    assert event["type"] == "user.created" and event["data"]["user_id"] == user_id
    assert set(event) == {"id", "type", "occurred_at", "data"}
    assert _count(committed_session, WebhookDelivery) == 0


def test_the_stream_holds_the_event(committed_session, admin, redis_url, monkeypatch):
    with redis_at(monkeypatch, redis_url):
        user_id = _register("stream@events.example.com")
        entries = jobs.redis_connection().xrange(events.STREAM)
    [event] = _events(committed_session, "user.created")
    assert len(entries) == 1
    _entry_id, fields = entries[0]
    fields = {key.decode(): value.decode() for key, value in fields.items()}
    assert set(fields) == {"id", "type", "data"}
    assert (fields["id"], fields["type"]) == (event["id"], "user.created")
    assert json.loads(fields["data"])["user_id"] == user_id
    fresh(committed_session)
    row = committed_session.scalar(select(Outbox).where(Outbox.subject == "user.created"))
    assert row.status == "sent" and row.sent_at is not None


def test_the_sweep_appends_events_redis_missed(committed_session, admin, redis_url, monkeypatch):
    # Written while Redis was unreachable: the row stays pending...
    with redis_at(monkeypatch, "redis://127.0.0.1:1/0"):
        _register("late@events.example.com")
    fresh(committed_session)
    row = committed_session.scalar(select(Outbox).where(Outbox.subject == "user.created"))
    assert row.status == "pending"
    # ... and the periodic sweep appends it once Redis answers (after the grace period).
    with redis_at(monkeypatch, redis_url):
        assert webhook_jobs.publish_pending_events() == 0  # still within the grace period
        committed_session.execute(update(Outbox).values(created_at=utcnow() - timedelta(minutes=1)))
        committed_session.commit()
        assert webhook_jobs.publish_pending_events() == 1
        assert webhook_jobs.publish_pending_events() == 0
        assert jobs.redis_connection().xlen(events.STREAM) == 1


def _make_due(session: Session) -> None:
    fresh(session)
    session.execute(update(WebhookDelivery).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    session.commit()


def test_retries_follow_the_schedule_then_the_delivery_fails(
    committed_session, admin, receiver, recorded_jobs
):
    receiver.statuses = [500] * 10
    _endpoint(admin, receiver.url, ["user.created"])
    _register("retry@events.example.com")
    [(job, delivery_id)] = recorded_jobs
    assert jobs.resolve(job) is webhook_jobs.deliver_webhook

    waits = []
    for _attempt in range(6):
        before = utcnow()
        assert webhooks.deliver(delivery_id) in ("pending", "failed")
        fresh(committed_session)
        row = committed_session.get(WebhookDelivery, delivery_id)
        if row.next_attempt_at is not None:
            waits.append(round((row.next_attempt_at - before).total_seconds() / 60))
        assert webhooks.deliver(delivery_id) == "skipped"  # not due yet
        _make_due(committed_session)
    assert waits == [1, 5, 30, 120, 360]
    fresh(committed_session)
    row = committed_session.get(WebhookDelivery, delivery_id)
    assert (row.status, row.attempts, row.response_code) == ("failed", 6, 500)
    assert len(receiver.requests) == 6
    assert webhooks.deliver(delivery_id) == "skipped"


def test_twenty_failures_in_a_row_disable_the_endpoint_and_tell_its_owner(
    committed_session, admin, receiver, recorded_jobs
):
    receiver.statuses = [500] * 25
    endpoint_id, _secret = _endpoint(admin, receiver.url, ["user.created"])
    for index in range(20):
        _register(f"fail{index}@events.example.com")
    ids = [call[1] for call in recorded_jobs]
    assert len(ids) == 20
    assert [webhooks.deliver(delivery_id) for delivery_id in ids[:19]] == ["pending"] * 19
    fresh(committed_session)
    assert committed_session.get(WebhookEndpoint, endpoint_id).is_active

    assert webhooks.deliver(ids[19]) == "pending"

    fresh(committed_session)
    endpoint = committed_session.get(WebhookEndpoint, endpoint_id)
    assert (endpoint.is_active, endpoint.consecutive_failures) == (False, 20)
    assert endpoint.disabled_at is not None
    note = committed_session.scalar(select(Notification).where(Notification.user_id == admin.id))
    assert note.kind == "webhook.disabled" and receiver.url in note.title
    # (Each sign-up also mails its own verification link: pick the owner's mail.)
    mail = committed_session.scalar(
        select(Outbox).where(Outbox.kind == "mail", Outbox.recipient == admin.email)
    )
    assert mail is not None and receiver.url in mail.subject
    # A disabled endpoint gets nothing new; turning it on again clears the streak.
    _register("after@events.example.com")
    assert len(recorded_jobs) == 20
    _make_due(committed_session)
    assert webhook_jobs.dispatch_due_webhooks() == 0
    db.run_sync(
        webhooks.update_endpoint, actor_id=admin.id, endpoint_id=endpoint_id, is_active=True
    )
    fresh(committed_session)
    assert committed_session.get(WebhookEndpoint, endpoint_id).consecutive_failures == 0


def test_a_success_resets_the_failure_streak(committed_session, admin, receiver, recorded_jobs):
    receiver.statuses = [500, 500]
    endpoint_id, _secret = _endpoint(admin, receiver.url, ["user.created"])
    for index in range(3):
        _register(f"streak{index}@events.example.com")
    for call in recorded_jobs:
        webhooks.deliver(call[1])
    fresh(committed_session)
    assert committed_session.get(WebhookEndpoint, endpoint_id).consecutive_failures == 0


def test_imports_emit_per_created_row_only_when_subscribed(
    committed_session, admin, receiver, recorded_jobs, tmp_path, monkeypatch
):
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    csv = "email,full_name,role\n" + "".join(
        f"imp{index}@events.example.com,Imported {index},student\n" for index in range(5)
    )

    def run(text: str) -> None:
        view = db.run_sync(
            imports.create_import,
            actor_id=admin.id,
            kind="users",
            filename="users.csv",
            data=text.encode(),
        )
        assert run_import(view.id) == "done"

    run(csv)
    assert _events(committed_session, "user.created") == []  # nobody subscribes

    endpoint_id, _secret = _endpoint(admin, receiver.url, ["user.created"])
    run(csv + "imp5@events.example.com,Imported 5,student\nimp6@events.example.com,I6,teacher\n")
    created = _events(committed_session, "user.created")
    assert sorted(event["data"]["email"] for event in created) == [
        "imp5@events.example.com",
        "imp6@events.example.com",
    ]
    assert {event["data"]["role"] for event in created} == {"student", "teacher"}
    deliveries = committed_session.scalars(select(WebhookDelivery)).all()
    assert {row.endpoint_id for row in deliveries} == {endpoint_id} and len(deliveries) == 2
    run(csv)  # a re-run creates nothing, emits nothing
    assert len(_events(committed_session, "user.created")) == 2


@pytest.mark.redis
def test_a_real_rq_worker_delivers(
    committed_session, admin, receiver, db_url, redis_url, monkeypatch
):
    endpoint_id, secret = _endpoint(admin, receiver.url, ["user.created"])
    with redis_at(monkeypatch, redis_url):
        user_id = _register("worker@events.example.com")
        assert jobs.get_queue(jobs.WEBHOOK_QUEUE).count == 1  # served after the others
        run_burst(db_url, redis_url)
        assert jobs.redis_connection().xlen(events.STREAM) == 1
    [request] = receiver.wait_for(1)
    assert request.json["data"]["user_id"] == user_id
    assert webhooks.verify_signature(
        secret, request.headers["x-edu-timestamp"], request.body, request.headers["x-edu-signature"]
    )
    fresh(committed_session)
    delivery = committed_session.scalar(
        select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    )
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 1, 200)


def test_history_older_than_30_days_is_purged_unless_pending(
    committed_session, admin, receiver, recorded_jobs
):
    receiver.statuses = [200, 500]
    _endpoint(admin, receiver.url, ["user.created"])
    _register("old-delivered@events.example.com")
    _register("old-pending@events.example.com")
    _register("recent@events.example.com")
    first, second, _third = [call[1] for call in recorded_jobs]
    assert webhooks.deliver(first) == "delivered"
    assert webhooks.deliver(second) == "pending"  # a 500: waits for its retry
    fresh(committed_session)
    old = utcnow() - timedelta(days=31)
    old_events = select(WebhookDelivery.outbox_id).where(WebhookDelivery.id.in_([first, second]))
    committed_session.execute(
        update(Outbox).where(Outbox.id.in_(old_events)).values(created_at=old)
    )
    committed_session.commit()

    assert webhook_jobs.purge_event_history() == 1

    fresh(committed_session)
    remaining = {payload["data"]["email"] for payload in _events(committed_session, "user.created")}
    assert remaining == {"old-pending@events.example.com", "recent@events.example.com"}
    assert committed_session.get(WebhookDelivery, first) is None
    assert committed_session.get(WebhookDelivery, second) is not None


def test_a_bulk_change_fills_the_webhook_queue_to_its_budget_and_the_sweep_the_rest(
    committed_session, admin, receiver, recorded_jobs, tmp_path, monkeypatch
):
    """An import commits in batches: across all of them, no more deliveries wait on the
    queue than its budget; the sweep adds the rest as the queue drains."""
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    monkeypatch.setattr(outbox, "QUEUED_BUDGET", 3)
    monkeypatch.setattr(imports, "BATCH_SIZE", 2)  # three commits for five rows
    drained = 0

    def deliveries() -> list[int]:
        return [call[1] for call in recorded_jobs if call[0] == events.DELIVER_JOB]

    # The recorded jobs never run: the queue holds what was queued, less what "drained".
    monkeypatch.setattr(jobs, "backlog", lambda queue: len(deliveries()) - drained)
    _endpoint(admin, receiver.url, ["user.created"])
    csv = "email,full_name,role\n" + "".join(
        f"bulk{index}@events.example.com,Bulk {index},student\n" for index in range(5)
    )
    view = db.run_sync(
        imports.create_import, actor_id=admin.id, kind="users", filename="u.csv", data=csv.encode()
    )
    assert run_import(view.id) == "done"
    assert len(deliveries()) == 3  # the budget, over the import's three commits
    assert webhook_jobs.dispatch_due_webhooks() == 0  # no room yet
    for delivery_id in deliveries():  # the workers take and deliver them
        assert webhooks.deliver(delivery_id) == "delivered"
    drained = 3
    assert webhook_jobs.dispatch_due_webhooks() == 2  # the other two, each once
    assert len(set(deliveries())) == len(deliveries()) == 5
