"""One user's session survives the loss of the backend that serves it.

Signed in through nginx, an admin picks what to import ("Enrolments"): the choice lives
only in the Reflex state, which is in Redis, shared by both backends (the page's on_load
does not reset it). The backend holding the admin's websocket is then killed (SIGKILL:
no goodbye). The page reconnects through nginx to the other backend, which hydrates the
page from Redis (still "Enrolments") and handles the upload with that choice: the import
job is an enrolment import. With per-process state the other backend would have
hydrated the default ("Users") and imported users.
"""

from __future__ import annotations

import re
import signal
import time
import uuid

import redis
from playwright.sync_api import Page, expect
from sqlalchemy import insert, select
from sqlmodel import Session

from edu_platform.models import Course, Enrollment, ImportJob, User
from tests.e2e.support import SLOW, sign_in_through_form
from tests.scale.conftest import PASSWORD, new_account
from tests.scale.stack import stop_group, wait_until

ENROLMENT_COLUMNS = "email, course_slug, enrolled_at"


def test_the_next_event_lands_on_the_other_backend_and_keeps_the_state(
    page: Page, stack, stack_engine, record_time
):
    email = new_account(stack, stack_engine, role="admin", name="Failover Admin")
    slug = f"failover-{uuid.uuid4().hex[:8]}"
    with stack_engine.begin() as connection:
        admin_id = connection.execute(select(User.id).where(User.email == email)).scalar_one()
        connection.execute(insert(Course).values(slug=slug, title="Failover", teacher_id=admin_id))

    sign_in_through_form(page, stack.url, email, PASSWORD, next_path="/admin/imports")
    columns = page.get_by_test_id("import-columns")
    expect(columns).to_contain_text("email, full_name, role", timeout=SLOW)
    page.locator("#import-kind").click()
    page.get_by_role("option", name="Enrolments").click()
    expect(columns).to_contain_text(ENROLMENT_COLUMNS)  # the serving backend took the choice

    # Each backend announces it is alive by a subscription (edu_platform/state_failover.py).
    state_redis = redis.Redis.from_url(stack.state_redis_url)
    assert len(state_redis.pubsub_channels("edu:reflex-instance:*")) == 2
    serving = stack.websocket_backend()
    assert serving is not None, "no backend holds the page's websocket"
    other = next(backend for backend in stack.backends if backend is not serving)
    try:
        killed_at = time.monotonic()
        stop_group(serving.process, signal.SIGKILL, wait=10)
        wait_until(
            lambda: stack.websocket_backend() is other, "the websocket on the other backend", 30
        )
        record_time(
            "failover: backend killed -> websocket on the other", time.monotonic() - killed_at
        )
        # Rehydrated by the other backend from Redis: still the admin's choice.
        expect(page.locator("#import-kind")).to_contain_text("Enrolments", timeout=SLOW)
        expect(columns).to_contain_text(ENROLMENT_COLUMNS)

        body = f"email,course_slug,enrolled_at\n{email},{slug},2026-01-15\n".encode()
        page.locator("#import-upload input[type=file]").set_input_files(
            files=[{"name": "failover.csv", "mimeType": "text/csv", "buffer": body}]
        )
        expect(page).to_have_url(re.compile(r"/admin/imports/\d+$"), timeout=SLOW)
        job_id = int(page.url.rsplit("/", 1)[-1])
        record_time("failover: backend killed -> upload handled", time.monotonic() - killed_at)

        def import_done() -> bool:
            with Session(stack_engine) as session:
                return session.get(ImportJob, job_id).status == "done"

        wait_until(import_done, "the enrolment import run by a worker", 60)
        with Session(stack_engine) as session:
            job = session.get(ImportJob, job_id)
            assert (job.kind, job.total, job.processed, job.failed) == ("enrollments", 1, 1, 0)
            course_id = session.scalar(select(Course.id).where(Course.slug == slug))
            enrolled = session.scalars(
                select(Enrollment.user_id).where(Enrollment.course_id == course_id)
            ).all()
            assert enrolled == [admin_id]

    finally:  # back to two backends for the tests that follow, whatever happened here
        if serving.process is None or serving.process.poll() is not None:
            stack.start_backend(serving)
            stack.wait_backend(serving)
