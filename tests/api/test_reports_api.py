"""Report and audit-log routes: admin only, JSON and CSV."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from edu_platform.api import create_api
from edu_platform.models import Course, User
from edu_platform.services import tokens


@pytest.fixture
def people(committed_session):
    admin = User(email="admin@api.test", full_name="Admin", role="admin")
    student = User(email="s@api.test", full_name="S")
    committed_session.add_all([admin, student])
    committed_session.flush()
    committed_session.add(Course(slug="c", title="C", teacher_id=admin.id, price=Decimal(10)))
    committed_session.commit()
    return {
        name: {"Authorization": "Bearer " + tokens.create_access_token(user)}
        for name, user in (("admin", admin), ("student", student))
    }


@pytest.fixture
def client(clean_db):
    return TestClient(create_api())


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/reports/sales-dynamics",
        "/api/v1/reports/top-courses",
        "/api/v1/reports/user-activity",
        "/api/v1/reports/completion-rates",
        "/api/v1/audit-log",
    ],
)
def test_reports_refuse_students_and_anonymous(client, people, path):
    assert client.get(path, headers=people["student"]).status_code == 403
    assert client.get(path).status_code == 401


def test_sales_dynamics_json_has_one_point_per_day(client, people):
    response = client.get(
        "/api/v1/reports/sales-dynamics",
        headers=people["admin"],
        params={"date_from": "2026-01-01", "date_to": "2026-01-07"},
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["period"] for i in items][:2] == ["2026-01-01", "2026-01-02"]
    assert len(items) == 7 and all(i["revenue"] == "0.00" for i in items)


def test_top_courses_csv_download(client, people):
    response = client.get(
        "/api/v1/reports/top-courses", headers=people["admin"], params={"format": "csv"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]


def test_bad_granularity_is_422_naming_the_field(client, people):
    response = client.get(
        "/api/v1/reports/sales-dynamics", headers=people["admin"], params={"granularity": "decade"}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "granularity"


def test_audit_log_lists_inserts_with_filters(client, people):
    response = client.get("/api/v1/audit-log", headers=people["admin"], params={"table": "course"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    entry = body["items"][0]
    assert entry["action"] == "insert" and entry["table"] == "course"
    assert entry["new"]["slug"] == "c"
