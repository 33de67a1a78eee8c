"""A NUL character (U+0000) in what a client sends: PostgreSQL's text cannot hold one (it
was a 500 there while SQLite stored it). Each place that takes text refuses it naming the
field, or drops it where control characters are dropped anyway; the API answers any that
still reaches PostgreSQL with a 422, never a 500."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DataError

from edu_platform.api.app import _install_error_handlers, refused_nul
from tests.support.api import auth
from tests.support.factories import make_cast, make_course

NUL = "x\x00y"


@pytest.fixture
def people(committed_session):
    return make_cast(committed_session, commit=True)


def _refused(response, field: str) -> None:
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field


def test_text_fields_refuse_or_drop_a_nul_on_both_databases(
    client, people, backend, committed_session
):
    admin = auth(people["admin"])
    course = make_course(committed_session, teacher=people["teacher"], price=Decimal(100))
    committed_session.commit()
    coupon = {"code": NUL, "kind": "percent", "value": 10}
    _refused(client.post("/api/v1/coupons", json=coupon, headers=admin), "code")
    hook = {"url": f"https://hooks.example.com/{NUL}", "events": ["user.created"]}
    _refused(client.post("/api/v1/webhooks", json=hook, headers=admin), "url")
    # A buyer's coupon code with one is no such coupon.
    order = client.post(
        "/api/v1/orders",
        json={"course_ids": [course.id], "coupon_code": NUL},
        headers={**auth(people["student"]), "Idempotency-Key": "nul-coupon"},
    )
    _refused(order, "coupon_code")
    # Searches and filters: a NUL matches nothing stored.
    catalog = client.get("/api/v1/courses", params={"category": "x\x00"})
    assert (catalog.status_code, catalog.json()["total"]) == (200, 0)
    # (A space: the cast's e-mails are random hex, and "ada" is hex.)
    found = client.get("/api/v1/users", params={"q": "Ada Admin\x00"}, headers=admin)
    assert found.status_code == 200 and found.json()["total"] == 1
    audit = client.get("/api/v1/audit-log", params={"table": "user\x00"}, headers=admin)
    assert (audit.status_code, audit.json()["total"]) == (200, 0)


def test_a_nul_that_reaches_postgresql_is_a_422(postgres_url):
    from sqlalchemy import create_engine

    engine = create_engine(postgres_url)
    try:
        with engine.connect() as connection, pytest.raises(DataError) as refused:
            connection.execute(text("SELECT CAST(:value AS text)"), {"value": NUL})
    finally:
        engine.dispose()
    assert refused_nul(refused.value)

    api = FastAPI()
    _install_error_handlers(api)

    @api.get("/api/boom")
    def boom():
        raise refused.value

    response = TestClient(api).get("/api/boom")
    assert (response.status_code, response.json()["code"]) == (422, "invalid")
    assert "NUL" in response.json()["detail"]
