"""Enrolments (services/enrollment.py) edges the commerce tests left open: who may read
one enrolment, what the listings show and refuse, how access is granted again after it
ended, and the course counter that never goes below zero. Written to kill the mutants
`make mutation` found alive in enrollment.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from edu_platform.models import Course, Enrollment
from edu_platform.services import enrollment
from edu_platform.services.errors import Forbidden, NotFound, PaymentRequired
from tests.support.factories import make_course, make_user

T0 = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)


def _count(session: Session, course: Course) -> int:
    session.expire_all()
    return session.get(Course, course.id).enrollment_count


# --- one enrolment ------------------------------------------------------------------------


@pytest.fixture
def enrolled(session: Session):
    teacher = make_user(session, role="teacher")
    course = make_course(session, teacher=teacher, price="0")
    learner = make_user(session)
    row = enrollment.enroll_free(session=session, user_id=learner.id, course_id=course.id)
    return teacher, course, learner, row


def test_an_enrolment_is_shown_to_its_learner_the_teacher_and_admins(session, enrolled):
    teacher, course, learner, row = enrolled
    admin = make_user(session, role="admin")
    for actor in (learner, teacher, admin):
        view = enrollment.get_enrollment(session=session, actor_id=actor.id, enrollment_id=row.id)
        assert view == enrollment.EnrollmentView(
            id=row.id,
            course_id=course.id,
            user_id=learner.id,
            status="active",
            progress_percent=0,
            enrolled_at=row.enrolled_at,
            completed_at=None,
        )


def test_an_enrolment_is_not_found_for_anyone_else(session, enrolled):
    _, _, _, row = enrolled
    other_teacher = make_user(session, role="teacher")
    stranger = make_user(session)
    for actor in (other_teacher, stranger):
        with pytest.raises(NotFound) as missing:
            enrollment.get_enrollment(session=session, actor_id=actor.id, enrollment_id=row.id)
        assert missing.value.detail == "enrolment not found"
    admin = make_user(session, role="admin")
    with pytest.raises(NotFound):
        enrollment.get_enrollment(session=session, actor_id=admin.id, enrollment_id=999_999)


def test_an_enrolment_needs_an_active_signed_in_actor(session, enrolled):
    row = enrolled[3]
    blocked = make_user(session, role="admin", is_active=False)
    for actor_id in (None, 999_999, blocked.id):
        with pytest.raises(Forbidden) as refused:
            enrollment.get_enrollment(session=session, actor_id=actor_id, enrollment_id=row.id)
        assert refused.value.detail == "account is not active"


# --- listings -----------------------------------------------------------------------------


def test_a_learner_lists_own_enrolments_newest_first_and_may_filter_by_course(session):
    """The row created first is the one enrolled last (an import may backdate): the order
    follows enrolled_at, not ids."""
    learner, other = make_user(session), make_user(session)
    first, second = make_course(session, price="0"), make_course(session, price="0")
    later = enrollment.enroll_free(session=session, user_id=learner.id, course_id=first.id)
    earlier = enrollment.enroll_free(session=session, user_id=learner.id, course_id=second.id)
    enrollment.enroll_free(session=session, user_id=other.id, course_id=first.id)
    later.enrolled_at, earlier.enrolled_at = T0 + timedelta(days=1), T0
    later.status, later.progress_percent, later.completed_at = "completed", 100, T0
    session.add_all([later, earlier])
    session.flush()

    own = enrollment.list_enrollments(session=session, actor_id=learner.id)
    assert [(e.id, e.course_id, e.user_id) for e in own.items] == [
        (later.id, first.id, learner.id),
        (earlier.id, second.id, learner.id),
    ]
    assert (own.items[0].status, own.items[0].progress_percent) == ("completed", 100)
    assert _aware(own.items[0].completed_at) == T0
    assert own.total == 2
    mine = enrollment.list_enrollments(session=session, actor_id=learner.id, user_id=learner.id)
    assert [e.id for e in mine.items] == [later.id, earlier.id]
    one = enrollment.list_enrollments(session=session, actor_id=learner.id, course_id=second.id)
    assert [e.id for e in one.items] == [earlier.id]
    page = enrollment.list_enrollments(session=session, actor_id=learner.id, page=2, per_page=1)
    assert [e.id for e in page.items] == [earlier.id]


def _aware(value):
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


def test_a_page_of_enrolments_holds_twenty_by_default(session):
    learner = make_user(session)
    for _ in range(21):
        course = make_course(session, price="0")
        enrollment.enroll_free(session=session, user_id=learner.id, course_id=course.id)
    listed = enrollment.list_enrollments(session=session, actor_id=learner.id)
    assert (len(listed.items), listed.total) == (20, 21)


def test_equal_enrolment_times_list_the_later_row_first(session):
    learner = make_user(session)
    rows = [
        enrollment.enroll_free(
            session=session, user_id=learner.id, course_id=make_course(session, price="0").id
        )
        for _ in range(3)
    ]
    for row in rows:
        row.enrolled_at = T0
    session.add_all(rows)
    session.flush()
    listed = enrollment.list_enrollments(session=session, actor_id=learner.id)
    assert [e.id for e in listed.items] == sorted((row.id for row in rows), reverse=True)


def test_only_admins_list_other_users_and_everyone(session):
    learner, other = make_user(session), make_user(session)
    admin = make_user(session, role="admin")
    course = make_course(session, price="0")
    for user in (learner, other):
        enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id)
    with pytest.raises(Forbidden) as refused:
        enrollment.list_enrollments(session=session, actor_id=learner.id, user_id=other.id)
    assert (refused.value.field, refused.value.detail) == (
        "user_id",
        "only admins can list other users' enrolments",
    )
    everyone = enrollment.list_enrollments(session=session, actor_id=admin.id, course_id=course.id)
    assert {e.user_id for e in everyone.items} == {learner.id, other.id}
    theirs = enrollment.list_enrollments(session=session, actor_id=admin.id, user_id=other.id)
    assert [e.user_id for e in theirs.items] == [other.id]


def test_a_blocked_or_unknown_actor_lists_nothing(session):
    blocked = make_user(session, role="admin", is_active=False)
    for actor_id in (blocked.id, 999_999):
        with pytest.raises(Forbidden) as refused:
            enrollment.list_enrollments(session=session, actor_id=actor_id)
        assert refused.value.detail == "account is not active"


# --- access -------------------------------------------------------------------------------


def test_access_is_granted_again_with_the_new_source_and_order(session):
    user = make_user(session)
    course = make_course(session, price="100.00")
    row, started = enrollment.grant_access(
        session=session, user_id=user.id, course_id=course.id, source="admin"
    )
    assert started is True and (row.source, row.order_id, row.status) == ("admin", None, "active")
    assert _count(session, course) == 1
    assert enrollment.end_access(session=session, user_id=user.id, course_ids=[course.id]) == 1
    row = session.get(Enrollment, row.id)
    row.access_until = T0
    session.add(row)
    session.flush()
    assert _count(session, course) == 0
    assert not enrollment.has_access(session=session, user_id=user.id, course_id=course.id)

    again, started = enrollment.grant_access(
        session=session, user_id=user.id, course_id=course.id, source="free"
    )
    assert started is True and again.id == row.id
    session.expire_all()
    again = session.get(Enrollment, row.id)
    assert (again.status, again.source, again.order_id, again.access_until) == (
        "active",
        "free",
        None,
        None,
    )
    assert _count(session, course) == 1
    assert enrollment.has_access(session=session, user_id=user.id, course_id=course.id)


def test_granting_existing_access_starts_nothing(session):
    user = make_user(session)
    course = make_course(session, price="0")
    first = enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id)
    again, started = enrollment.grant_access(
        session=session, user_id=user.id, course_id=course.id, source="admin"
    )
    assert (again.id, started, again.source) == (first.id, False, "free")
    assert _count(session, course) == 1


def test_nobody_signed_in_has_access(session):
    course = make_course(session, price="0")
    assert enrollment.has_access(session=session, user_id=None, course_id=course.id) is False


def test_ending_access_counts_only_enrolments_that_had_it(session):
    user, other = make_user(session), make_user(session)
    kept, ended, theirs = (make_course(session, price="0") for _ in range(3))
    for course in (kept, ended, theirs):
        enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id)
    enrollment.enroll_free(session=session, user_id=other.id, course_id=theirs.id)
    assert enrollment.end_access(session=session, user_id=user.id, course_ids=[]) == 0
    assert enrollment.end_access(session=session, user_id=user.id, course_ids=[ended.id]) == 1
    assert enrollment.end_access(session=session, user_id=user.id, course_ids=[ended.id]) == 0
    assert (
        enrollment.end_access(session=session, user_id=user.id, course_ids=iter([theirs.id])) == 1
    )
    assert [_count(session, c) for c in (kept, ended, theirs)] == [1, 0, 1]
    assert enrollment.has_access(session=session, user_id=other.id, course_id=theirs.id)
    assert enrollment.owned_course_ids(
        session=session, user_id=user.id, course_ids=[kept.id, ended.id, theirs.id]
    ) == {kept.id}
    assert enrollment.owned_course_ids(session=session, user_id=user.id, course_ids=[]) == set()


def test_the_course_counter_never_goes_below_zero(session):
    course = make_course(session, price="0")
    enrollment.bump_enrollment_count(session, course.id, -1)
    assert _count(session, course) == 0
    enrollment.bump_enrollment_count(session, course.id, +2)
    enrollment.bump_enrollment_count(session, course.id, -2)
    assert _count(session, course) == 0
    enrollment.bump_enrollment_count(session, course.id, +1)
    enrollment.bump_enrollment_count(session, course.id, -2)
    assert _count(session, course) == 1


def test_a_loaded_course_reads_its_new_counter(session):
    course = make_course(session, price="0")
    user = make_user(session)
    assert course.enrollment_count == 0
    enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id)
    assert course.enrollment_count == 1  # the loaded object was expired, not left stale


def test_a_missing_or_unpublished_course_cannot_be_joined(session):
    user = make_user(session)
    draft = make_course(session, price="0", published=False)
    for course_id in (draft.id, 999_999):
        with pytest.raises(NotFound) as missing:
            enrollment.enroll_free(session=session, user_id=user.id, course_id=course_id)
        assert (missing.value.message_key, missing.value.field, missing.value.detail) == (
            "commerce.course_not_found",
            "course_id",
            f"course {course_id} does not exist",
        )


def test_a_paid_course_names_the_payment_it_needs(session):
    user = make_user(session)
    course = make_course(session, price="0.01")
    with pytest.raises(PaymentRequired) as refused:
        enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id)
    assert (refused.value.message_key, refused.value.field, refused.value.detail) == (
        "commerce.payment_required",
        "course_id",
        "this course is paid: buy it first",
    )
    enrollment.grant_access(session=session, user_id=user.id, course_id=course.id, source="order")
    assert enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id).source == (
        "order"
    )


def test_an_enrolment_made_between_the_lookup_and_the_insert_is_re_read(session, monkeypatch):
    """The race of two concurrent enrolments, replayed: the first lookup misses the row
    another transaction commits before this insert, and the unique constraint refuses it."""
    user = make_user(session)
    course = make_course(session, price="0")
    theirs = enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id)
    lookup = enrollment.find_enrollment
    calls: list[int] = []

    def late_lookup(**kwargs):
        calls.append(1)
        return None if len(calls) == 1 else lookup(**kwargs)

    monkeypatch.setattr(enrollment, "find_enrollment", late_lookup)
    row, started = enrollment.grant_access(
        session=session, user_id=user.id, course_id=course.id, source="admin"
    )
    assert (row.id, started, row.source) == (theirs.id, False, "free")
    assert _count(session, course) == 1


def _order(session: Session, user) -> int:
    from decimal import Decimal

    from edu_platform.models import Order

    order = Order(user_id=user.id, subtotal=Decimal("1"), discount=Decimal("0"), total=Decimal("1"))
    session.add(order)
    session.flush()
    return order.id


def test_an_order_is_linked_to_existing_access_once(session):
    """Access given without an order takes the first order that pays for it; an enrolment
    already linked to an order keeps that one."""
    user = make_user(session)
    course = make_course(session, price="0")
    enrollment.enroll_free(session=session, user_id=user.id, course_id=course.id)
    first, second = _order(session, user), _order(session, user)
    for order_id, expected in ((None, None), (first, first), (second, first), (None, first)):
        row, started = enrollment.grant_access(
            session=session, user_id=user.id, course_id=course.id, source="order", order_id=order_id
        )
        assert started is False
        session.flush()
        session.expire_all()
        assert session.get(Enrollment, row.id).order_id == expected
