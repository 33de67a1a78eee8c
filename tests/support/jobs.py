"""Jobs in tests: `jobs.enqueue` recorded instead of run (the `enqueued` fixture of
tests/conftest.py), or a real RQ worker for the tests that need one (`python -m
edu_platform.jobs.worker` against the test's database and Redis, in a process of its own,
forked from a server that has imported its libraries already: tests/support/preloaded_python.py).

`with redis_at(monkeypatch, url):` runs a block against another Redis (`""`: none, so jobs
run inline and counters stay in the database), its connection opened afresh and forgotten
after the block."""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

import pytest

from edu_platform import jobs
from edu_platform.settings import PROJECT_ROOT, settings
from tests.support import preloaded_python
from tests.support.preloaded_python import PRELOADS

WORKER = ["-m", "edu_platform.jobs.worker"]


def worker_env(db_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The worker's environment: this one, the test's database and Redis, and `extra`
    (DATA_DIR, PUBLIC_URL, ...)."""
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "REDIS_URL": redis_url,
        "PYTHONPATH": str(PROJECT_ROOT),
        **extra,
    }


def run_burst(
    db_url: str, redis_url: str, *, timeout: float = 120, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run the worker until its queues are empty (`--burst`); it must exit cleanly."""
    worker = preloaded_python.run(
        PRELOADS, [*WORKER, "--burst"], env=worker_env(db_url, redis_url, **extra), timeout=timeout
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    return worker


def start_worker(db_url: str, redis_url: str, **extra: str):
    """A worker that runs until it is stopped, its output discarded, in a process group
    of its own: RQ may run a job in a forked work horse, which a SIGKILL of the worker
    alone would leave running (`os.killpg(worker.pid, ...)` stops both)."""
    return preloaded_python.popen(
        PRELOADS,
        WORKER,
        env=worker_env(db_url, redis_url, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        new_session=True,
    )


class Enqueued(NamedTuple):
    """One recorded `jobs.enqueue(fn, *args, queue=...)` call, `fn` resolved to the function."""

    fn: Callable[..., Any]
    args: tuple
    queue: str


def record_enqueued(monkeypatch: pytest.MonkeyPatch) -> list[Enqueued]:
    """Replace `jobs.enqueue` with a recorder (thread-safe: jobs may be enqueued after a
    commit in another thread); the list fills as the code under test enqueues."""
    calls: list[Enqueued] = []
    lock = threading.Lock()

    def record(fn, *args, queue: str = "default") -> None:
        with lock:
            calls.append(Enqueued(jobs.resolve(fn), args, queue))

    monkeypatch.setattr(jobs, "enqueue", record)
    return calls


@contextmanager
def redis_at(monkeypatch: pytest.MonkeyPatch, url: str) -> Iterator[None]:
    """`settings.redis_url = url` for the block, with no cached connection to the Redis
    used before it, nor to this one after it."""
    monkeypatch.setattr(settings, "redis_url", url)
    jobs.redis_connection.cache_clear()
    try:
        yield
    finally:
        jobs.redis_connection.cache_clear()


def fail_on_call(
    monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, call: int, error: BaseException
) -> None:
    """`owner.name` raises `error` on its `call`-th call and runs as before otherwise: a
    job step failing part-way (a lost database, a tripped reader). A forked child inherits
    it and counts its own calls."""
    real, calls = getattr(owner, name), []

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == call:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)
