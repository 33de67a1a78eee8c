"""Periodic jobs: a small scheduler thread that enqueues each job every `interval`.

One schedule (`PERIODIC_JOBS`, a list of (interval, job) pairs; later areas append
theirs) and one scheduler class for both runtime shapes:

- embedded (no `REDIS_URL`): the app starts the thread at startup through
  `app.register_lifespan_task(periodic.lifespan)` and stops it with the app; jobs run on
  the in-process pool.
- Redis: every RQ worker (`edu_platform/jobs/worker.py`) runs the thread and the jobs go
  to RQ. Before enqueueing, a replica claims the run with `SET key NX EX`, so with
  `--scale worker=4` a job is still enqueued once per interval (and a restarted worker
  does not repeat a run that another one just did).

Each job is first enqueued `first_delay` (one minute) after start, then every interval.
RQ's own CronScheduler was not used: its `start()` blocks and installs signal handlers
(main thread only), so it needs a process of its own, and it has no de-duplication
across scaled replicas.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import timedelta
from typing import Any

from edu_platform import jobs
from edu_platform.jobs import certificates, mail, maintenance, metrics, reminders, webhooks
from edu_platform.settings import settings

log = logging.getLogger(__name__)

Job = Callable[[], Any]

PERIODIC_JOBS: list[tuple[timedelta, Job]] = [
    (timedelta(hours=1), maintenance.purge_expired_auth_data),
    (timedelta(days=1), maintenance.archive_completed_enrollments),
    (timedelta(minutes=10), certificates.requeue_stale_pending),
    (timedelta(minutes=10), mail.requeue_stale_mail),
    (timedelta(days=1), metrics.refresh_all_metrics),
    (timedelta(days=1), metrics.purge_old_events),
    # Often, so that a retry goes out within seconds of its time (1, 5, 30… minutes after
    # a failure), not up to a minute late; claiming a delivery keeps it single.
    (webhooks.DISPATCH_EVERY, webhooks.dispatch_due_webhooks),
    (timedelta(minutes=1), webhooks.publish_pending_events),
    (timedelta(days=1), webhooks.purge_event_history),
    (timedelta(minutes=5), reminders.send_session_reminders),
]
"""(interval, job) pairs; a job takes no arguments and is idempotent."""

FIRST_DELAY = timedelta(minutes=1)
# A replica that lost the claim to another one looks again this soon (at most).
CLAIM_RETRY = timedelta(minutes=5)
# Retry soon after an enqueue failed (Redis briefly down).
ERROR_RETRY = timedelta(minutes=1)
# The loop wakes at least this often, so stop() and due jobs are noticed quickly.
MAX_SLEEP_SECONDS = 30.0


def job_name(job: Job) -> str:
    return f"{job.__module__}.{job.__qualname__}"


def redis_claim(name: str, interval: timedelta) -> bool:
    """True when this process may enqueue `name` now (first claimant in the interval)."""
    connection = jobs.redis_connection()
    if connection is None:
        return True
    # Held for 90 % of the interval, so a slightly late claimant is not skipped a whole round.
    ttl = max(1, int(interval.total_seconds() * 0.9))
    return bool(connection.set(f"edu:periodic:{name}", os.getpid(), nx=True, ex=ttl))


class PeriodicScheduler:
    """Enqueues each scheduled job when due, in a daemon thread (or by `run_due()`)."""

    def __init__(
        self,
        schedule: Sequence[tuple[timedelta, Job]] | None = None,
        *,
        first_delay: timedelta = FIRST_DELAY,
        enqueue: Callable[[Job], Any] = jobs.enqueue,
        claim: Callable[[str, timedelta], bool] = redis_claim,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.schedule = list(PERIODIC_JOBS if schedule is None else schedule)
        self._enqueue = enqueue
        self._claim = claim
        self._clock = clock
        start = clock()
        self._next_run = [start + first_delay.total_seconds() for _ in self.schedule]
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_due(self) -> list[str]:
        """Enqueue every job whose time has come; the names of those enqueued."""
        enqueued = []
        for index, (interval, job) in enumerate(self.schedule):
            now = self._clock()
            if now < self._next_run[index]:
                continue
            name = job_name(job)
            try:
                if self._claim(name, interval):
                    self._enqueue(job)
                    enqueued.append(name)
                    delay = interval
                else:
                    delay = min(interval, CLAIM_RETRY)
            except Exception:
                log.exception("could not enqueue periodic job %s", name)
                delay = min(interval, ERROR_RETRY)
            self._next_run[index] = now + delay.total_seconds()
        return enqueued

    def seconds_until_next(self) -> float:
        if not self._next_run:
            return MAX_SLEEP_SECONDS
        wait = min(self._next_run) - self._clock()
        return min(max(wait, 0.0), MAX_SLEEP_SECONDS)

    def _loop(self) -> None:
        while not self._stop.wait(self.seconds_until_next()):
            self.run_due()

    def start(self) -> None:
        if self._thread is not None or not self.schedule:
            return
        self._thread = threading.Thread(target=self._loop, name="edu-periodic", daemon=True)
        self._thread.start()
        log.info("periodic scheduler started: %s", [job_name(job) for _, job in self.schedule])

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()


@contextlib.asynccontextmanager
async def lifespan() -> AsyncIterator[PeriodicScheduler | None]:
    """App lifespan task: runs the scheduler in the embedded shape (workers do it with Redis)."""
    scheduler = None if settings.redis_url else PeriodicScheduler()
    if scheduler is not None:
        scheduler.start()
    try:
        yield scheduler
    finally:
        if scheduler is not None:
            scheduler.stop()
