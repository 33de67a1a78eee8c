"""/my (courses in progress, activity, latest notifications), /my/completed (the same
load, the completed courses) and /my/notifications (all, paged)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import db, routes
from edu_platform.services import account_area, attendance, metrics, notifications
from edu_platform.services.account_area import NotificationItem
from edu_platform.services.attendance import UpcomingSession
from edu_platform.services.my_learning import MyCourse
from edu_platform.services.time_zones import with_times
from edu_platform.state.auth import login_redirect
from edu_platform.state.base import VisitorState
from edu_platform.state.bell import BellState
from edu_platform.state.time_zone import resolve_zone

NOTIFICATIONS_PER_PAGE = 20


@dataclass
class CourseActivityRow:
    title: str
    minutes: str
    engagement: int  # percent
    completion: int
    retention: int


def _percent(value: float) -> int:
    return round(value * 100)


class DashboardState(VisitorState, rx.State):
    courses: list[MyCourse] = []
    notifications: list[NotificationItem] = []
    unread_count: int = 0
    loaded: bool = False
    # The learner's next live sessions, their times in the viewer's zone.
    upcoming: list[UpcomingSession] = []
    viewer_zone: str = ""
    minutes_this_week: str = "0"
    streak_days: int = 0
    active_days_this_week: int = 0
    activity: list[CourseActivityRow] = []

    @rx.var
    def in_progress(self) -> list[MyCourse]:
        return [course for course in self.courses if not course.completed]

    @rx.var
    def completed_courses(self) -> list[MyCourse]:
        return [course for course in self.courses if course.completed]

    @rx.event
    async def load(self):
        self.loaded = False
        user_id = await self._current_user_id()
        if user_id is None:
            here = routes.MY_COMPLETED if self.router.url.path == routes.MY_COMPLETED else routes.MY
            return login_redirect(here)
        board = await db.run(account_area.dashboard, user_id=user_id, lang=await self._lang())
        self.courses = board.courses
        self.notifications = board.notifications
        self.unread_count = board.unread_count
        self.viewer_zone = await resolve_zone(self)
        upcoming = await db.run(attendance.my_upcoming_sessions, user_id=user_id)
        self.upcoming = with_times(upcoming, self.viewer_zone)
        mine = await db.run(metrics.my_activity, user_id=user_id)
        self.minutes_this_week = f"{mine.minutes_this_week:g}"
        self.streak_days = mine.streak_days
        self.active_days_this_week = mine.active_days_this_week
        self.activity = [
            CourseActivityRow(
                title=course.title,
                minutes=f"{course.metrics['time_on_task']:g}",
                engagement=_percent(course.metrics["engagement"]),
                completion=_percent(course.metrics["completion"]),
                retention=_percent(course.metrics["retention"]),
            )
            for course in mine.courses
        ]
        self.loaded = True

    @rx.event
    async def mark_all_read(self):
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.MY)
        await db.run(account_area.mark_all_notifications_read, user_id=user_id)
        return [DashboardState.load, BellState.refresh]


class NotificationsState(VisitorState, rx.State):
    items: list[NotificationItem] = []
    total: int = 0
    page: int = 1
    unread_count: int = 0
    loaded: bool = False

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // NOTIFICATIONS_PER_PAGE))

    @rx.var
    def has_previous(self) -> bool:
        return self.page > 1

    @rx.var
    def has_next(self) -> bool:
        return self.page < self.page_count

    async def _fetch(self, page: int):
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.MY_NOTIFICATIONS)
        result = await db.run(
            account_area.notifications,
            user_id=user_id,
            lang=await self._lang(),
            page=page,
            per_page=NOTIFICATIONS_PER_PAGE,
        )
        self.items = result.items
        self.total = result.total
        self.page = result.page
        self.unread_count = result.unread_count
        self.loaded = True
        return None

    @rx.event
    async def load(self):
        self.loaded = False
        return await self._fetch(1)

    @rx.event
    async def go_to_page(self, page: int):
        try:
            wanted = int(page)
        except (TypeError, ValueError):
            return None
        return await self._fetch(min(max(1, wanted), self.page_count))

    @rx.event
    async def mark_all_read(self):
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.MY_NOTIFICATIONS)
        await db.run(account_area.mark_all_notifications_read, user_id=user_id)
        await self._fetch(self.page)
        return BellState.refresh

    @rx.event
    async def mark_read(self, notification_id: int):
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.MY_NOTIFICATIONS)
        try:
            wanted = int(notification_id)
        except (TypeError, ValueError):
            return None
        await db.run(notifications.mark_read, user_id=user_id, ids=[wanted])
        await self._fetch(self.page)
        return BellState.refresh
