"""Benchmark of admin imports end to end: rows/s from the upload to the job's "done".

    python bench/imports.py [--rows 100000] [--backend postgres|sqlite|both]
                            [--naive-rows N] [--redis-url redis://127.0.0.1:6379/14]

For each backend, on a throw-away database (migrated, with an admin, a teacher and 20
courses): a users file of `--rows` rows, then an enrolments file of `--rows` rows (those
users into the 20 courses), each POSTed to /api/v1/imports as multipart and timed until
the job row says done (every row validated in Python, written through the bulk path).

- PostgreSQL: the jobs run on one real RQ worker process (`python -m
  edu_platform.jobs.worker`, started before the uploads, stopped after), on the Redis
  database of `--redis-url`. The database `edu_bench_imports_<pid>` is dropped after.
- SQLite: the jobs run in-process (the embedded shape, no Redis); a temporary file.

Baseline: the naive path on the same data and a fresh database of the same backend: one
ORM object per row with per-row lookups (the same checks: email normalised, name, role,
user and course found, date parsed), a commit per 2,000 rows, over the first
`--naive-rows` rows of the same files (default 10,000: at a few hundred rows/s the whole
file would take many minutes). Printed as rows/s and as the ratio of the import path.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import DEFAULT_POSTGRES_URL, migrate, new_database

from edu_platform import db, jobs
from edu_platform.models import Course, Enrollment, User
from edu_platform.services import accounts, tokens
from edu_platform.services.enrollment import bump_enrollment_count, find_enrollment
from edu_platform.settings import PROJECT_ROOT, settings

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
COURSES = 20
NAIVE_COMMIT_EVERY = 2000


# --- data ------------------------------------------------------------------------------


def users_file(rows: int) -> bytes:
    lines = [f"user{n:06d}@Example.com,User Number {n},student" for n in range(rows)]
    return ("email,full_name,role\n" + "\n".join(lines) + "\n").encode()


def enrollments_file(rows: int) -> bytes:
    lines = [
        f"user{n:06d}@example.com,bench-course-{n % COURSES},2025-0{1 + n % 9}-15"
        for n in range(rows)
    ]
    return ("email,course_slug,enrolled_at\n" + "\n".join(lines) + "\n").encode()


def _seed(engine: Engine) -> User:
    with Session(engine, expire_on_commit=False) as session:
        admin = User(email="bench-admin@example.com", full_name="Bench Admin", role="admin")
        teacher = User(email="bench-teacher@example.com", full_name="Bench T", role="teacher")
        session.add_all([admin, teacher])
        session.flush()
        for number in range(COURSES):
            session.add(
                Course(
                    slug=f"bench-course-{number}", title=f"Course {number}", teacher_id=teacher.id
                )
            )
        session.commit()
        return admin


@contextmanager
def scratch_database(backend: str, admin_url: str, label: str) -> Iterator[str]:
    """A migrated throw-away database of `backend`, dropped (or deleted) afterwards."""
    if backend == "postgres":
        with new_database(admin_url, f"edu_bench_imports_{os.getpid()}_{label}") as url:
            migrate(url)
            yield url
    else:
        with tempfile.TemporaryDirectory(prefix="edu_bench_imports_") as directory:
            url = f"sqlite:///{Path(directory) / 'edu.db'}"
            migrate(url)
            yield url


# --- the import path: upload through the API, wait for done ------------------------------


def _wait_done(engine: Engine, job_id: int, timeout: float = 1800) -> tuple[str, int, int]:
    deadline = time.monotonic() + timeout
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            status, processed, failed = connection.execute(
                text("SELECT status, processed, failed FROM import_job WHERE id = :id"),
                {"id": job_id},
            ).one()
            connection.rollback()
            if status in ("done", "failed"):
                return status, processed, failed
            time.sleep(0.01)
    raise TimeoutError(f"import {job_id} did not finish")


def timed_import(client, headers: dict, engine: Engine, kind: str, data: bytes) -> float:
    """Seconds from the POST to the job's done."""
    started = time.perf_counter()
    response = client.post(
        "/api/v1/imports",
        headers=headers,
        data={"kind": kind},
        files={"file": (f"{kind}.csv", data, "text/csv")},
    )
    assert response.status_code == 202, response.text
    status, processed, failed = _wait_done(engine, response.json()["id"])
    seconds = time.perf_counter() - started
    assert (status, failed) == ("done", 0), (status, processed, failed)
    return seconds


@contextmanager
def rq_worker(url: str, redis_url: str, data_dir: Path) -> Iterator[None]:
    from redis import Redis
    from rq import Worker

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "DATA_DIR": str(data_dir),
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "edu_platform.jobs.worker", "default"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    connection = Redis.from_url(redis_url)
    try:
        deadline = time.monotonic() + 60
        while not any(worker.pid == process.pid for worker in Worker.all(connection=connection)):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the RQ worker did not start")
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        connection.close()


def bench_import_path(backend: str, url: str, rows: int, redis_url: str) -> dict[str, float]:
    from fastapi.testclient import TestClient

    from edu_platform.api import create_api

    engine = db.make_engine(url)
    db.set_engine(engine)
    settings.database_url = url
    data_dir = Path(tempfile.mkdtemp(prefix="edu_bench_data_"))
    settings.data_dir = data_dir
    settings.redis_url = redis_url if backend == "postgres" else ""
    jobs.redis_connection.cache_clear()
    results: dict[str, float] = {}
    try:
        admin = _seed(engine)
        headers = {"Authorization": "Bearer " + tokens.create_access_token(admin)}
        client = TestClient(create_api())
        files = {"users": users_file(rows), "enrollments": enrollments_file(rows)}
        if backend == "postgres":
            with rq_worker(url, redis_url, data_dir):
                for kind, data in files.items():
                    results[kind] = timed_import(client, headers, engine, kind, data)
        else:
            for kind, data in files.items():
                results[kind] = timed_import(client, headers, engine, kind, data)
        with Session(engine) as session:
            counts = session.scalar(select(func.sum(Course.enrollment_count)))
        assert counts == rows, counts
    finally:
        engine.dispose()
        shutil.rmtree(data_dir, ignore_errors=True)
    return results


# --- the naive path: one ORM object per row ----------------------------------------------


def naive_users(session: Session, data: bytes) -> None:
    for number, line in enumerate(data.decode().splitlines()[1:]):
        email, full_name, role = line.split(",")
        email = accounts.normalise_email(email)
        full_name = accounts.check_full_name(full_name)
        role = role or "student"
        assert role in ("student", "teacher", "admin")
        if accounts.find_user_by_email(session=session, email=email) is None:
            session.add(User(email=email, full_name=full_name, role=role))
        if number % NAIVE_COMMIT_EVERY == NAIVE_COMMIT_EVERY - 1:
            session.commit()
    session.commit()


def naive_enrollments(session: Session, data: bytes) -> None:
    for number, line in enumerate(data.decode().splitlines()[1:]):
        email, slug, enrolled_at = line.split(",")
        user = accounts.find_user_by_email(session=session, email=accounts.normalise_email(email))
        course = session.scalar(select(Course).where(Course.slug == slug))
        when = datetime.fromisoformat(enrolled_at).replace(tzinfo=UTC)
        assert user is not None and course is not None
        if find_enrollment(session=session, user_id=user.id, course_id=course.id) is None:
            session.add(
                Enrollment(user_id=user.id, course_id=course.id, source="import", enrolled_at=when)
            )
            session.flush()
            bump_enrollment_count(session, course.id, +1)
        if number % NAIVE_COMMIT_EVERY == NAIVE_COMMIT_EVERY - 1:
            session.commit()
    session.commit()


def bench_naive(url: str, rows: int) -> dict[str, float]:
    engine = db.make_engine(url)
    results: dict[str, float] = {}
    steps: dict[str, tuple[Callable[[Session, bytes], None], bytes]] = {
        "users": (naive_users, users_file(rows)),
        "enrollments": (naive_enrollments, enrollments_file(rows)),
    }
    try:
        _seed(engine)
        for kind, (step, data) in steps.items():
            with Session(engine) as session:
                started = time.perf_counter()
                step(session, data)
                results[kind] = time.perf_counter() - started
    finally:
        engine.dispose()
    return results


# --- report ------------------------------------------------------------------------------


def run(backend: str, args: argparse.Namespace) -> None:
    with scratch_database(backend, args.postgres_url, "fast") as url:
        fast = bench_import_path(backend, url, args.rows, args.redis_url)
    with scratch_database(backend, args.postgres_url, "naive") as url:
        naive = bench_naive(url, args.naive_rows)
    shape = "1 RQ worker process" if backend == "postgres" else "in-process jobs"
    print(f"\n{backend} ({shape}), load average {os.getloadavg()[0]:.1f}:")
    header = ("file", "rows", "import s", "rows/s", "naive rows/s", "ratio")
    print("  {:<12} {:>8} {:>9} {:>9} {:>13} {:>6}".format(*header))
    for kind in ("users", "enrollments"):
        fast_rate = args.rows / fast[kind]
        naive_rate = args.naive_rows / naive[kind]
        print(
            f"  {kind:<12} {args.rows:>8,} {fast[kind]:>9.2f} {fast_rate:>9,.0f} "
            f"{naive_rate:>13,.0f} {fast_rate / naive_rate:>5.1f}x"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("postgres", "sqlite", "both"), default="both")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--naive-rows",
        type=int,
        default=10_000,
        help="rows of the same files for the naive baseline (it runs at ~100-500 rows/s)",
    )
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    args = parser.parse_args()
    for backend in ("postgres", "sqlite"):
        if args.backend in (backend, "both"):
            run(backend, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
