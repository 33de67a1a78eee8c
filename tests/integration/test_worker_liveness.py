"""The project's RQ worker announces a running job briefly and often, and wakes up often
enough to find a dead worker's job (tests/scale/test_faults.py kills one for real)."""

from __future__ import annotations

import redis
from rq import Queue

from edu_platform.jobs import worker


def test_a_running_job_is_announced_for_three_heartbeats_and_idle_waits_are_short(redis_url):
    connection = redis.Redis.from_url(redis_url)
    edu_worker = worker._worker_class()(
        [Queue("default", connection=connection)], connection=connection, maintenance_interval=7
    )
    edu_worker.heartbeat_seconds = 2
    assert edu_worker.get_heartbeat_ttl(job=None) == 6
    assert edu_worker.dequeue_timeout == 7  # RQ's own: worker_ttl - 15 = 405 s
    assert edu_worker.max_connection_wait_time == 5.0  # RQ's own: 60 s after losing Redis
