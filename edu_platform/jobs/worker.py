"""RQ worker entry point: `python -m edu_platform.jobs.worker [queue ...]`.

Preloads reportlab and the certificate fonts once in the parent, before any job
(PERFORMANCE.md: 11 PDFs/s when each forked job imports them, 35/s preloaded, 78/s in
a non-forking worker), and runs a non-forking worker by default (`EduWorker`).

Faults it survives (tests/scale/ proves each):
- A worker killed mid-job (SIGKILL, OOM, a lost machine): RQ's SimpleWorker announces a
  job's execution for the job's whole timeout (30 min) and an idle worker looks for
  abandoned jobs only every 7 minutes. `EduWorker` keeps a running job's heartbeat alive
  from a thread with a short TTL (`--heartbeat` × 3) and wakes every
  `--maintenance-interval` seconds, so a surviving worker finds the dead one's job and
  retries it (RQ's Retry policy) within about a minute.
- Redis stopped: RQ's work loop gives up on a lost connection; `main()` waits for Redis
  and starts working again. Jobs enqueued meanwhile were parked on disk by
  `jobs.enqueue()`; every worker's `spool.Drainer` hands them to RQ once Redis answers.
"""

from __future__ import annotations

import argparse
import gc
import logging
import signal
import threading
import time

from edu_platform import gc_tuning
from edu_platform.jobs import (
    WORKER_QUEUES,
    enqueue_rq,
    get_queue,
    import_pipeline,
    redis_connection,
    spool,
)
from edu_platform.jobs.periodic import PeriodicScheduler
from edu_platform.settings import settings

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
MAINTENANCE_INTERVAL_SECONDS = 60
REDIS_WAIT_SECONDS = 1.0


def preload() -> None:
    """Import what every job needs so no job pays for it."""
    import edu_platform.models  # noqa: F401  (mappers configured once)
    from edu_platform.pdf import fonts

    fonts.register_fonts()


def _worker_class():
    from rq import SimpleWorker
    from rq.worker import WorkerStatus

    class EduWorker(SimpleWorker):
        """SimpleWorker with a live heartbeat while a job runs and a short idle wait."""

        heartbeat_seconds: float = HEARTBEAT_SECONDS
        stop_signalled = False
        # RQ waits up to 60 s between attempts to reach a lost Redis: back sooner.
        max_connection_wait_time = 5.0

        def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
            return max(2, int(self.heartbeat_seconds * 3))

        @property
        def dequeue_timeout(self) -> int:
            # Wake up at least once per maintenance interval to look for abandoned jobs.
            return max(1, min(self.worker_ttl - 15, int(self.maintenance_interval)))

        def request_stop(self, signum, frame):
            self.stop_signalled = True
            super().request_stop(signum, frame)

        def _beat(self, job, execution, done: threading.Event) -> None:
            while not done.wait(self.heartbeat_seconds):
                try:
                    self.maintain_heartbeats(job, execution)
                except Exception as error:  # Redis away: the job goes on, RQ sorts it out
                    log.warning("job %s: heartbeat failed: %s", job.id, error)

        def execute_job(self, job, queue):
            execution = self.prepare_execution(job)
            done = threading.Event()
            beat = threading.Thread(
                target=self._beat, args=(job, execution, done), name="edu-heartbeat", daemon=True
            )
            beat.start()
            try:
                self.perform_job(job, queue, execution)
            finally:
                done.set()
                beat.join(timeout=5)
            self.set_state(WorkerStatus.IDLE)

    return EduWorker


def wait_for_redis(connection) -> None:
    """Block until Redis answers a PING (a SIGTERM meanwhile ends the process)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    while True:
        try:
            connection.ping()
            return
        except Exception:
            time.sleep(REDIS_WAIT_SECONDS)


def _enqueue_parked(fn_name: str, args: tuple, queue: str) -> None:
    enqueue_rq(fn_name, args, queue)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="EduPlatform RQ worker")
    parser.add_argument("queues", nargs="*", default=list(WORKER_QUEUES))
    parser.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    parser.add_argument("--forking", action="store_true", help="fork a child per job")
    parser.add_argument(
        "--heartbeat",
        type=float,
        default=HEARTBEAT_SECONDS,
        help="seconds between a running job's heartbeats; a job silent for 3 of them "
        "counts as abandoned (its worker died) and is retried",
    )
    parser.add_argument(
        "--maintenance-interval",
        type=int,
        default=MAINTENANCE_INTERVAL_SECONDS,
        help="seconds between looks for abandoned jobs (one worker looks per interval)",
    )
    args = parser.parse_args(argv)
    if not settings.redis_url:
        raise SystemExit("REDIS_URL is not set: jobs run in-process, no worker is needed")

    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
    from rq import Worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    preload()
    # What is loaded now lives as long as the worker: out of the collector's way, and
    # collections rarer (gc_tuning.py). An enrolment import allocates ~10 objects a row,
    # nearly all freed by reference counting; with the default thresholds the collections
    # they set off were a third of the job's Python time (bench/imports.py).
    gc.freeze()
    gc_tuning.tune()
    # One job at a time and no event loop here: a large import may read in a forked child
    # while this process writes (jobs/import_pipeline.py).
    import_pipeline.enable()
    connection = redis_connection()
    # Periodic jobs (hourly purge, ...): each worker runs the scheduler thread; a Redis
    # claim makes one of them enqueue each run. A burst worker exits before any is due.
    scheduler = None if args.burst else PeriodicScheduler()
    drainer = None if args.burst else spool.Drainer(_enqueue_parked)
    for thread in (scheduler, drainer):
        if thread is not None:
            thread.start()
    try:
        while True:
            if args.forking:
                worker = Worker(
                    [get_queue(name) for name in args.queues],
                    connection=connection,
                    maintenance_interval=args.maintenance_interval,
                )
            else:
                worker = _worker_class()(
                    [get_queue(name) for name in args.queues],
                    connection=connection,
                    maintenance_interval=args.maintenance_interval,
                )
                worker.heartbeat_seconds = args.heartbeat
            try:
                worker.work(burst=args.burst, with_scheduler=True)
            except (RedisConnectionError, RedisTimeoutError) as error:
                log.warning("worker lost Redis (%s); waiting for it", error)
            if args.burst or getattr(worker, "stop_signalled", True):
                break
            wait_for_redis(connection)
            log.info("Redis is back: working again")
    finally:
        for thread in (scheduler, drainer):
            if thread is not None:
                thread.stop()


if __name__ == "__main__":
    main()
