"""Admin panel states: the overview and the users table.

Every handler re-verifies the session cookie against the database and lets the service
check the role (accounts.require_admin) before any data is read or changed; a visitor
who is not an admin gets `access = "denied"` (or "signin") and no rows at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform.i18n import format_price
from edu_platform.services import admin_overview, users_admin
from edu_platform.services.records import record_from
from edu_platform.state.admin_lists import ListPager, day
from edu_platform.state.base import (  # re-exported: other states import them from here
    CHECKING,
    DENIED,
    OK,
    SIGN_IN,
    FeatureState,
    valid_id,
)

__all__ = ["CHECKING", "DENIED", "OK", "SIGN_IN", "AdminOverviewState", "AdminUsersState"]

ROLE_FILTERS = ("all", "student", "teacher", "admin")
ROLES = ("student", "teacher", "admin")
SORTS = tuple(users_admin.SORTS)


class AdminOverviewState(FeatureState, rx.State):
    users_total: int = 0
    students: int = 0
    teachers: int = 0
    admins: int = 0
    blocked: int = 0
    published_courses: int = 0
    paid_orders: int = 0
    revenue: list[str] = []
    # The last 30 days, one point a day: {"day", "users", "enrollments", "revenue"}.
    trend: list[dict] = []
    users_30d: int = 0
    enrollments_30d: int = 0
    revenue_30d: str = ""

    def _clear_rows(self) -> None:
        self.users_total = self.students = self.teachers = self.admins = self.blocked = 0
        self.published_courses = self.paid_orders = 0
        self.users_30d = self.enrollments_30d = 0
        self.revenue, self.trend, self.revenue_30d = [], [], ""

    @rx.event
    async def load(self):
        self._deny(CHECKING)
        figures = await self._call(admin_overview.overview, read_only=True)
        if not figures.ok:
            return figures.feedback
        trends = await self._call(admin_overview.trends, read_only=True)
        if not trends.ok:
            return trends.feedback
        lang = await self._lang()
        value = figures.value
        self.users_total = value.users_total
        self.students = value.users_by_role.get("student", 0)
        self.teachers = value.users_by_role.get("teacher", 0)
        self.admins = value.users_by_role.get("admin", 0)
        self.blocked = value.blocked_users
        self.published_courses = value.published_courses
        self.paid_orders = value.paid_orders
        self.revenue = [
            format_price(amount, currency, lang) for currency, amount in value.revenue.items()
        ]
        points = trends.value.points
        self.trend = [
            {
                "day": point.day,
                "users": point.new_users,
                "enrollments": point.enrollments,
                "revenue": float(point.revenue),
            }
            for point in points
        ]
        self.users_30d = sum(point.new_users for point in points)
        self.enrollments_30d = sum(point.enrollments for point in points)
        self.revenue_30d = format_price(
            sum(point.revenue for point in points), trends.value.currency, lang
        )
        self.access = OK
        return None


@dataclass
class AdminUserRow:
    """One user as the admin table shows it."""

    id: int
    email: str
    full_name: str
    role: str
    is_active: bool
    created: str
    is_self: bool


class AdminUsersState(ListPager, rx.State):
    rows: list[AdminUserRow] = []
    q: str = ""
    role: str = "all"
    sort: str = "newest"
    # The role change waiting for the admin's confirmation (the dialog is open while set).
    confirm_user_id: int = 0
    confirm_name: str = ""
    confirm_email: str = ""
    confirm_role: str = ""

    def _select_filters(self) -> dict[str, tuple[tuple[str, ...], str]]:
        return {"role": (ROLE_FILTERS, "all"), "sort": (SORTS, "newest")}

    def _clear_rows(self) -> None:
        super()._clear_rows()
        self._forget_confirmation()

    async def _fetch(self, user_id: int) -> None:
        lang = await self._lang()
        items = await self._read_page(
            users_admin.list_users, user_id, **self._filter_values("role")
        )
        self.rows = [
            record_from(
                AdminUserRow, row, created=day(row.created_at, lang), is_self=row.id == user_id
            )
            for row in items
        ]

    # --- role change, confirmed first -----------------------------------------------

    def _forget_confirmation(self) -> None:
        self.confirm_user_id, self.confirm_name = 0, ""
        self.confirm_email, self.confirm_role = "", ""

    @rx.event
    def ask_role(self, user_id: int, role: str):
        """The role drop-down changed: ask before doing it (the select keeps the old role)."""
        row = next((row for row in self.rows if row.id == valid_id(user_id)), None)
        if row is None or role not in ROLES or role == row.role or row.is_self:
            return
        self.confirm_user_id, self.confirm_role = row.id, role
        self.confirm_name, self.confirm_email = row.full_name, row.email

    @rx.event
    def set_confirm_open(self, is_open: bool):
        if not is_open:
            self._forget_confirmation()

    @rx.event
    async def confirm_role_change(self):
        user_id, role = self.confirm_user_id, self.confirm_role
        self._forget_confirmation()
        self._busy(user_id)
        yield
        yield await self._mutate(
            users_admin.update_user, done_key="admin.users.role_changed", user_id=user_id, role=role
        )

    # --- block / unblock ------------------------------------------------------------

    @rx.event
    async def set_active(self, user_id: int, active: bool):
        """Unblock (`active` true) or block the user."""
        self._busy(user_id)
        yield
        yield await self._mutate(
            users_admin.update_user,
            done_key="admin.users.unblocked_done" if active is True else "admin.users.blocked_done",
            user_id=self.busy_id,
            is_active=active is True,
        )
