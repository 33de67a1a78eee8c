"""An enrolment-sized import and a bulk certificate re-issue, run by 2 RQ workers at once:
both workers take jobs, and the database ends with exactly one row per thing."""

from __future__ import annotations

import time
import uuid

from sqlalchemy import func, select
from sqlmodel import Session

from edu_platform import db
from edu_platform.models import BulkJob, Certificate, ImportJob, User
from edu_platform.services import certificates
from tests.scale.conftest import in_stack, new_account
from tests.scale.stack import wait_until
from tests.scale.workers import (
    admin_id_of,
    finished_jobs,
    seed_certificates,
    token_for,
    upload_import,
    users_csv,
)

IMPORT_ROWS = 6000  # 3 batches of 2,000 each
IMPORTS = 2
CERTIFICATES = 600  # 3 re-issue jobs of 200


def test_import_and_reissue_run_across_both_workers_without_duplicates(
    stack, stack_engine, record_time
):
    email = new_account(stack, stack_engine, role="admin", name="Scale Admin")
    admin_id = admin_id_of(stack_engine, email)
    course_id = seed_certificates(stack_engine, admin_id, CERTIFICATES)
    token = token_for(stack, email)
    tag = f"w{uuid.uuid4().hex[:6]}"

    earlier = set(finished_jobs(stack))
    started = time.monotonic()
    with in_stack(stack, stack_engine):
        bulk = db.run_sync(certificates.reissue_course, actor_id=admin_id, course_id=course_id)
    job_ids = []
    for number in range(IMPORTS):
        status, body = upload_import(
            stack, token, "users", users_csv(f"{tag}{number}", IMPORT_ROWS)
        )
        assert status == 202, body
        job_ids.append(body["id"])

    def all_done() -> bool:
        with Session(stack_engine) as session:
            imports = [session.get(ImportJob, job_id).status for job_id in job_ids]
            return set(imports) == {"done"} and session.get(BulkJob, bulk.id).status == "done"

    wait_until(all_done, "imports and re-issue done", timeout=120, interval=0.25)
    record_time(
        f"{IMPORTS} imports x {IMPORT_ROWS} rows + re-issue of {CERTIFICATES} on 2 workers",
        time.monotonic() - started,
    )

    with Session(stack_engine) as session:
        for job_id in job_ids:
            job = session.get(ImportJob, job_id)
            assert (job.total, job.processed, job.failed) == (IMPORT_ROWS, IMPORT_ROWS, 0)
        imported = session.scalar(select(func.count(User.id)).where(User.email.like(f"{tag}%")))
        distinct = session.scalar(
            select(func.count(func.distinct(User.email))).where(User.email.like(f"{tag}%"))
        )
        assert (imported, distinct) == (IMPORTS * IMPORT_ROWS, IMPORTS * IMPORT_ROWS)

        job = session.get(BulkJob, bulk.id)
        assert (job.total, job.processed, job.failed) == (CERTIFICATES, CERTIFICATES, 0)
        rows = session.execute(
            select(Certificate.status, func.count(Certificate.id), func.count(Certificate.pdf_path))
            .where(Certificate.course_id == course_id)
            .group_by(Certificate.status)
        ).all()
        assert [tuple(row) for row in rows] == [("ready", CERTIFICATES, CERTIFICATES)]
        holders = session.scalar(
            select(func.count(func.distinct(Certificate.user_id))).where(
                Certificate.course_id == course_id
            )
        )
        assert holders == CERTIFICATES

    ran: dict[str, list[str]] = {}
    for job_id, (worker, name) in finished_jobs(stack).items():
        if job_id not in earlier:
            ran.setdefault(worker, []).append(name)
    print("jobs per worker:", ran)
    assert len(ran) == 2, f"one worker took every job: {ran}"
    names = sorted(name for names in ran.values() for name in names)
    assert names.count("run_import") == IMPORTS
    assert names.count("reissue_batch_job") == CERTIFICATES // certificates.REISSUE_BATCH
