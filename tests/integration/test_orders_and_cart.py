"""Orders (idempotent creation, snapshots, refusals), the cart and free enrolment."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from edu_platform.models import CartItem, Course, Enrollment, Order, OrderItem
from edu_platform.services import cart, enrollment, orders
from edu_platform.services.errors import Conflict, Invalid, NotFound, PaymentRequired
from tests.support.commerce import make_coupon
from tests.support.factories import make_course, make_user


def _count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


# --- orders ---------------------------------------------------------------------------


def test_order_snapshots_titles_and_prices_with_coupon_totals(session):
    user = make_user(session)
    course = make_course(session, price="4990.00", title="Python для аналитиков")
    coupon = make_coupon(session, kind="fixed", value="990")

    order, created = orders.create_order(
        session=session,
        user_id=user.id,
        course_ids=[course.id],
        coupon_code=coupon.code,
        idempotency_key="key-1",
    )
    course.title, course.price = "Renamed", Decimal("1.00")
    session.flush()

    assert created is True
    assert order.status == "pending"
    again = orders.get_order(session=session, actor_id=user.id, order_id=order.id)
    assert [(i.course_id, i.title, i.price) for i in again.items] == [
        (course.id, "Python для аналитиков", Decimal("4990.00"))
    ]
    assert (again.subtotal, again.discount, again.total) == (
        Decimal("4990.00"),
        Decimal("990.00"),
        Decimal("4000.00"),
    )
    assert again.currency == "RUB" and again.coupon_code == coupon.code


def test_same_idempotency_key_returns_the_same_order_without_a_duplicate(session):
    user = make_user(session)
    course = make_course(session)
    kwargs = {
        "session": session,
        "user_id": user.id,
        "course_ids": [course.id],
        "coupon_code": None,
    }

    first, first_created = orders.create_order(**kwargs, idempotency_key="same")
    second, second_created = orders.create_order(**kwargs, idempotency_key="same")

    assert (first_created, second_created) == (True, False)
    assert second.id == first.id
    assert _count(session, Order, Order.user_id == user.id) == 1
    assert _count(session, OrderItem, OrderItem.order_id == first.id) == 1


def test_same_key_from_another_user_is_another_order(session):
    course = make_course(session)
    a, b = make_user(session), make_user(session)
    order_a, _ = orders.create_order(
        session=session, user_id=a.id, course_ids=[course.id], idempotency_key="k"
    )
    order_b, created = orders.create_order(
        session=session, user_id=b.id, course_ids=[course.id], idempotency_key="k"
    )
    assert created and order_b.id != order_a.id


def test_reusing_a_key_for_other_courses_is_a_conflict(session):
    user = make_user(session)
    first, second = make_course(session), make_course(session)
    orders.create_order(
        session=session, user_id=user.id, course_ids=[first.id], idempotency_key="k"
    )
    with pytest.raises(Conflict) as error:
        orders.create_order(
            session=session, user_id=user.id, course_ids=[second.id], idempotency_key="k"
        )
    assert error.value.field == "Idempotency-Key"


def test_missing_idempotency_key_is_refused_naming_the_header(session):
    user = make_user(session)
    course = make_course(session)
    with pytest.raises(Invalid) as error:
        orders.create_order(
            session=session, user_id=user.id, course_ids=[course.id], idempotency_key="  "
        )
    assert error.value.field == "Idempotency-Key"
    assert _count(session, Order, Order.user_id == user.id) == 0


def test_owned_free_and_unpublished_courses_cannot_be_ordered(session):
    user = make_user(session)
    owned, free = make_course(session), make_course(session, price="0")
    draft = make_course(session, published=False)
    session.add(Enrollment(user_id=user.id, course_id=owned.id, source="admin"))
    session.flush()

    for course_id, error_type, key in [
        (owned.id, Conflict, "commerce.already_owned"),
        (free.id, Invalid, "commerce.cart.free_course"),
        (draft.id, NotFound, "commerce.course_not_found"),
    ]:
        with pytest.raises(error_type) as error:
            orders.create_order(
                session=session, user_id=user.id, course_ids=[course_id], idempotency_key="x"
            )
        assert error.value.message_key == key
    assert _count(session, Order, Order.user_id == user.id) == 0


def test_users_see_their_own_orders_and_admins_see_all(session):
    alice, bob = make_user(session), make_user(session)
    admin = make_user(session, role="admin")
    course = make_course(session)
    order_a, _ = orders.create_order(
        session=session, user_id=alice.id, course_ids=[course.id], idempotency_key="a"
    )
    orders.create_order(
        session=session, user_id=bob.id, course_ids=[course.id], idempotency_key="b"
    )

    assert [o.id for o in orders.list_orders(session=session, actor_id=alice.id).items] == [
        order_a.id
    ]
    everyone = orders.list_orders(session=session, actor_id=admin.id)
    assert {o.user_id for o in everyone.items} >= {alice.id, bob.id}
    with pytest.raises(NotFound):
        orders.get_order(session=session, actor_id=bob.id, order_id=order_a.id)


# --- cart -----------------------------------------------------------------------------


def test_cart_adds_lists_with_totals_and_removes(session):
    user = make_user(session)
    first, second = make_course(session, price="1000.00"), make_course(session, price="500.50")

    cart.add_to_cart(session=session, user_id=user.id, course_id=first.id)
    cart.add_to_cart(session=session, user_id=user.id, course_id=first.id)  # twice: once
    count = cart.add_to_cart(session=session, user_id=user.id, course_id=second.id)

    assert count == 2
    view = cart.get_cart(session=session, user_id=user.id)
    assert [item.course_id for item in view.items] == [first.id, second.id]
    assert view.total == Decimal("1500.50")
    assert cart.remove_from_cart(session=session, user_id=user.id, course_id=first.id) == 1
    assert _count(session, CartItem, CartItem.user_id == user.id) == 1


def test_cart_refuses_owned_and_free_courses_with_a_clear_message(session):
    user = make_user(session)
    owned, free = make_course(session), make_course(session, price="0")
    session.add(Enrollment(user_id=user.id, course_id=owned.id, source="admin"))
    session.flush()

    with pytest.raises(Conflict) as owned_error:
        cart.add_to_cart(session=session, user_id=user.id, course_id=owned.id)
    with pytest.raises(Invalid) as free_error:
        cart.add_to_cart(session=session, user_id=user.id, course_id=free.id)

    assert owned_error.value.message_key == "commerce.already_owned"
    assert free_error.value.message_key == "commerce.cart.free_course"
    assert _count(session, CartItem, CartItem.user_id == user.id) == 0


def test_cart_with_coupon_shows_the_discount(session):
    user = make_user(session)
    course = make_course(session, price="4990.00")
    coupon = make_coupon(session, kind="percent", value="20")
    cart.add_to_cart(session=session, user_id=user.id, course_id=course.id)

    view = cart.get_cart(session=session, user_id=user.id, coupon_code=coupon.code)

    assert (view.discount, view.total, view.coupon_code) == (
        Decimal("998.00"),
        Decimal("3992.00"),
        coupon.code,
    )


def test_checkout_twice_with_the_same_cart_gives_one_order(session):
    user = make_user(session)
    course = make_course(session)
    cart.add_to_cart(session=session, user_id=user.id, course_id=course.id)

    first = cart.checkout(session=session, user_id=user.id)
    second = cart.checkout(session=session, user_id=user.id)

    assert first.id == second.id
    assert _count(session, Order, Order.user_id == user.id) == 1
    other = make_course(session)
    cart.add_to_cart(session=session, user_id=user.id, course_id=other.id)
    assert cart.checkout(session=session, user_id=user.id).id != first.id


def test_checkout_of_an_empty_cart_is_refused(session):
    user = make_user(session)
    with pytest.raises(Invalid) as error:
        cart.checkout(session=session, user_id=user.id)
    assert error.value.message_key == "commerce.cart.empty"


# --- free enrolment -------------------------------------------------------------------


def test_free_enrolment_is_idempotent_and_counts_once(session):
    user = make_user(session)
    course = make_course(session, price="0")

    first = enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id)
    second = enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id)

    assert first.id == second.id
    assert (first.source, first.status) == ("free", "active")
    session.expire_all()
    assert session.get(Course, course.id).enrollment_count == 1
    assert _count(session, Enrollment, Enrollment.course_id == course.id) == 1


def test_paid_course_not_bought_needs_payment(session):
    user = make_user(session)
    course = make_course(session, price="100.00")
    with pytest.raises(PaymentRequired) as error:
        enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id)
    assert error.value.status == 402
    assert _count(session, Enrollment, Enrollment.course_id == course.id) == 0


def test_cancelled_free_enrolment_is_reactivated_and_counted_again(session):
    user = make_user(session)
    course = make_course(session, price="0")
    row = enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id)
    enrollment.end_access(session=session, user_id=user.id, course_ids=[course.id])
    session.expire_all()
    assert session.get(Course, course.id).enrollment_count == 0

    again = enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id)

    assert again.id == row.id and again.status == "active"
    session.expire_all()
    assert session.get(Course, course.id).enrollment_count == 1


def test_enrolment_list_is_own_for_users_and_filterable_for_admins(session):
    alice, bob = make_user(session), make_user(session)
    admin = make_user(session, role="admin")
    one, two = make_course(session, price="0"), make_course(session, price="0")
    for user in (alice, bob):
        for course in (one, two):
            enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id)

    own = enrollment.list_enrollments(session=session, actor_id=alice.id)
    assert {e.user_id for e in own.items} == {alice.id} and own.total == 2
    filtered = enrollment.list_enrollments(
        session=session, actor_id=admin.id, course_id=one.id, user_id=bob.id
    )
    assert [(e.user_id, e.course_id) for e in filtered.items] == [(bob.id, one.id)]
