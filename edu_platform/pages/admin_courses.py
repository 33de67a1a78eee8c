"""/admin/courses: all courses, drafts included, with publish/unpublish and the editor link."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import admin_list as lists
from edu_platform.components import blocks
from edu_platform.components.admin_layout import admin_page
from edu_platform.components.badges import flag_badge
from edu_platform.state.admin_courses import SORTS, STATUSES, AdminCoursesState, CourseItem

S = AdminCoursesState


def status_badge(row: CourseItem) -> rx.Component:
    return flag_badge(
        row.published,
        ("admin_data.courses.status.published", "green"),
        ("admin_data.courses.status.draft", "gray"),
    )


def actions(row: CourseItem) -> rx.Component:
    return rx.flex(
        blocks.icon_link_button(
            "pencil", "admin_data.courses.edit", row.editor_url, subject=row.title, size="1"
        ),
        lists.row_flag(
            S,
            row,
            row.published,
            S.set_published,
            row.title,
            clear=("admin_data.courses.unpublish", "orange", ""),
            set_=("admin_data.courses.publish", "green", ""),
        ),
        gap="8px",
        wrap="wrap",
    )


def course_row(row: CourseItem) -> rx.Component:
    return lists.list_row(
        "admin-course-row",
        rx.table.cell(
            rx.vstack(
                rx.link(row.title, href=row.course_url, weight="medium", size="2"),
                blocks.muted(row.teacher, size="1"),
                lists.phone_only(
                    rx.hstack(
                        status_badge(row), rx.text(row.price, size="1"), spacing="2", wrap="wrap"
                    )
                ),
                spacing="1",
            ),
            # Narrower on a phone, so the actions column fits beside it.
            min_width=rx.breakpoints(initial="120px", sm="180px"),
        ),
        lists.cell(status_badge(row), wide=True),
        lists.text_cell(row.price, wide=True, nowrap=True),
        lists.cell(rx.link(row.learners, href=row.enrollments_url, size="2"), wide=True),
        lists.cell(
            blocks.row(
                rx.icon("star", size=14, color=rx.color("amber", 9)),
                rx.text(row.rating, size="2"),
                blocks.muted("(", row.rating_count, ")", size="1"),
                spacing="1",
            ),
            wide=True,
        ),
        rx.table.cell(actions(row)),
    )


def content() -> rx.Component:
    return lists.keyed_list_page(
        S,
        "admin_data.courses",
        "admin-courses",
        ["course", "status", "price", "learners", "rating"],
        wide={"status", "price", "learners", "rating"},
        actions=True,
        search=(lists.hinted_filter(S, "admin-courses", "q", "admin_data.courses.search"),),
        choices=lists.keyed_filters(
            S, "admin-courses", "admin_data.courses", status=STATUSES, sort=SORTS
        ),
        row_view=course_row,
    )


admin_courses_page = admin_page(routes.ADMIN_COURSES, S.access, content)
