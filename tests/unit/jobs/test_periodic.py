"""The periodic-job scheduler: timing, the thread's start and stop, the Redis claim, and the
app lifespan hook of the embedded shape."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from datetime import timedelta

import pytest

from edu_platform import jobs
from edu_platform.jobs import maintenance, periodic
from edu_platform.settings import settings
from tests.support.jobs import redis_at


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta.total_seconds()


def hourly() -> None:
    """A stand-in job."""


def daily() -> None:
    """Another stand-in job."""


def _scheduler(clock: FakeClock, enqueued: list, claim=lambda name, interval: True):
    return periodic.PeriodicScheduler(
        [(timedelta(hours=1), hourly), (timedelta(days=1), daily)],
        enqueue=enqueued.append,
        claim=claim,
        clock=clock,
    )


def test_the_hourly_purge_is_scheduled():
    assert (timedelta(hours=1), maintenance.purge_expired_auth_data) in periodic.PERIODIC_JOBS


def test_due_webhook_deliveries_are_swept_every_ten_seconds():
    # API.md's retries "after 1, 5, 30, 120 and 360 minutes": a sweep once a minute sent
    # the first retry up to two minutes after the failure.
    from edu_platform.jobs import webhooks

    clock, enqueued = FakeClock(), []
    scheduler = periodic.PeriodicScheduler(
        [entry for entry in periodic.PERIODIC_JOBS if entry[1] is webhooks.dispatch_due_webhooks],
        enqueue=enqueued.append,
        claim=lambda name, interval: True,
        clock=clock,
    )
    clock.advance(periodic.FIRST_DELAY)
    scheduler.run_due()
    clock.advance(timedelta(seconds=10))
    scheduler.run_due()
    assert enqueued == [webhooks.dispatch_due_webhooks] * 2


def test_jobs_run_a_minute_after_start_then_every_interval():
    clock, enqueued = FakeClock(), []
    scheduler = _scheduler(clock, enqueued)
    assert scheduler.run_due() == []
    clock.advance(timedelta(seconds=59))
    assert scheduler.run_due() == []
    clock.advance(timedelta(seconds=1))
    scheduler.run_due()
    assert enqueued == [hourly, daily]
    clock.advance(timedelta(minutes=59))
    scheduler.run_due()
    assert enqueued == [hourly, daily]
    clock.advance(timedelta(minutes=1))
    scheduler.run_due()
    assert enqueued == [hourly, daily, hourly]
    clock.advance(timedelta(hours=23))
    scheduler.run_due()
    assert enqueued == [hourly, daily, hourly, hourly, daily]  # one day after the first run


def test_a_lost_claim_is_retried_within_minutes_not_an_hour():
    clock, enqueued, claims = FakeClock(), [], iter([False, True])
    scheduler = periodic.PeriodicScheduler(
        [(timedelta(hours=1), hourly)],
        enqueue=enqueued.append,
        claim=lambda name, interval: next(claims),
        clock=clock,
    )
    clock.advance(periodic.FIRST_DELAY)
    scheduler.run_due()
    assert enqueued == []
    clock.advance(periodic.CLAIM_RETRY)
    scheduler.run_due()
    assert enqueued == [hourly]


def test_an_enqueue_failure_is_logged_and_retried():
    clock, calls = FakeClock(), []

    def flaky_enqueue(job):
        calls.append(job)
        if len(calls) == 1:
            raise ConnectionError("redis went away")

    scheduler = periodic.PeriodicScheduler(
        [(timedelta(hours=1), hourly)], enqueue=flaky_enqueue, clock=clock
    )
    clock.advance(periodic.FIRST_DELAY)
    assert scheduler.run_due() == []
    clock.advance(periodic.ERROR_RETRY)
    assert scheduler.run_due() == [periodic.job_name(hourly)]


def test_the_thread_enqueues_until_stopped():
    ran = threading.Event()
    enqueued = []

    def enqueue(job):
        enqueued.append(job)
        ran.set()

    scheduler = periodic.PeriodicScheduler(
        [(timedelta(hours=1), hourly)], first_delay=timedelta(0), enqueue=enqueue
    )
    scheduler.start()
    try:
        assert ran.wait(5)
        assert scheduler.running
    finally:
        scheduler.stop()
    assert not scheduler.running
    assert enqueued == [hourly]


@pytest.fixture
def redis_jobs(redis_url, monkeypatch):
    with redis_at(monkeypatch, redis_url):
        yield jobs.redis_connection()


def test_only_one_replica_claims_each_run(redis_jobs):
    name = periodic.job_name(hourly)
    assert periodic.redis_claim(name, timedelta(hours=1)) is True
    assert periodic.redis_claim(name, timedelta(hours=1)) is False
    ttl = redis_jobs.ttl(f"edu:periodic:{name}")
    assert 0.85 * 3600 <= ttl <= 0.9 * 3600


def test_two_worker_schedulers_enqueue_a_run_once(redis_jobs):
    clock, enqueued = FakeClock(), []
    first, second = (
        _scheduler(clock, enqueued, periodic.redis_claim),
        _scheduler(clock, enqueued, periodic.redis_claim),
    )
    clock.advance(periodic.FIRST_DELAY)
    first.run_due()
    second.run_due()
    assert enqueued == [hourly, daily]


def test_the_app_lifespan_runs_the_scheduler_only_without_redis(monkeypatch):
    async def enter_and_leave():
        async with periodic.lifespan() as scheduler:
            running = scheduler is not None and scheduler.running
        return scheduler, running

    def run_in_own_thread():
        # A fresh thread has no running event loop (Playwright's sync API may have left
        # one in the main thread when browser tests ran first).
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, enter_and_leave()).result()

    monkeypatch.setattr(settings, "redis_url", "")
    scheduler, running = run_in_own_thread()
    assert running and not scheduler.running  # started with the app, stopped with it

    monkeypatch.setattr(settings, "redis_url", "redis://127.0.0.1:6379/15")
    scheduler, running = run_in_own_thread()
    assert scheduler is None  # the RQ workers schedule in this shape
