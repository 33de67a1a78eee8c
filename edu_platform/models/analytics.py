"""Analytics: raw learning events and the metric values computed from them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Float, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from edu_platform.models.base import BigId, NullableJSON, timestamp_field


class LearningEvent(SQLModel, table=True):
    """One raw event (lesson opened, video heartbeat, quiz submitted...).

    No foreign keys on purpose: this is the high-volume append-only table (batches of
    5,000 over the API, COPY loads), FK checks would cost a lookup per row, and events
    must survive the deletion of the lesson or course they describe. It is the table that
    gets partitioned by month (or moved to ClickHouse) when it grows, and partitioned
    tables with foreign keys are awkward to manage.
    """

    __tablename__ = "learning_event"
    __table_args__ = (
        # One course's events per learner in time order: the metrics' window function
        # reads it without a sort, and a course's window is an index range.
        Index("ix_learning_event_course_id_user_id_ts", "course_id", "user_id", "ts"),
        Index("ix_learning_event_user_id_ts", "user_id", "ts"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    user_id: int
    course_id: int
    lesson_id: int | None = Field(default=None)
    type: str = Field(max_length=50)
    ts: datetime = timestamp_field()
    payload: dict[str, Any] | None = Field(default=None, sa_type=NullableJSON)


class MetricValue(SQLModel, table=True):
    """A computed metric for one scope and period; recomputing upserts the same row.

    `scope` names what `scope_id` points to: "enrollment" (one learner in one course),
    "course", "user", or "platform" (scope_id 0).
    """

    __tablename__ = "metric_value"
    __table_args__ = (
        UniqueConstraint("metric", "scope", "scope_id", "period_start", "period_end"),
        Index("ix_metric_value_scope_scope_id", "scope", "scope_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    metric: str = Field(max_length=50)  # retention | engagement | completion | ...
    scope: str = Field(max_length=20)
    scope_id: int = Field(default=0)
    period_start: date
    period_end: date
    value: float = Field(sa_type=Float)
    computed_at: datetime = timestamp_field()


class LearningEventDaily(SQLModel, table=True):
    """One learner's day in one course, rolled up from `learning_event` before raw events
    older than EVENT_RETENTION_DAYS are deleted: the long-term history stays (events,
    counted and in-lesson seconds with the same 5-minute rule as time_on_task)."""

    __tablename__ = "learning_event_daily"
    __table_args__ = (UniqueConstraint("course_id", "user_id", "day"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    course_id: int
    user_id: int
    day: date
    events: int
    active_seconds: float = Field(sa_type=Float)
    focus_seconds: float = Field(sa_type=Float)
