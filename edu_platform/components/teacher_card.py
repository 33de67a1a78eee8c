"""A teacher as a person: avatar (initials when there is no photo), name, bio, courses."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.course_card import course_cards_section
from edu_platform.components.i18n import tr
from edu_platform.components.markdown import safe_markdown
from edu_platform.services.teachers import TeacherCard


def teacher_avatar(teacher: TeacherCard, size: str = "6") -> rx.Component:
    return rx.avatar(
        src=teacher.avatar_url,
        fallback=teacher.initials,
        size=size,
        radius="full",
        alt=tr("teacher.avatar_alt"),
        flex_shrink="0",
    )


def teacher_bio(teacher: TeacherCard) -> rx.Component:
    # User-written Markdown: only through safe_markdown (no raw HTML).
    return rx.cond(
        teacher.bio != "",
        rx.box(safe_markdown(teacher.bio), class_name="teacher-bio", width="100%"),
        blocks.muted(tr("teacher.no_bio")),
    )


def teacher_section(teacher: TeacherCard) -> rx.Component:
    """The course page's "About the teacher": who, their bio, their other courses."""
    page_url = routes.teacher_url(teacher.id)
    return blocks.column(
        blocks.row(
            teacher_avatar(teacher),
            rx.vstack(
                rx.link(
                    rx.heading(teacher.name, size="4", as_="h3"),
                    href=page_url,
                    data_testid="teacher-link",
                ),
                blocks.labelled("teacher.courses_count", teacher.courses_count),
                rx.link(tr("teacher.page_link"), href=page_url, size="2"),
                spacing="1",
                min_width="0",
            ),
            spacing="4",
        ),
        teacher_bio(teacher),
        course_cards_section(
            rx.heading(tr("teacher.other_courses"), size="3", as_="h3"),
            teacher.other_courses,
            rx.breakpoints(initial="1", sm="2", lg="3"),
        ),
        spacing="4",
        data_testid="teacher-section",
    )
