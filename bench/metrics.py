"""Learning-metric latency on PostgreSQL: one course, 1,000 learners, 1,000,000 events over
90 days (targets: all six metrics for the course ≤ 5 s; one learner's metrics p95 ≤ 50 ms).

    python bench/metrics.py [--learners 1000] [--events 1000000] [--repeats 3]

Creates a scratch database, migrates it, COPYs the users, enrolments and events in, runs
ANALYZE, then times the course analytics (all six metrics, retention curve, funnel, daily
series) and 200 single-learner reads, computed on the fly (nothing stored), and once more
after the calculate job stored the values. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import DEFAULT_POSTGRES_URL, scratch_database

from edu_platform import db
from edu_platform.services import metrics

DAYS = 90
LESSONS = 40


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument(
        "--keep", action="store_true", help="keep the database (edu_bench_metrics) for reruns"
    )
    args = parser.parse_args()
    name = "edu_bench_metrics" if args.keep else f"edu_bench_metrics_{os.getpid()}"
    with scratch_database(args.postgres_url, name, keep=args.keep) as (url, created):
        return run(url, args, load_data=created)


def load(url: str, learners: int, events: int) -> tuple[int, int, list[int], date]:
    """Users, a course of LESSONS lessons, enrolments, events.

    Returns (course id, teacher id, learner ids, last day of the window).
    """
    rng = random.Random(7)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    start = today - timedelta(days=DAYS)
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        now = datetime.now(UTC)
        with cur.copy(
            'COPY "user" (email, full_name, role, locale, is_active, created_at, updated_at)'
            " FROM STDIN"
        ) as copy:
            copy.write_row(("teacher@bench.example", "Teacher", "teacher", "en", True, now, now))
            for i in range(learners):
                copy.write_row(
                    (f"l{i}@bench.example", f"Learner {i}", "student", "en", True, now, now)
                )
        teacher_id = cur.execute("SELECT id FROM \"user\" WHERE role = 'teacher'").fetchone()[0]
        user_ids = [
            row[0]
            for row in cur.execute("SELECT id FROM \"user\" WHERE role = 'student' ORDER BY id")
        ]
        course_id = cur.execute(
            "INSERT INTO course (slug, title, summary, description, level, language, price,"
            " currency, is_published, teacher_id, created_at, updated_at, lessons_count,"
            " search_text)"
            " VALUES ('bench', 'Bench', '', '', 'beginner', 'en', 0, 'RUB', true,"
            " %s, %s, %s, %s, '')"
            " RETURNING id",
            (teacher_id, now, now, LESSONS),
        ).fetchone()[0]
        module_id = cur.execute(
            "INSERT INTO module (course_id, title, position, created_at, updated_at)"
            " VALUES (%s, 'M', 1, %s, %s) RETURNING id",
            (course_id, now, now),
        ).fetchone()[0]
        lesson_ids = [
            cur.execute(
                "INSERT INTO lesson (module_id, course_id, title, kind, body, position,"
                " duration_minutes, is_preview, created_at, updated_at)"
                " VALUES (%s, %s, %s, 'text', '', %s, 5, false, %s, %s) RETURNING id",
                (module_id, course_id, f"L{i}", i, now, now),
            ).fetchone()[0]
            for i in range(LESSONS)
        ]
        enrolled = {}
        with cur.copy(
            "COPY enrollment (user_id, course_id, status, source, enrolled_at) FROM STDIN"
        ) as copy:
            for uid in user_ids:
                enrolled[uid] = start + timedelta(
                    days=rng.randrange(0, 30), seconds=rng.randrange(86400)
                )
                copy.write_row((uid, course_id, "active", "free", enrolled[uid]))
        per_learner = events // learners
        with cur.copy(
            "COPY learning_event (user_id, course_id, lesson_id, type, ts) FROM STDIN"
        ) as copy:
            for uid in user_ids:
                ts = enrolled[uid]
                for _ in range(per_learner):
                    # Mostly short gaps inside a session, sometimes a new session later.
                    gap = (
                        rng.randrange(10, 240) if rng.random() < 0.9 else rng.randrange(600, 86400)
                    )
                    ts = ts + timedelta(seconds=gap)
                    if ts >= today:
                        ts = enrolled[uid] + timedelta(seconds=rng.randrange(86400 * 60))
                    lesson = rng.choice(lesson_ids) if rng.random() < 0.8 else None
                    copy.write_row((uid, course_id, lesson, "heartbeat", ts))
        cur.execute("ANALYZE")
    return course_id, teacher_id, user_ids, (today - timedelta(days=1)).date()


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    began = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - began) * 1000, result


def existing(url: str) -> tuple[int, int, list[int], date]:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn:
        course_id, teacher_id = conn.execute("SELECT id, teacher_id FROM course").fetchone()
        user_ids = [r[0] for r in conn.execute("SELECT user_id FROM enrollment ORDER BY 1")]
        last = conn.execute("SELECT max(ts) FROM learning_event").fetchone()[0]
    return course_id, teacher_id, user_ids, last.date()


def run(url: str, args: argparse.Namespace, *, load_data: bool = True) -> int:
    if load_data:
        began = time.perf_counter()
        course_id, teacher_id, user_ids, last_day = load(url, args.learners, args.events)
        print(
            f"loaded {args.learners} learners, {args.events:,} events"
            f" in {time.perf_counter() - began:.1f} s"
        )
    else:
        course_id, teacher_id, user_ids, last_day = existing(url)
    db.set_engine(db.make_engine(url))
    window = {"date_from": last_day - timedelta(days=DAYS - 1), "date_to": last_day}

    course_ms = []
    for _ in range(args.repeats):
        ms, result = timed(
            db.run_sync,
            metrics.course_analytics,
            actor_id=teacher_id,
            course_id=course_id,
            **window,
        )
        course_ms.append(ms)
    print(
        f"course analytics, {result.learners} learners, on the fly:"
        f" median {statistics.median(course_ms):.0f} ms, worst {max(course_ms):.0f} ms"
        " (target ≤ 5000)"
    )

    rng = random.Random(1)
    sample = [rng.choice(user_ids) for _ in range(200)]

    def learner_p95() -> tuple[float, float]:
        times = [
            timed(db.run_sync, metrics.learner_metrics, actor_id=teacher_id, user_id=uid,
                  course_id=course_id, **window)[0]
            for uid in sample
        ]  # fmt: skip
        times.sort()
        return statistics.median(times), times[int(len(times) * 0.95) - 1]

    p50, p95 = learner_p95()
    print(
        "one learner, on the fly (the activity peak cached after the first call):"
        f" p50 {p50:.1f} ms, p95 {p95:.1f} ms"
    )
    ms, rows = timed(
        db.run_sync,
        metrics.store_course_metrics,
        course_id=course_id,
        metrics=metrics.METRICS,
        **window,
    )
    print(f"calculate job body: {rows} values stored in {ms:.0f} ms")
    p50, p95 = learner_p95()
    print(f"one learner, stored window: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p95 ≤ 50)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
