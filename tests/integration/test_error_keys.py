"""User-facing errors of the cart, orders, payments, refunds, reviews and quizzes: each
refusal raises its own message key (the text the learner reads), on both databases.

tests/unit/project/test_error_keys_named.py fails when an error key is named by no test.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

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
from tests.integration.test_quizzes import T0, build_world, start, submit
from tests.support.cards import VALID_EXP, card_expiry
from tests.support.certificate_data import completed_enrollment
from tests.support.factories import make_course, make_user, register_user, unique_email

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


# --- coupon management ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "message_key", "field"),
    [
        ({"code": "TWO WORDS"}, "coupons.error.code", "code"),
        ({"code": "X" * 65}, "coupons.error.code", "code"),
        ({"kind": "gift"}, "coupons.error.kind", "kind"),
        ({"value": "0"}, "coupons.error.value", "value"),
        ({"value": "lots"}, "coupons.error.value", "value"),
        ({"valid_until": datetime(2030, 1, 1)}, "coupons.error.expires_at", "expires_at"),
        ({"usage_limit": -1}, "coupons.error.max_uses", "max_uses"),
        ({"kind": "percent", "value": "101"}, "coupons.error.percent", "value"),
        ({"course_id": 987654}, "coupons.error.course_not_found", "course_id"),
    ],
)
def test_a_bad_coupon_is_refused_naming_the_field(session, values, message_key, field):
    admin = make_user(session, role="admin")
    coupon = {"code": "GOOD10", "kind": "fixed", "value": "10"} | values
    with pytest.raises(DomainError) as caught:
        coupon_admin.create_coupon(session=session, actor_id=admin.id, **coupon)
    assert (caught.value.message_key, caught.value.field) == (message_key, field)


def test_coupon_management_refusals_by_who_asks(session):
    admin, student = make_user(session, role="admin"), make_user(session)
    teacher, other = make_user(session, role="teacher"), make_user(session, role="teacher")
    course = make_course(session, teacher=teacher)
    made = {"kind": "fixed", "value": "10"}
    refused(
        Forbidden,
        "coupons.error.forbidden",
        coupon_admin.create_coupon,
        session=session,
        actor_id=student.id,
        code="MINE",
        **made,
    )
    refused(
        Forbidden,
        "coupons.error.site_wide",
        coupon_admin.create_coupon,
        session=session,
        actor_id=teacher.id,
        code="ALLOFIT",
        **made,
    )
    own = coupon_admin.create_coupon(
        session=session, actor_id=teacher.id, code="OWN10", course_id=course.id, **made
    )
    refused(
        Conflict,
        "coupons.error.code_taken",
        coupon_admin.create_coupon,
        session=session,
        actor_id=admin.id,
        code="own10",
        **made,
    )
    refused(
        NotFound,
        "coupons.error.not_found",
        coupon_admin.update_coupon,
        session=session,
        actor_id=other.id,
        coupon_id=own.id,
        changes={"value": "5"},
    )


# --- accounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "name", "message_key", "field"),
    [
        (
            "p" * (accounts.MAX_PASSWORD_LENGTH + 1),
            "Long Pass",
            "accounts.password_long",
            "password",
        ),
        ("correct-horse-battery", "N" * 201, "accounts.name_long", "full_name"),
    ],
    ids=["password", "name"],
)
def test_registration_refuses_overlong_values(session, password, name, message_key, field):
    error = refused(
        Invalid,
        message_key,
        accounts.register,
        session=session,
        email=unique_email("long"),
        password=password,
        full_name=name,
    )
    assert error.field == field


def test_changing_the_password_needs_the_current_one(session):
    user = register_user(session)
    error = refused(
        Invalid,
        "accounts.current_password_wrong",
        accounts.change_password,
        session=session,
        user_id=user.id,
        current_password="not-the-password",
        new_password="brand-new-password-9",
    )
    assert error.field == "current_password"


def test_a_sign_in_ticket_works_once_and_a_forged_one_never(session):
    user = register_user(session)
    ticket = sessions.create_ticket(session=session, user_id=user.id, user_agent="pytest")
    assert sessions.redeem_ticket(session=session, ticket=ticket)
    for used_or_forged in (ticket, "forged-ticket"):
        error = refused(
            Invalid,
            "accounts.ticket_invalid",
            sessions.redeem_ticket,
            session=session,
            ticket=used_or_forged,
        )
        assert error.field == "ticket"


# --- admin enrolments and webhooks ------------------------------------------------------


def test_enrolling_by_hand_refuses_missing_unknown_and_repeated_values(session):
    admin, learner = make_user(session, role="admin"), make_user(session)
    course = make_course(session)
    enrol = {"session": session, "actor_id": admin.id}
    cases = [
        ("", str(course.id), Invalid, "admin_data.enrol.email_required", "email"),
        ("nobody@example.org", str(course.id), NotFound, "admin_data.enrol.user_unknown", "email"),
        (learner.email, " ", Invalid, "admin_data.enrol.course_required", "course"),
        (learner.email, "no-such-course", NotFound, "admin_data.enrol.course_unknown", "course"),
    ]
    for email, course_ref, error, message_key, field in cases:
        raised = refused(
            error,
            message_key,
            enrollment_admin.enroll_by_email,
            email=email,
            course_ref=course_ref,
            **enrol,
        )
        assert raised.field == field
    row = enrollment_admin.enroll_by_email(email=learner.email, course_ref=f"#{course.id}", **enrol)
    refused(
        Conflict,
        "admin_data.enrol.already",
        enrollment_admin.enroll_by_email,
        email=learner.email,
        course_ref=course.slug,
        **enrol,
    )
    enrollment_admin.expel(enrollment_id=row.id, **enrol)
    refused(
        Conflict,
        "admin_data.enrollments.already_ended",
        enrollment_admin.expel,
        enrollment_id=row.id,
        **enrol,
    )
    refused(
        NotFound,
        "admin_data.enrollments.not_found",
        enrollment_admin.expel,
        enrollment_id=987654,
        **enrol,
    )


@pytest.mark.parametrize(
    "url",
    ["", "ftp://example.org/hook", "https://" + "a" * 2100 + ".org", "https://example.org:99999/"],
    ids=["empty", "ftp", "too-long", "bad-port"],
)
def test_a_bad_webhook_url_is_refused(url):
    with pytest.raises(Invalid) as caught:
        webhooks.check_url(url)
    assert (caught.value.message_key, caught.value.field) == ("webhooks.error.url", "url")


def test_a_webhook_to_a_private_address_is_refused_in_production(monkeypatch):
    monkeypatch.setattr(settings, "environment", "production")
    monkeypatch.setattr(settings, "webhook_allow_private", False)
    with pytest.raises(Invalid) as caught:
        webhooks.check_url("http://127.0.0.1:8080/hook")
    assert (caught.value.message_key, caught.value.field) == ("webhooks.error.private_url", "url")


@pytest.mark.parametrize("kinds", [[], ["order.stolen"]], ids=["none", "unknown"])
def test_webhook_events_must_be_known_and_at_least_one(kinds):
    with pytest.raises(Invalid) as caught:
        webhooks.check_events(kinds)
    assert (caught.value.message_key, caught.value.field) == ("webhooks.error.events", "events")


# --- live sessions and messages ---------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "minutes", "link", "message_key", "field"),
    [
        ("  ", 60, "", "teaching.title_required", "title"),
        ("Q&A", 0, "", "teaching.ends_before_start", "ends_at"),
        ("Q&A", 60, "zoom.example.org/123", "teaching.bad_link", "meeting_url"),
    ],
    ids=["no-title", "ends-at-start", "link-without-scheme"],
)
def test_a_bad_live_session_is_refused(session, title, minutes, link, message_key, field):
    teacher = make_user(session, role="teacher")
    course = make_course(session, teacher=teacher)
    error = refused(
        Invalid,
        message_key,
        attendance.create_session,
        session=session,
        actor_id=teacher.id,
        course_id=course.id,
        title=title,
        starts_at=T0,
        ends_at=T0 + timedelta(minutes=minutes),
        meeting_url=link,
    )
    assert error.field == field


def test_check_in_refuses_an_unknown_code_a_closed_window_and_a_deleted_session(session):
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
    check = {"session": session, "user_id": learner.id}
    refused(NotFound, "teaching.checkin_unknown", attendance.check_in, token="nope", **check)
    refused(
        Conflict,
        "teaching.checkin_closed",
        attendance.check_in,
        token=live.checkin_token,
        now=T0 + timedelta(days=2),
        **check,
    )
    attendance.delete_session(session=session, actor_id=teacher.id, session_id=live.id)
    session.flush()
    refused(
        NotFound,
        "teaching.session_not_found",
        attendance.delete_session,
        session=session,
        actor_id=teacher.id,
        session_id=live.id,
    )


def test_messages_refuse_strangers_unknown_courses_and_empty_bodies(session):
    teacher, learner, stranger = (
        make_user(session, role="teacher"),
        make_user(session),
        make_user(session),
    )
    course = make_course(session, teacher=teacher, price="0")
    enroll_free(session=session, user_id=learner.id, course_id=course.id)
    error = refused(
        Forbidden,
        "inbox.denied",
        messaging.open_conversation,
        session=session,
        user_id=stranger.id,
        other_id=learner.id,
    )
    assert error.field == "user_id"
    refused(
        NotFound,
        "inbox.not_found",
        messaging.open_with_teacher,
        session=session,
        user_id=learner.id,
        course_slug="no-such-course",
    )
    conversation_id = messaging.open_with_teacher(
        session=session, user_id=learner.id, course_slug=course.slug
    )
    for body in ("   ", "x" * (messaging.MAX_BODY + 1)):
        refused(
            Invalid,
            "inbox.body_length",
            messaging.send_message,
            session=session,
            user_id=learner.id,
            conversation_id=conversation_id,
            body=body,
        )


# --- blog and feedback -------------------------------------------------------------------


def test_blog_posts_refuse_bad_tags_covers_strangers_and_taken_slugs(session):
    teacher, other = make_user(session, role="teacher"), make_user(session, role="teacher")
    student = make_user(session)
    write = {"session": session, "actor_id": teacher.id, "title": "Notes"}
    too_many = [f"tag{n}" for n in range(blog.MAX_TAGS + 1)]
    for values, key, field in [
        ({"tags": ["two words!"]}, "blog.error.bad_tag", "tags"),
        ({"tags": too_many}, "blog.error.too_many_tags", "tags"),
        ({"cover_url": "javascript:alert(1)"}, "blog.error.bad_cover", "cover_url"),
    ]:
        assert refused(Invalid, key, blog.create_post, **write, **values).field == field
    refused(
        Forbidden,
        "blog.error.not_author",
        blog.create_post,
        session=session,
        actor_id=student.id,
        title="Mine",
    )
    first = blog.create_post(**write)
    second = blog.create_post(**(write | {"title": "More notes"}))
    refused(
        NotFound,
        "blog.error.not_found",
        blog.update_post,
        session=session,
        actor_id=other.id,
        post_id=first.id,
        changes={"title": "Hijacked"},
    )
    error = refused(
        Conflict,
        "blog.error.slug_taken",
        blog.update_post,
        session=session,
        actor_id=teacher.id,
        post_id=second.id,
        changes={"slug": first.slug},
    )
    assert error.field == "slug"


def test_feedback_refuses_bad_ratings_long_texts_and_unknown_courses(session):
    teacher = make_user(session, role="teacher")
    course = make_course(session, teacher=teacher, price="0")
    learner = make_user(session)
    submit = {"session": session, "user_id": learner.id, "course_id": course.id}
    rating_error = refused(
        Invalid, "feedback.rating_range", feedback.submit_feedback, **submit, rating=6
    )
    assert rating_error.field == "rating"
    long_text = "x" * (feedback.MAX_IMPROVE_LENGTH + 1)
    text_error = refused(
        Invalid,
        "feedback.too_long",
        feedback.submit_feedback,
        **submit,
        rating=4,
        improve=long_text,
    )
    assert text_error.field == "improve"
    refused(
        NotFound,
        "feedback.no_course",
        feedback.course_feedback,
        session=session,
        user_id=teacher.id,
        course_id=987654,
    )


# --- certificates -----------------------------------------------------------------------------


def test_certificate_refusals(session):
    done = completed_enrollment(session)
    admin = make_user(session, role="admin")
    refused(
        NotFound,
        "certificates.not_found",
        certificates.request_certificate,
        session=session,
        enrollment_id=987654,
    )
    done.enrollment.status = "active"
    session.flush()
    refused(
        Conflict,
        "certificates.not_completed",
        certificates.request_certificate,
        session=session,
        enrollment_id=done.enrollment.id,
    )
    done.enrollment.status = "completed"
    done.course.kind = "material"
    session.flush()
    refused(
        Conflict,
        "materials.error.no_certificate",
        certificates.request_certificate,
        session=session,
        enrollment_id=done.enrollment.id,
    )
    done.course.kind = "course"
    session.flush()
    pending = certificates.request_certificate(session=session, enrollment_id=done.enrollment.id)
    download = {"session": session, "serial": pending.serial, "user_id": done.learner.id}
    refused(Conflict, "certificates.pending_download", certificates.pdf_for_download, **download)
    error = refused(
        Invalid,
        "certificates.reason_required",
        certificates.revoke,
        session=session,
        actor_id=admin.id,
        serial=pending.serial,
        reason="  ",
    )
    assert error.field == "reason"
    certificates.revoke(session=session, actor_id=admin.id, serial=pending.serial, reason="fraud")
    refused(Conflict, "certificates.revoked_download", certificates.pdf_for_download, **download)
