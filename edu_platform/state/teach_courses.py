"""/teach: the teacher's courses (admins: every course, with a search) and "New course"."""

from __future__ import annotations

import reflex as rx

from edu_platform import db, routes
from edu_platform.services import authoring
from edu_platform.services.authoring import TeachCourseRow
from edu_platform.services.errors import Forbidden
from edu_platform.state.base import CHECKING, DENIED, OK, SIGN_IN, FeatureState

PER_PAGE = 50


class TeachCoursesState(FeatureState, rx.State):
    loading: bool = False
    courses: list[TeachCourseRow] = []
    total: int = 0
    page: int = 1
    q: str = ""
    is_admin: bool = False
    new_open: bool = False
    new_error: str = ""
    creating: bool = False

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    async def _reload(self) -> None:
        user_id = await self._current_user_id()
        if user_id is None:
            self.access, self.courses, self.total = SIGN_IN, [], 0
            return
        try:
            result = await db.run(
                authoring.teach_courses,
                actor_id=user_id,
                q=self.q,
                page=self.page,
                per_page=PER_PAGE,
            )
        except Forbidden:
            self.access, self.courses, self.total = DENIED, [], 0
            return
        self.courses, self.total, self.is_admin = result.items, result.total, result.is_admin
        self.access = OK

    @rx.event
    async def load(self):
        self.access, self.page, self.q, self.new_open, self.new_error = CHECKING, 1, "", False, ""
        self.loading = True
        yield
        await self._reload()
        self.loading = False

    @rx.event
    async def search(self, form_data: dict):
        self.q = " ".join(str(form_data.get("q", "")).split())[:200]
        self.page = 1
        self.loading = True
        yield
        await self._reload()
        self.loading = False

    @rx.event
    async def go_to_page(self, page: int):
        try:
            wanted = int(page)
        except (TypeError, ValueError):
            return
        self.page = min(max(1, wanted), self.pages)
        await self._reload()

    @rx.event
    def open_new(self):
        self.new_open, self.new_error = True, ""

    @rx.event
    def set_new_open(self, value: bool):
        self.new_open = bool(value)
        if not self.new_open:
            self.new_error = ""

    @rx.event
    async def create(self, form_data: dict):
        """Create a draft from its title and open it in the editor."""
        lang = await self._lang()
        self.creating = True
        yield
        ok, course = await self._try(
            authoring.create_course, title=str(form_data.get("title", ""))[:400], language=lang
        )
        self.creating = False
        if not ok:
            if course is not None:
                self.new_error = await self._error_text(course)
            return
        self.new_open = False
        yield rx.redirect(routes.teach_course_url(course.id))
