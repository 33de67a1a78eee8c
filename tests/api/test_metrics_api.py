"""Metric and analytics routes: shapes, permissions and errors per API.md."""

from __future__ import annotations

import time

import pytest

from tests.support.api import auth
from tests.support.metrics_data import build_metrics_world

WINDOW = {"date_from": "2026-03-01", "date_to": "2026-03-14"}


@pytest.fixture
def world(committed_session):
    world = build_metrics_world(committed_session)
    committed_session.commit()
    return world


def test_user_metrics_shape_and_values(client, world):
    response = client.get(
        f"/api/v1/metrics/user/{world.steady.id}",
        params={"course_id": world.course.id, "metrics": ["time_on_task", "retention"], **WINDOW},
        headers=auth(world.teacher),
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "user_id": world.steady.id,
        "course_id": world.course.id,
        "date_from": "2026-03-01",
        "date_to": "2026-03-14",
        "metrics": {"time_on_task": 12.0, "retention": 0.667},
    }


def test_all_six_when_metrics_is_absent_and_the_learner_may_read_own(client, world):
    response = client.get(
        f"/api/v1/metrics/user/{world.late.id}",
        params={"course_id": world.course.id, **WINDOW},
        headers=auth(world.late),
    )
    assert response.status_code == 200
    assert set(response.json()["metrics"]) == {
        "time_on_task", "engagement", "completion", "activity_index", "focus_ratio", "retention",
    }  # fmt: skip


@pytest.mark.parametrize("who", ["outsider", "other_teacher", "late"])
def test_others_get_403(client, world, who):
    response = client.get(
        f"/api/v1/metrics/user/{world.steady.id}",
        params={"course_id": world.course.id},
        headers=auth(getattr(world, who)),
    )
    assert response.status_code == 403


def test_unknown_metric_is_422_naming_metrics(client, world):
    response = client.get(
        f"/api/v1/metrics/user/{world.steady.id}",
        params={"course_id": world.course.id, "metrics": "happiness"},
        headers=auth(world.admin),
    )
    assert response.status_code == 422
    assert response.json()["field"] == "metrics"


def test_anonymous_is_401_and_missing_course_id_is_422(client, world):
    assert client.get(f"/api/v1/metrics/user/{world.steady.id}").status_code == 401
    response = client.get(f"/api/v1/metrics/user/{world.steady.id}", headers=auth(world.admin))
    assert response.status_code == 422


def test_course_analytics_shape(client, world):
    response = client.get(
        f"/api/v1/analytics/course/{world.course.id}", params=WINDOW, headers=auth(world.teacher)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {
        "course_id", "date_from", "date_to", "learners", "metrics", "retention_curve",
        "funnel", "inactive_learners", "daily",
    }  # fmt: skip
    assert body["learners"] == 3 and body["inactive_learners"] == 1
    assert body["metrics"]["time_on_task"] == {"avg": 4.5, "p50": 1.5, "p90": 9.9}
    assert body["retention_curve"][0] == {"week": 1, "share": 1.0}
    assert body["funnel"][0] == {
        "lesson_id": world.lessons["a"].id, "title": "Lesson a", "reached": 2, "completed": 2,
    }  # fmt: skip
    assert body["daily"][0] == {
        "date": "2026-03-01",
        "active_learners": 1,
        "events": 4,
        "minutes": 4.0,
    }


def test_course_analytics_refuses_another_teacher(client, world):
    response = client.get(
        f"/api/v1/analytics/course/{world.course.id}", headers=auth(world.other_teacher)
    )
    assert response.status_code == 403


def test_calculate_runs_the_job_and_reports_it(client, world):
    response = client.post(
        "/api/v1/metrics/calculate",
        json={"course_id": world.course.id, "metrics": ["engagement"], **WINDOW},
        headers=auth(world.teacher),
    )
    assert response.status_code == 202, response.text
    job_id = response.json()["job_id"]
    deadline = time.monotonic() + 20
    while True:  # the in-process pool runs it (no REDIS_URL in this test)
        status = client.get(f"/api/v1/metrics/jobs/{job_id}", headers=auth(world.teacher))
        assert status.status_code == 200
        if status.json()["status"] == "done" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert status.json() == {"job_id": job_id, "status": "done", "processed": 1, "total": 1}
    refused = client.get(f"/api/v1/metrics/jobs/{job_id}", headers=auth(world.outsider))
    assert refused.status_code == 403


def test_calculate_refuses_students_and_bad_windows(client, world):
    body = {"course_id": world.course.id}
    assert (
        client.post("/api/v1/metrics/calculate", json=body, headers=auth(world.steady)).status_code
        == 403
    )
    backwards = {**body, "date_from": "2026-03-14", "date_to": "2026-03-01"}
    response = client.post("/api/v1/metrics/calculate", json=backwards, headers=auth(world.admin))
    assert response.status_code == 422 and response.json()["field"] == "date_from"
