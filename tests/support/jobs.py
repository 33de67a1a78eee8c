"""A real RQ worker for the tests that need one: `python -m edu_platform.jobs.worker`
against the test's database and Redis, in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys

from edu_platform.settings import PROJECT_ROOT

WORKER = [sys.executable, "-m", "edu_platform.jobs.worker"]


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
    worker = subprocess.run(
        [*WORKER, "--burst"],
        cwd=PROJECT_ROOT,
        env=worker_env(db_url, redis_url, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    return worker
