"""Background work: one `enqueue()` for both runtime shapes.

With `REDIS_URL` set, jobs go to RQ and a worker (`make worker`,
`python -m edu_platform.jobs.worker`) runs them. Without it (the embedded default of
`make run`), a small in-process thread pool runs them, with the same retry policy.
Jobs take ids, never objects, are idempotent and raise on failure so they are retried.
With Redis configured but unreachable, `enqueue()` parks the job on disk (jobs/spool.py)
and the workers hand it to RQ once Redis answers: a Redis outage delays jobs, loses none.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from edu_platform.settings import settings

log = logging.getLogger(__name__)

RETRY_INTERVALS = (10, 30, 60)
DEFAULT_QUEUE = "default"
# Webhook delivery attempts have a queue (and, in-process, threads) of their own, served
# after the others: an import of a million users with a `user.created` endpoint makes a
# million attempts, and imports, certificates and metrics must not wait behind them.
WEBHOOK_QUEUE = "webhooks"
# Outbox mails too (an announcement to a course of 10,000 learners is 10,000 mails).
MAIL_QUEUE = "mail"
WORKER_QUEUES = (DEFAULT_QUEUE, "pdf", MAIL_QUEUE, WEBHOOK_QUEUE)  # in the order served
JOB_TIMEOUT_SECONDS = 30 * 60
REDIS_CONNECT_TIMEOUT = 2.0


@dataclass(frozen=True)
class EnqueuedJob:
    """What the caller gets back: an RQ job id, or the in-process future."""

    id: str
    future: Future | None = None


@lru_cache
def redis_connection():
    """The shared Redis connection for RQ (None in the embedded shape)."""
    if not settings.redis_url:
        return None
    from redis import Redis

    # A stopped Redis refuses at once; one that does not answer must not hang a request.
    return Redis.from_url(settings.redis_url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT)


def get_queue(name: str = DEFAULT_QUEUE):
    from rq import Queue

    return Queue(name, connection=redis_connection(), default_timeout=JOB_TIMEOUT_SECONDS)


_pools: dict[str, ThreadPoolExecutor] = {}
_pool_lock = threading.Lock()
_inline_retry_intervals: tuple[float, ...] = RETRY_INTERVALS


def _pool_name(queue: str) -> str:
    return {WEBHOOK_QUEUE: "edu-hook", MAIL_QUEUE: "edu-mail"}.get(queue, "edu-job")


def _inline_pool(queue: str = DEFAULT_QUEUE) -> ThreadPoolExecutor:
    """The in-process threads for `queue`: webhook deliveries and mails have their own
    (WEBHOOK_QUEUE, MAIL_QUEUE), every other queue shares one pool."""
    name = _pool_name(queue)
    with _pool_lock:
        if name not in _pools:
            _pools[name] = ThreadPoolExecutor(
                max_workers=settings.inline_job_workers, thread_name_prefix=name
            )
        return _pools[name]


def _run_with_retries(fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    """The in-process twin of RQ's Retry(max=3, interval=[10, 30, 60])."""
    attempts = len(_inline_retry_intervals) + 1
    for attempt in range(1, attempts + 1):
        try:
            return fn(*args)
        except Exception:
            if attempt == attempts:
                log.exception("job %s%r failed after %d attempts", fn.__name__, args, attempt)
                raise
            delay = _inline_retry_intervals[attempt - 1]
            log.warning(
                "job %s%r failed (attempt %d), retrying in %ss", fn.__name__, args, attempt, delay
            )
            time.sleep(delay)
    raise AssertionError("unreachable")


def resolve(name: str | Callable[..., Any]) -> Callable[..., Any]:
    """The job function behind a dotted name such as "edu_platform.jobs.metrics.calculate"
    (a function is returned as it is)."""
    if not isinstance(name, str):
        return name
    module_name, _, attribute = name.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


def enqueue(fn: Callable[..., Any] | str, *ids: Any, queue: str = DEFAULT_QUEUE) -> EnqueuedJob:
    """Run `fn(*ids)` in the background: on RQ when configured, in-process otherwise.

    `fn` may be a dotted name, so that services enqueue jobs without importing the job
    modules (which import the services: an import circle).
    """
    connection = redis_connection()
    if connection is not None:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        from edu_platform.jobs import spool

        try:
            return EnqueuedJob(id=enqueue_rq(fn, ids, queue))
        except (RedisConnectionError, RedisTimeoutError):
            try:
                return EnqueuedJob(id=f"spooled-{spool.park(fn, ids, queue)}")
            except spool.SpoolFull:
                pass  # run it here and now rather than lose it

    if isinstance(fn, str):
        fn = resolve(fn)
    future = _inline_pool(queue).submit(_run_with_retries, fn, ids)
    return EnqueuedJob(id=f"inline-{id(future)}", future=future)


def enqueue_rq(fn: Callable[..., Any] | str, ids: tuple[Any, ...], queue: str) -> str:
    """Put one job on RQ with the retry policy; its RQ id (raises when Redis is down)."""
    from rq import Retry

    job = get_queue(queue).enqueue(
        fn, *ids, retry=Retry(max=len(RETRY_INTERVALS), interval=list(RETRY_INTERVALS))
    )
    return job.id


def backlog(queue: str) -> int:
    """How many jobs wait on `queue`: RQ's list, or the in-process pool's own queue (0 when
    Redis does not answer: the caller queues as if nothing waited)."""
    connection = redis_connection()
    if connection is not None:
        try:
            return int(get_queue(queue).count)
        except Exception:
            return 0
    pool = _pools.get(_pool_name(queue))
    # ThreadPoolExecutor keeps its waiting work items in `_work_queue` (CPython 3.8+).
    return pool._work_queue.qsize() if pool is not None else 0


def queue_status() -> str:
    """'ok' when Redis answers, 'inline' in the embedded shape, 'down' otherwise."""
    connection = redis_connection()
    if connection is None:
        return "inline"
    try:
        connection.ping()
    except Exception:
        return "down"
    return "ok"
