"""User-facing errors of the cart, orders, payments, refunds, reviews, quizzes, coupons,
accounts, admin enrolments, webhooks, live sessions, messages, blog, feedback and
certificates: each refusal raises its own message key (the text the learner reads), on
both databases.

One table, one test: a case registers with `@refusal(error, key, field)` a function that
builds what the refusal needs and returns the call that must fail (a `partial`), or that
call and a check of what the refusal left unchanged. A new refusal is a row here, not a
new test body.

tests/unit/project/test_error_keys_named.py fails when an error key is named by no test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import pytest
from sqlmodel import Session

from edu_platform.models import Question
from edu_platform.services import (
    accounts,
    attendance,
    blog,
    cart,
    certificates,
    coupon_admin,
    enrollment_admin,
    feedback,
    messaging,
    orders,
    payments,
    quizzes,
    refunds,
    reviews,
    sessions,
    webhooks,
)
from edu_platform.services.enrollment import enroll_free
from edu_platform.services.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from edu_platform.settings import settings
from tests.support.cards import GOOD_CARD, card_expiry
from tests.support.certificate_data import completed_enrollment
from tests.support.factories import make_course, make_user, register_user, unique_email
from tests.support.quiz_world import T0, build_world, start, submit

UNKNOWN_ID = 987654

Call = Callable[[], Any]
Arranged = Call | tuple[Call, Callable[[], None]]


@dataclass(frozen=True)
class Refusal:
    arrange: Callable[[Session], Arranged]
    error: type[DomainError]
    key: str
    field: str | None = None  # checked when given


CASES: dict[str, Refusal] = {}


def refusal(error: type[DomainError], key: str, field: str | None = None, *, name: str = ""):
    """Register the decorated arrange function as the case `name` (default: its own name)."""

    def register(arrange: Callable[[Session], Arranged]):
        case_name = name or arrange.__name__
        assert case_name not in CASES, case_name
        CASES[case_name] = Refusal(arrange, error, key, field)
        return arrange

    return register


def assert_refused(call: Call, error: type[DomainError], key: str, field: str | None = None):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.message_key == key, caught.value.message_key
    if field is not None:
        assert caught.value.field == field, caught.value.field


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # The cases register below this test, so the table is read when pytest collects it.
    if "refusal_name" in metafunc.fixturenames:
        metafunc.parametrize("refusal_name", list(CASES))


def test_each_refusal_raises_its_own_key(session, refusal_name):
    case = CASES[refusal_name]
    arranged = case.arrange(session)
    call, unchanged = arranged if isinstance(arranged, tuple) else (arranged, None)
    assert_refused(call, case.error, case.key, case.field)
    if unchanged is not None:
        unchanged()


# --- cart and orders ---------------------------------------------------------------------


@refusal(Invalid, "commerce.cart.full", "course_id")
def full_cart(session):
    buyer = make_user(session)
    for _ in range(cart.MAX_CART_ITEMS):
        cart.add_to_cart(session=session, user_id=buyer.id, course_id=make_course(session).id)
    add = partial(
        cart.add_to_cart, session=session, user_id=buyer.id, course_id=make_course(session).id
    )
    return add, lambda: _assert_cart_size(session, buyer.id, cart.MAX_CART_ITEMS)


@refusal(Invalid, "commerce.cart.currency_mismatch")
def cart_in_two_currencies(session):
    buyer = make_user(session)
    rubles, euros = make_course(session), make_course(session, currency="EUR", price="19.00")
    cart.add_to_cart(session=session, user_id=buyer.id, course_id=rubles.id)
    add = partial(cart.add_to_cart, session=session, user_id=buyer.id, course_id=euros.id)
    return add, lambda: _assert_cart_size(session, buyer.id, 1)


def _assert_cart_size(session, user_id: int, size: int) -> None:
    assert cart.count_items(session=session, user_id=user_id) == size


def _order_call(session, course_ids, key: str, user_id: int | None = None) -> Call:
    buyer_id = user_id if user_id is not None else make_user(session).id
    return partial(
        orders.create_order,
        session=session,
        user_id=buyer_id,
        course_ids=course_ids,
        idempotency_key=key,
    )


@refusal(Invalid, "commerce.cart.currency_mismatch", name="order_in_two_currencies")
def _(session):
    rubles, euros = make_course(session), make_course(session, currency="EUR", price="19.00")
    return _order_call(session, [rubles.id, euros.id], "mixed")


for _name, _ids, _key, _message_key in [
    ("order_without_courses", [], "k-1", "commerce.order.empty"),
    ("order_with_none", None, "k-1", "commerce.order.empty"),
    ("order_without_key", [1], "", "commerce.order.key_required"),
    ("order_key_too_long", [1], "x" * 300, "commerce.order.key_required"),
]:
    refusal(Invalid, _message_key, name=_name)(partial(_order_call, course_ids=_ids, key=_key))


@refusal(Conflict, "commerce.order.key_reused")
def idempotency_key_reused_for_other_courses(session):
    buyer = make_user(session)
    first, second = make_course(session), make_course(session)
    _order_call(session, [first.id], "same", buyer.id)()
    return _order_call(session, [second.id], "same", buyer.id)


# --- payments and refunds ------------------------------------------------------------------


def _order(session):
    buyer = make_user(session)
    course = make_course(session, price="990.00")
    view, _ = orders.create_order(
        session=session, user_id=buyer.id, course_ids=[course.id], idempotency_key="pay-1"
    )
    return buyer, view


def _pay(session, user_id: int, order_id: int, **card: str) -> Call:
    return partial(
        payments.pay, session=session, user_id=user_id, order_id=order_id, **(GOOD_CARD | card)
    )


def _refund(session, order_id: int) -> Call:
    admin = make_user(session, role="admin")
    return partial(refunds.refund_order, session=session, actor_id=admin.id, order_id=order_id)


def _bad_card(card: dict[str, str]):
    def arrange(session):
        buyer, view = _order(session)
        return _pay(session, buyer.id, view.id, **card)

    return arrange


for _name, _card, _message_key, _field in [
    (
        "card_luhn",
        {"card_number": "4242 4242 4242 4241"},
        "commerce.pay.card_invalid",
        "card_number",
    ),
    ("card_month_13", {"exp": "13/40"}, "commerce.pay.exp_invalid", "exp"),
    ("card_last_month", {"exp": card_expiry(-1)}, "commerce.pay.card_expired", "exp"),
    ("card_short_cvc", {"cvc": "12"}, "commerce.pay.cvc_invalid", "cvc"),
]:
    refusal(Invalid, _message_key, _field, name=_name)(_bad_card(_card))


@refusal(NotFound, "commerce.order.not_found")
def paying_someone_elses_order(session):
    _buyer, view = _order(session)
    return _pay(session, make_user(session).id, view.id)


@refusal(Conflict, "commerce.order.already_paid")
def paying_a_paid_order_again(session):
    buyer, view = _order(session)
    _pay(session, buyer.id, view.id)()
    return _pay(session, buyer.id, view.id)


@refusal(Conflict, "commerce.order.not_payable")
def paying_a_refunded_order(session):
    buyer, view = _order(session)
    _pay(session, buyer.id, view.id)()
    assert _refund(session, view.id)().status == "refunded"
    return _pay(session, buyer.id, view.id)


@refusal(Conflict, "commerce.refund.not_paid")
def refunding_an_unpaid_order(session):
    _buyer, view = _order(session)
    return _refund(session, view.id)


@refusal(Conflict, "commerce.refund.not_paid", name="refunding_a_refunded_order")
def _(session):
    buyer, view = _order(session)
    _pay(session, buyer.id, view.id)()
    refund = _refund(session, view.id)
    refund()
    return refund


# --- reviews ---------------------------------------------------------------------------------


def _enrolled(session) -> dict[str, Any]:
    learner = make_user(session)
    course = make_course(session, price="0")
    enroll_free(session=session, user_id=learner.id, course_id=course.id)
    return {"session": session, "user_id": learner.id, "course_id": course.id}


def _review(fn: Callable[..., Any], *, first: bool = False, **values: Any):
    def arrange(session):
        enrolled = _enrolled(session)
        if first:
            reviews.upsert_review(**enrolled, rating=4)
        return partial(fn, **enrolled, **values)

    return arrange


for _name, _values, _message_key in [
    ("review_rating_zero", {"rating": 0}, "commerce.review.rating_range"),
    ("review_rating_six", {"rating": 6}, "commerce.review.rating_range"),
    (
        "review_comment_long",
        {"rating": 5, "comment": "x" * (reviews.MAX_COMMENT_LENGTH + 1)},
        "commerce.review.comment_long",
    ),
]:
    refusal(Invalid, _message_key, name=_name)(_review(reviews.upsert_review, **_values))
refusal(NotFound, "commerce.review.missing", name="editing_a_missing_review")(
    _review(reviews.update_review, rating=4)
)
refusal(Conflict, "commerce.review.exists", name="a_second_review")(
    _review(reviews.upsert_review, first=True, rating=5)
)


@refusal(Forbidden, "commerce.review.not_enrolled")
def review_by_someone_not_enrolled(session):
    enrolled = _enrolled(session)
    stranger = make_user(session)
    return partial(reviews.upsert_review, **(enrolled | {"user_id": stranger.id}), rating=5)


# --- quizzes ---------------------------------------------------------------------------------


def _quiz(fn: Callable[..., Any], session, world, **values: Any) -> Call:
    return partial(fn, session=session, user_id=world.learner.id, **values)


def _answer(question: str, answer, minutes: int, *, submitted: bool = False, **quiz_settings):
    """Save `answer(world)` to the world's question `question` ("": one outside the attempt)
    `minutes` after the start, the attempt submitted first when `submitted`."""

    def arrange(session):
        world = build_world(session, **quiz_settings)
        attempt = start(session, world)
        if submitted:
            submit(session, world, attempt.id, world.right())
        return _quiz(
            quizzes.save_answer,
            session,
            world,
            attempt_id=attempt.id,
            question_id=world.questions[question].id if question else UNKNOWN_ID,
            answer=answer(world),
            now=T0 + timedelta(minutes=minutes),
        )

    return arrange


refusal(Conflict, "quiz.attempt_closed", name="answering_a_submitted_attempt")(
    _answer("single", lambda world: {"option_ids": [world.options["Lyon"].id]}, 2, submitted=True)
)
refusal(Conflict, "quiz.time_is_up", name="answering_after_the_time_limit")(
    _answer("number", lambda _world: {"number": 3.14}, 6, time_limit_minutes=5)
)
refusal(Invalid, "quiz.unknown_question", "question_id", name="answering_outside_the_attempt")(
    _answer("", lambda _world: {"number": 1}, 0)
)


@refusal(Conflict, "quiz.attempt_open")
def result_of_an_open_attempt(session):
    world = build_world(session)
    attempt = start(session, world)
    return _quiz(quizzes.attempt_result, session, world, attempt_id=attempt.id)


@refusal(NotFound, "quiz.attempt_not_found")
def unknown_attempt(session):
    world = build_world(session)
    return _quiz(quizzes.attempt_result, session, world, attempt_id=UNKNOWN_ID)


@refusal(NotFound, "quiz.not_found")
def unknown_quiz(session):
    world = build_world(session)
    return _quiz(quizzes.start_attempt, session, world, quiz_id=UNKNOWN_ID)


@refusal(Conflict, "quiz.no_questions")
def quiz_without_questions(session):
    world = build_world(session)
    for question in world.questions.values():
        session.delete(session.get(Question, question.id))
    session.flush()
    return _quiz(quizzes.start_attempt, session, world, quiz_id=world.quiz.id, now=T0)


@refusal(Conflict, "quiz.no_attempts_left")
def quiz_with_no_attempts_left(session):
    world = build_world(session, max_attempts=1)
    attempt = start(session, world)
    submit(session, world, attempt.id, {})
    later = T0 + timedelta(minutes=5)
    return _quiz(quizzes.start_attempt, session, world, quiz_id=world.quiz.id, now=later)


# --- coupon management ---------------------------------------------------------------------

COUPON = {"kind": "fixed", "value": "10"}


def _bad_coupon(values: dict[str, Any]):
    def arrange(session):
        admin = make_user(session, role="admin")
        coupon = {"code": "GOOD10"} | COUPON | values
        return partial(coupon_admin.create_coupon, session=session, actor_id=admin.id, **coupon)

    return arrange


for _name, _values, _message_key, _field in [
    ("coupon_code_two_words", {"code": "TWO WORDS"}, "coupons.error.code", "code"),
    ("coupon_code_too_long", {"code": "X" * 65}, "coupons.error.code", "code"),
    ("coupon_kind", {"kind": "gift"}, "coupons.error.kind", "kind"),
    ("coupon_value_zero", {"value": "0"}, "coupons.error.value", "value"),
    ("coupon_value_word", {"value": "lots"}, "coupons.error.value", "value"),
    (
        "coupon_naive_expiry",
        {"valid_until": datetime(2030, 1, 1)},
        "coupons.error.expires_at",
        "expires_at",
    ),
    ("coupon_max_uses", {"usage_limit": -1}, "coupons.error.max_uses", "max_uses"),
    ("coupon_percent", {"kind": "percent", "value": "101"}, "coupons.error.percent", "value"),
    ("coupon_course", {"course_id": UNKNOWN_ID}, "coupons.error.course_not_found", "course_id"),
]:
    refusal(DomainError, _message_key, _field, name=_name)(_bad_coupon(_values))


def _create_coupon(session, role: str, code: str, **values: Any) -> Call:
    actor = make_user(session, role=role)
    return partial(
        coupon_admin.create_coupon,
        session=session,
        actor_id=actor.id,
        code=code,
        **COUPON,
        **values,
    )


refusal(Forbidden, "coupons.error.forbidden", name="coupon_by_a_student")(
    partial(_create_coupon, role="student", code="MINE")
)
refusal(Forbidden, "coupons.error.site_wide", name="site_wide_coupon_by_a_teacher")(
    partial(_create_coupon, role="teacher", code="ALLOFIT")
)


def _coupon_for_anothers_course(session) -> Call:
    course = make_course(session)
    session.flush()
    return _create_coupon(session, "teacher", "NOTMINE", course_id=course.id)


refusal(Forbidden, "coupons.error.not_yours", name="coupon_for_another_teachers_course")(
    _coupon_for_anothers_course
)


def _teachers_coupon(session):
    teacher = make_user(session, role="teacher")
    course = make_course(session, teacher=teacher)
    return coupon_admin.create_coupon(
        session=session, actor_id=teacher.id, code="OWN10", course_id=course.id, **COUPON
    )


@refusal(Conflict, "coupons.error.code_taken")
def coupon_code_taken_in_another_case(session):
    _teachers_coupon(session)
    return _create_coupon(session, "admin", "own10")


@refusal(NotFound, "coupons.error.not_found")
def coupon_that_does_not_exist(session):
    teacher = make_user(session, role="teacher")
    return partial(
        coupon_admin.update_coupon,
        session=session,
        actor_id=teacher.id,
        coupon_id=UNKNOWN_ID,
        changes={"value": "5"},
    )


@refusal(Forbidden, "coupons.error.not_yours")
def coupon_of_another_teacher(session):
    own = _teachers_coupon(session)
    other = make_user(session, role="teacher")
    return partial(
        coupon_admin.update_coupon,
        session=session,
        actor_id=other.id,
        coupon_id=own.id,
        changes={"value": "5"},
    )


# --- accounts ----------------------------------------------------------------------------------


def _register(password: str, name: str):
    def arrange(session):
        email = unique_email("long")
        return partial(
            accounts.register, session=session, email=email, password=password, full_name=name
        )

    return arrange


refusal(Invalid, "accounts.password_long", "password", name="overlong_password")(
    _register("p" * (accounts.MAX_PASSWORD_LENGTH + 1), "Long Pass")
)
refusal(Invalid, "accounts.name_long", "full_name", name="overlong_name")(
    _register("correct-horse-battery", "N" * 201)
)


@refusal(Invalid, "accounts.current_password_wrong", "current_password")
def password_change_without_the_current_one(session):
    user = register_user(session)
    return partial(
        accounts.change_password,
        session=session,
        user_id=user.id,
        current_password="not-the-password",
        new_password="brand-new-password-9",
    )


@refusal(Invalid, "accounts.ticket_invalid", "ticket")
def sign_in_ticket_used_twice(session):
    user = register_user(session)
    ticket = sessions.create_ticket(session=session, user_id=user.id, user_agent="pytest")
    assert sessions.redeem_ticket(session=session, ticket=ticket)
    return partial(sessions.redeem_ticket, session=session, ticket=ticket)


@refusal(Invalid, "accounts.ticket_invalid", "ticket", name="forged_sign_in_ticket")
def _(session):
    return partial(sessions.redeem_ticket, session=session, ticket="forged-ticket")


# --- admin enrolments and webhooks ------------------------------------------------------


def _enrol_by_hand(email: str, course_ref: str, *, enrolled_before: bool = False):
    """Enrol by email and course reference ("{email}", "{id}", "{slug}": the learner's and
    the course's), after enrolling the same learner by the course's id when `enrolled_before`."""

    def arrange(session):
        admin, learner = make_user(session, role="admin"), make_user(session)
        course = make_course(session)
        enrol = partial(enrollment_admin.enroll_by_email, session=session, actor_id=admin.id)
        if enrolled_before:
            enrol(email=learner.email, course_ref=f"#{course.id}")
        return partial(
            enrol,
            email=email.format(email=learner.email),
            course_ref=course_ref.format(id=course.id, slug=course.slug),
        )

    return arrange


for _name, _email, _ref, _error, _message_key, _field in [
    ("enrol_without_email", "", "{id}", Invalid, "admin_data.enrol.email_required", "email"),
    (
        "enrol_unknown_email",
        "nobody@example.org",
        "{id}",
        NotFound,
        "admin_data.enrol.user_unknown",
        "email",
    ),
    ("enrol_without_course", "{email}", " ", Invalid, "admin_data.enrol.course_required", "course"),
    (
        "enrol_unknown_course",
        "{email}",
        "no-such-course",
        NotFound,
        "admin_data.enrol.course_unknown",
        "course",
    ),
]:
    refusal(_error, _message_key, _field, name=_name)(_enrol_by_hand(_email, _ref))
refusal(Conflict, "admin_data.enrol.already", name="enrol_twice")(
    _enrol_by_hand("{email}", "{slug}", enrolled_before=True)
)


@refusal(Conflict, "admin_data.enrollments.already_ended")
def expel_twice(session):
    admin, learner = make_user(session, role="admin"), make_user(session)
    course = make_course(session)
    enrol = {"session": session, "actor_id": admin.id}
    row = enrollment_admin.enroll_by_email(email=learner.email, course_ref=f"#{course.id}", **enrol)
    enrollment_admin.expel(enrollment_id=row.id, **enrol)
    return partial(enrollment_admin.expel, enrollment_id=row.id, **enrol)


@refusal(NotFound, "admin_data.enrollments.not_found")
def expel_unknown_enrolment(session):
    admin = make_user(session, role="admin")
    return partial(
        enrollment_admin.expel, session=session, actor_id=admin.id, enrollment_id=UNKNOWN_ID
    )


for _name, _url in [
    ("webhook_url_empty", ""),
    ("webhook_url_ftp", "ftp://example.org/hook"),
    ("webhook_url_too_long", "https://" + "a" * 2100 + ".org"),
    ("webhook_url_bad_port", "https://example.org:99999/"),
]:
    refusal(Invalid, "webhooks.error.url", "url", name=_name)(
        lambda _session, url=_url: partial(webhooks.check_url, url)
    )
for _name, _kinds in [("webhook_no_events", []), ("webhook_unknown_event", ["order.stolen"])]:
    refusal(Invalid, "webhooks.error.events", "events", name=_name)(
        lambda _session, kinds=_kinds: partial(webhooks.check_events, kinds)
    )


def test_a_webhook_to_a_private_address_is_refused_in_production(monkeypatch):
    monkeypatch.setattr(settings, "environment", "production")
    monkeypatch.setattr(settings, "webhook_allow_private", False)
    check = partial(webhooks.check_url, "http://127.0.0.1:8080/hook")
    assert_refused(check, Invalid, "webhooks.error.private_url", "url")


# --- live sessions and messages ---------------------------------------------------------


def _live_session(title: str, minutes: int, link: str):
    def arrange(session):
        teacher = make_user(session, role="teacher")
        course = make_course(session, teacher=teacher)
        return partial(
            attendance.create_session,
            session=session,
            actor_id=teacher.id,
            course_id=course.id,
            title=title,
            starts_at=T0,
            ends_at=T0 + timedelta(minutes=minutes),
            meeting_url=link,
        )

    return arrange


for _name, _title, _minutes, _link, _message_key, _field in [
    ("live_session_without_title", "  ", 60, "", "teaching.title_required", "title"),
    ("live_session_ending_at_start", "Q&A", 0, "", "teaching.ends_before_start", "ends_at"),
    (
        "live_session_link_without_scheme",
        "Q&A",
        60,
        "zoom.example.org/123",
        "teaching.bad_link",
        "meeting_url",
    ),
]:
    refusal(Invalid, _message_key, _field, name=_name)(_live_session(_title, _minutes, _link))


def _learner_with_live_session(session):
    teacher, learner = make_user(session, role="teacher"), make_user(session)
    course = make_course(session, teacher=teacher, price="0")
    enroll_free(session=session, user_id=learner.id, course_id=course.id)
    live = attendance.create_session(
        session=session,
        actor_id=teacher.id,
        course_id=course.id,
        title="Q&A",
        starts_at=T0,
        ends_at=T0 + timedelta(hours=1),
    )
    return teacher, learner, live


@refusal(NotFound, "teaching.checkin_unknown")
def check_in_with_an_unknown_code(session):
    _teacher, learner, _live = _learner_with_live_session(session)
    return partial(attendance.check_in, session=session, user_id=learner.id, token="nope")


@refusal(Conflict, "teaching.checkin_closed")
def check_in_after_the_window(session):
    _teacher, learner, live = _learner_with_live_session(session)
    return partial(
        attendance.check_in,
        session=session,
        user_id=learner.id,
        token=live.checkin_token,
        now=T0 + timedelta(days=2),
    )


@refusal(NotFound, "teaching.session_not_found")
def deleting_a_deleted_session(session):
    teacher, _learner, live = _learner_with_live_session(session)
    delete = partial(
        attendance.delete_session, session=session, actor_id=teacher.id, session_id=live.id
    )
    delete()
    session.flush()
    return delete


def _enrolled_with_teacher(session):
    teacher, learner = make_user(session, role="teacher"), make_user(session)
    course = make_course(session, teacher=teacher, price="0")
    enroll_free(session=session, user_id=learner.id, course_id=course.id)
    return learner, course


@refusal(Forbidden, "inbox.denied", "user_id")
def message_to_a_stranger(session):
    learner, _course = _enrolled_with_teacher(session)
    stranger = make_user(session)
    return partial(
        messaging.open_conversation, session=session, user_id=stranger.id, other_id=learner.id
    )


@refusal(NotFound, "inbox.not_found")
def message_to_the_teacher_of_an_unknown_course(session):
    learner, _course = _enrolled_with_teacher(session)
    return partial(
        messaging.open_with_teacher, session=session, user_id=learner.id, course_slug="no-such"
    )


def _message(body: str):
    def arrange(session):
        learner, course = _enrolled_with_teacher(session)
        conversation_id = messaging.open_with_teacher(
            session=session, user_id=learner.id, course_slug=course.slug
        )
        return partial(
            messaging.send_message,
            session=session,
            user_id=learner.id,
            conversation_id=conversation_id,
            body=body,
        )

    return arrange


refusal(Invalid, "inbox.body_length", name="empty_message")(_message("   "))
refusal(Invalid, "inbox.body_length", name="overlong_message")(
    _message("x" * (messaging.MAX_BODY + 1))
)


# --- blog and feedback -------------------------------------------------------------------


def _blog_post(role: str = "teacher", **values: Any):
    def arrange(session):
        author = make_user(session, role=role)
        return partial(
            blog.create_post, session=session, actor_id=author.id, title="Notes", **values
        )

    return arrange


for _name, _values, _message_key, _field in [
    ("blog_bad_tag", {"tags": ["two words!"]}, "blog.error.bad_tag", "tags"),
    (
        "blog_too_many_tags",
        {"tags": [f"tag{n}" for n in range(blog.MAX_TAGS + 1)]},
        "blog.error.too_many_tags",
        "tags",
    ),
    ("blog_bad_cover", {"cover_url": "javascript:alert(1)"}, "blog.error.bad_cover", "cover_url"),
]:
    refusal(Invalid, _message_key, _field, name=_name)(_blog_post(**_values))
refusal(Forbidden, "blog.error.not_author", name="blog_post_by_a_student")(_blog_post("student"))


def _two_posts(session):
    teacher = make_user(session, role="teacher")
    first = blog.create_post(session=session, actor_id=teacher.id, title="Notes")
    second = blog.create_post(session=session, actor_id=teacher.id, title="More notes")
    return teacher, first, second


@refusal(NotFound, "blog.error.not_found")
def blog_post_that_does_not_exist(session):
    _teacher, first, _second = _two_posts(session)
    return partial(
        blog.update_post,
        session=session,
        actor_id=first.author_id,
        post_id=UNKNOWN_ID,
        changes={"title": "x"},
    )


@refusal(Forbidden, "error.forbidden")
def blog_post_of_another_teacher(session):
    _teacher, first, _second = _two_posts(session)
    other = make_user(session, role="teacher")
    changes = {"title": "Hijacked"}
    return partial(
        blog.update_post, session=session, actor_id=other.id, post_id=first.id, changes=changes
    )


@refusal(Conflict, "blog.error.slug_taken", "slug")
def blog_slug_taken(session):
    teacher, first, second = _two_posts(session)
    changes = {"slug": first.slug}
    return partial(
        blog.update_post, session=session, actor_id=teacher.id, post_id=second.id, changes=changes
    )


def _feedback(**values: Any):
    def arrange(session):
        learner, course = _enrolled_with_teacher(session)
        return partial(
            feedback.submit_feedback,
            session=session,
            user_id=learner.id,
            course_id=course.id,
            **values,
        )

    return arrange


refusal(Invalid, "feedback.rating_range", "rating", name="feedback_rating")(_feedback(rating=6))
refusal(Invalid, "feedback.too_long", "improve", name="feedback_too_long")(
    _feedback(rating=4, improve="x" * (feedback.MAX_IMPROVE_LENGTH + 1))
)


@refusal(NotFound, "feedback.no_course")
def feedback_of_an_unknown_course(session):
    teacher = make_user(session, role="teacher")
    return partial(
        feedback.course_feedback, session=session, user_id=teacher.id, course_id=UNKNOWN_ID
    )


# --- certificates -----------------------------------------------------------------------------


def _request_certificate(*, status: str = "completed", kind: str = "course"):
    def arrange(session):
        done = completed_enrollment(session)
        done.enrollment.status, done.course.kind = status, kind
        session.flush()
        return partial(
            certificates.request_certificate, session=session, enrollment_id=done.enrollment.id
        )

    return arrange


@refusal(NotFound, "certificates.not_found")
def certificate_of_an_unknown_enrolment(session):
    return partial(certificates.request_certificate, session=session, enrollment_id=UNKNOWN_ID)


refusal(Conflict, "certificates.not_completed", name="certificate_not_completed")(
    _request_certificate(status="active")
)
refusal(Conflict, "materials.error.no_certificate", name="certificate_of_a_material")(
    _request_certificate(kind="material")
)


def _certificate(session, *, revoked: bool):
    done = completed_enrollment(session)
    pending = certificates.request_certificate(session=session, enrollment_id=done.enrollment.id)
    revoke = partial(
        certificates.revoke,
        session=session,
        actor_id=make_user(session, role="admin").id,
        serial=pending.serial,
    )
    if revoked:
        revoke(reason="fraud")
    return done, pending, revoke


@refusal(Invalid, "certificates.reason_required", "reason")
def revoking_without_a_reason(session):
    _done, _pending, revoke = _certificate(session, revoked=False)
    return partial(revoke, reason="  ")


def _download(*, revoked: bool):
    def arrange(session):
        done, pending, _revoke = _certificate(session, revoked=revoked)
        return partial(
            certificates.pdf_for_download,
            session=session,
            serial=pending.serial,
            user_id=done.learner.id,
        )

    return arrange


refusal(Conflict, "certificates.pending_download", name="downloading_a_pending_certificate")(
    _download(revoked=False)
)
refusal(Conflict, "certificates.revoked_download", name="downloading_a_revoked_certificate")(
    _download(revoked=True)
)
