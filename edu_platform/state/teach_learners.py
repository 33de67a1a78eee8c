"""/teach/course/<id>/learners: the course's learners with progress, quiz results and
attendance; CSV export (an API route) and an announcement to all of them."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import db, routes
from edu_platform.i18n import translate_plural
from edu_platform.services import attendance, learners
from edu_platform.services.errors import DomainError, Forbidden, NotFound
from edu_platform.services.records import record_from
from edu_platform.state.admin import DENIED
from edu_platform.state.admin_lists import ListPager, day, text_input

SORTS = learners.SORTS


@dataclass
class LearnerItem:
    user_id: int
    full_name: str
    email: str
    completed: bool
    progress: int
    lessons: str
    last_activity: str
    best_score: str
    passed: bool
    quizzes: str
    attendance: int
    points: int


def _course_id(course_ref: object) -> int:
    text = str(course_ref or "")
    return int(text) if text.isdigit() and len(text) <= 9 else 0


class TeachLearnersState(ListPager, rx.State):
    course_id: int = 0
    course_title: str = ""
    rows: list[LearnerItem] = []
    q: str = ""
    sort: str = "name"
    announce_open: bool = False
    announce_errors: dict[str, str] = {}
    announce_busy: bool = False
    announce_form_key: int = 0
    notified: int = -1  # learners reached by the last announcement (-1: none sent yet)

    @rx.var
    def csv_url(self) -> str:
        return routes.learners_csv_url(self.course_id)

    def _denied_errors(self) -> tuple[type[DomainError], ...]:
        # attendance.editable_course: NotFound for no such course, Forbidden for someone else's.
        return (NotFound, Forbidden)

    def _select_filters(self) -> dict[str, tuple[tuple[str, ...], str]]:
        return {"sort": (SORTS, "name")}

    async def _fetch(self, user_id: int) -> None:
        lang = await self._lang()
        items = await self._read_page(
            learners.list_learners, user_id, course_id=self.course_id, **self._filter_values()
        )
        self.rows = [
            record_from(
                LearnerItem,
                row,
                completed=row.status == "completed",
                progress=row.progress_percent,
                lessons=f"{row.completed_lessons} / {row.lessons_total}",
                last_activity=day(row.last_activity_at, lang),
                best_score="" if row.best_score is None else f"{row.best_score}%",
                quizzes=f"{row.quizzes_passed} / {row.quizzes_total}" if row.quizzes_total else "",
            )
            for row in items
        ]

    @rx.event
    async def load(self):
        self.q, self.sort, self.notified = "", "name", -1
        self.announce_open, self.announce_errors = False, {}
        self._deny("checking")
        self.current_page = 1
        user_id = await self._actor()
        if user_id is None:
            return
        try:
            course = await db.run(
                attendance.editable_course,
                actor_id=user_id,
                course_id=_course_id(self.course_ref),
            )
        except (NotFound, Forbidden):
            self._deny(DENIED)
            return
        self.course_id, self.course_title = course.id, course.title
        await self._refresh()

    # --- announcement ----------------------------------------------------------------

    @rx.event
    def set_announce_open(self, is_open: bool):
        if not self.announce_busy:
            self.announce_open = is_open is True
            self.announce_errors = {}

    @rx.event
    async def announce(self, form_data: dict):
        if self.announce_busy or self.course_id <= 0:
            return
        self.announce_busy, self.announce_errors = True, {}
        yield
        try:
            outcome = await self._call(
                learners.announce,
                course_id=self.course_id,
                subject=text_input(form_data, "subject", learners.MAX_SUBJECT_LENGTH + 1),
                text=text_input(form_data, "text", learners.MAX_TEXT_LENGTH + 1),
            )
        finally:
            self.announce_busy = False
        if not outcome.ok:
            if outcome.feedback is None or outcome.error is None:
                self.announce_open = False
            else:
                error = outcome.error
                self.announce_errors = {error.field or "subject": await self._error_text(error)}
            return
        self.announce_open = False
        self.notified = outcome.value
        self.announce_form_key += 1
        yield rx.toast.success(
            translate_plural("plural.sent_to_learners", await self._lang(), outcome.value)
        )
