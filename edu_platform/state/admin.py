"""Admin panel states: the overview and the users table.

Every handler re-verifies the session cookie against the database and lets the service
check the role (accounts.require_admin) before any data is read or changed; a visitor
who is not an admin gets `access = "denied"` (or "signin") and no rows at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import cast

import reflex as rx

from edu_platform import db
from edu_platform.audit import acting_as
from edu_platform.i18n import format_price, translate
from edu_platform.services import admin_overview, users_admin
from edu_platform.services.errors import DomainError, Forbidden
from edu_platform.state.auth import AuthState
from edu_platform.state.i18n import LangState

# Access to an admin page: checking (before on_load answers), ok, denied, signin.
CHECKING, OK, DENIED, SIGN_IN = "checking", "ok", "denied", "signin"

ROLE_FILTERS = ("all", "student", "teacher", "admin")
SORTS = tuple(users_admin.SORTS)
PER_PAGE = 20


async def _verified_user_id(state: rx.State) -> int | None:
    auth = await state.get_state(AuthState)
    return await auth.verified_user_id()


class AdminOverviewState(rx.State):
    access: str = CHECKING
    users_total: int = 0
    students: int = 0
    teachers: int = 0
    admins: int = 0
    blocked: int = 0
    published_courses: int = 0
    paid_orders: int = 0
    revenue: list[str] = []

    def _clear(self, access: str) -> None:
        self.access = access
        self.users_total = self.students = self.teachers = self.admins = self.blocked = 0
        self.published_courses = self.paid_orders = 0
        self.revenue = []

    @rx.event
    async def load(self):
        self._clear(CHECKING)
        user_id = await _verified_user_id(self)
        if user_id is None:
            self._clear(SIGN_IN)
            return
        try:
            figures = await db.run(admin_overview.overview, actor_id=user_id)
        except Forbidden:
            self._clear(DENIED)
            return
        lang = (await self.get_state(LangState)).lang
        self.users_total = figures.users_total
        self.students = figures.users_by_role.get("student", 0)
        self.teachers = figures.users_by_role.get("teacher", 0)
        self.admins = figures.users_by_role.get("admin", 0)
        self.blocked = figures.blocked_users
        self.published_courses = figures.published_courses
        self.paid_orders = figures.paid_orders
        self.revenue = [
            format_price(amount, currency, lang) for currency, amount in figures.revenue.items()
        ]
        self.access = OK


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


class AdminUsersState(rx.State):
    access: str = CHECKING
    rows: list[AdminUserRow] = []
    total: int = 0
    current_page: int = 1
    q: str = ""
    role: str = "all"
    sort: str = "newest"
    busy_user_id: int = 0

    @rx.var
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PER_PAGE))

    @rx.var
    def has_prev(self) -> bool:
        return self.current_page > 1

    @rx.var
    def has_next(self) -> bool:
        return self.current_page * PER_PAGE < self.total

    def _deny(self, access: str) -> None:
        self.access = access
        self.rows = []
        self.total = 0

    async def _refresh(self) -> None:
        """Re-verify who is asking, then read one page through the service."""
        user_id = await _verified_user_id(self)
        if user_id is None:
            self._deny(SIGN_IN)
            return
        try:
            result = await db.run(
                users_admin.list_users,
                actor_id=user_id,
                q=self.q,
                role="" if self.role == "all" else self.role,
                page=self.current_page,
                per_page=PER_PAGE,
                sort=self.sort,
            )
        except Forbidden:
            self._deny(DENIED)
            return
        self.rows = [
            AdminUserRow(
                id=row.id,
                email=row.email,
                full_name=row.full_name,
                role=row.role,
                is_active=row.is_active,
                created=row.created_at.strftime("%Y-%m-%d"),
                is_self=row.id == user_id,
            )
            for row in result.items
        ]
        self.total = result.total
        self.access = OK

    @rx.event
    async def load(self):
        self._deny(CHECKING)
        self.q, self.role, self.sort, self.current_page = "", "all", "newest", 1
        await self._refresh()

    @rx.event
    async def search(self, form_data: dict):
        self.q = str(form_data.get("q", "")).strip()[:200]
        self.current_page = 1
        await self._refresh()

    @rx.event
    async def set_role_filter(self, value: str):
        self.role = value if value in ROLE_FILTERS else "all"
        self.current_page = 1
        await self._refresh()

    @rx.event
    async def set_sort(self, value: str):
        self.sort = value if value in SORTS else "newest"
        self.current_page = 1
        await self._refresh()

    @rx.event
    async def next_page(self):
        if self.current_page * PER_PAGE < self.total:
            self.current_page += 1
        await self._refresh()

    @rx.event
    async def prev_page(self):
        self.current_page = max(1, self.current_page - 1)
        await self._refresh()

    async def _change(self, user_id: object, *, role=None, is_active=None, done_key: str):
        lang = (await self.get_state(LangState)).lang
        actor_id = await _verified_user_id(self)
        if actor_id is None:
            self._deny(SIGN_IN)
            return None
        try:
            target_id = int(cast("int | str", user_id))
        except (TypeError, ValueError):
            return rx.toast.error(translate("error.invalid", lang))
        self.busy_user_id = target_id
        try:
            with acting_as(actor_id):
                await db.run(
                    users_admin.update_user,
                    actor_id=actor_id,
                    user_id=target_id,
                    role=role,
                    is_active=is_active,
                )
        except Forbidden:
            self._deny(DENIED)
            return None
        except DomainError as error:
            await self._refresh()
            return rx.toast.error(translate(error.message_key, lang))
        finally:
            self.busy_user_id = 0
        await self._refresh()
        return rx.toast.success(translate(done_key, lang))

    @rx.event
    async def change_role(self, user_id: int, role: str):
        return await self._change(user_id, role=str(role), done_key="admin.users.role_changed")

    @rx.event
    async def block(self, user_id: int):
        return await self._change(user_id, is_active=False, done_key="admin.users.blocked_done")

    @rx.event
    async def unblock(self, user_id: int):
        return await self._change(user_id, is_active=True, done_key="admin.users.unblocked_done")
