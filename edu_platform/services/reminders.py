"""Session reminders: 24 h and 1 h before each scheduled course session, once each.

`send_due_reminders` (run by a periodic job every few minutes) finds the sessions whose
reminder offset has come and, for each enrolled learner, first claims the
(session, learner, offset) key in `session_reminder` with INSERT … ON CONFLICT DO
NOTHING and only then writes the notification, in the same transaction. A second
worker running at the same moment, or a retried job, finds the key taken and sends
nothing; a rolled-back run leaves the key free for the next one.

An offset is due from `starts_at - offset` until the next smaller offset is due (the
1 h reminder until the start), so a session scheduled 3 hours ahead gets only the 1 h one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from edu_platform.models import CourseSession, Enrollment, SessionReminder, User, utcnow
from edu_platform.models.learning import ACCESS_STATUSES
from edu_platform.services import notifications

OFFSETS: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=1))  # longest first


def _claim(session: Session, *, session_id: int, user_id: int, minutes: int, now: datetime):
    """True when this transaction took the key (nobody sent this reminder before)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = SessionReminder.__table__
    statement = (
        insert(table)
        .values(session_id=session_id, user_id=user_id, offset_minutes=minutes, sent_at=now)
        .on_conflict_do_nothing(index_elements=["session_id", "user_id", "offset_minutes"])
        .returning(table.c.id)
    )
    return session.execute(statement).scalar_one_or_none() is not None


def send_due_reminders(*, session: Session, now: datetime | None = None) -> int:
    """Write every reminder due at `now` that was not sent yet; how many were written."""
    now = now or utcnow()
    sent = 0
    for index, offset in enumerate(OFFSETS):
        until = OFFSETS[index + 1] if index + 1 < len(OFFSETS) else timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        rows = session.execute(
            select(
                CourseSession.id,
                CourseSession.course_id,
                CourseSession.title,
                CourseSession.starts_at,
                Enrollment.user_id,
            )
            .join(Enrollment, Enrollment.course_id == CourseSession.course_id)
            .join(User, User.id == Enrollment.user_id)
            .where(
                CourseSession.starts_at > now + until,
                CourseSession.starts_at <= now + offset,
                Enrollment.status.in_(ACCESS_STATUSES),
                User.is_active.is_(True),
            )
            .order_by(CourseSession.id, Enrollment.user_id)
        ).all()
        for session_id, course_id, title, starts_at, user_id in rows:
            if not _claim(
                session, session_id=session_id, user_id=user_id, minutes=minutes, now=now
            ):
                continue
            notifications.session_reminder(
                session,
                user_id=user_id,
                course_id=course_id,
                title=title,
                starts_at=starts_at,
                hours=minutes // 60,
            )
            sent += 1
    return sent
