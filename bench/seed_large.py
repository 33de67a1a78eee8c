"""Benchmark of the large seed: fresh database per backend, migrate, seed, print rows/s.

    python bench/seed_large.py [--backend postgres|sqlite|both] [--scale 0.1]

PostgreSQL: a throw-away database `edu_bench_<pid>` is created on the server of
`--postgres-url` (default 127.0.0.1:5432, user postgres) and dropped afterwards.
SQLite: a file in a temporary directory, removed afterwards. `--keep` keeps both.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import add_database_arguments, migrate, new_database

from edu_platform import db
from edu_platform.seed.large import LargeSummary, seed_large


def _seed(url: str, scale: float) -> LargeSummary:
    engine = db.make_engine(url)
    try:
        return seed_large(engine=engine, scale=scale)
    finally:
        engine.dispose()


def _report(name: str, summary: LargeSummary, migrate_seconds: float) -> None:
    print(f"\n{name}: migrate {migrate_seconds:.1f} s")
    print(f"  {'table':<16} {'rows':>10} {'seconds':>8} {'rows/s':>10}")
    for table in summary.tables:
        print(
            f"  {table.table:<16} {table.rows:>10,} {table.seconds:>8.2f} "
            f"{table.rows_per_second:>10,.0f}"
        )
    print(
        f"  {'total':<16} {summary.rows:>10,} {summary.seconds:>8.2f} "
        f"{summary.rows / summary.seconds:>10,.0f}   (planning, hashing, commit and "
        "ANALYZE included)"
    )


def bench_postgres(admin_url: str, scale: float, keep: bool) -> None:
    name = f"edu_bench_{os.getpid()}"
    with new_database(admin_url, name, keep=keep) as url:
        migrate_seconds = migrate(url)
        _report(f"PostgreSQL ({name}, scale {scale})", _seed(url, scale), migrate_seconds)


def bench_sqlite(scale: float, keep: bool) -> None:
    directory = Path(tempfile.mkdtemp(prefix="edu_bench_"))
    path = directory / "edu.db"
    url = f"sqlite:///{path}"
    try:
        migrate_seconds = migrate(url)
        _report(f"SQLite ({path}, scale {scale})", _seed(url, scale), migrate_seconds)
        print(f"  file size: {path.stat().st_size / 1e6:,.0f} MB")
    finally:
        if keep:
            print(f"  kept: {url}")
        else:
            for file in directory.iterdir():
                file.unlink()
            directory.rmdir()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_arguments(parser)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full data set")
    args = parser.parse_args()
    if args.backend in ("postgres", "both"):
        bench_postgres(args.postgres_url, args.scale, args.keep)
    if args.backend in ("sqlite", "both"):
        bench_sqlite(args.scale, args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
