"""RQ worker entry point: `python -m edu_platform.jobs.worker [queue ...]`.

Preloads reportlab and the certificate fonts once in the parent, before any job
(PERFORMANCE.md: 11 PDFs/s when each forked job imports them, 35/s preloaded, 78/s in
a non-forking worker), and runs a non-forking SimpleWorker by default.
"""

from __future__ import annotations

import argparse
import logging

from edu_platform.jobs import DEFAULT_QUEUE, get_queue, redis_connection
from edu_platform.jobs.periodic import PeriodicScheduler
from edu_platform.settings import settings


def preload() -> None:
    """Import what every job needs so no job pays for it."""
    import edu_platform.models  # noqa: F401  (mappers configured once)
    from edu_platform.pdf import fonts

    fonts.register_fonts()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="EduPlatform RQ worker")
    parser.add_argument("queues", nargs="*", default=[DEFAULT_QUEUE, "pdf"])
    parser.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    parser.add_argument("--forking", action="store_true", help="fork a child per job")
    args = parser.parse_args(argv)
    if not settings.redis_url:
        raise SystemExit("REDIS_URL is not set: jobs run in-process, no worker is needed")

    from rq import SimpleWorker, Worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    preload()
    worker_class = Worker if args.forking else SimpleWorker
    worker = worker_class([get_queue(name) for name in args.queues], connection=redis_connection())
    # Periodic jobs (hourly purge, ...): each worker runs the scheduler thread; a Redis
    # claim makes one of them enqueue each run. A burst worker exits before any is due.
    scheduler = None if args.burst else PeriodicScheduler()
    if scheduler is not None:
        scheduler.start()
    try:
        worker.work(burst=args.burst, with_scheduler=True)
    finally:
        if scheduler is not None:
            scheduler.stop()


if __name__ == "__main__":
    main()
