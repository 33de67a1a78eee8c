"""Teaching: scheduled course sessions and attendance marked by QR check-in or by hand."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from edu_platform.models.base import (
    counter_field,
    enum_check,
    enum_field,
    timestamp_field,
)


class AttendanceMethod(StrEnum):
    QR = "qr"
    MANUAL = "manual"


class CourseSession(SQLModel, table=True):
    """A scheduled meeting of a course; its QR code carries `checkin_token`."""

    __tablename__ = "course_session"
    __table_args__ = (
        CheckConstraint("ends_at >= starts_at", name="ends_after_start"),
        Index("ix_course_session_course_id_starts_at", "course_id", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", ondelete="CASCADE")
    title: str = Field(max_length=300)
    starts_at: datetime = timestamp_field()
    ends_at: datetime = timestamp_field()
    location: str | None = Field(default=None, max_length=300)
    meeting_url: str | None = Field(default=None, max_length=1000)
    checkin_token: str = Field(max_length=64, unique=True)
    created_at: datetime = timestamp_field()


class Attendance(SQLModel, table=True):
    """One learner's presence at one session (a second check-in is refused)."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id"),
        enum_check("method", AttendanceMethod),
        CheckConstraint("points >= 0", name="points_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="course_session.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE", index=True)
    method: str = enum_field(AttendanceMethod, AttendanceMethod.QR)
    points: int = counter_field()
    marked_at: datetime = timestamp_field()
    marked_by: int | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL", nullable=True, index=True
    )
