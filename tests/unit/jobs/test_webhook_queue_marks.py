"""The webhook sweep runs every 10 s: an attempt whose job still waits in the queue is not
queued again (services/events/outbox.py `enqueue_attempts`), in the embedded shape (a dict)
and with Redis (SET NX EX across processes); the next attempt of the same delivery is."""

from __future__ import annotations

from edu_platform.services import events
from edu_platform.services.events import outbox
from tests.support.jobs import record_enqueued, redis_at


def _queued_ids(calls) -> list[int]:
    return [call.args[0] for call in calls]


def _check_once_per_attempt(monkeypatch) -> None:
    calls = record_enqueued(monkeypatch)
    assert events.enqueue_attempts([(7, 0), (8, 0)]) == 2
    # The next sweeps, while those jobs wait: nothing new; a retry of 7 is new.
    assert events.enqueue_attempts([(7, 0), (8, 0)]) == 0
    assert events.enqueue_attempts([(7, 1), (8, 0)]) == 1
    assert _queued_ids(calls) == [7, 8, 7]
    # A redelivery by hand is always queued.
    events.enqueue_deliveries([8])
    assert _queued_ids(calls) == [7, 8, 7, 8]


def test_each_attempt_is_queued_once_in_the_embedded_shape(monkeypatch):
    with redis_at(monkeypatch, ""):
        _check_once_per_attempt(monkeypatch)


def test_each_attempt_is_queued_once_across_processes_with_redis(monkeypatch, redis_url):
    with redis_at(monkeypatch, redis_url):
        _check_once_per_attempt(monkeypatch)
        # The marks live in Redis, for the other workers' sweeps too, and expire.
        import redis

        client = redis.Redis.from_url(redis_url)
        ttl = client.ttl("edu:webhook:queued:7:1")
        client.close()
        assert 0 < ttl <= outbox.QUEUED_MARK.total_seconds()


def test_a_lost_job_is_queued_again_once_its_mark_has_expired(monkeypatch):
    with redis_at(monkeypatch, ""):
        calls = record_enqueued(monkeypatch)
        clock = [1000.0]
        monkeypatch.setattr(outbox, "_clock", lambda: clock[0])
        assert events.enqueue_attempts([(9, 0)]) == 1
        clock[0] += outbox.QUEUED_MARK.total_seconds() - 1
        assert events.enqueue_attempts([(9, 0)]) == 0
        clock[0] += 1
        assert events.enqueue_attempts([(9, 0)]) == 1
        assert _queued_ids(calls) == [9, 9]


def test_redis_failing_queues_rather_than_loses(monkeypatch):
    with redis_at(monkeypatch, "redis://127.0.0.1:1/0"):  # nothing listens there
        calls = record_enqueued(monkeypatch)
        assert events.enqueue_attempts([(3, 0)]) == 1
        assert events.enqueue_attempts([(3, 0)]) == 1
        assert _queued_ids(calls) == [3, 3]
