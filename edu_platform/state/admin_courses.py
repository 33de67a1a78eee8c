"""/admin/courses: every course with search, a published/draft filter and sorting;
publish or unpublish one, open it in the teacher's editor."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import db, routes
from edu_platform.audit import acting_as
from edu_platform.services import admin_courses
from edu_platform.services.errors import DomainError, Forbidden
from edu_platform.state.admin import DENIED
from edu_platform.state.admin_lists import PER_PAGE, ListPager, choice, text_input

STATUSES = admin_courses.STATUSES
SORTS = tuple(admin_courses.SORTS)


@dataclass
class CourseItem:
    id: int
    title: str
    teacher: str
    teacher_email: str
    published: bool
    price: str
    learners: int
    rating: str
    rating_count: int
    course_url: str
    editor_url: str
    enrollments_url: str


class AdminCoursesState(ListPager, rx.State):
    rows: list[CourseItem] = []
    q: str = ""
    status: str = "all"
    sort: str = "newest"
    busy_id: int = 0

    def _clear_rows(self) -> None:
        self.rows = []

    async def _fetch(self, user_id: int) -> None:
        result = await db.run(
            admin_courses.list_courses,
            actor_id=user_id,
            q=self.q,
            status=self.status,
            sort=self.sort,
            page=self.current_page,
            per_page=PER_PAGE,
        )
        self.rows = [
            CourseItem(
                id=row.id,
                title=row.title,
                teacher=row.teacher_name,
                teacher_email=row.teacher_email,
                published=row.is_published,
                price=await self._money(row.price, row.currency),
                learners=row.enrollment_count,
                rating=f"{row.rating_avg:.1f}" if row.rating_count else "–",
                rating_count=row.rating_count,
                course_url=routes.course_url(row.slug),
                editor_url=routes.teach_course_url(row.id),
                enrollments_url=f"{routes.ADMIN_ENROLLMENTS}?course={row.id}",
            )
            for row in result.items
        ]
        self.total = result.total

    @rx.event
    async def load(self):
        self.q, self.status, self.sort = "", "all", "newest"
        await self._restart()

    @rx.event
    async def search(self, form_data: dict):
        self.q = text_input(form_data, "q")
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
    async def set_published(self, course_id: int, published: bool):
        actor_id = await self._actor()
        if actor_id is None or isinstance(course_id, bool) or not isinstance(course_id, int):
            return
        self.busy_id = course_id
        yield
        try:
            with acting_as(actor_id):
                await db.run(
                    admin_courses.set_published,
                    actor_id=actor_id,
                    course_id=course_id,
                    published=published is True,
                )
        except Forbidden:
            self._deny(DENIED)
            return
        except DomainError as error:
            yield rx.toast.error(await self._error_text(error))
            return
        finally:
            self.busy_id = 0
        await self._refresh()
        done = "published" if published is True else "unpublished"
        yield rx.toast.success(await self._text(f"admin_data.courses.{done}"))
