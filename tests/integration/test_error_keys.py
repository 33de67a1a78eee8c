"""User-facing errors of the cart, orders, payments, refunds, reviews and quizzes: each
refusal raises its own message key (the text the learner reads), on both databases.

tests/unit/test_error_keys_named.py fails when an error key is named by no test.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from edu_platform.models import Question
from edu_platform.services import cart, orders, payments, quizzes, refunds, reviews
from edu_platform.services.enrollment import enroll_free
from edu_platform.services.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from tests.integration.test_quizzes import T0, build_world, start, submit
from tests.support.cards import VALID_EXP, card_expiry
from tests.support.factories import make_course, make_user

CARD = {"card_number": "4242 4242 4242 4242", "exp": VALID_EXP, "cvc": "123"}


def refused(error: type[DomainError], key: str, call, /, **kwargs) -> DomainError:
    with pytest.raises(error) as caught:
        call(**kwargs)
    assert caught.value.message_key == key, caught.value.message_key
    return caught.value


# --- cart and orders ---------------------------------------------------------------------


def test_a_full_cart_refuses_one_more_course(session):
    buyer = make_user(session)
    for _ in range(cart.MAX_CART_ITEMS):
        cart.add_to_cart(session=session, user_id=buyer.id, course_id=make_course(session).id)
    extra = make_course(session)
    error = refused(
        Invalid,
        "commerce.cart.full",
        cart.add_to_cart,
        session=session,
        user_id=buyer.id,
        course_id=extra.id,
    )
    assert error.field == "course_id"
    assert cart.count_items(session=session, user_id=buyer.id) == cart.MAX_CART_ITEMS


def test_a_cart_refuses_a_course_in_another_currency(session):
    buyer = make_user(session)
    rubles, euros = make_course(session), make_course(session, currency="EUR", price="19.00")
    cart.add_to_cart(session=session, user_id=buyer.id, course_id=rubles.id)
    refused(
        Invalid,
        "commerce.cart.currency_mismatch",
        cart.add_to_cart,
        session=session,
        user_id=buyer.id,
        course_id=euros.id,
    )
    assert cart.count_items(session=session, user_id=buyer.id) == 1


def test_an_order_of_two_currencies_is_refused(session):
    buyer = make_user(session)
    rubles, euros = make_course(session), make_course(session, currency="EUR", price="19.00")
    refused(
        Invalid,
        "commerce.cart.currency_mismatch",
        orders.create_order,
        session=session,
        user_id=buyer.id,
        course_ids=[rubles.id, euros.id],
        idempotency_key="mixed",
    )


@pytest.mark.parametrize(
    ("course_ids", "key", "message_key"),
    [
        ([], "k-1", "commerce.order.empty"),
        (None, "k-1", "commerce.order.empty"),
        ([1], "", "commerce.order.key_required"),
        ([1], "x" * 300, "commerce.order.key_required"),
    ],
    ids=["no-courses", "none", "no-key", "key-too-long"],
)
def test_an_order_without_courses_or_key_is_refused(session, course_ids, key, message_key):
    buyer = make_user(session)
    refused(
        Invalid,
        message_key,
        orders.create_order,
        session=session,
        user_id=buyer.id,
        course_ids=course_ids,
        idempotency_key=key,
    )


def test_an_idempotency_key_reused_for_other_courses_is_refused(session):
    buyer = make_user(session)
    first, second = make_course(session), make_course(session)
    orders.create_order(
        session=session, user_id=buyer.id, course_ids=[first.id], idempotency_key="same"
    )
    refused(
        Conflict,
        "commerce.order.key_reused",
        orders.create_order,
        session=session,
        user_id=buyer.id,
        course_ids=[second.id],
        idempotency_key="same",
    )


# --- payments and refunds ------------------------------------------------------------------


@pytest.fixture
def order(session):
    buyer = make_user(session)
    course = make_course(session, price="990.00")
    view, _ = orders.create_order(
        session=session, user_id=buyer.id, course_ids=[course.id], idempotency_key="pay-1"
    )
    return buyer, view


@pytest.mark.parametrize(
    ("card", "message_key", "field"),
    [
        ({"card_number": "4242 4242 4242 4241"}, "commerce.pay.card_invalid", "card_number"),
        ({"exp": "13/40"}, "commerce.pay.exp_invalid", "exp"),
        ({"exp": card_expiry(-1)}, "commerce.pay.card_expired", "exp"),
        ({"cvc": "12"}, "commerce.pay.cvc_invalid", "cvc"),
    ],
    ids=["luhn", "month-13", "last-month", "short-cvc"],
)
def test_a_bad_card_is_refused_naming_the_field(session, order, card, message_key, field):
    buyer, view = order
    error = refused(
        Invalid,
        message_key,
        payments.pay,
        session=session,
        user_id=buyer.id,
        order_id=view.id,
        **(CARD | card),
    )
    assert error.field == field


def test_paying_someone_elses_order_is_not_found(session, order):
    _buyer, view = order
    stranger = make_user(session)
    refused(
        NotFound,
        "commerce.order.not_found",
        payments.pay,
        session=session,
        user_id=stranger.id,
        order_id=view.id,
        **CARD,
    )


def test_paying_a_paid_order_again_is_refused(session, order):
    buyer, view = order
    payments.pay(session=session, user_id=buyer.id, order_id=view.id, **CARD)
    refused(
        Conflict,
        "commerce.order.already_paid",
        payments.pay,
        session=session,
        user_id=buyer.id,
        order_id=view.id,
        **CARD,
    )


def test_paying_a_refunded_order_is_refused(session, order):
    buyer, view = order
    admin = make_user(session, role="admin")
    payments.pay(session=session, user_id=buyer.id, order_id=view.id, **CARD)
    refunded = refunds.refund_order(session=session, actor_id=admin.id, order_id=view.id)
    assert refunded.status == "refunded"
    refused(
        Conflict,
        "commerce.order.not_payable",
        payments.pay,
        session=session,
        user_id=buyer.id,
        order_id=view.id,
        **CARD,
    )


def test_refunding_an_unpaid_or_refunded_order_is_refused(session, order):
    buyer, view = order
    admin = make_user(session, role="admin")
    refund = {"session": session, "actor_id": admin.id, "order_id": view.id}
    refused(Conflict, "commerce.refund.not_paid", refunds.refund_order, **refund)
    payments.pay(session=session, user_id=buyer.id, order_id=view.id, **CARD)
    refunds.refund_order(**refund)
    refused(Conflict, "commerce.refund.not_paid", refunds.refund_order, **refund)


# --- reviews ---------------------------------------------------------------------------------


@pytest.fixture
def enrolled(session):
    learner = make_user(session)
    course = make_course(session, price="0")
    enroll_free(session=session, user_id=learner.id, course_id=course.id)
    return {"session": session, "user_id": learner.id, "course_id": course.id}


@pytest.mark.parametrize(
    ("values", "message_key"),
    [
        ({"rating": 0}, "commerce.review.rating_range"),
        ({"rating": 6}, "commerce.review.rating_range"),
        (
            {"rating": 5, "comment": "x" * (reviews.MAX_COMMENT_LENGTH + 1)},
            "commerce.review.comment_long",
        ),
    ],
    ids=["zero", "six", "long-comment"],
)
def test_a_bad_review_is_refused(enrolled, values, message_key):
    refused(Invalid, message_key, reviews.upsert_review, **enrolled, **values)


def test_a_second_review_and_editing_a_missing_one_are_refused(enrolled):
    refused(NotFound, "commerce.review.missing", reviews.update_review, **enrolled, rating=4)
    reviews.upsert_review(**enrolled, rating=4)
    refused(Conflict, "commerce.review.exists", reviews.upsert_review, **enrolled, rating=5)


def test_a_review_by_someone_not_enrolled_is_refused(session, enrolled):
    stranger = make_user(session)
    refused(
        Forbidden,
        "commerce.review.not_enrolled",
        reviews.upsert_review,
        session=session,
        user_id=stranger.id,
        course_id=enrolled["course_id"],
        rating=5,
    )


# --- quizzes ---------------------------------------------------------------------------------


def test_answering_a_submitted_attempt_is_refused_as_closed(session):
    world = build_world(session)
    attempt = start(session, world)
    submit(session, world, attempt.id, world.right())
    question = world.questions["single"]
    refused(
        Conflict,
        "quiz.attempt_closed",
        quizzes.save_answer,
        session=session,
        user_id=world.learner.id,
        attempt_id=attempt.id,
        question_id=question.id,
        answer={"option_ids": [world.options["Lyon"].id]},
        now=T0 + timedelta(minutes=2),
    )


def test_answering_after_the_time_limit_is_refused_as_time_up(session):
    world = build_world(session, time_limit_minutes=5)
    attempt = start(session, world)
    refused(
        Conflict,
        "quiz.time_is_up",
        quizzes.save_answer,
        session=session,
        user_id=world.learner.id,
        attempt_id=attempt.id,
        question_id=world.questions["number"].id,
        answer={"number": 3.14},
        now=T0 + timedelta(minutes=6),
    )


def test_the_result_of_an_open_attempt_is_refused(session):
    world = build_world(session)
    attempt = start(session, world)
    refused(
        Conflict,
        "quiz.attempt_open",
        quizzes.attempt_result,
        session=session,
        user_id=world.learner.id,
        attempt_id=attempt.id,
    )


def test_an_unknown_attempt_is_not_found(session):
    world = build_world(session)
    refused(
        NotFound,
        "quiz.attempt_not_found",
        quizzes.attempt_result,
        session=session,
        user_id=world.learner.id,
        attempt_id=987654,
    )


def test_an_unknown_quiz_is_not_found(session):
    world = build_world(session)
    refused(
        NotFound,
        "quiz.not_found",
        quizzes.start_attempt,
        session=session,
        user_id=world.learner.id,
        quiz_id=987654,
    )


def test_a_quiz_without_questions_cannot_be_started(session):
    world = build_world(session)
    for question in world.questions.values():
        session.delete(session.get(Question, question.id))
    session.flush()
    refused(
        Conflict,
        "quiz.no_questions",
        quizzes.start_attempt,
        session=session,
        user_id=world.learner.id,
        quiz_id=world.quiz.id,
        now=T0,
    )


def test_a_quiz_with_no_attempts_left_cannot_be_started(session):
    world = build_world(session, max_attempts=1)
    attempt = start(session, world)
    submit(session, world, attempt.id, {})
    refused(
        Conflict,
        "quiz.no_attempts_left",
        quizzes.start_attempt,
        session=session,
        user_id=world.learner.id,
        quiz_id=world.quiz.id,
        now=T0 + timedelta(minutes=5),
    )


def test_an_answer_to_a_question_outside_the_attempt_is_refused(session):
    world = build_world(session)
    attempt = start(session, world)
    error = refused(
        Invalid,
        "quiz.unknown_question",
        quizzes.save_answer,
        session=session,
        user_id=world.learner.id,
        attempt_id=attempt.id,
        question_id=987654,
        answer={"number": 1},
        now=T0,
    )
    assert error.field == "question_id"
