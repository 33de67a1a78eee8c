"""/teachers/[teacher_ref]: who the teacher is and what they teach (public data only)."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.course_card import course_grid
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.components.page_parts import public_profile
from edu_platform.components.teacher_card import teacher_avatar, teacher_bio
from edu_platform.state.teacher_page import TeacherPageState


def profile() -> rx.Component:
    teacher = TeacherPageState.teacher
    return blocks.column(
        blocks.responsive_row(
            teacher_avatar(teacher, size="8"),
            rx.vstack(
                blocks.muted(tr("course.teacher")),
                rx.heading(teacher.name, size=rx.breakpoints(initial="7", md="8"), as_="h1"),
                blocks.labelled("teacher.courses_count", teacher.courses_count),
                spacing="1",
                min_width="0",
            ),
            spacing="5",
        ),
        rx.box(teacher_bio(teacher), max_width="720px", width="100%"),
        rx.heading(tr("teacher.courses"), size="5", as_="h2"),
        course_grid(teacher.other_courses, TeacherPageState.loading),
        spacing="5",
    )


@page
def teacher_page() -> rx.Component:
    missing = ("user-x", "teacher.not_found")
    return public_profile(
        TeacherPageState, TeacherPageState.teacher, missing, ("96px", "40%"), profile()
    )
