"""Faults under load: PostgreSQL restarted, the jobs Redis stopped, a worker killed mid-job.

Each test checks the invariants in the database afterwards (no half-written rows, no
duplicates, nothing lost) and prints how long the outage and the recovery took.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
import uuid
from decimal import Decimal

import redis
from playwright.sync_api import Page, expect
from rq import Worker
from rq.job import Job
from sqlalchemy import func, insert, select
from sqlmodel import Session

from edu_platform.models import Course, ImportJob, Order, OrderItem, User
from edu_platform.services import imports
from tests.e2e.support import SLOW, sign_in_through_form
from tests.scale.conftest import PASSWORD, new_account
from tests.scale.stack import Stack, wait_until
from tests.scale.workers import (
    admin_id_of,
    call,
    finished_jobs,
    token_for,
    upload_import,
    users_csv,
)

DOWN_SECONDS = 3.0
RECOVERY_LIMIT = 5.0
FAIL_FAST_LIMIT = 2.0


def _paid_courses(engine, teacher_id: int) -> list[int]:
    tag = uuid.uuid4().hex[:6]
    with engine.begin() as connection:
        return list(
            connection.execute(
                insert(Course).returning(Course.id),
                [
                    {"slug": f"paid-{tag}-{n}", "title": f"Paid {n}", "teacher_id": teacher_id,
                     "is_published": True, "price": Decimal(price)}
                    for n, price in enumerate(("1200.00", "800.00"))
                ],
            ).scalars()
        )  # fmt: skip


class Load:
    """Threads sending order writes and reads through nginx until stopped; every answer
    is kept as (started, ended, method, status, code)."""

    def __init__(self, stack: Stack, token: str, course_ids: list[int], threads: int = 3):
        self.stack, self.token, self.course_ids = stack, token, course_ids
        self.results: list[tuple[float, float, str, int, str]] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _run(self) -> None:
        while not self._stop.is_set():
            for method in ("POST", "GET"):
                started = time.monotonic()
                if method == "POST":
                    status, body, _ = call(
                        self.stack, "POST", "/api/v1/orders", {"course_ids": self.course_ids},
                        token=self.token, headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=15,
                    )  # fmt: skip
                else:
                    status, body, _ = call(
                        self.stack, "GET", "/api/v1/orders?per_page=5", token=self.token, timeout=15
                    )
                self.results.append(
                    (started, time.monotonic(), method, status, str(body.get("code", "")))
                )
            time.sleep(0.02)

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)


def test_postgres_restart_under_load_fails_fast_recovers_and_leaves_no_half_orders(
    stack, stack_engine, record_time
):
    email = new_account(stack, stack_engine, role="student", name="Load Buyer")
    user_id = admin_id_of(stack_engine, email)
    teacher = new_account(stack, stack_engine, role="teacher", name="Load Teacher")
    course_ids = _paid_courses(stack_engine, admin_id_of(stack_engine, teacher))
    token = token_for(stack, email)

    with Load(stack, token, course_ids) as load:
        time.sleep(2.0)
        down_at = time.monotonic()
        stack.stop_postgres("fast")
        stopped_at = time.monotonic()
        time.sleep(DOWN_SECONDS)
        # pg_ctl -w returns a moment after the server accepts connections: requests that
        # succeed in between are not "while down".
        starting_at = time.monotonic()
        stack.start_postgres()
        up_at = time.monotonic()
        time.sleep(RECOVERY_LIMIT + 2.0)
    results = load.results

    before = [r for r in results if r[1] < down_at]
    during = [r for r in results if r[0] > stopped_at and r[1] < starting_at]
    after = [r for r in results if r[0] >= up_at]
    assert before and all(r[3] in (200, 201) for r in before), before[:5]
    # While the database is down: a clear 503, quickly, never a 500 or a proxy error.
    assert during, "no request ran while PostgreSQL was down"
    assert {(r[3], r[4]) for r in during} == {(503, "unavailable")}, during[:5]
    slowest_failure = max(r[1] - r[0] for r in during)
    assert slowest_failure < FAIL_FAST_LIMIT
    # Once it is back: every request succeeds again within RECOVERY_LIMIT seconds.
    failures_after = [r for r in after if r[3] not in (200, 201)]
    recovered_in = max((r[1] - up_at for r in failures_after), default=0.0)
    assert recovered_in <= RECOVERY_LIMIT, failures_after[:5]
    assert all(r[3] in (200, 201) for r in after if r[0] >= up_at + RECOVERY_LIMIT)
    assert {r[3] for r in results} <= {200, 201, 503}, {r[3] for r in results}
    record_time("postgres down: slowest failed request", slowest_failure)
    record_time("postgres back: requests failing for", recovered_in)
    print(
        f"requests: {len(before)} before, {len(during)} while down (all 503), "
        f"{len(after)} after ({len(failures_after)} failed), PostgreSQL restart "
        f"{up_at - down_at:.1f} s"
    )

    created = sum(1 for r in results if r[2] == "POST" and r[3] == 201)
    with Session(stack_engine) as session:
        orders = session.scalars(select(Order).where(Order.user_id == user_id)).all()
        items = session.execute(
            select(OrderItem.order_id, func.count(OrderItem.id), func.sum(OrderItem.price))
            .join(Order, Order.id == OrderItem.order_id)
            .where(Order.user_id == user_id)
            .group_by(OrderItem.order_id)
        ).all()
    per_order = {order_id: (count, total) for order_id, count, total in items}
    # Every order that exists is whole (both items, the right total), and every 201 is one.
    assert len(orders) == created
    for order in orders:
        assert per_order[order.id] == (2, Decimal("2000.00")), order.id
        assert order.subtotal == Decimal("2000.00")


def test_redis_stopped_pages_keep_working_and_jobs_wait_then_run(
    page: Page, stack, stack_engine, record_time
):
    email = new_account(stack, stack_engine, role="admin", name="Redis Admin")
    token = token_for(stack, email)
    tag = f"r{uuid.uuid4().hex[:6]}"
    spool = stack.data_dir / "job-spool"

    stack.stop_redis(stack.redis_jobs)
    stopped_at = time.monotonic()
    try:
        # Pages and the API keep working (cache, rate limits and sign-in fall back).
        assert call(stack, "GET", "/api/v1/courses?per_page=5")[0] == 200
        status, health, _ = call(stack, "GET", "/api/health")
        assert (status, health["database"], health["queue"]) == (200, "ok", "down")
        assert token_for(stack, email)
        # In the browser: signing in (lockout counts from the table) and an admin page.
        sign_in_through_form(page, stack.url, email, PASSWORD, next_path="/admin/imports")
        expect(page.get_by_test_id("import-columns")).to_contain_text(
            "email, full_name, role", timeout=SLOW
        )
        # An import is accepted; its job waits on disk instead of being lost.
        status, body = upload_import(stack, token, "users", users_csv(tag, 50))
        assert status == 202, body
        job_id = body["id"]
        parked = sorted(path.name for path in spool.glob("*.job.json"))
        assert len(parked) == 1, parked
        time.sleep(2.0)
        with Session(stack_engine) as session:
            assert session.get(ImportJob, job_id).status == "queued"
    finally:
        stack.start_redis(stack.redis_jobs, persistent=True)
    back_at = time.monotonic()

    def imported() -> bool:
        with Session(stack_engine) as session:
            return session.get(ImportJob, job_id).status == "done"

    ran_after = wait_until(imported, "the parked import run after Redis is back", 60, 0.25)
    record_time("redis down (test)", back_at - stopped_at)
    record_time("redis back -> parked import done", ran_after)
    assert list(spool.glob("*.job.json")) == []
    with Session(stack_engine) as session:
        job = session.get(ImportJob, job_id)
        assert (job.total, job.processed, job.failed) == (50, 50, 0)
        count = session.scalar(select(func.count(User.id)).where(User.email.like(f"{tag}-%")))
        assert count == 50
    assert call(stack, "GET", "/api/health")[1]["queue"] == "ok"


def test_worker_killed_mid_job_is_retried_and_finishes_once(stack, stack_engine, record_time):
    email = new_account(stack, stack_engine, role="admin", name="Kill Admin")
    token = token_for(stack, email)
    tag = f"k{uuid.uuid4().hex[:6]}"
    rows = 10 * imports.BATCH_SIZE
    connection = redis.Redis.from_url(stack.redis_url)
    earlier = set(finished_jobs(stack))

    status, body = upload_import(stack, token, "users", users_csv(tag, rows))
    assert status == 202, body
    job_id = body["id"]

    def progress() -> int:
        with Session(stack_engine) as session:
            return session.get(ImportJob, job_id).processed

    wait_until(lambda: progress() >= imports.BATCH_SIZE, "the import's first batch", 60, 0.02)
    busy = [w for w in Worker.all(connection=connection) if w.get_current_job_id()]
    rq_job_id = next(w.get_current_job_id() for w in busy if w.pid)
    victim_pid = next(w.pid for w in busy if w.get_current_job_id() == rq_job_id)
    victim = next(s for s in stack.workers if s.process and s.process.pid == victim_pid)
    # kill -9 of the worker process: no chance to clean up, as in a crash or an OOM kill.
    # (Killing its whole process group takes down the RQ scheduler it may host too; a
    # retry then also waits up to 61 s for that scheduler's lock to expire.)
    victim_group = victim.process.pid
    try:
        os.kill(victim.process.pid, signal.SIGKILL)
        victim.process.wait(timeout=10)
        partial = progress()
        assert 0 < partial < rows, f"the import was not mid-way when killed ({partial} of {rows})"

        def finished() -> bool:
            with Session(stack_engine) as session:
                return session.get(ImportJob, job_id).status == "done"

        took = wait_until(finished, "the killed import, retried by the other worker", 90, 0.25)
        record_time("worker killed -> its job retried and done", took)
        with Session(stack_engine) as session:
            job = session.get(ImportJob, job_id)
            assert (job.total, job.processed, job.failed) == (rows, rows, 0)
            imported = session.scalar(
                select(func.count(User.id)).where(User.email.like(f"{tag}-%"))
            )
            distinct = session.scalar(
                select(func.count(func.distinct(User.email))).where(User.email.like(f"{tag}-%"))
            )
        assert (imported, distinct) == (rows, rows)
        rq_job = Job.fetch(rq_job_id, connection=connection)
        assert rq_job.get_status() == "finished"
        survivor = next(s for s in stack.workers if s is not victim)
        new_runs = {k: v for k, v in finished_jobs(stack).items() if k not in earlier}
        assert [v[1] for v in new_runs.values()].count("run_import") == 1  # finished once
        assert rq_job_id in new_runs
        print(f"killed at {partial} of {rows} rows; retried by {new_runs[rq_job_id][0]}")
        assert survivor.process is not None and survivor.process.poll() is None
    finally:  # two workers again for the tests that follow, whatever happened here
        with contextlib.suppress(ProcessLookupError):  # what the dead worker had started
            os.killpg(victim_group, signal.SIGKILL)
        stack.start_worker(victim)
