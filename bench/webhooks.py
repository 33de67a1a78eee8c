"""Benchmark: 1,000 queued webhook deliveries drained to a local receiver by 2 workers.

    python bench/webhooks.py [--deliveries 1000] [--workers 2] [--backend postgres|sqlite]
                             [--redis-url redis://127.0.0.1:6379/6] [--inline]
                             [--postgres-url URL]

A fresh database (PostgreSQL: a throw-away `edu_bench_webhooks_<pid>` database, dropped
at the end; SQLite: a file in a temporary directory), migrated with Alembic, gets one
active endpoint pointing at a receiver this script serves on 127.0.0.1 (a threading HTTP
server answering 200), and N `user.logged_in` events written in one transaction, so N
delivery jobs are queued when it commits. Then:

- RQ (default): `--workers` real worker processes (`python -m edu_platform.jobs.worker
  --burst`) start on the queue; the figure is from their start until every delivery row
  is `delivered` (worker start-up included), the receiver having checked each signature.
  The Redis database must hold no queued jobs (it is not flushed: point it at a spare one).
- `--inline`: the in-process pool (no Redis) with `--workers` threads.

Target (issue #11): 1,000 deliveries in ≤ 20 s with 2 workers; exit status 1 when over.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import DEFAULT_POSTGRES_URL, migrate, scratch_database

from edu_platform import db, jobs
from edu_platform.models import DeliveryStatus, WebhookDelivery
from edu_platform.services import events, webhooks
from edu_platform.settings import PROJECT_ROOT, settings
from tests.support.receiver import Receiver

TARGET_SECONDS = 20.0


def delivered(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            select(func.count())
            .select_from(WebhookDelivery)
            .where(WebhookDelivery.status == DeliveryStatus.DELIVERED.value)
        ).scalar_one()


def queue_events(count: int, url: str) -> tuple[str, float]:
    """The endpoint's secret and the seconds taken to write and enqueue `count` events."""
    created = db.run_sync(
        lambda *, session: webhooks.create_endpoint(
            session=session,
            actor_id=_admin(session),
            url=url,
            events=["user.logged_in"],
        )
    )
    started = time.perf_counter()
    with db.session_scope() as session:
        events.emit_many(
            session,
            "user.logged_in",
            [{"user_id": index, "method": "bench"} for index in range(count)],
        )
    return created.secret, time.perf_counter() - started


def _admin(session) -> int:
    from edu_platform.models import User

    user = User(email="bench-admin@example.com", full_name="Bench", role="admin")
    session.add(user)
    session.flush()
    return user.id


def run(url: str, args: argparse.Namespace) -> bool:
    engine = db.make_engine(url)
    db.set_engine(engine)
    receiver = Receiver().start()
    bad_signatures: list[int] = []
    try:
        if args.inline:
            settings.redis_url = ""
            settings.inline_job_workers = args.workers
        else:
            settings.redis_url = args.redis_url
            if jobs.get_queue().count:
                raise SystemExit(f"{args.redis_url} has queued jobs: use a spare database")
        jobs.redis_connection.cache_clear()
        started = time.perf_counter()
        if args.inline:
            secret, enqueue_seconds = queue_events(args.deliveries, receiver.url)
            workers, logs = [], []
        else:
            secret, enqueue_seconds = queue_events(args.deliveries, receiver.url)
            print(
                f"  {args.deliveries} events written and jobs enqueued in {enqueue_seconds:.2f} s"
            )
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "REDIS_URL": args.redis_url,
                "PYTHONPATH": str(PROJECT_ROOT),
            }
            started = time.perf_counter()
            # The workers log a few lines per job: to files, not to pipes nobody reads
            # while they run (a full pipe would block them).
            logs = [tempfile.TemporaryFile("w+") for _ in range(args.workers)]  # noqa: SIM115 (closed below)
            workers = [
                subprocess.Popen(
                    [sys.executable, "-m", "edu_platform.jobs.worker", "--burst"],
                    cwd=PROJECT_ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                    text=True,
                )
                for log in logs
            ]
        deadline = started + 300
        while delivered(engine) < args.deliveries and time.perf_counter() < deadline:
            if workers and all(worker.poll() is not None for worker in workers):
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        done = delivered(engine)
        for worker, log in zip(workers, logs, strict=True):
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            if worker.returncode:
                log.seek(0)
                print(log.read()[-2000:])
            log.close()
        for request in receiver.requests:
            if not webhooks.verify_signature(
                secret,
                request.headers["x-edu-timestamp"],
                request.body,
                request.headers["x-edu-signature"],
            ):
                bad_signatures.append(1)  # noqa: PERF401 (a counter filled by the handler)
    finally:
        receiver.stop()
        jobs.redis_connection.cache_clear()
        engine.dispose()
    shape = f"{args.workers} in-process threads" if args.inline else f"{args.workers} RQ workers"
    rate = done / elapsed if elapsed else 0.0
    print(
        f"  {done}/{args.deliveries} delivered in {elapsed:.2f} s with {shape} "
        f"({rate:.0f}/s); receiver got {len(receiver.requests)} requests, "
        f"{len(bad_signatures)} with a bad signature"
    )
    return done == args.deliveries and elapsed <= TARGET_SECONDS and not bad_signatures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--inline", action="store_true", help="in-process pool, no Redis")
    args = parser.parse_args()
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            url = f"sqlite:///{directory}/bench.db"
            migrate(url)
            print(f"SQLite, {args.deliveries} deliveries")
            ok = run(url, args)
    else:
        name = f"edu_bench_webhooks_{os.getpid()}"
        with scratch_database(args.postgres_url, name) as (url, _):
            print(f"PostgreSQL, {args.deliveries} deliveries")
            ok = run(url, args)
    print(f"target: {args.deliveries} in <= {TARGET_SECONDS:.0f} s:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
