"""Rollups for the admin reports, kept by database triggers (alembic 0022)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Numeric
from sqlmodel import Field, SQLModel


class UserActivityDaily(SQLModel, table=True):
    """One user's UTC day: enrolments made, lessons completed, paid orders and their
    total. Written only by the triggers on enrollment, lesson_progress and order (in the
    transaction of the change); services read it (reports.user_activity)."""

    __tablename__ = "user_activity_daily"

    day: date = Field(primary_key=True)
    user_id: int = Field(primary_key=True)
    enrollments: int
    lessons_done: int
    paid_orders: int
    spend: Decimal = Field(sa_type=Numeric(14, 2))
