"""Report and audit-log routes: admin only, JSON and CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from edu_platform.models import Course, Lesson, Module, User
from tests.support.api import auth
from tests.support.commerce import make_order_of_items
from tests.support.factories import make_enrollment


@pytest.fixture
def people(committed_session):
    admin = User(email="admin@api.test", full_name="Admin", role="admin")
    student = User(email="s@api.test", full_name="S")
    committed_session.add_all([admin, student])
    committed_session.flush()
    committed_session.add(Course(slug="c", title="C", teacher_id=admin.id, price=Decimal(10)))
    committed_session.commit()
    return {name: auth(user) for name, user in (("admin", admin), ("student", student))}


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


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/reports/sales-dynamics",
        "/api/v1/reports/top-courses",
        "/api/v1/reports/user-activity",
        "/api/v1/audit-log",
        "/api/v1/analytics/course/{course}",
        "/api/v1/metrics/user/{admin}?course_id={course}",
    ],
)
def test_dates_are_iso_8601_and_within_what_the_platform_counts(
    client, people, committed_session, path
):
    admin_id = committed_session.scalar(select(User.id).where(User.email == "admin@api.test"))
    course_id = committed_session.scalar(select(Course.id).where(Course.slug == "c"))
    make_enrollment(committed_session, user_id=admin_id, course_id=course_id)  # metrics need one
    committed_session.commit()
    url = path.format(admin=admin_id, course=course_id)
    joiner = "&" if "?" in url else "?"

    def get(query: str):
        return client.get(url + joiner + query, headers=people["admin"])

    for query, field in [
        ("date_to=9999-12-31", "date_to"),
        ("date_from=9999-12-30&date_to=9999-12-31", "date_from"),
        ("date_from=1899-12-31", "date_from"),
        ("date_from=7.12.2026", "date_from"),
        ("date_to=9999-12-31T23:00:00-05:00", "date_to"),
    ]:
        refused = get(query)
        assert refused.status_code == 422, (query, refused.text)
        assert refused.json()["field"] == field
    for query in (
        "date_from=2026-01-01&date_to=2026-01-31",
        "date_from=2026-01-01T00:00:00Z&date_to=2026-01-31T23:59:59%2B03:00",
    ):
        assert get(query).status_code == 200, (query, get(query).text)


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 1, day, hour, tzinfo=UTC)


@pytest.fixture
def sales(committed_session, people):
    """Paid orders in the first week of January 2026, and two that must not count.

    Hand-computed for 2026-01-01..07:
    - Jan 2: Ann pays 10.00 (course C); Bob pays 24.00 for C 10 + D 20 less a 6.00
      coupon (shares: C 8.00, D 16.00). Jan 3: Bob's 20.00 order for D, refunded.
      Jan 4: Cid's pending 20.00 order. Jan 5: Ann pays 20.00 (D).
    - per day: Jan 2 34.00 / 2 orders, Jan 5 20.00 / 1, every other day 0.00 / 0.
    - per course: D 36.00 / 2 orders / 2 enrolments; C 18.00 / 2 / 2.
    - per user: Ann spends 30.00, 2 enrolments, 0 lessons; Bob 24.00, 2, 1 lesson.
    - completion: C 2 enrolments, 0 completed; D 2 enrolments, Ann's completed (50 %).
    """
    cs = committed_session
    course_c = cs.scalar(select(Course).where(Course.slug == "c"))
    admin_id = course_c.teacher_id
    ann, bob, cid = (
        User(email=f"{name}@api.test", full_name=name.title()) for name in ("ann", "bob", "cid")
    )
    course_d = Course(slug="d", title="D", teacher_id=admin_id, price=Decimal(20))
    cs.add_all([ann, bob, cid, course_d])
    cs.flush()

    def order(user, day, total, items, status="paid"):
        paid_at = at(day) if status in ("paid", "refunded") else None
        make_order_of_items(
            cs, user, items, total=total, status=status, created_at=at(day, 9), paid_at=paid_at
        )

    order(ann, 2, "10", [(course_c, "10")])
    order(bob, 2, "24", [(course_c, "10"), (course_d, "20")])
    order(bob, 3, "20", [(course_d, "20")], status="refunded")
    order(cid, 4, "20", [(course_d, "20")], status="pending")
    order(ann, 5, "20", [(course_d, "20")])
    module = Module(course_id=course_c.id, title="M")
    cs.add(module)
    cs.flush()
    lesson = Lesson(module_id=module.id, course_id=course_c.id, title="L1", position=0)
    cs.add(lesson)
    cs.flush()

    def enrol(user, course, day, **fields):
        make_enrollment(cs, user_id=user.id, course_id=course.id, enrolled_at=at(day), **fields)

    enrol(ann, course_c, 2)
    enrol(bob, course_c, 2, completed=[lesson], completed_at=at(3))
    enrol(bob, course_d, 2)
    enrol(ann, course_d, 5, status="completed")
    cs.commit()
    return {"ann": ann.id, "bob": bob.id, "c": course_c.id, "d": course_d.id}


FIRST_WEEK = {"date_from": "2026-01-01", "date_to": "2026-01-07"}


def test_sales_dynamics_json_has_one_point_per_day_with_the_paid_orders(client, people, sales):
    response = client.get(
        "/api/v1/reports/sales-dynamics", headers=people["admin"], params=FIRST_WEEK
    )
    assert response.status_code == 200
    body = response.json()
    assert body["granularity"] == "day"
    # The list envelope (API.md), every period on the one page.
    assert (body["total"], body["page"], body["per_page"]) == (7, 1, 7)
    assert [(i["period"], i["revenue"], i["orders"]) for i in body["items"]] == [
        ("2026-01-01", "0.00", 0),
        ("2026-01-02", "34.00", 2),
        ("2026-01-03", "0.00", 0),  # the refunded order does not count
        ("2026-01-04", "0.00", 0),  # nor does the pending one
        ("2026-01-05", "20.00", 1),
        ("2026-01-06", "0.00", 0),
        ("2026-01-07", "0.00", 0),
    ]


def test_sales_dynamics_pages_like_any_list_when_asked(client, people, sales):
    def paged(**params):
        body = client.get(
            "/api/v1/reports/sales-dynamics",
            headers=people["admin"],
            params={**FIRST_WEEK, **params},
        ).json()
        periods = [item["period"][-2:] for item in body["items"]]
        return periods, (body["total"], body["page"], body["per_page"])

    assert paged(per_page=3) == (["01", "02", "03"], (7, 1, 3))
    assert paged(per_page=3, page=3) == (["07"], (7, 3, 3))
    assert paged(page=1) == (["01", "02", "03", "04", "05", "06", "07"], (7, 1, 20))
    assert paged(page=2, per_page=5) == (["06", "07"], (7, 2, 5))
    csv_page = client.get(
        "/api/v1/reports/sales-dynamics",
        headers=people["admin"],
        params={**FIRST_WEEK, "format": "csv", "per_page": 3, "page": 2},
    )
    assert len(_csv_rows(csv_page)) == 7  # the CSV is the export: every period
    too_many = client.get(
        "/api/v1/reports/sales-dynamics", headers=people["admin"], params={"per_page": 101}
    )
    assert too_many.status_code == 422 and "per_page" in too_many.text


def test_sales_dynamics_by_week_sums_the_days(client, people, sales):
    response = client.get(
        "/api/v1/reports/sales-dynamics",
        headers=people["admin"],
        params={**FIRST_WEEK, "granularity": "week"},
    )
    # ISO weeks start on Monday: 2025-12-29 holds Jan 1-4, 2026-01-05 holds Jan 5-7.
    assert [(i["period"], i["revenue"], i["orders"]) for i in response.json()["items"]] == [
        ("2025-12-29", "34.00", 2),
        ("2026-01-05", "20.00", 1),
    ]
    by_period = client.get(
        "/api/v1/reports/sales-dynamics",
        headers=people["admin"],
        params={**FIRST_WEEK, "period": "week"},
    ).json()
    assert (by_period["granularity"], len(by_period["items"])) == ("week", 2)
    both = client.get(
        "/api/v1/reports/sales-dynamics",
        headers=people["admin"],
        params={**FIRST_WEEK, "period": "week", "granularity": "month"},
    )
    assert (both.status_code, both.json()["field"]) == (422, "period")


def _csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(response.text)))


def test_top_courses_csv_download_has_a_row_per_course_with_its_share(client, people, sales):
    response = client.get(
        "/api/v1/reports/top-courses",
        headers=people["admin"],
        params={**FIRST_WEEK, "format": "csv"},
    )
    assert 'filename="top-courses.csv"' in response.headers["content-disposition"]
    assert _csv_rows(response) == [
        {"course_id": str(sales["d"]), "title": "D", "revenue": "36.00", "orders": "2",
         "enrollments": "2", "currency": "RUB"},
        {"course_id": str(sales["c"]), "title": "C", "revenue": "18.00", "orders": "2",
         "enrollments": "2", "currency": "RUB"},
    ]  # fmt: skip


def test_revenue_of_another_currency_is_never_added_in(client, people, sales, committed_session):
    """A USD course sells on Jan 2 beside the RUB ones: the reports count one currency at a
    time (RUB, the default, unless asked) and every row says which."""
    cs = committed_session
    admin_id = cs.scalar(select(Course.teacher_id).where(Course.id == sales["c"]))
    dollars = Course(slug="usd", title="U", teacher_id=admin_id, price=Decimal(7), currency="USD")
    cs.add(dollars)
    cs.flush()
    ann = cs.get(User, sales["ann"])
    jan_2 = datetime(2026, 1, 2, 9, tzinfo=UTC)
    make_order_of_items(
        cs, ann, [(dollars, "7")], total="7", status="paid", currency="USD",
        created_at=jan_2, paid_at=jan_2,
    )  # fmt: skip
    cs.commit()

    def report(name: str, **params) -> list[dict]:
        response = client.get(
            f"/api/v1/reports/{name}", headers=people["admin"], params={**FIRST_WEEK, **params}
        )
        assert response.status_code == 200, response.text
        return response.json()["items"]

    day = {"granularity": "day"}
    assert [(i["revenue"], i["orders"], i["currency"]) for i in report("sales-dynamics", **day)][
        1
    ] == ("34.00", 2, "RUB")
    in_dollars = report("sales-dynamics", currency="USD")
    assert [(i["period"], i["revenue"], i["orders"], i["currency"]) for i in in_dollars[:3]] == [
        ("2026-01-01", "0.00", 0, "USD"),
        ("2026-01-02", "7.00", 1, "USD"),
        ("2026-01-03", "0.00", 0, "USD"),
    ]
    assert [(i["title"], i["revenue"], i["currency"]) for i in report("top-courses")] == [
        ("D", "36.00", "RUB"),
        ("C", "18.00", "RUB"),
    ]
    assert [(i["title"], i["revenue"]) for i in report("top-courses", currency="USD")] == [
        ("U", "7.00")
    ]
    refused = client.get(
        "/api/v1/reports/sales-dynamics", headers=people["admin"], params={"currency": "GBP"}
    )
    assert (refused.status_code, refused.json()["field"]) == (422, "currency")


def test_top_courses_json_ranks_by_revenue_within_the_limit(client, people, sales):
    response = client.get(
        "/api/v1/reports/top-courses",
        headers=people["admin"],
        params={**FIRST_WEEK, "limit": 1},
    )
    assert response.status_code == 200
    body = response.json()
    assert [(i["title"], i["revenue"]) for i in body["items"]] == [("D", "36.00")]
    assert (body["total"], body["page"], body["per_page"]) == (1, 1, 1)


def test_user_activity_json_sorts_pages_and_counts(client, people, sales):
    response = client.get(
        "/api/v1/reports/user-activity", headers=people["admin"], params=FIRST_WEEK
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["page"], body["per_page"]) == (2, 1, 20)
    assert body["items"] == [
        {"user_id": sales["ann"], "email": "ann@api.test", "full_name": "Ann",
         "enrollments": 2, "lessons_done": 0, "spend": "30.00"},
        {"user_id": sales["bob"], "email": "bob@api.test", "full_name": "Bob",
         "enrollments": 2, "lessons_done": 1, "spend": "24.00"},
    ]  # fmt: skip
    by_lessons = client.get(
        "/api/v1/reports/user-activity",
        headers=people["admin"],
        params={**FIRST_WEEK, "sort": "lessons_done", "per_page": 1, "page": 1},
    ).json()
    assert by_lessons["total"] == 2
    assert [i["user_id"] for i in by_lessons["items"]] == [sales["bob"]]
    second_page = client.get(
        "/api/v1/reports/user-activity",
        headers=people["admin"],
        params={**FIRST_WEEK, "sort": "lessons_done", "per_page": 1, "page": 2},
    ).json()
    assert [i["user_id"] for i in second_page["items"]] == [sales["ann"]]


def test_user_activity_csv_and_a_range_without_activity(client, people, sales):
    rows = _csv_rows(
        client.get(
            "/api/v1/reports/user-activity",
            headers=people["admin"],
            params={**FIRST_WEEK, "format": "csv"},
        )
    )
    assert [(r["email"], r["spend"], r["lessons_done"]) for r in rows] == [
        ("ann@api.test", "30.00", "0"),
        ("bob@api.test", "24.00", "1"),
    ]
    # The CSV is the export: every row, whatever page the JSON would show.
    exported = _csv_rows(
        client.get(
            "/api/v1/reports/user-activity",
            headers=people["admin"],
            params={**FIRST_WEEK, "format": "csv", "per_page": 1, "page": 2},
        )
    )
    assert [r["email"] for r in exported] == ["ann@api.test", "bob@api.test"]
    later = client.get(
        "/api/v1/reports/user-activity",
        headers=people["admin"],
        params={"date_from": "2026-02-01", "date_to": "2026-02-07"},
    ).json()
    assert (later["items"], later["total"]) == ([], 0)


def test_completion_rates_json_and_csv(client, people, sales):
    response = client.get("/api/v1/reports/completion-rates", headers=people["admin"])
    assert response.status_code == 200
    assert {k: response.json()[k] for k in ("total", "page", "per_page")} == {
        "total": 2,
        "page": 1,
        "per_page": 20,
    }
    assert response.json()["items"] == [
        {"course_id": sales["c"], "title": "C", "enrollments": 2, "completed": 0,
         "rate_percent": 0},
        {"course_id": sales["d"], "title": "D", "enrollments": 2, "completed": 1,
         "rate_percent": 50},
    ]  # fmt: skip
    rows = _csv_rows(
        client.get(
            "/api/v1/reports/completion-rates",
            headers=people["admin"],
            params={"format": "csv", "limit": 1},
        )
    )
    assert [(r["title"], r["rate_percent"]) for r in rows] == [("C", "0")]


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


def test_a_metrics_job_for_a_date_past_what_the_platform_counts_is_refused(
    client, people, committed_session, enqueued
):
    course_id = committed_session.scalar(select(Course.id).where(Course.slug == "c"))
    body = {"course_id": course_id, "date_from": "9999-12-30", "date_to": "9999-12-31"}
    refused = client.post("/api/v1/metrics/calculate", json=body, headers=people["admin"])
    assert (refused.status_code, refused.json()["field"]) == (422, "date_from")
    zoned = {"course_id": course_id, "date_from": "2026-12-01T10:00:00+03:00"}
    zoned["date_to"] = "2026-12-07T10:00:00Z"
    accepted = client.post("/api/v1/metrics/calculate", json=zoned, headers=people["admin"])
    assert accepted.status_code == 202, accepted.text
    [job] = enqueued  # recorded, not run: the window is the date-times' UTC days
    assert job.args[-2:] == ("2026-12-01", "2026-12-07")
