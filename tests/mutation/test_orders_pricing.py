"""Pricing and creating orders (services/orders.py) at their edges, on both databases: the
course list's checks, each refusal's detail, key and field, the quote's exact figures,
wrong coupon codes counted against the user, the Idempotency-Key's bounds and the order
rows written. Written to kill the mutants `make mutation` found alive in orders.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from edu_platform.models import Enrollment, Order, OrderItem
from edu_platform.services import orders, rate_limit
from edu_platform.services.errors import Conflict, Invalid, NotFound, RateLimited
from tests.support.commerce import make_coupon
from tests.support.factories import make_course, make_user


def _refusal(error) -> tuple[str, str, str | None]:
    return error.value.detail, error.value.message_key, error.value.field


def _quote_refusal(session, user, course_ids, error_type=Invalid, **kwargs):
    with pytest.raises(error_type) as error:
        orders.quote(session=session, user_id=user.id, course_ids=course_ids, **kwargs)
    return _refusal(error)


EMPTY = ("course_ids must list at least one course", "commerce.order.empty", "course_ids")
NOT_INTEGERS = ("course_ids must be integers", "error.invalid", "course_ids")


def test_the_course_list_must_be_a_non_empty_list_of_integers(session):
    user = make_user(session)
    course = make_course(session)
    for course_ids in ([], (), None, str(course.id), {course.id}):
        assert _quote_refusal(session, user, course_ids) == EMPTY
    for course_ids in ([course.id, True], [str(course.id)], [float(course.id)]):
        assert _quote_refusal(session, user, course_ids) == NOT_INTEGERS
    # A tuple is a list too.
    assert [
        item.course_id
        for item in orders.quote(session=session, user_id=user.id, course_ids=(course.id,)).items
    ] == [course.id]


def test_at_most_fifty_courses_per_order(session):
    user = make_user(session)
    unknown = list(range(10**9, 10**9 + 51))
    assert _quote_refusal(session, user, unknown) == (
        "at most 50 courses per order",
        "error.invalid",
        "course_ids",
    )
    # Fifty pass the count; then the first unknown one is named.
    assert _quote_refusal(session, user, unknown[:50], NotFound) == (
        f"course {unknown[0]} does not exist",
        "commerce.course_not_found",
        "course_ids",
    )


def test_a_course_named_twice_is_priced_once_in_the_order_given(session):
    user = make_user(session)
    first, second = make_course(session, price="10.00"), make_course(session, price="20.00")
    quoted = orders.quote(
        session=session, user_id=user.id, course_ids=[second.id, first.id, second.id]
    )
    assert [item.course_id for item in quoted.items] == [second.id, first.id]
    assert quoted.subtotal == Decimal("30.00")


def test_unknown_unpublished_free_and_owned_courses_are_named(session):
    user = make_user(session)
    course = make_course(session)
    draft = make_course(session, published=False)
    free, free_too = make_course(session, price="0"), make_course(session, price="0")
    owned = sorted([make_course(session), make_course(session)], key=lambda c: c.id)
    for enrolled in reversed(owned):
        session.add(Enrollment(user_id=user.id, course_id=enrolled.id, source="admin"))
    session.flush()
    assert _quote_refusal(session, user, [course.id, draft.id, 10**9], NotFound) == (
        f"course {draft.id} does not exist",
        "commerce.course_not_found",
        "course_ids",
    )
    assert _quote_refusal(session, user, [course.id, free_too.id, free.id]) == (
        f"course {free_too.id} is free: enrol instead of buying",
        "commerce.cart.free_course",
        "course_ids",
    )
    assert _quote_refusal(session, user, [owned[1].id, course.id, owned[0].id], Conflict) == (
        f"course {owned[0].id} is already yours",
        "commerce.already_owned",
        "course_ids",
    )


def test_courses_in_two_currencies_are_refused_and_one_currency_is_kept(session):
    user = make_user(session)
    rub, eur = make_course(session), make_course(session, currency="EUR", price="0.50")
    assert _quote_refusal(session, user, [rub.id, eur.id]) == (
        "courses in one order must share a currency",
        "commerce.cart.currency_mismatch",
        "course_ids",
    )
    quoted = orders.quote(session=session, user_id=user.id, course_ids=[eur.id])
    assert (quoted.currency, quoted.subtotal, quoted.total) == (
        "EUR",
        Decimal("0.50"),
        Decimal("0.50"),
    )


def test_a_quote_lists_each_item_and_the_exact_totals(session):
    user = make_user(session)
    first = make_course(session, price="1000.00", title="First", slug="first-priced")
    second = make_course(session, price="333.33", title="Second", slug="second-priced")
    coupon = make_coupon(session, kind="percent", value="15", course_id=second.id)
    quoted = orders.quote(
        session=session,
        user_id=user.id,
        course_ids=[first.id, second.id],
        coupon_code=f"  {coupon.code.lower()} ",
    )
    assert quoted.items == [
        orders.OrderItemView(
            first.id, "First", Decimal("1000.00"), Decimal("0.00"), "first-priced"
        ),
        orders.OrderItemView(
            second.id, "Second", Decimal("333.33"), Decimal("50.00"), "second-priced"
        ),
    ]
    assert (quoted.subtotal, quoted.discount, quoted.total, quoted.currency) == (
        Decimal("1333.33"),
        Decimal("50.00"),
        Decimal("1283.33"),
        "RUB",
    )
    assert quoted.coupon is coupon
    plain = orders.quote(session=session, user_id=user.id, course_ids=[first.id, second.id])
    assert [item.discount for item in plain.items] == [Decimal("0.00")] * 2
    assert (plain.discount, plain.total, plain.coupon) == (
        Decimal("0.00"),
        Decimal("1333.33"),
        None,
    )


def test_a_coupon_worth_more_than_the_order_makes_it_free(session):
    user = make_user(session)
    course = make_course(session, price="300.00")
    coupon = make_coupon(session, kind="fixed", value="500")
    quoted = orders.quote(
        session=session, user_id=user.id, course_ids=[course.id], coupon_code=coupon.code
    )
    assert (quoted.subtotal, quoted.discount, quoted.total) == (
        Decimal("300.00"),
        Decimal("300.00"),
        Decimal("0.00"),
    )


def _wrong_codes(user) -> int:
    return rate_limit.count(rate_limit.COUPON, user.id)[0]


def test_wrong_coupon_codes_count_against_the_user_until_refused(session):
    user, other = make_user(session), make_user(session)
    course = make_course(session)
    good = make_coupon(session)
    before = _wrong_codes(user)
    for code in (None, "", "   "):
        orders.quote(session=session, user_id=user.id, course_ids=[course.id], coupon_code=code)
    orders.quote(session=session, user_id=user.id, course_ids=[course.id], coupon_code=good.code)
    assert _wrong_codes(user) == before
    for attempt in range(rate_limit.COUPON.limit - before):
        assert _quote_refusal(session, user, [course.id], coupon_code=f"WRONG{attempt}") == (
            "no such coupon",
            "commerce.coupon.unknown",
            "coupon_code",
        )
    assert _wrong_codes(user) == rate_limit.COUPON.limit
    # Past the limit even the right code is refused; another user is not.
    with pytest.raises(RateLimited) as error:
        orders.quote(
            session=session, user_id=user.id, course_ids=[course.id], coupon_code=good.code
        )
    assert error.value.field == "coupon_code"
    assert _wrong_codes(user) == rate_limit.COUPON.limit
    assert (
        orders.quote(
            session=session, user_id=other.id, course_ids=[course.id], coupon_code=good.code
        ).coupon
        is good
    )


# --- creating -------------------------------------------------------------------------


KEY_REQUIRED = (
    "the Idempotency-Key header is required (1..128 characters)",
    "commerce.order.key_required",
    "Idempotency-Key",
)


def _create(session, user, course_ids, key, **kwargs):
    return orders.create_order(
        session=session, user_id=user.id, course_ids=course_ids, idempotency_key=key, **kwargs
    )


def test_the_idempotency_key_is_trimmed_and_holds_one_to_128_characters(session):
    user = make_user(session)
    course = make_course(session)
    for key in (None, "", "   ", "k" * 129):
        with pytest.raises(Invalid) as error:
            _create(session, user, [course.id], key)
        assert _refusal(error) == KEY_REQUIRED
    view, created = _create(session, user, [course.id], " " + "k" * 128 + " ")
    assert created is True
    assert session.get(Order, view.id).idempotency_key == "k" * 128
    again, created = _create(session, user, [course.id], "k" * 128)
    assert (again.id, created) == (view.id, False)


def test_a_key_reused_for_other_courses_is_refused_naming_it(session):
    user = make_user(session)
    first, second = make_course(session), make_course(session)
    _create(session, user, [first.id], "reused")
    for course_ids in ([second.id], [first.id, second.id]):
        with pytest.raises(Conflict) as error:
            _create(session, user, course_ids, "reused")
        assert _refusal(error) == (
            "this Idempotency-Key was used for another order",
            "commerce.order.key_reused",
            "Idempotency-Key",
        )
    # The same courses named again, in another order and twice, replay the order.
    _create(session, user, [second.id, first.id], "both")
    replayed, created = _create(session, user, [first.id, second.id, first.id], "both")
    assert created is False
    assert {item.course_id for item in replayed.items} == {first.id, second.id}


def test_a_created_order_and_its_items_hold_the_quote(session):
    user = make_user(session)
    first = make_course(session, price="1000.00", title="First")
    second = make_course(session, price="500.00", title="Second")
    coupon = make_coupon(session, kind="fixed", value="300")
    view, created = _create(session, user, [first.id, second.id], "rows", coupon_code=coupon.code)
    assert created is True
    order = session.get(Order, view.id)
    assert (
        order.user_id,
        order.status,
        order.subtotal,
        order.discount,
        order.total,
        order.currency,
        order.coupon_id,
    ) == (
        user.id,
        "pending",
        Decimal("1500.00"),
        Decimal("300.00"),
        Decimal("1200.00"),
        "RUB",
        coupon.id,
    )
    items = session.execute(
        select(OrderItem.course_id, OrderItem.title, OrderItem.price)
        .where(OrderItem.order_id == order.id)
        .order_by(OrderItem.id)
    ).all()
    assert [tuple(item) for item in items] == [
        (first.id, "First", Decimal("1000.00")),
        (second.id, "Second", Decimal("500.00")),
    ]
    assert (view.id, view.user_id, view.status, view.coupon_code, view.payment_error) == (
        order.id,
        user.id,
        "pending",
        coupon.code,
        "",
    )
    assert [(item.course_id, item.price) for item in view.items] == [
        (first.id, Decimal("1000.00")),
        (second.id, Decimal("500.00")),
    ]
    without, _ = _create(session, user, [first.id], "no-coupon")
    assert session.get(Order, without.id).coupon_id is None
    assert without.coupon_code == ""


def test_losing_the_insert_race_answers_with_the_winners_order(session, monkeypatch):
    user = make_user(session)
    course = make_course(session)
    winner, _ = _create(session, user, [course.id], "race")
    by_key = orders._by_key
    calls = []

    def blind_first_look(session, user_id, key):
        # The first look misses the winner, as a racing request's would.
        calls.append(key)
        return None if len(calls) == 1 else by_key(session, user_id, key)

    monkeypatch.setattr(orders, "_by_key", blind_first_look)
    view, created = _create(session, user, [course.id], "race")
    assert (view.id, created, calls) == (winner.id, False, ["race", "race"])
    assert session.scalars(select(Order.id).where(Order.user_id == user.id)).all() == [winner.id]


def test_an_insert_failure_with_no_winner_is_raised(session, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    user = make_user(session)
    course = make_course(session)
    _create(session, user, [course.id], "taken")
    monkeypatch.setattr(orders, "_by_key", lambda session, user_id, key: None)
    with pytest.raises(IntegrityError):
        _create(session, user, [course.id], "taken")


def test_an_order_keeps_its_courses_currency(session):
    user = make_user(session)
    course = make_course(session, currency="EUR", price="49.90")
    view, _ = _create(session, user, [course.id], "euro")
    assert view.currency == "EUR"
    assert session.get(Order, view.id).currency == "EUR"


def test_a_retry_after_the_order_was_paid_replays_it_before_pricing_anything(session):
    # The client retries with the same key once the course is already theirs (the order
    # was paid meanwhile): the answer is that order, not "already owned".
    user = make_user(session)
    course = make_course(session)
    view, _ = _create(session, user, [course.id], "retry-after-paying")
    session.add(Enrollment(user_id=user.id, course_id=course.id, source="order"))
    session.flush()
    again, created = _create(session, user, [course.id], "retry-after-paying")
    assert (again.id, created) == (view.id, False)


def test_on_postgresql_one_order_creation_per_user_at_a_time(clean_db):
    if clean_db.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's row locks (SQLite's write lock is database-wide)")
    with Session(clean_db) as setup:
        user, course = make_user(setup), make_course(setup)
        setup.commit()
        user_id, course_ids = user.id, [course.id]
    with Session(clean_db) as first, Session(clean_db) as second:
        orders.create_order(
            session=first, user_id=user_id, course_ids=course_ids, idempotency_key="first"
        )
        second.execute(text("SET lock_timeout = '1s'"))
        # The second request waits for the first to end (here: gives up after a second).
        with pytest.raises(OperationalError, match="lock timeout"):
            orders.create_order(
                session=second, user_id=user_id, course_ids=course_ids, idempotency_key="second"
            )
        second.rollback()
        first.rollback()
