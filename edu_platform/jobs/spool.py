"""Jobs parked on disk while Redis is unreachable, handed to RQ once it answers again.

`jobs.enqueue()` parks a job here when RQ's enqueue fails with a Redis connection error
(Redis stopped or restarting): one JSON file per job in DATA_DIR/job-spool (the volume
every app replica and worker shares), written atomically. Every RQ worker drains the
folder in a thread (`Drainer`): it claims a file by renaming it (only one process wins
a rename), enqueues the job, then deletes the file. A process killed between enqueue
and delete leaves a claimed file that is re-claimed after `STALE_CLAIM_SECONDS`: the
job may then run twice, which jobs allow (they are idempotent), but it is never lost.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from edu_platform.settings import settings

log = logging.getLogger(__name__)

SUFFIX = ".job.json"
CLAIMED = ".claimed"
STALE_CLAIM_SECONDS = 300.0
# A long outage must not fill the shared volume: past this many parked jobs, park()
# refuses (SpoolFull) and the caller runs the job in-process instead.
MAX_PARKED = 20_000
# Only the app's own functions are run from the folder: a file naming any other dotted
# name ("os.system") is set aside as .bad, never imported.
ALLOWED_PREFIX = "edu_platform."


class SpoolFull(OSError):
    """The spool holds MAX_PARKED jobs already."""


DRAIN_INTERVAL_SECONDS = 2.0


def spool_dir() -> Path:
    return settings.data_dir / "job-spool"


def job_name(fn: Callable[..., Any] | str) -> str:
    """A dotted name a worker can import (`jobs.resolve` turns it back into the function)."""
    if isinstance(fn, str):
        return fn
    return f"{fn.__module__}.{fn.__qualname__}"


def park(fn: Callable[..., Any] | str, args: tuple[Any, ...], queue: str) -> str:
    """Store one job for later; its spool id. Arguments must be JSON (jobs take ids)."""
    folder = spool_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if sum(1 for _ in folder.glob(f"*{SUFFIX}")) >= MAX_PARKED:
        raise SpoolFull(f"{MAX_PARKED} jobs are parked already")
    spool_id = f"{time.time_ns():020d}-{uuid.uuid4().hex[:12]}"
    body = json.dumps({"fn": job_name(fn), "args": list(args), "queue": queue})
    temporary = folder / f".{spool_id}.tmp"
    temporary.write_text(body, encoding="utf-8")
    temporary.replace(folder / f"{spool_id}{SUFFIX}")
    log.warning("Redis unreachable: job %s%r parked as %s", job_name(fn), args, spool_id)
    return spool_id


def pending() -> list[Path]:
    """Parked jobs not claimed by a drainer, oldest first."""
    folder = spool_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*{SUFFIX}"))


def _stale_claims(folder: Path) -> list[Path]:
    cutoff = time.time() - STALE_CLAIM_SECONDS
    stale = []
    for path in folder.glob(f"*{CLAIMED}"):
        try:
            if path.stat().st_mtime < cutoff:
                stale.append(path)
        except FileNotFoundError:
            continue
    return stale


def _claim(path: Path) -> Path | None:
    claimed = path.with_name(f"{path.name}.{os.getpid()}{CLAIMED}")
    try:
        path.rename(claimed)
    except FileNotFoundError:  # another process claimed it first
        return None
    os.utime(claimed)
    return claimed


def drain(enqueue: Callable[[str, tuple[Any, ...], str], Any]) -> int:
    """Hand every parked job to `enqueue(fn_name, args, queue)`; how many were handed.

    Stops at the first failure (Redis still down): that job goes back to the folder.
    """
    folder = spool_dir()
    if not folder.is_dir():
        return 0
    handed = 0
    for path in [*_stale_claims(folder), *pending()]:
        claimed = _claim(path)
        if claimed is None:
            continue
        try:
            job = json.loads(claimed.read_text(encoding="utf-8"))
            if not str(job["fn"]).startswith(ALLOWED_PREFIX):
                raise ValueError(f"not an app job: {job['fn']!r}")
        except (OSError, ValueError, KeyError, TypeError):
            log.exception("unreadable parked job %s, left as %s.bad", path.name, claimed.name)
            claimed.rename(claimed.with_name(f"{claimed.name}.bad"))
            continue
        try:
            enqueue(job["fn"], tuple(job["args"]), job["queue"])
        except Exception:
            claimed.rename(folder / (path.name.split(SUFFIX)[0] + SUFFIX))
            raise
        claimed.unlink(missing_ok=True)
        handed += 1
    if handed:
        log.info("handed %d parked job(s) to RQ", handed)
    return handed


class Drainer:
    """A daemon thread draining the spool every `interval` seconds while it has files."""

    def __init__(
        self,
        enqueue: Callable[[str, tuple[Any, ...], str], Any],
        interval: float = DRAIN_INTERVAL_SECONDS,
    ) -> None:
        self._enqueue = enqueue
        self._interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                drain(self._enqueue)
            except Exception as error:  # Redis still down: try again next round
                log.warning("parked jobs wait for Redis: %s", error)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="edu-spool", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
