"""/admin/enrollments: every enrolment filtered by course and user; enrol a user by hand
(email + course), expel one after a confirmation."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import routes
from edu_platform.services import enrollment_admin
from edu_platform.services.records import record_from
from edu_platform.state.admin_lists import ListPager, day, text_input

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

    def _text_filters(self) -> dict[str, int]:
        return {"course": 200, "user": 200}

    def _select_filters(self) -> dict[str, tuple[tuple[str, ...], str]]:
        return {"status": (STATUSES, "all"), "sort": (SORTS, "newest")}

    def _clear_rows(self) -> None:
        super()._clear_rows()
        self.expel_id = 0

    async def _fetch(self, user_id: int) -> None:
        lang = await self._lang()
        items = await self._read_page(
            enrollment_admin.search_enrollments, user_id, **self._filter_values()
        )
        self.rows = [
            record_from(
                EnrollmentRow,
                row,
                course_url=routes.teach_course_url(row.course_id),
                progress=row.progress_percent,
                enrolled=day(row.enrolled_at, lang),
                can_expel=row.status in ACTIVE,
            )
            for row in items
        ]

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.course = str(params.get("course", "") or "")[:200]
        self.user = str(params.get("user", "") or "")[:200]
        self.status, self.sort, self.enrol_errors = "all", "newest", {}
        await self._restart()

    @rx.event
    async def enrol(self, form_data: dict):
        if self.enrol_busy:
            return
        self.enrol_busy, self.enrol_errors = True, {}
        yield
        try:
            outcome = await self._call(
                enrollment_admin.enroll_by_email,
                email=text_input(form_data, "email", 320),
                course_ref=text_input(form_data, "course_ref"),
            )
        finally:
            self.enrol_busy = False
        if not outcome.ok:
            if outcome.feedback is not None and outcome.error is not None:
                # The form's fields are "email" and "course_ref"; the service names "course".
                field = "course_ref" if outcome.error.field == "course" else "email"
                self.enrol_errors = {field: await self._error_text(outcome.error)}
            return
        row = outcome.value
        self.enrol_form_key += 1  # a fresh, empty form
        self.current_page = 1
        await self._refresh()
        yield await self._toast("admin_data.enrol.done", email=row.email, course=row.course_title)

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
        if self.expel_id <= 0 or self.expel_busy:
            return
        self.expel_busy = True
        yield
        self._busy(self.expel_id)
        try:
            yield await self._mutate(
                enrollment_admin.expel,
                done_key="admin_data.enrollments.expelled",
                enrollment_id=self.expel_id,
            )
        finally:
            self.expel_busy, self.expel_id = False, 0
