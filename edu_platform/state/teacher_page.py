"""/teachers/[teacher_ref]: a teacher's public page (name, photo, bio, published courses)."""

from __future__ import annotations

import reflex as rx

from edu_platform import db
from edu_platform.services import teachers
from edu_platform.services.errors import NotFound
from edu_platform.services.teachers import TeacherCard


class TeacherPageState(rx.State):
    teacher: TeacherCard | None = None
    not_found: bool = False
    loading: bool = True

    @rx.event
    async def load(self):
        self.loading = True
        try:
            teacher_id = int(str(self.teacher_ref)[:12])  # the [teacher_ref] route parameter
        except ValueError:
            teacher_id = 0
        try:
            self.teacher = await db.run(
                teachers.teacher_page, read_only=True, teacher_id=teacher_id
            )
            self.not_found = False
        except NotFound:
            self.teacher, self.not_found = None, True
        self.loading = False
