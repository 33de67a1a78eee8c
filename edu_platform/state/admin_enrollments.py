"""/admin/enrollments: every enrolment filtered by course and user; enrol a user by hand
(email + course), expel one after a confirmation."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import db, routes
from edu_platform.audit import acting_as
from edu_platform.services import enrollment_admin
from edu_platform.services.errors import DomainError, Forbidden
from edu_platform.state.admin import DENIED
from edu_platform.state.admin_lists import PER_PAGE, ListPager, choice, day, text_input

STATUSES = enrollment_admin.STATUSES
SORTS = tuple(enrollment_admin.SORTS)
ACTIVE = ("active", "completed")


@dataclass
class EnrollmentRow:
    id: int
    email: str
    full_name: str
    course_title: str
    course_url: str
    status: str
    source: str
    progress: int
    enrolled: str
    can_expel: bool


class AdminEnrollmentsState(ListPager, rx.State):
    rows: list[EnrollmentRow] = []
    course: str = ""
    user: str = ""
    status: str = "all"
    sort: str = "newest"
    enrol_errors: dict[str, str] = {}
    enrol_busy: bool = False
    enrol_form_key: int = 0
    expel_id: int = 0
    expel_label: str = ""
    expel_busy: bool = False

    def _clear_rows(self) -> None:
        self.rows = []
        self.expel_id = 0

    async def _fetch(self, user_id: int) -> None:
        lang = await self._lang()
        result = await db.run(
            enrollment_admin.search_enrollments,
            actor_id=user_id,
            course=self.course,
            user=self.user,
            status=self.status,
            sort=self.sort,
            page=self.current_page,
            per_page=PER_PAGE,
        )
        self.rows = [
            EnrollmentRow(
                id=row.id,
                email=row.email,
                full_name=row.full_name,
                course_title=row.course_title,
                course_url=routes.teach_course_url(row.course_id),
                status=row.status,
                source=row.source,
                progress=row.progress_percent,
                enrolled=day(row.enrolled_at, lang),
                can_expel=row.status in ACTIVE,
            )
            for row in result.items
        ]
        self.total = result.total

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.course = str(params.get("course", "") or "")[:200]
        self.user = str(params.get("user", "") or "")[:200]
        self.status, self.sort, self.enrol_errors = "all", "newest", {}
        await self._restart()

    @rx.event
    async def search(self, form_data: dict):
        self.course = text_input(form_data, "course")
        self.user = text_input(form_data, "user")
        self.current_page, self.loading = 1, True
        yield
        await self._refresh()

    @rx.event
    async def set_status(self, value: str):
        self.status = choice(value, STATUSES, "all")
        self.current_page, self.loading = 1, True
        yield
        await self._refresh()

    @rx.event
    async def set_sort(self, value: str):
        self.sort = choice(value, SORTS, "newest")
        self.current_page, self.loading = 1, True
        yield
        await self._refresh()

    @rx.event
    async def enrol(self, form_data: dict):
        actor_id = await self._actor()
        if actor_id is None or self.enrol_busy:
            return
        self.enrol_busy, self.enrol_errors = True, {}
        yield
        try:
            with acting_as(actor_id):
                row = await db.run(
                    enrollment_admin.enroll_by_email,
                    actor_id=actor_id,
                    email=text_input(form_data, "email", 320),
                    course_ref=text_input(form_data, "course_ref"),
                )
        except Forbidden:
            self.enrol_busy = False
            self._deny(DENIED)
            return
        except DomainError as error:
            self.enrol_busy = False
            # The form's fields are "email" and "course_ref"; the service names "course".
            field = "course_ref" if error.field == "course" else "email"
            self.enrol_errors = {field: await self._error_text(error)}
            return
        self.enrol_busy = False
        self.enrol_form_key += 1  # a fresh, empty form
        self.current_page = 1
        await self._refresh()
        yield rx.toast.success(
            await self._text("admin_data.enrol.done", email=row.email, course=row.course_title)
        )

    @rx.event
    def ask_expel(self, enrollment_id: int):
        row = next((r for r in self.rows if r.id == enrollment_id and r.can_expel), None)
        if row is not None:  # only rows this page loaded through the service
            self.expel_id, self.expel_label = row.id, f"{row.email} — {row.course_title}"

    @rx.event
    def set_expel_open(self, is_open: bool):
        if is_open is not True and not self.expel_busy:
            self.expel_id = 0

    @rx.event
    async def confirm_expel(self):
        actor_id = await self._actor()
        if actor_id is None or self.expel_id <= 0 or self.expel_busy:
            return
        self.expel_busy = True
        yield
        try:
            with acting_as(actor_id):
                await db.run(enrollment_admin.expel, actor_id=actor_id, enrollment_id=self.expel_id)
        except Forbidden:
            self.expel_busy = False
            self._deny(DENIED)
            return
        except DomainError as error:
            self.expel_busy, self.expel_id = False, 0
            yield rx.toast.error(await self._error_text(error))
            return
        self.expel_busy, self.expel_id = False, 0
        await self._refresh()
        yield rx.toast.success(await self._text("admin_data.enrollments.expelled"))
