"""Coupons over the API: who may make which, the 409/422 cases, the list with `used`, and
a coupon made through the API discounting an order (and the cart) end to end."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from edu_platform import db
from edu_platform.models import Coupon
from edu_platform.services import cart
from tests.support.api import auth
from tests.support.cards import GOOD_CARD
from tests.support.factories import make_course, make_user

TOO_BIG = 74291511715556430446592


@pytest.fixture
def world(committed_session):
    s = committed_session
    teacher = make_user(s, role="teacher", name="Tina")
    other = make_user(s, role="teacher", name="Oleg")
    data = {
        "admin": make_user(s, role="admin"),
        "teacher": teacher,
        "other": other,
        "student": make_user(s),
        "own": make_course(s, price="2000.00", title="Own course", teacher=teacher),
        "foreign": make_course(s, price="3000.00", title="Foreign course", teacher=other),
    }
    s.commit()
    return data


def _create(client, user, **body):
    return client.post(
        "/api/v1/coupons",
        json={"code": "spring25", "kind": "percent", "value": "25", **body},
        headers=auth(user),
    )


def test_admin_makes_a_site_wide_coupon_that_discounts_an_order(client, world, committed_session):
    response = _create(client, world["admin"], max_uses=5, expires_at="2099-01-01T00:00:00Z")
    assert response.status_code == 201, response.text
    body = response.json()
    assert {k: body[k] for k in body if k not in ("id", "created_at")} == {
        "code": "SPRING25",
        "kind": "percent",
        "value": "25.00",
        "course_id": None,
        "expires_at": "2099-01-01T00:00:00Z",
        "max_uses": 5,
        "used": 0,
        "is_active": True,
    }
    student = world["student"]
    order = client.post(
        "/api/v1/orders",
        json={"course_ids": [world["own"].id], "coupon_code": "Spring25"},
        headers={**auth(student), "Idempotency-Key": "coupon-1"},
    )
    assert order.status_code == 201, order.text
    assert (order.json()["discount"], order.json()["total"]) == ("500.00", "1500.00")
    paid = client.post(
        f"/api/v1/orders/{order.json()['id']}/pay", json=GOOD_CARD, headers=auth(student)
    )
    assert paid.status_code == 200, paid.text
    listed = client.get("/api/v1/coupons", headers=auth(world["admin"])).json()
    assert (listed["total"], listed["items"][0]["code"], listed["items"][0]["used"]) == (
        1,
        "SPRING25",
        1,
    )


def test_an_order_a_coupon_makes_free_is_paid_without_a_card(client, world):
    assert (
        _create(client, world["admin"], code="ALL", kind="fixed", value="5000").status_code == 201
    )
    student = world["student"]
    order = client.post(
        "/api/v1/orders",
        json={"course_ids": [world["own"].id], "coupon_code": "all"},
        headers={**auth(student), "Idempotency-Key": "free-1"},
    ).json()
    assert (order["discount"], order["total"]) == ("2000.00", "0.00")
    paid = client.post(f"/api/v1/orders/{order['id']}/pay", headers=auth(student))  # no body
    assert paid.status_code == 200, paid.text
    assert (paid.json()["status"], paid.json()["total"]) == ("paid", "0.00")
    progress = client.get(f"/api/v1/progress/{world['own'].id}", headers=auth(student))
    assert progress.status_code == 200  # enrolled
    again = client.post(f"/api/v1/orders/{order['id']}/pay", json={}, headers=auth(student))
    assert again.status_code == 409


def test_the_cart_takes_a_teachers_coupon_for_that_course(client, world):
    response = _create(
        client,
        world["teacher"],
        code="OWN500",
        kind="fixed",
        value="500",
        course_id=world["own"].id,
    )
    assert response.status_code == 201, response.text
    student_id = world["student"].id
    db.run_sync(cart.add_to_cart, user_id=student_id, course_id=world["own"].id)
    db.run_sync(cart.add_to_cart, user_id=student_id, course_id=world["foreign"].id)
    view = db.run_sync(cart.get_cart, user_id=student_id, coupon_code="own500")
    assert (str(view.discount), str(view.total)) == ("500.00", "4500.00")


def test_who_may_make_and_see_which_coupons(client, world, committed_session):
    teacher, other = world["teacher"], world["other"]
    own, foreign = world["own"].id, world["foreign"].id
    site_wide = _create(client, teacher)
    assert (site_wide.status_code, site_wide.json()["field"]) == (403, "course_id")
    not_theirs = _create(client, teacher, course_id=foreign)
    assert (not_theirs.status_code, not_theirs.json()["field"]) == (403, "course_id")
    student = _create(client, world["student"], course_id=own)
    assert (student.status_code, student.json()["code"]) == (403, "forbidden")
    assert client.post("/api/v1/coupons", json={}).status_code == 401
    assert client.get("/api/v1/coupons", headers=auth(world["student"])).status_code == 403

    mine = _create(client, teacher, code="MINE", course_id=own).json()
    theirs = _create(client, other, code="THEIRS", course_id=foreign).json()
    _create(client, world["admin"], code="SITE")
    codes = [
        c["code"] for c in client.get("/api/v1/coupons", headers=auth(teacher)).json()["items"]
    ]
    assert codes == ["MINE"]
    admin_codes = client.get("/api/v1/coupons", headers=auth(world["admin"])).json()["items"]
    assert {c["code"] for c in admin_codes} == {"MINE", "THEIRS", "SITE"}

    hijack = client.patch(
        f"/api/v1/coupons/{theirs['id']}", json={"value": "99"}, headers=auth(teacher)
    )
    assert hijack.status_code == 403
    widen = client.patch(
        f"/api/v1/coupons/{mine['id']}", json={"course_id": None}, headers=auth(teacher)
    )
    assert (widen.status_code, widen.json()["field"]) == (403, "course_id")
    committed_session.expire_all()
    assert committed_session.get(Coupon, theirs["id"]).value == 25
    assert committed_session.get(Coupon, mine["id"]).course_id == own


def test_patch_turns_a_coupon_off_and_the_order_refuses_it(client, world):
    coupon = _create(client, world["admin"], code="OFF").json()
    response = client.patch(
        f"/api/v1/coupons/{coupon['id']}",
        json={"is_active": False, "max_uses": None, "kind": "fixed", "value": "100"},
        headers=auth(world["admin"]),
    )
    assert response.status_code == 200, response.text
    assert (response.json()["is_active"], response.json()["kind"]) == (False, "fixed")
    order = client.post(
        "/api/v1/orders",
        json={"course_ids": [world["own"].id], "coupon_code": "off"},
        headers={**auth(world["student"]), "Idempotency-Key": "off-1"},
    )
    assert (order.status_code, order.json()["field"]) == (422, "coupon_code")


def test_duplicate_code_is_409_case_insensitively(client, world):
    assert _create(client, world["admin"], code="DUP").status_code == 201
    response = _create(client, world["admin"], code="dup")
    assert (response.status_code, response.json()["field"]) == (409, "code")
    other = _create(client, world["admin"], code="OTHER").json()
    clash = client.patch(
        f"/api/v1/coupons/{other['id']}", json={"code": "Dup"}, headers=auth(world["admin"])
    )
    assert (clash.status_code, clash.json()["field"]) == (409, "code")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": "150"}, "value"),
        ({"value": "0"}, "value"),
        ({"kind": "bogus"}, "kind"),
        ({"code": "two words"}, "code"),
        ({"code": ""}, "code"),
        ({"max_uses": -1}, "max_uses"),
        ({"max_uses": TOO_BIG}, "max_uses"),
        ({"course_id": TOO_BIG}, "course_id"),
        ({"expires_at": "2030-01-01T00:00:00"}, "expires_at"),
    ],
)
def test_bad_coupon_is_422_naming_the_field(client, world, body, field):
    response = _create(client, world["admin"], **body)
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field


def test_oversized_ids_and_pages_are_422(client, world, committed_session):
    admin = auth(world["admin"])
    assert client.patch(f"/api/v1/coupons/{TOO_BIG}", json={}, headers=admin).status_code == 422
    for params in ({"page": TOO_BIG}, {"per_page": 0}, {"per_page": 101}, {"course_id": TOO_BIG}):
        response = client.get("/api/v1/coupons", params=params, headers=admin)
        assert response.status_code == 422, params
    assert committed_session.scalar(select(Coupon.id)) is None
