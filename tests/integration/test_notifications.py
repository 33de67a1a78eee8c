"""Notifications are written by the services that make each change (same transaction) and
e-mailed according to each user's per-kind preferences; session reminders go out once per
session, learner and offset, even with two concurrent runs and a retried job."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.i18n import format_datetime
from edu_platform.models import (
    Enrollment,
    Notification,
    Outbox,
    SessionReminder,
    User,
    utcnow,
)
from edu_platform.services import (
    certificates,
    enrollment,
    messaging,
    notifications,
    orders,
    payments,
    reminders,
)
from edu_platform.services.errors import Forbidden, Invalid
from edu_platform.settings import settings
from tests.support.cards import DECLINED_CARD, GOOD_CARD
from tests.support.certificate_data import completed_enrollment
from tests.support.factories import make_course, make_course_session, make_user
from tests.support.threads import all_at_once


def _notes(session: Session, user: User) -> list[tuple[str, str]]:
    session.flush()
    rows = session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    )
    return [(row.kind, row.title) for row in rows]


def _mails(session: Session, user: User) -> list[str]:
    session.flush()
    return list(
        session.scalars(
            select(Outbox.subject)
            .where(Outbox.kind == "mail", Outbox.recipient == user.email)
            .order_by(Outbox.id)
        )
    )


def test_preferences_default_to_mail_for_certificates_reminders_and_announcements(session):
    user = make_user(session)
    assert notifications.email_preferences(session=session, user_id=user.id) == {
        "order_paid": False,
        "enrollment": False,
        "certificate_ready": True,
        "announcement": True,
        "session_reminder": True,
        "new_message": False,
    }
    chosen = notifications.set_email_preferences(
        session=session,
        user_id=user.id,
        preferences={"order_paid": True, "session_reminder": False},
    )
    assert (chosen["order_paid"], chosen["session_reminder"], chosen["enrollment"]) == (
        True,
        False,
        False,
    )
    with pytest.raises(Invalid) as error:
        notifications.set_email_preferences(
            session=session, user_id=user.id, preferences={"spam": True}
        )
    assert error.value.field == "preferences"


def test_a_free_enrolment_notifies_in_app_without_mail(session):
    student = make_user(session)
    course = make_course(session, price="0", title="Free course")
    enrollment.enroll_free(session=session, user_id=student.id, course_id=course.id)
    enrollment.enroll_free(session=session, user_id=student.id, course_id=course.id)  # a repeat
    assert _notes(session, student) == [("enrollment", "Вы записаны на курс «Free course»")]
    assert _mails(session, student) == []


def test_a_paid_order_notifies_and_mails_when_the_buyer_asked(session):
    student = make_user(session)
    student.locale = "en"
    notifications.set_email_preferences(
        session=session, user_id=student.id, preferences={"order_paid": True}
    )
    course = make_course(session, price="1500.00", title="Paid course")
    view, _ = orders.create_order(
        session=session, user_id=student.id, course_ids=[course.id], idempotency_key="n-1"
    )
    payments.pay(session=session, user_id=student.id, order_id=view.id, **DECLINED_CARD)
    assert _notes(session, student) == []  # declined: nothing happened
    payments.pay(session=session, user_id=student.id, order_id=view.id, **GOOD_CARD)
    assert _notes(session, student) == [
        ("enrollment", "You are enrolled in “Paid course”"),
        ("order_paid", f"Order #{view.id} is paid"),
    ]
    assert _mails(session, student) == [f"Order #{view.id} is paid"]
    body = session.scalar(select(Notification.body).where(Notification.kind == "order_paid"))
    assert body == "Total: RUB\u00a01,500.00. Courses: Paid course"


def test_a_list_shows_each_notification_in_the_readers_language_of_the_moment(session):
    """Written while the learner read English; listed after a switch to Russian (API: the
    profile's language; a page: its own), every text the platform wrote is Russian, with
    the money and the moment formatted the Russian way. A teacher's announcement stays
    as the teacher wrote it."""
    student = make_user(session)
    student.locale = "en"
    course = make_course(session, price="1500.00", title="Paid course")
    view, _ = orders.create_order(
        session=session, user_id=student.id, course_ids=[course.id], idempotency_key="n-2"
    )
    payments.pay(session=session, user_id=student.id, order_id=view.id, **GOOD_CARD)
    starts = utcnow().replace(microsecond=0) + timedelta(hours=1)
    notifications.session_reminder(
        session, user_id=student.id, course_id=course.id, title="Q&A", starts_at=starts, hours=1
    )
    notifications.notify(
        session, user_id=student.id, kind="announcement", title="Paid course: Hi", body="Read"
    )
    assert _notes(session, student)[0] == ("enrollment", "You are enrolled in “Paid course”")

    student.locale = "ru"
    session.flush()
    listed = notifications.list_notifications(session=session, user_id=student.id)
    by_kind = {row.kind: (row.title, row.body) for row in listed.items}
    assert by_kind == {
        "enrollment": ("Вы записаны на курс «Paid course»", "Можно начинать учиться."),
        "order_paid": (
            f"Заказ №{view.id} оплачен",
            "Сумма: 1\u00a0500,00\u00a0₽. Курсы: Paid course",
        ),
        "session_reminder": (
            "Через час занятие «Q&A» (Paid course)",
            f"Начало: {format_datetime(starts, 'ru')}",
        ),
        "announcement": ("Paid course: Hi", "Read"),
    }
    english = notifications.list_notifications(session=session, user_id=student.id, lang="en")
    assert {row.kind: row.title for row in english.items}["order_paid"] == (
        f"Order #{view.id} is paid"
    )
    assert _notes(session, student)[0][1] == "You are enrolled in “Paid course”"  # as stored


@pytest.mark.parametrize("wants_mail", [True, False])
def test_a_ready_certificate_notifies_and_mails_by_default(
    session, tmp_path, monkeypatch, wants_mail
):
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    done = completed_enrollment(session)
    if not wants_mail:
        notifications.set_email_preferences(
            session=session, user_id=done.learner.id, preferences={"certificate_ready": False}
        )
    certificate = certificates.request_certificate(
        session=session, enrollment_id=done.enrollment.id
    )
    assert _notes(session, done.learner) == []  # pending: not ready yet
    certificates.render_certificate(session=session, certificate_id=certificate.id)
    certificates.render_certificate(session=session, certificate_id=certificate.id, force=True)
    title = f"Сертификат по курсу «{done.course.title}» готов"
    assert _notes(session, done.learner) == [("certificate_ready", title)]
    assert _mails(session, done.learner) == ([title] if wants_mail else [])


def test_a_new_message_notifies_once_while_unread_and_mails_when_asked(session):
    teacher = make_user(session, role="teacher", name="Tina Teacher")
    learner = make_user(session, name="Lev Learner")
    course = make_course(session, price="0", teacher=teacher)
    enrollment.enroll_free(session=session, user_id=learner.id, course_id=course.id)
    notifications.set_email_preferences(
        session=session, user_id=teacher.id, preferences={"new_message": True}
    )
    view, created = messaging.start_conversation(
        session=session, user_id=learner.id, other_id=teacher.id, body="Hello, a question"
    )
    messaging.send_message(
        session=session, user_id=learner.id, conversation_id=view.id, body="Second line"
    )
    title = "Новое сообщение от Lev Learner"
    assert created and _notes(session, teacher) == [("new_message", title)]
    note = session.scalar(select(Notification).where(Notification.user_id == teacher.id))
    assert (note.body, note.link) == ("Second line", f"/messages/{view.id}")
    assert _mails(session, teacher) == [title]

    messaging.thread(session=session, user_id=teacher.id, conversation_id=view.id)
    assert notifications.unread_count(session=session, user_id=teacher.id) == 0
    messaging.send_message(
        session=session, user_id=learner.id, conversation_id=view.id, body="Third"
    )
    assert [kind for kind, _ in _notes(session, teacher)] == ["new_message", "new_message"]


def test_listing_and_marking_read_touch_only_the_callers_notifications(session):
    mine, theirs = make_user(session), make_user(session)
    for number in range(3):
        notifications.notify(session, user_id=mine.id, kind="announcement", title=f"N{number}")
    other = notifications.notify(session, user_id=theirs.id, kind="announcement", title="X")
    page = notifications.list_notifications(session=session, user_id=mine.id)
    assert [item.title for item in page.items] == ["N2", "N1", "N0"] and page.unread == 3
    left = notifications.mark_read(
        session=session, user_id=mine.id, ids=[page.items[0].id, other.id]
    )
    assert left == 2
    assert notifications.unread_count(session=session, user_id=theirs.id) == 1
    unread = notifications.list_notifications(session=session, user_id=mine.id, unread=True)
    assert [item.title for item in unread.items] == ["N1", "N0"]
    assert notifications.mark_read(session=session, user_id=mine.id, all=True) == 0
    with pytest.raises(Invalid):
        notifications.mark_read(session=session, user_id=mine.id, ids=[])


# --- session reminders -------------------------------------------------------------------


def _scheduled(session: Session, *, starts_in: timedelta, learners: int = 2):
    teacher = make_user(session, role="teacher")
    course = make_course(session, price="0", teacher=teacher, title="Evening class")
    people = [make_user(session) for _ in range(learners)]
    for person in people:
        session.add(Enrollment(user_id=person.id, course_id=course.id))
    gone = make_user(session)
    session.add(Enrollment(user_id=gone.id, course_id=course.id, status="cancelled"))
    now = utcnow()
    meeting = make_course_session(
        session, course_id=course.id, title="Week 1", starts_at=now + starts_in
    )
    return meeting, people, gone, now


def _reminder_notes(session: Session) -> list[tuple[int, str]]:
    return [
        (user_id, title)
        for user_id, title in session.execute(
            select(Notification.user_id, Notification.title)
            .where(Notification.kind == "session_reminder")
            .order_by(Notification.user_id, Notification.id)
        )
    ]


def test_reminders_go_out_a_day_and_an_hour_before_once_each(session):
    _meeting, people, gone, now = _scheduled(session, starts_in=timedelta(hours=30))
    assert reminders.send_due_reminders(session=session, now=now) == 0  # too early
    day_before = now + timedelta(hours=6, minutes=2)
    assert reminders.send_due_reminders(session=session, now=day_before) == 2
    assert reminders.send_due_reminders(session=session, now=day_before) == 0  # a retry
    later = now + timedelta(hours=20)
    assert reminders.send_due_reminders(session=session, now=later) == 0
    hour_before = now + timedelta(hours=29, minutes=5)
    assert reminders.send_due_reminders(session=session, now=hour_before) == 2
    assert reminders.send_due_reminders(session=session, now=hour_before) == 0
    assert reminders.send_due_reminders(session=session, now=now + timedelta(hours=31)) == 0
    day = "Завтра занятие «Week 1» (Evening class)"
    hour = "Через час занятие «Week 1» (Evening class)"
    assert _reminder_notes(session) == [
        (people[0].id, day),
        (people[0].id, hour),
        (people[1].id, day),
        (people[1].id, hour),
    ]
    assert gone.id not in {user_id for user_id, _ in _reminder_notes(session)}
    # Reminders are e-mailed by default.
    assert _mails(session, people[0]) == [day, hour]


def test_a_session_close_to_its_start_gets_only_the_hour_reminder(session):
    _meeting, _people, _gone, now = _scheduled(session, starts_in=timedelta(minutes=50), learners=1)
    assert reminders.send_due_reminders(session=session, now=now) == 1
    assert [title for _, title in _reminder_notes(session)] == [
        "Через час занятие «Week 1» (Evening class)"
    ]


def test_two_concurrent_runs_and_a_retry_send_each_reminder_once(clean_db, committed_session):
    _meeting, _people, _gone, now = _scheduled(
        committed_session, starts_in=timedelta(minutes=30), learners=5
    )
    committed_session.commit()
    results = all_at_once(lambda _i: db.run_sync(reminders.send_due_reminders, now=now), count=2)
    assert sorted(results) == [0, 5]
    assert db.run_sync(reminders.send_due_reminders, now=now + timedelta(minutes=5)) == 0
    with db.session_scope() as check:
        assert check.scalar(select(func.count(SessionReminder.id))) == 5
        assert (
            check.scalar(
                select(func.count(Notification.id)).where(Notification.kind == "session_reminder")
            )
            == 5
        )


def test_the_recipient_reports_a_message_and_every_admin_gets_a_mail(session):
    teacher = make_user(session, role="teacher", name="Tina Teacher")
    learner = make_user(session, name="Lev Learner")
    admins = [make_user(session, role="admin") for _ in range(2)]
    course = make_course(session, price="0", teacher=teacher)
    session.add(Enrollment(user_id=learner.id, course_id=course.id))
    session.flush()
    view, _ = messaging.start_conversation(
        session=session, user_id=teacher.id, other_id=learner.id, body="buy my other course"
    )
    [message] = messaging.thread(
        session=session, user_id=learner.id, conversation_id=view.id
    ).messages
    with pytest.raises(Forbidden):  # only the recipient reports
        messaging.report_message(session=session, user_id=teacher.id, message_id=message.id)
    messaging.report_message(session=session, user_id=learner.id, message_id=message.id)
    messaging.report_message(session=session, user_id=learner.id, message_id=message.id)
    for admin in admins:
        assert _mails(session, admin) == ["EduPlatform: жалоба на сообщение"]
    mail = session.scalar(select(Outbox.body).where(Outbox.recipient == admins[0].email))
    assert "buy my other course" in mail


def test_message_text_is_cut_into_text_and_http_links_only():
    from edu_platform.state.inbox import Piece, pieces

    assert pieces("see https://example.org/a?b=1. <b>x</b> javascript:alert(1)") == [
        Piece("see "),
        Piece("https://example.org/a?b=1", "https://example.org/a?b=1"),
        Piece(". <b>x</b> javascript:alert(1)"),
    ]
    assert pieces("") == []


def test_a_notification_whose_key_is_gone_shows_the_words_it_was_written_with(session):
    user = make_user(session)
    row = notifications.notify(
        session,
        user_id=user.id,
        kind="enrollment",
        title="You are enrolled in “Old course”",
        body="Start now.",
        message={"title": "notify.no_such_key", "body": None, "params": {}},
    )
    broken_params = notifications.notify(
        session,
        user_id=user.id,
        kind="enrollment",
        title="Kept title",
        message={"title": "notify.enrollment.title", "body": None, "params": {}},
    )
    listed = notifications.list_notifications(session=session, user_id=user.id, lang="ru")
    by_id = {item.id: (item.title, item.body) for item in listed.items}
    assert by_id[row.id] == ("You are enrolled in “Old course”", "Start now.")
    assert by_id[broken_params.id] == ("Kept title", "")
