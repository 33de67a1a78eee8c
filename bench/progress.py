"""Benchmark of the learner's hot paths on the large seed: the "My learning" list and a
lesson completion. Target: p95 under 20 ms on PostgreSQL.

    python bench/progress.py [--scale 1.0] [--samples 200] [--seed 1] [--keep] [--explain]

A throw-away PostgreSQL database `edu_bench_progress_<pid>` is created on the server of
`--postgres-url` (default 127.0.0.1:5432, user postgres), migrated with Alembic, filled
with `edu_platform.seed.large` at `--scale` (1.0: 10k users, 100k enrolments, ~1M
lesson_progress rows; about 30 s) and dropped at the end.

Timed in-process around the front doors' call, each call in its own transaction
(`db.run_sync`: BEGIN, the service, COMMIT), after a warm-up pass:

- my learning: `account_area.my_courses` (what /my lists) for `--samples` users drawn at
  random from the 1,000 with the most enrolments;
- completion: `progress.complete_lesson` for `--samples` random active enrolments, each on
  a random lesson it has not completed yet. When that finishes the course, the certificate
  row is requested in the same transaction; its PDF job (after commit) is not run here.

Also printed: SQL statements per call and the statements that take the most time
(`--explain` adds EXPLAIN ANALYZE of the slowest ones). Two "floor" lines first time an
empty transaction (SELECT 1) and one writing a row: on a busy machine every figure rises
with them.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import DEFAULT_POSTGRES_URL, migrate, new_database

from edu_platform import db, jobs
from edu_platform.seed.large import seed_large
from edu_platform.services import account_area, learning_events, progress
from edu_platform.settings import settings

TARGET_P95_MS = 20.0
WARM_UP = 20


class StatementLog:
    """Time of every SQL statement, grouped by its text (parameters apart)."""

    def __init__(self, engine: Engine) -> None:
        self.enabled = False
        self.calls = 0
        self.by_statement: dict[str, list[float]] = defaultdict(list)
        self.parameters: dict[str, Any] = {}
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        if not self.enabled:
            return
        key = re.sub(r"\s+", " ", statement).strip()
        self.by_statement[key].append((time.perf_counter() - conn.info["bench_started"]) * 1000)
        self.parameters.setdefault(key, parameters)

    def reset(self) -> None:
        self.by_statement.clear()
        self.parameters.clear()

    def report(self, calls: int, top: int = 5) -> list[str]:
        if not calls:
            return []
        statements = sum(len(times) for times in self.by_statement.values())
        print(f"    SQL statements per call: {statements / calls:.1f}")
        ranked = sorted(self.by_statement.items(), key=lambda item: -sum(item[1]))[:top]
        for statement, times in ranked:
            print(
                f"    {sum(times) / calls:6.2f} ms/call  n={len(times):<4} "
                f"mean {statistics.fmean(times):5.2f} ms  {statement[:110]}"
            )
        return [statement for statement, _ in ranked]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(label: str, calls: list[Callable[[], Any]], log: StatementLog) -> list[float]:
    for call in calls[:WARM_UP]:
        call()
    log.reset()
    log.enabled = True
    durations = []
    for call in calls[WARM_UP:]:
        started = time.perf_counter()
        call()
        durations.append((time.perf_counter() - started) * 1000)
    log.enabled = False
    if not durations:  # a tiny --scale: every call went to the warm-up
        print(f"\n  {label}: n=0 (no calls after the {WARM_UP} warm-up calls: raise --scale)")
        return durations
    p50, p95 = percentile(durations, 0.5), percentile(durations, 0.95)
    verdict = "OK" if p95 < TARGET_P95_MS else f"MISSED (target p95 < {TARGET_P95_MS:.0f} ms)"
    print(
        f"\n  {label}: n={len(durations)}  p50 {p50:.2f} ms  p95 {p95:.2f} ms  "
        f"max {max(durations):.2f} ms  mean {statistics.fmean(durations):.2f} ms  {verdict}"
    )
    return durations


def explain(engine: Engine, log: StatementLog, statements: list[str]) -> None:
    for statement in statements:
        if not statement.upper().startswith(("SELECT", "UPDATE", "INSERT")):
            continue
        print(f"\n    EXPLAIN ANALYZE {statement[:100]}")
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            with raw.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", log.parameters[statement])
                for (line,) in cursor.fetchall():
                    print(f"      {line}")
            raw.rollback()


def users_with_many_enrolments(engine: Engine, rng: random.Random, count: int) -> list[int]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT user_id, count(*) FROM enrollment WHERE status IN ('active', 'completed')"
                " GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1000"
            )
        ).all()
    picked = rng.sample(rows, min(count, len(rows)))
    sizes = sorted(n for _, n in picked)
    print(f"  users: {len(picked)} with {sizes[0]}..{sizes[-1]} enrolments each")
    return [user_id for user_id, _ in picked]


def unfinished_lessons(engine: Engine, rng: random.Random, count: int) -> list[tuple[int, int]]:
    """(user_id, lesson_id) pairs: a random lesson not done yet in a random active enrolment."""
    with engine.connect() as connection:
        enrollments = connection.execute(
            text(
                "SELECT e.id, e.user_id, e.course_id FROM enrollment e"
                " JOIN course c ON c.id = e.course_id"
                " WHERE e.status = 'active' AND e.completed_lessons < c.lessons_count"
                " AND (e.access_until IS NULL OR e.access_until > now())"
            )
        ).all()
        pairs: list[tuple[int, int]] = []
        for enrollment_id, user_id, course_id in rng.sample(enrollments, len(enrollments)):
            if len(pairs) == count:
                break
            open_lessons = connection.execute(
                text(
                    "SELECT l.id FROM lesson l WHERE l.course_id = :course AND NOT EXISTS ("
                    " SELECT 1 FROM lesson_progress p WHERE p.enrollment_id = :enrollment"
                    " AND p.lesson_id = l.id AND p.completed_at IS NOT NULL) ORDER BY l.id"
                ),
                {"course": course_id, "enrollment": enrollment_id},
            ).scalars()
            choices = list(open_lessons)
            if choices:
                pairs.append((user_id, rng.choice(choices)))
    return pairs


def run(url: str, args: argparse.Namespace) -> bool:
    started = time.perf_counter()
    migrate(url)
    engine = db.make_engine(url)
    summary = seed_large(engine=engine, scale=args.scale)
    print(
        f"  migrated and seeded in {time.perf_counter() - started:.1f} s "
        f"({summary.rows:,} rows, scale {args.scale})"
    )
    settings.database_url = url
    db.set_engine(engine)
    # Side effects that are not the request's latency: no PDF jobs, no event flusher.
    jobs.enqueue = lambda *_args, **_kwargs: None
    log = StatementLog(engine)
    rng = random.Random(args.seed)
    total = args.samples + WARM_UP

    # The floor on this machine right now: one transaction doing nothing but SELECT 1.
    floor = [lambda: db.run_sync(lambda *, session: session.execute(text("SELECT 1")))] * total
    timed("floor (BEGIN, SELECT 1, COMMIT)", floor, log)
    # ... and a transaction that writes one row (its COMMIT waits for the WAL flush).
    touch = text(
        "UPDATE enrollment SET points = points WHERE id = (SELECT min(id) FROM enrollment)"
    )
    write_floor = [lambda: db.run_sync(lambda *, session: session.execute(touch))] * total
    timed("write floor (BEGIN, UPDATE one row, COMMIT)", write_floor, log)

    users = users_with_many_enrolments(engine, rng, total)
    calls = [lambda u=u: db.run_sync(account_area.my_courses, user_id=u) for u in users]
    listing = timed("my learning (account_area.my_courses)", calls, log)
    slowest = log.report(len(listing))
    if args.explain:
        explain(engine, log, slowest[:2])

    pairs = unfinished_lessons(engine, rng, total)
    calls = [
        lambda u=u, lesson=lesson: db.run_sync(
            progress.complete_lesson, user_id=u, lesson_id=lesson
        )
        for u, lesson in pairs
    ]
    completion = timed("lesson completion (progress.complete_lesson)", calls, log)
    slowest = log.report(len(completion))
    if args.explain:
        explain(engine, log, slowest[:3])
    learning_events.flush()  # the buffered lesson_completed events, out of the timing
    engine.dispose()
    return all(percentile(d, 0.95) < TARGET_P95_MS for d in (listing, completion) if d)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the large seed")
    parser.add_argument("--samples", type=int, default=200, help="timed calls per operation")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the samples")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN the slowest queries")
    args = parser.parse_args()

    name = f"edu_bench_progress_{os.getpid()}"
    with new_database(args.postgres_url, name, keep=args.keep) as url:
        print(f"PostgreSQL {name}")
        met = run(url, args)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
