"""Benchmark of certificate PDFs: render speed in one process, then a bulk re-issue of a
course's certificates through real Redis and 1 and 2 worker processes.

    python bench/certificates.py [--renders 500] [--certificates 10000] [--workers 1 2]

1. render only: `pdf.certificate.render` into memory, one process; PDFs per second by
   wall clock and by CPU time (the per-core figure, steady under other load), and size.
2. through the queue: a throw-away PostgreSQL database `edu_bench_cert_<pid>` (dropped
   afterwards) seeded with one course and N learners holding certificates; for each worker
   count, `certificates.reissue_course` enqueues the batches on Redis (database 12 by
   default, flushed before and after), K processes of `python -m edu_platform.jobs.worker
   pdf --burst` run them, and the clock stops when the bulk_job row says done.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, insert, make_url, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import DEFAULT_POSTGRES_URL, migrate

from edu_platform import db, jobs
from edu_platform.models import BulkJob, Certificate, Course, Enrollment, User
from edu_platform.pdf import certificate as pdf
from edu_platform.pdf import fonts
from edu_platform.services import certificates
from edu_platform.settings import PROJECT_ROOT, settings

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
FIRST_NAMES = ("Анна", "Борис", "Вера", "Глеб", "Дарья", "Егор", "Жанна", "Илья")
LAST_NAMES = ("Иванова", "Петров", "Смирнова", "Кузнецов", "Соколова", "Попов", "Лебедева")


def _sample(index: int) -> pdf.CertificateData:
    serial = certificates.new_serial()
    return pdf.CertificateData(
        serial=serial,
        holder_name=f"{FIRST_NAMES[index % 8]} {LAST_NAMES[index % 7]}-{index}",
        course_title="Анализ данных на Python: от таблиц к моделям машинного обучения",
        teacher_name="Анна Смирнова",
        issued_at=datetime.now(UTC),
        verify_url=f"https://edu.example.org/verify/{serial}",
    )


def bench_render(count: int) -> None:
    started = time.perf_counter()
    fonts.register_fonts()
    print(f"font registration: {(time.perf_counter() - started) * 1000:.0f} ms (once per process)")
    samples = [_sample(index) for index in range(count)]
    pdf.render(samples[0], io.BytesIO())  # warm-up
    sizes = []
    wall, cpu = time.perf_counter(), time.process_time()
    for data in samples:
        buffer = io.BytesIO()
        pdf.render(data, buffer)
        sizes.append(buffer.tell())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"render only, {count} PDFs in one process: {count / wall:.0f}/s wall clock, "
        f"{count / cpu:.0f}/s per CPU-second ({cpu / count * 1000:.1f} ms CPU each); "
        f"size median {statistics.median(sizes) / 1024:.1f} KiB"
    )


def _seed(count: int) -> tuple[int, int]:
    """One teacher, one course, `count` learners with a completed enrolment and a pending
    certificate each (Core executemany); gives (course id, admin id)."""
    engine = db.get_engine()
    tag = secrets.token_hex(3)
    with engine.begin() as connection:
        admin_id, teacher_id = (
            connection.execute(
                insert(User).returning(User.id),
                [
                    {"email": f"admin-{tag}@bench.test", "full_name": "Admin", "role": "admin"},
                    {
                        "email": f"t-{tag}@bench.test",
                        "full_name": "Анна Смирнова",
                        "role": "teacher",
                    },
                ],
            )
            .scalars()
            .all()
        )
        course_id = connection.execute(
            insert(Course).returning(Course.id),
            {"slug": f"bench-{tag}", "title": "Анализ данных на Python", "teacher_id": teacher_id},
        ).scalar_one()
        users = [
            {
                "email": f"l{index}-{tag}@bench.test",
                "full_name": f"{FIRST_NAMES[index % 8]} {LAST_NAMES[index % 7]}",
                "role": "student",
            }
            for index in range(count)
        ]
        user_ids = connection.execute(insert(User).returning(User.id), users).scalars().all()
        now = datetime.now(UTC)
        rows = [
            {
                "user_id": uid,
                "course_id": course_id,
                "status": "completed",
                "progress_percent": 100,
                "completed_at": now,
            }
            for uid in user_ids
        ]
        enrollment_ids = (
            connection.execute(insert(Enrollment).returning(Enrollment.id), rows).scalars().all()
        )
        connection.execute(
            insert(Certificate),
            [
                {
                    "serial": certificates.new_serial(),
                    "user_id": uid,
                    "course_id": course_id,
                    "enrollment_id": eid,
                    "status": "pending",
                    "holder_name": user["full_name"],
                    "course_title": "Анализ данных на Python",
                }
                for uid, eid, user in zip(user_ids, enrollment_ids, users, strict=True)
            ],
        )
    return course_id, admin_id


def _reissue(course_id: int, admin_id: int, workers: int, env: dict, timeout: float) -> None:
    jobs.redis_connection().flushdb()
    started = time.perf_counter()
    job = db.run_sync(certificates.reissue_course, actor_id=admin_id, course_id=course_id)
    enqueued = time.perf_counter() - started
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "edu_platform.jobs.worker", "pdf", "--burst"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(workers)
    ]
    row = None
    worker_cpu = 0.0
    try:
        while time.perf_counter() - started < timeout:
            with db.session_scope() as session:
                row = session.get(BulkJob, job.id)
                if row.status in ("done", "failed"):
                    break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            worker_cpu += _wait_cpu(process, timeout=60)
    batches = -(-job.total // certificates.REISSUE_BATCH)
    print(
        f"re-issue of {job.total:,} certificates ({batches} jobs of {certificates.REISSUE_BATCH}), "
        f"{workers} worker process(es): {row.status} in {elapsed:.1f} s "
        f"({row.processed / elapsed:.0f} PDFs/s; processed {row.processed:,}, failed "
        f"{row.failed}; enqueue {enqueued * 1000:.0f} ms)"
    )
    print(
        f"  the workers' CPU time: {worker_cpu:.1f} s in all, "
        f"{worker_cpu / max(row.processed, 1) * 1000:.1f} ms per PDF (start-up included) — "
        "the wall-clock figure above depends on what else the machine runs, this does not"
    )


def _wait_cpu(process: subprocess.Popen, timeout: float) -> float:
    """Wait for a worker (killed after `timeout` s); the CPU seconds it used (wait4)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid, _status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = 0
            return usage.ru_utime + usage.ru_stime
        time.sleep(0.1)
    process.kill()
    _pid, _status, usage = os.wait4(process.pid, 0)
    process.returncode = -9
    return usage.ru_utime + usage.ru_stime


def bench_queue(admin_url: str, redis_url: str, count: int, worker_counts: list[int]) -> None:
    name = f"edu_bench_cert_{os.getpid()}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    data_dir = Path(tempfile.mkdtemp(prefix="edu_bench_cert_"))
    settings.database_url, settings.redis_url, settings.data_dir = url, redis_url, data_dir
    jobs.redis_connection.cache_clear()
    db.set_engine(db.make_engine(url))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "DATA_DIR": str(data_dir),
        "PUBLIC_URL": "https://edu.example.org",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    try:
        migrate(url)
        started = time.perf_counter()
        course_id, admin_id = _seed(count)
        print(
            f"seeded {count:,} learners and certificates in {time.perf_counter() - started:.1f} s"
        )
        for workers in worker_counts:
            _reissue(course_id, admin_id, workers, env, timeout=1800)
        with db.session_scope() as session:
            ready = session.scalars(select(Certificate.pdf_path).limit(200)).all()
        sizes = [(data_dir / path).stat().st_size for path in ready if path]
        files = sum(1 for _ in (data_dir / "certificates").glob("*.pdf"))
        print(
            f"files on disk: {files:,}; PDF size median {statistics.median(sizes) / 1024:.1f} KiB"
        )
    finally:
        db.get_engine().dispose()
        jobs.redis_connection().flushdb()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=500)
    parser.add_argument("--certificates", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--render-only", action="store_true")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    bench_render(args.renders)
    if not args.render_only:
        bench_queue(args.postgres_url, args.redis_url, args.certificates, args.workers)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
