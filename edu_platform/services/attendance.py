"""Scheduled sessions of a course and attendance: QR check-in by learners, or by hand.

A session's QR code encodes `<base>/checkin/{token}` (checkin_base: PUBLIC_URL, or the
address the teacher's page is served at while PUBLIC_URL names this machine); a signed-in,
enrolled learner
who opens it during the session's window is marked present and earns the course's
points_per_visit once (the unique session+user row makes repeats harmless).
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from edu_platform import db, routes
from edu_platform.models import (
    Attendance,
    Course,
    CourseSession,
    Enrollment,
    User,
    utcnow,
)
from edu_platform.services.accounts import manages_course, writes_material
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from edu_platform.settings import settings

CHECKIN_OPENS_BEFORE = timedelta(minutes=30)
CHECKIN_CLOSES_AFTER = timedelta(minutes=30)
from edu_platform.models.learning import ACCESS_STATUSES  # noqa: E402


@dataclass
class SessionRow:
    id: int
    course_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    meeting_url: str
    checkin_url: str
    present: int
    # "05.12.2026, 19:00–20:30 MSK (UTC+3)" per UI language (time_zones.with_times).
    when_labels: dict[str, str] = field(default_factory=dict)


def _session_row(live: CourseSession, checkin_url: str, present: int) -> SessionRow:
    return SessionRow(
        live.id,
        live.course_id,
        live.title,
        live.starts_at,
        live.ends_at,
        live.location or "",
        live.meeting_url or "",
        checkin_url,
        present,
    )


@dataclass
class AttendanceRow:
    user_id: int
    full_name: str
    email: str
    present: bool
    method: str
    points: int


@dataclass
class CheckinResult:
    course_title: str
    session_title: str
    points: int
    already: bool
    total_points: int


def editable_course(*, session: Session, actor_id: int | None, course_id: int) -> Course:
    """The course if the actor teaches it (and still has the teacher role) or is an
    admin, or wrote it (a material); NotFound when there is no such course, Forbidden when
    it is someone else's (API.md: "403 wrong role"; course ids are sequential, so a 404
    hid nothing). Every ownership check goes through here."""
    actor = session.get(User, actor_id) if actor_id else None
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound("course not found", message_key="catalog.course_not_found")
    if not (manages_course(actor, course.teacher_id) or writes_material(actor, course)):
        raise Forbidden(
            "only the course's teacher and admins may do this", message_key="error.forbidden"
        )
    return course


def _is_loopback(host: str | None) -> bool:
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def page_origin(value: str | None) -> str | None:
    """`value` as 'scheme://host[:port]' when it is an origin this app serves, else None.

    The teacher's browser sends it (the websocket handshake's Origin header); only the
    origins the app is configured for (PUBLIC_URL's, CORS_EXTRA_ORIGINS) pass.
    """
    try:
        parts = urlsplit((value or "").strip())
        parts.port  # noqa: B018 -- raises ValueError for a malformed port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    origin = f"{parts.scheme}://{parts.netloc.lower()}"
    return origin if origin in settings.cors_origins else None


def checkin_base(origin: str | None = None) -> str:
    """Where learners' phones reach this app: PUBLIC_URL, unless it names this machine
    (localhost under `make run`): then the address the teacher's page is served at."""
    public = settings.public_url.rstrip("/")
    if not _is_loopback(urlsplit(public).hostname):
        return public
    return page_origin(origin) or public


def checkin_url(token: str, base: str | None = None) -> str:
    return f"{(base or settings.public_url).rstrip('/')}/checkin/{token}"


def _validate(title: str, starts_at: datetime, ends_at: datetime, meeting_url: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise Invalid("title is required", message_key="teaching.title_required", field="title")
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise Invalid("times need a time zone", field="starts_at")
    if ends_at <= starts_at:
        raise Invalid(
            "the session must end after it starts",
            message_key="teaching.ends_before_start",
            field="ends_at",
        )
    if meeting_url and not meeting_url.startswith(("https://", "http://")):
        raise Invalid(
            "the link must start with https://",
            message_key="teaching.bad_link",
            field="meeting_url",
        )
    return title[:300]


def create_session(
    *,
    session: Session,
    actor_id: int | None,
    course_id: int,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    meeting_url: str = "",
) -> CourseSession:
    editable_course(session=session, actor_id=actor_id, course_id=course_id)
    row = CourseSession(
        course_id=course_id,
        title=_validate(title, starts_at, ends_at, meeting_url),
        starts_at=starts_at,
        ends_at=ends_at,
        location=(location or "").strip()[:300] or None,
        meeting_url=(meeting_url or "").strip()[:1000] or None,
        checkin_token=secrets.token_urlsafe(24),
    )
    session.add(row)
    session.flush()
    return row


def _own_session(session: Session, actor_id: int | None, session_id: int) -> CourseSession:
    row = session.get(CourseSession, session_id)
    if row is None:
        raise NotFound("session not found", message_key="teaching.session_not_found")
    editable_course(session=session, actor_id=actor_id, course_id=row.course_id)
    return row


def delete_session(*, session: Session, actor_id: int | None, session_id: int) -> None:
    row = _own_session(session, actor_id, session_id)
    session.delete(row)


def list_sessions(
    *, session: Session, actor_id: int | None, course_id: int, origin: str | None = None
) -> list[SessionRow]:
    """All sessions of a course with their attendance counts, for its teacher.

    `origin`: the address the teacher's page is served at (see checkin_base).
    """
    base = checkin_base(origin)
    editable_course(session=session, actor_id=actor_id, course_id=course_id)
    present = (
        select(Attendance.session_id, func.count(Attendance.id).label("n"))
        .group_by(Attendance.session_id)
        .subquery()
    )
    rows = session.execute(
        select(CourseSession, func.coalesce(present.c.n, 0))
        .outerjoin(present, present.c.session_id == CourseSession.id)
        .where(CourseSession.course_id == course_id)
        .order_by(CourseSession.starts_at)
    ).all()
    return [_session_row(s, checkin_url(s.checkin_token, base), int(n)) for s, n in rows]


def attendance_list(
    *, session: Session, actor_id: int | None, session_id: int
) -> list[AttendanceRow]:
    """Every learner of the course with whether they attended this session."""
    row = _own_session(session, actor_id, session_id)
    marks = {
        a.user_id: a
        for a in session.scalars(select(Attendance).where(Attendance.session_id == session_id))
    }
    learners = session.execute(
        select(User.id, User.full_name, User.email)
        .join(Enrollment, Enrollment.user_id == User.id)
        .where(Enrollment.course_id == row.course_id, Enrollment.status.in_(ACCESS_STATUSES))
        .order_by(User.full_name, User.id)
    ).all()
    return [
        AttendanceRow(
            uid,
            name,
            email,
            uid in marks,
            marks[uid].method if uid in marks else "",
            marks[uid].points if uid in marks else 0,
        )
        for uid, name, email in learners
    ]


def _award(
    session: Session,
    course: Course,
    user_id: int,
    session_id: int,
    method: str,
    marked_by: int | None,
) -> tuple[int, bool]:
    """Insert the attendance row once and add the points to the enrolment (atomic)."""
    existing = session.scalar(
        select(Attendance).where(Attendance.session_id == session_id, Attendance.user_id == user_id)
    )
    if existing is not None:
        return existing.points, True
    points = course.points_per_visit or 0
    visit = Attendance(
        session_id=session_id, user_id=user_id, method=method, points=points, marked_by=marked_by
    )
    if not db.inserted(session, visit):  # a concurrent check-in won
        return points, True
    session.execute(
        update(Enrollment)
        .where(Enrollment.user_id == user_id, Enrollment.course_id == course.id)
        .values(points=Enrollment.points + points, last_activity_at=utcnow())
    )
    return points, False


def check_in(
    *, session: Session, user_id: int | None, token: str, now: datetime | None = None
) -> CheckinResult:
    """A learner's QR check-in: enrolled, within the session's window; idempotent."""
    if user_id is None:
        raise Forbidden("sign in to check in", message_key="error.unauthorized")
    row = session.scalar(select(CourseSession).where(CourseSession.checkin_token == token))
    if row is None:
        raise NotFound("unknown check-in code", message_key="teaching.checkin_unknown")
    now = now or utcnow()
    if not row.starts_at - CHECKIN_OPENS_BEFORE <= now <= row.ends_at + CHECKIN_CLOSES_AFTER:
        raise Conflict(
            "check-in is open only around the session", message_key="teaching.checkin_closed"
        )
    enrollment = session.scalar(
        select(Enrollment).where(
            Enrollment.user_id == user_id,
            Enrollment.course_id == row.course_id,
            Enrollment.status.in_(ACCESS_STATUSES),
        )
    )
    if enrollment is None:
        raise Forbidden("not enrolled in this course", message_key="learning.not_enrolled")
    course = session.get(Course, row.course_id)
    points, already = _award(session, course, user_id, row.id, "qr", None)
    session.refresh(enrollment)
    return CheckinResult(course.title, row.title, points, already, enrollment.points)


def mark_by_hand(
    *, session: Session, actor_id: int | None, session_id: int, user_id: int, present: bool
) -> None:
    """The teacher ticks (or unticks) a learner in the attendance list."""
    row = _own_session(session, actor_id, session_id)
    course = session.get(Course, row.course_id)
    enrolled = session.scalar(
        select(func.count(Enrollment.id)).where(
            Enrollment.user_id == user_id,
            Enrollment.course_id == row.course_id,
            Enrollment.status.in_(ACCESS_STATUSES),
        )
    )
    if not enrolled:
        raise Invalid("this person is not a learner of the course", field="user_id")
    if present:
        _award(session, course, user_id, session_id, "manual", actor_id)
        return
    existing = session.scalar(
        select(Attendance).where(Attendance.session_id == session_id, Attendance.user_id == user_id)
    )
    if existing is not None:
        session.execute(
            update(Enrollment)
            .where(Enrollment.user_id == user_id, Enrollment.course_id == row.course_id)
            .values(points=Enrollment.points - existing.points)
        )
        session.execute(delete(Attendance).where(Attendance.id == existing.id))


@dataclass
class UpcomingSession:
    """One of the learner's next live sessions, as their dashboard lists it."""

    id: int
    title: str
    course_title: str
    course_url: str
    starts_at: datetime
    ends_at: datetime
    location: str
    meeting_url: str
    # Its times per UI language in the viewer's zone (time_zones.with_times).
    when_labels: dict[str, str] = field(default_factory=dict)


def my_upcoming_sessions(
    *, session: Session, user_id: int, limit: int = 5
) -> list[UpcomingSession]:
    """The learner's sessions not over yet across the courses they study, soonest first."""
    rows = session.execute(
        select(CourseSession, Course.title, Course.slug)
        .join(Enrollment, Enrollment.course_id == CourseSession.course_id)
        .join(Course, Course.id == CourseSession.course_id)
        .where(
            Enrollment.user_id == user_id,
            Enrollment.status.in_(ACCESS_STATUSES),
            CourseSession.ends_at >= utcnow(),
        )
        .order_by(CourseSession.starts_at, CourseSession.id)
        .limit(limit)
    ).all()
    return [
        UpcomingSession(
            id=live.id,
            title=live.title,
            course_title=title,
            course_url=routes.course_url(slug),
            starts_at=live.starts_at,
            ends_at=live.ends_at,
            location=live.location or "",
            meeting_url=live.meeting_url or "",
        )
        for live, title, slug in rows
    ]
