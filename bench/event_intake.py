"""Learning-event intake through `POST /api/v1/events` on PostgreSQL (target ≥ 50,000
events/s in batches of 5,000).

    python bench/event_intake.py [--batches 20] [--batch-size 5000]

Creates a scratch database, migrates it, creates an admin (a service caller) and a course,
then posts the batches through the API app in-process (the route, validation, the service
and the insert; no socket) and prints events per second, wall clock and CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient
from scratch import DEFAULT_POSTGRES_URL, scratch_database

from edu_platform import db
from edu_platform.api import create_api
from edu_platform.models import Course, LearningEvent, User
from edu_platform.services import tokens

TARGET = 50_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args()
    with scratch_database(args.postgres_url, f"edu_bench_events_{os.getpid()}") as (url, _):
        return run(url, args)


def run(url: str, args: argparse.Namespace) -> int:
    db.set_engine(db.make_engine(url))
    with db.session_scope() as session:
        service = User(email="service@bench.example", full_name="Service", role="admin")
        teacher = User(email="teacher@bench.example", full_name="Teacher", role="teacher")
        session.add_all([service, teacher])
        session.flush()
        course = Course(slug="bench", title="Bench", teacher_id=teacher.id, price=Decimal(0))
        session.add(course)
        session.flush()
        # The learners the events are about (an event must name an existing user).
        learners = [
            User(email=f"learner{n}@bench.example", full_name=f"Learner {n}") for n in range(997)
        ]
        session.add_all(learners)
        session.flush()
        learner_ids = [learner.id for learner in learners]
        headers = {"Authorization": "Bearer " + tokens.create_access_token(service)}
        course_id = course.id
    start = datetime.now(UTC) - timedelta(days=7)  # every event in the past
    batches = [
        {
            "events": [
                {
                    "type": "heartbeat",
                    "course_id": course_id,
                    "user_id": learner_ids[(b * args.batch_size + i) % 997],
                    "lesson_id": None,
                    "ts": (start + timedelta(seconds=b * args.batch_size + i)).isoformat(),
                    "payload": {"position": i},
                }
                for i in range(args.batch_size)
            ]
        }
        for b in range(args.batches)
    ]
    # Encoded up front: the client's own JSON encoding is not the server's cost.
    bodies = [json.dumps(batch).encode() for batch in batches]
    headers["Content-Type"] = "application/json"
    client = TestClient(create_api())
    client.post("/api/v1/events", content=bodies[0], headers=headers)  # warm-up
    began, cpu = time.perf_counter(), time.process_time()
    accepted = 0
    for body in bodies[1:]:
        response = client.post("/api/v1/events", content=body, headers=headers)
        assert response.status_code == 202, response.text
        accepted += response.json()["accepted"]
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    with db.session_scope() as session:
        stored = session.scalar(select(func.count(LearningEvent.id)))
    print(
        f"{accepted:,} events in {len(batches) - 1} batches of {args.batch_size:,}:"
        f" {accepted / wall:,.0f} events/s wall, {accepted / cpu:,.0f} events/CPU-s"
        f" (target ≥ {TARGET:,}); {stored:,} rows stored"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
