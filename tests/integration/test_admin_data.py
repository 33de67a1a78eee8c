"""Admin data services: courses, orders, enrolments and reviews lists and their actions;
every one refuses non-admins and keeps the counters right."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from edu_platform.audit import acting_as
from edu_platform.models import (
    AuditLog,
    Course,
    Enrollment,
    Lesson,
    Module,
    Payment,
    Refund,
    Review,
)
from edu_platform.services import (
    admin_courses,
    admin_orders,
    enrollment_admin,
    orders,
    payments,
    refunds,
    reviews,
    reviews_admin,
)
from edu_platform.services.enrollment import enroll_free, has_access
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from tests.support.cards import GOOD_CARD
from tests.support.factories import make_course, make_user


def _fresh(session, model, row_id):
    session.expire_all()
    return session.get(model, row_id)


def _paid_order(session, user, course, key="k1"):
    view, _ = orders.create_order(
        session=session, user_id=user.id, course_ids=[course.id], idempotency_key=key
    )
    payments.pay(session=session, user_id=user.id, order_id=view.id, **GOOD_CARD)
    return view


# --- courses --------------------------------------------------------------------------


def test_course_list_searches_filters_and_sorts_for_an_admin(session):
    admin = make_user(session, role="admin")
    teacher = make_user(session, role="teacher", name="Zelda Unique-Teacher")
    draft = make_course(session, title="Zymurgy draft", teacher=teacher, published=False)
    live = make_course(session, title="Zymurgy live", teacher=teacher, price="10.00")
    live.enrollment_count = 7
    session.add(live)
    session.flush()

    by_teacher = admin_courses.list_courses(
        session=session, actor_id=admin.id, q="unique-teacher", sort="learners"
    )
    drafts = admin_courses.list_courses(
        session=session, actor_id=admin.id, q="zymurgy", status="draft"
    )
    by_id = admin_courses.list_courses(session=session, actor_id=admin.id, q=f"#{live.id}")

    assert [row.id for row in by_teacher.items] == [live.id, draft.id]
    assert by_teacher.items[0].teacher_email == teacher.email
    assert (by_teacher.items[0].enrollment_count, by_teacher.items[0].price) == (
        7,
        Decimal("10.00"),
    )
    assert [row.id for row in drafts.items] == [draft.id] and drafts.total == 1
    assert [row.id for row in by_id.items] == [live.id]


def test_course_list_treats_percent_and_underscore_literally(session):
    admin = make_user(session, role="admin")
    make_course(session, title="Plain title")
    odd = make_course(session, title="Rate 100% sure")

    found = admin_courses.list_courses(session=session, actor_id=admin.id, q="100%")

    assert [row.id for row in found.items] == [odd.id]


@pytest.mark.parametrize("role", ["student", "teacher"])
def test_course_list_and_publishing_refuse_non_admins(session, role):
    actor = make_user(session, role=role)
    course = make_course(session, teacher=actor if role == "teacher" else None)

    with pytest.raises(Forbidden):
        admin_courses.list_courses(session=session, actor_id=actor.id)
    with pytest.raises(Forbidden):
        admin_courses.set_published(
            session=session, actor_id=actor.id, course_id=course.id, published=False
        )
    assert _fresh(session, Course, course.id).is_published is True


def test_admin_unpublishes_and_republishes_a_course_with_lessons(session):
    admin = make_user(session, role="admin")
    course = make_course(session)
    module = Module(course_id=course.id, title="M", position=1)
    session.add(module)
    session.flush()
    session.add(Lesson(module_id=module.id, course_id=course.id, title="L", position=1))
    session.flush()

    hidden = admin_courses.set_published(
        session=session, actor_id=admin.id, course_id=course.id, published=False
    )
    shown = admin_courses.set_published(
        session=session, actor_id=admin.id, course_id=course.id, published=True
    )

    assert (hidden.is_published, shown.is_published) == (False, True)
    assert _fresh(session, Course, course.id).published_at is not None


def test_publishing_an_empty_course_is_refused_with_the_authoring_rule(session):
    admin = make_user(session, role="admin")
    course = make_course(session, published=False)

    with pytest.raises(Invalid) as error:
        admin_courses.set_published(
            session=session, actor_id=admin.id, course_id=course.id, published=True
        )

    assert error.value.field == "is_published"
    assert _fresh(session, Course, course.id).is_published is False


# --- orders ---------------------------------------------------------------------------


def test_order_list_filters_by_status_and_buyer_email(session):
    admin = make_user(session, role="admin")
    buyer, other = make_user(session), make_user(session)
    course = make_course(session)
    paid = _paid_order(session, buyer, course)
    orders.create_order(
        session=session, user_id=other.id, course_ids=[course.id], idempotency_key="k2"
    )

    by_email = admin_orders.list_orders(
        session=session, actor_id=admin.id, email=buyer.email[:12].upper()
    )
    paid_only = admin_orders.list_orders(session=session, actor_id=admin.id, status="paid")

    assert [row.id for row in by_email.items] == [paid.id]
    assert by_email.items[0].email == buyer.email and by_email.items[0].items_count == 1
    assert paid.id in [row.id for row in paid_only.items]
    assert {row.status for row in paid_only.items} == {"paid"}


def test_order_detail_shows_items_payments_and_refunds(session):
    admin = make_user(session, role="admin")
    buyer = make_user(session)
    course = make_course(session, price="990.00", title="Detail course")
    order = _paid_order(session, buyer, course)
    with acting_as(admin.id):
        refunds.refund_order(session=session, actor_id=admin.id, order_id=order.id, reason="asked")

    detail = admin_orders.order_detail(session=session, actor_id=admin.id, order_id=order.id)

    assert [item.title for item in detail.order.items] == ["Detail course"]
    assert detail.email == buyer.email and detail.order.status == "refunded"
    assert [(p.status, p.amount) for p in detail.payments] == [("refunded", Decimal("990.00"))]
    assert [(r.amount, r.reason, r.created_by_name) for r in detail.refunds] == [
        (Decimal("990.00"), "asked", admin.full_name)
    ]
    audit = session.scalars(
        select(AuditLog).where(
            AuditLog.table_name == "order",
            AuditLog.row_id == order.id,
            AuditLog.actor_id == admin.id,
        )
    ).all()
    assert any((entry.new or {}).get("status") == "refunded" for entry in audit)


def test_order_list_and_detail_refuse_non_admins(session):
    buyer = make_user(session)
    order = _paid_order(session, buyer, make_course(session))

    with pytest.raises(Forbidden):
        admin_orders.list_orders(session=session, actor_id=buyer.id)
    with pytest.raises(Forbidden):
        admin_orders.order_detail(session=session, actor_id=buyer.id, order_id=order.id)


def test_unknown_order_detail_is_not_found(session):
    admin = make_user(session, role="admin")
    with pytest.raises(NotFound):
        admin_orders.order_detail(session=session, actor_id=admin.id, order_id=987654)


def test_refund_through_the_admin_path_ends_access(session):
    admin = make_user(session, role="admin")
    buyer = make_user(session)
    course = make_course(session)
    order = _paid_order(session, buyer, course)
    assert has_access(session=session, user_id=buyer.id, course_id=course.id)

    with acting_as(admin.id):
        refunds.refund_order(session=session, actor_id=admin.id, order_id=order.id)

    assert not has_access(session=session, user_id=buyer.id, course_id=course.id)
    assert _fresh(session, Course, course.id).enrollment_count == 0
    assert session.scalar(select(Refund.created_by).where(Refund.order_id == order.id)) == (
        admin.id
    )
    assert session.scalar(select(Payment.status).where(Payment.order_id == order.id)) == (
        "refunded"
    )


# --- enrolments -----------------------------------------------------------------------


def test_admin_enrols_a_user_by_email_with_source_admin_and_counts_once(session):
    admin = make_user(session, role="admin")
    learner = make_user(session)
    course = make_course(session, price="4990.00")

    row = enrollment_admin.enroll_by_email(
        session=session,
        actor_id=admin.id,
        email=f"  {learner.email.upper()} ",
        course_ref=course.slug,
    )

    assert (row.user_id, row.course_id, row.status, row.source) == (
        learner.id,
        course.id,
        "active",
        "admin",
    )
    assert _fresh(session, Course, course.id).enrollment_count == 1
    with pytest.raises(Conflict):
        enrollment_admin.enroll_by_email(
            session=session, actor_id=admin.id, email=learner.email, course_ref=str(course.id)
        )
    assert _fresh(session, Course, course.id).enrollment_count == 1


def test_enrolling_names_the_unknown_email_or_course(session):
    admin = make_user(session, role="admin")
    learner = make_user(session)
    course = make_course(session)

    with pytest.raises(NotFound) as no_user:
        enrollment_admin.enroll_by_email(
            session=session, actor_id=admin.id, email="nobody@example.com", course_ref=course.slug
        )
    with pytest.raises(NotFound) as no_course:
        enrollment_admin.enroll_by_email(
            session=session, actor_id=admin.id, email=learner.email, course_ref="no-such-course"
        )

    assert (no_user.value.field, no_course.value.field) == ("email", "course")


def test_expel_cancels_ends_access_and_moves_the_counter_then_reenrol_restores(session):
    admin = make_user(session, role="admin")
    learner, other = make_user(session), make_user(session)
    course = make_course(session, price="0")
    enrollment = enroll_free(session=session, user_id=learner.id, course_id=course.id)
    enroll_free(session=session, user_id=other.id, course_id=course.id)
    assert _fresh(session, Course, course.id).enrollment_count == 2

    row = enrollment_admin.expel(session=session, actor_id=admin.id, enrollment_id=enrollment.id)

    assert row.status == "cancelled"
    assert _fresh(session, Enrollment, enrollment.id).status == "cancelled"
    assert not has_access(session=session, user_id=learner.id, course_id=course.id)
    assert _fresh(session, Course, course.id).enrollment_count == 1
    with pytest.raises(Conflict):
        enrollment_admin.expel(session=session, actor_id=admin.id, enrollment_id=enrollment.id)
    assert _fresh(session, Course, course.id).enrollment_count == 1

    again = enrollment_admin.enroll_by_email(
        session=session, actor_id=admin.id, email=learner.email, course_ref=course.slug
    )
    assert (again.id, again.status, again.source) == (enrollment.id, "active", "admin")
    assert _fresh(session, Course, course.id).enrollment_count == 2


def test_enrolment_search_filters_by_course_user_and_status(session):
    admin = make_user(session, role="admin")
    alice = make_user(session, name="Alice Searchable")
    bob = make_user(session, name="Bob Other")
    first = make_course(session, price="0", title="Quokka basics")
    second = make_course(session, price="0", title="Wombat advanced")
    for user in (alice, bob):
        for course in (first, second):
            enroll_free(session=session, user_id=user.id, course_id=course.id)
    ended = enrollment_admin.search_enrollments(
        session=session, actor_id=admin.id, user="searchable", course="wombat"
    )
    enrollment_admin.expel(session=session, actor_id=admin.id, enrollment_id=ended.items[0].id)

    by_course_id = enrollment_admin.search_enrollments(
        session=session, actor_id=admin.id, course=str(first.id), sort="learner"
    )
    active_in_second = enrollment_admin.search_enrollments(
        session=session, actor_id=admin.id, course="wombat", status="active"
    )
    alice_cancelled = enrollment_admin.search_enrollments(
        session=session, actor_id=admin.id, user="ALICE", status="cancelled"
    )

    assert sorted(row.email for row in by_course_id.items) == sorted([alice.email, bob.email])
    assert {row.course_title for row in by_course_id.items} == {"Quokka basics"}
    assert [row.email for row in active_in_second.items] == [bob.email]
    assert [(row.course_title, row.status) for row in alice_cancelled.items] == [
        ("Wombat advanced", "cancelled")
    ]


def test_enrolment_services_refuse_non_admins(session):
    teacher = make_user(session, role="teacher")
    learner = make_user(session)
    course = make_course(session, price="0", teacher=teacher)
    enrollment = enroll_free(session=session, user_id=learner.id, course_id=course.id)

    with pytest.raises(Forbidden):
        enrollment_admin.search_enrollments(session=session, actor_id=teacher.id)
    with pytest.raises(Forbidden):
        enrollment_admin.enroll_by_email(
            session=session, actor_id=teacher.id, email=teacher.email, course_ref=course.slug
        )
    with pytest.raises(Forbidden):
        enrollment_admin.expel(session=session, actor_id=learner.id, enrollment_id=enrollment.id)
    assert _fresh(session, Enrollment, enrollment.id).status == "active"
    assert _fresh(session, Course, course.id).enrollment_count == 1


# --- reviews --------------------------------------------------------------------------


def _reviewed_course(session):
    course = make_course(session, price="0", title="Reviewed course")
    ratings = {}
    for rating in (5, 4, 1):
        user = make_user(session)
        enroll_free(session=session, user_id=user.id, course_id=course.id)
        view = reviews.upsert_review(
            session=session,
            user_id=user.id,
            course_id=course.id,
            rating=rating,
            comment=f"rated {rating}",
        )
        ratings[rating] = view.id
    return course, ratings


def _rating(session, course_id):
    course = _fresh(session, Course, course_id)
    return course.rating_avg, course.rating_count


def test_hiding_a_review_recomputes_the_course_rating_and_unhiding_restores_it(session):
    admin = make_user(session, role="admin")
    course, ids = _reviewed_course(session)
    assert _rating(session, course.id) == (Decimal("3.33"), 3)

    row = reviews_admin.set_hidden(
        session=session, actor_id=admin.id, review_id=ids[1], hidden=True
    )
    assert row.is_hidden is True
    assert _rating(session, course.id) == (Decimal("4.50"), 2)

    reviews_admin.set_hidden(session=session, actor_id=admin.id, review_id=ids[1], hidden=False)
    assert _rating(session, course.id) == (Decimal("3.33"), 3)


def test_review_list_filters_by_course_rating_and_visibility(session):
    admin = make_user(session, role="admin")
    course, ids = _reviewed_course(session)
    make_course(session, title="Unrelated")
    reviews_admin.set_hidden(session=session, actor_id=admin.id, review_id=ids[1], hidden=True)

    hidden = reviews_admin.list_reviews(
        session=session, actor_id=admin.id, course=str(course.id), visibility="hidden"
    )
    fives = reviews_admin.list_reviews(
        session=session, actor_id=admin.id, course="reviewed", rating=5
    )
    visible = reviews_admin.list_reviews(
        session=session,
        actor_id=admin.id,
        course=course.slug,
        visibility="visible",
        sort="rating_asc",
    )
    by_text = reviews_admin.list_reviews(session=session, actor_id=admin.id, q="RATED 4")

    assert [row.id for row in hidden.items] == [ids[1]]
    assert [(row.rating, row.course_title) for row in fives.items] == [(5, "Reviewed course")]
    assert [row.rating for row in visible.items] == [4, 5]
    assert [row.id for row in by_text.items] == [ids[4]]


def test_review_moderation_refuses_non_admins(session):
    course, ids = _reviewed_course(session)
    teacher = session.get(Course, course.id).teacher_id

    with pytest.raises(Forbidden):
        reviews_admin.list_reviews(session=session, actor_id=teacher)
    with pytest.raises(Forbidden):
        reviews_admin.set_hidden(session=session, actor_id=teacher, review_id=ids[1], hidden=True)
    assert _fresh(session, Review, ids[1]).is_hidden is False
    assert _rating(session, course.id) == (Decimal("3.33"), 3)


def test_hiding_an_unknown_review_is_not_found(session):
    admin = make_user(session, role="admin")
    with pytest.raises(NotFound):
        reviews_admin.set_hidden(session=session, actor_id=admin.id, review_id=424242, hidden=True)
