"""Admin report latency over the large seed on PostgreSQL (target: under 300 ms each).

    python bench/reports.py [--scale 1.0] [--repeats 5]

Creates a scratch database, migrates it, loads `edu_platform.seed.large` at `--scale`,
runs ANALYZE, then times each report (sales by day/week/month over a year, top courses
by revenue and by enrolments, a page of user activity, completion rates) `--repeats`
times and prints the median and the worst. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import DEFAULT_POSTGRES_URL, migrate, new_database

from edu_platform import db
from edu_platform.models import User
from edu_platform.seed.large import seed_large
from edu_platform.services import reports

TARGET_MS = 300


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args()
    with new_database(args.postgres_url, f"edu_bench_reports_{os.getpid()}") as url:
        return run(url, args)


def run(url: str, args: argparse.Namespace) -> int:
    migrate(url)
    engine = db.make_engine(url)
    summary = seed_large(engine=engine, scale=args.scale)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    db.set_engine(engine)
    print(f"large seed: {summary.rows:,} rows (scale {args.scale})")
    with db.session_scope() as session:
        admin = User(email="bench-admin@example.com", full_name="Bench", role="admin")
        session.add(admin)
        session.flush()
        admin_id = admin.id
        first = session.scalar(select(text("min(paid_at)")).select_from(text('"order"')))
    date_to = datetime.now(UTC).date()
    date_from = (first or datetime.now(UTC) - timedelta(days=365)).date()
    cases = {
        "sales by day": (reports.sales_dynamics, {"granularity": "day"}),
        "sales by week": (reports.sales_dynamics, {"granularity": "week"}),
        "sales by month": (reports.sales_dynamics, {"granularity": "month"}),
        "top courses by revenue": (reports.top_courses, {"limit": 10}),
        "top courses by enrolments": (reports.top_courses, {"limit": 10, "by": "enrollments"}),
        "user activity (page 1)": (reports.user_activity, {"per_page": 20}),
    }
    worst_overall = 0.0
    print(f"range {date_from} .. {date_to}")
    for label, (fn, kwargs) in cases.items():
        timings = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            db.run_sync(fn, actor_id=admin_id, date_from=date_from, date_to=date_to, **kwargs)
            timings.append((time.perf_counter() - started) * 1000)
        worst_overall = max(worst_overall, max(timings))
        print(
            f"  {label:28s} median {statistics.median(timings):7.1f} ms   "
            f"worst {max(timings):7.1f} ms"
        )
    timings = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        db.run_sync(reports.completion_rates, actor_id=admin_id, limit=20)
        timings.append((time.perf_counter() - started) * 1000)
    worst_overall = max(worst_overall, max(timings))
    print(
        f"  {'completion rates':28s} median {statistics.median(timings):7.1f} ms   "
        f"worst {max(timings):7.1f} ms"
    )
    verdict = "OK" if worst_overall < TARGET_MS else "MISSED"
    print(f"worst report: {worst_overall:.1f} ms (target < {TARGET_MS} ms): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
