"""/teachers/[teacher_ref]: who the teacher is and what they teach (public data only)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.a11y import link_button
from edu_platform.components.course_card import course_grid
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.components.teacher_card import teacher_avatar, teacher_bio
from edu_platform.state.teacher_page import TeacherPageState


def profile() -> rx.Component:
    teacher = TeacherPageState.teacher
    return rx.vstack(
        rx.flex(
            teacher_avatar(teacher, size="8"),
            rx.vstack(
                rx.text(tr("course.teacher"), size="2", color_scheme="gray"),
                rx.heading(teacher.name, size=rx.breakpoints(initial="7", md="8"), as_="h1"),
                rx.text(
                    tr("teacher.courses_count"),
                    ": ",
                    teacher.courses_count,
                    size="2",
                    color_scheme="gray",
                ),
                spacing="1",
                min_width="0",
            ),
            direction=rx.breakpoints(initial="column", sm="row"),
            align=rx.breakpoints(initial="start", sm="center"),
            gap="20px",
        ),
        rx.box(teacher_bio(teacher), max_width="720px", width="100%"),
        rx.heading(tr("teacher.courses"), size="5", as_="h2"),
        course_grid(teacher.other_courses, TeacherPageState.loading),
        spacing="5",
        width="100%",
    )


@page
def teacher_page() -> rx.Component:
    return rx.cond(
        TeacherPageState.not_found,
        rx.center(
            rx.vstack(
                rx.icon("user-x", size=48, color=rx.color("gray", 9)),
                rx.heading(tr("teacher.not_found"), size="6", as_="h1"),
                link_button(tr("nav.catalog"), href=routes.CATALOG),
                align="center",
                spacing="4",
            ),
            min_height="40vh",
        ),
        rx.cond(
            TeacherPageState.loading | TeacherPageState.teacher.is_none(),
            rx.vstack(
                rx.skeleton(height="96px", width="40%"),
                rx.skeleton(height="20px", width="80%"),
                rx.skeleton(height="300px", width="100%"),
                spacing="4",
                width="100%",
            ),
            profile(),
        ),
    )
