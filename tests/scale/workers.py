"""Helpers of the worker and fault tests: API calls through nginx, data, RQ records."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime

import redis
from rq.job import Job
from rq.registry import FinishedJobRegistry
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from edu_platform.jobs import WORKER_QUEUES
from edu_platform.models import Certificate, Course, Enrollment, User
from edu_platform.services import certificates
from tests.scale.conftest import PASSWORD
from tests.scale.stack import Stack


def call(
    stack: Stack,
    method: str,
    path: str,
    body: dict | None = None,
    token: str | None = None,
    headers: dict | None = None,
    data: bytes | None = None,
    timeout: float = 30,
) -> tuple[int, dict, float]:
    """(status, JSON body or {}, seconds) of one request through nginx."""
    all_headers = {"Connection": "close", **(headers or {})}
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        data = json.dumps(body).encode()
        all_headers["Content-Type"] = "application/json"
    request = urllib.request.Request(
        stack.url + path, data=data, method=method, headers=all_headers
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    except OSError:
        return 0, {}, time.monotonic() - started
    try:
        parsed = json.loads(raw or b"{}")
    except ValueError:
        parsed = {"raw": raw[:200].decode(errors="replace")}
    return status, parsed, time.monotonic() - started


def token_for(stack: Stack, email: str) -> str:
    status, body, _ = call(
        stack, "POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD}
    )
    assert status == 200, body
    return body["access_token"]


def upload_import(stack: Stack, token: str, kind: str, csv: str) -> tuple[int, dict]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{kind}.csv"'
        f"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n",
        f"--{boundary}--\r\n",
    ]
    status, body, _ = call(
        stack,
        "POST",
        "/api/v1/imports",
        token=token,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        data="".join(parts).encode(),
    )
    return status, body


def users_csv(tag: str, rows: int) -> str:
    lines = ["email,full_name,role"]
    lines += [f"{tag}-{n:06d}@scale.example.com,Learner {n},student" for n in range(rows)]
    return "\n".join(lines) + "\n"


def seed_certificates(engine: Engine, admin_id: int, count: int) -> int:
    """A course with `count` learners holding a pending certificate each; its id."""
    tag = uuid.uuid4().hex[:6]
    with engine.begin() as connection:
        course_id = connection.execute(
            insert(Course).returning(Course.id),
            {"slug": f"reissue-{tag}", "title": "Масштаб", "teacher_id": admin_id},
        ).scalar_one()
        users = [
            {"email": f"c{n}-{tag}@scale.example.com", "full_name": f"Ученик {n}"}
            for n in range(count)
        ]
        user_ids = connection.execute(insert(User).returning(User.id), users).scalars().all()
        now = datetime.now(UTC)
        rows = [
            {"user_id": uid, "course_id": course_id, "status": "completed",
             "progress_percent": 100, "completed_at": now}
            for uid in user_ids
        ]  # fmt: skip
        enrollment_ids = (
            connection.execute(insert(Enrollment).returning(Enrollment.id), rows).scalars().all()
        )
        connection.execute(
            insert(Certificate),
            [
                {"serial": certificates.new_serial(), "user_id": uid, "course_id": course_id,
                 "enrollment_id": eid, "status": "pending", "holder_name": user["full_name"],
                 "course_title": "Масштаб"}
                for uid, eid, user in zip(user_ids, enrollment_ids, users, strict=True)
            ],
        )  # fmt: skip
    return course_id


def admin_id_of(engine: Engine, email: str) -> int:
    with engine.connect() as connection:
        return connection.execute(select(User.id).where(User.email == email)).scalar_one()


def finished_jobs(stack: Stack) -> dict[str, tuple[str, str]]:
    """RQ's finished jobs of both queues: id -> (worker name, job function name)."""
    connection = redis.Redis.from_url(stack.redis_url)
    found: dict[str, tuple[str, str]] = {}
    for queue in WORKER_QUEUES:
        registry = FinishedJobRegistry(queue, connection=connection)
        for job in Job.fetch_many(registry.get_job_ids(), connection=connection):
            if job is not None:
                found[job.id] = (job.worker_name or "?", job.func_name.rsplit(".", 1)[-1])
    return found
