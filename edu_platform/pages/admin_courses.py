"""/admin/courses: all courses, drafts included, with publish/unpublish and the editor link."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import admin_list as lists
from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.admin_layout import admin_page
from edu_platform.components.badges import flag_badge
from edu_platform.components.buttons import flag_button
from edu_platform.components.i18n import tr
from edu_platform.state.admin_courses import SORTS, STATUSES, AdminCoursesState, CourseItem

S = AdminCoursesState


def status_badge(row: CourseItem) -> rx.Component:
    return flag_badge(
        row.published,
        ("admin_data.courses.status.published", "green"),
        ("admin_data.courses.status.draft", "gray"),
    )


def actions(row: CourseItem) -> rx.Component:
    busy = S.busy_id == row.id
    return rx.flex(
        link_button(
            rx.icon("pencil", size=14),
            tr("admin_data.courses.edit"),
            size="1",
            variant="soft",
            href=row.editor_url,
            aria_label=tr("admin_data.courses.edit") + " " + row.title,
        ),
        flag_button(
            row.published,
            S.set_published,
            row.id,
            row.title,
            clear=("admin_data.courses.unpublish", "orange", ""),
            set_=("admin_data.courses.publish", "green", ""),
            busy=busy,
        ),
        gap="8px",
        wrap="wrap",
    )


def course_row(row: CourseItem) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.link(row.title, href=row.course_url, weight="medium", size="2"),
                blocks.muted(row.teacher, size="1"),
                lists.phone_only(
                    rx.hstack(status_badge(row), rx.text(row.price, size="1"), spacing="2")
                ),
                spacing="1",
            ),
            min_width="180px",
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
        align="center",
        data_testid="admin-course-row",
    )


def content() -> rx.Component:
    return lists.list_page(
        S,
        title_key="admin_data.courses.title",
        search=(
            lists.text_filter(
                "admin-courses-q",
                "q",
                "admin_data.courses.search",
                S.q,
                "admin_data.courses.search_hint",
            ),
        ),
        choices=(
            lists.choice_filter(
                S,
                "status",
                "admin-courses-status",
                "admin_data.courses.status",
                lists.keyed("admin_data.courses.status", STATUSES),
            ),
            lists.sort_filter(S, "admin-courses-sort", "admin_data.courses.sort", SORTS),
        ),
        headers=lists.columns(
            "admin_data.courses.col",
            ["course", "status", "price", "learners", "rating"],
            wide={"status", "price", "learners", "rating"},
            actions=True,
        ),
        row_view=course_row,
        empty_key="admin_data.courses.empty",
        test_id="admin-courses",
    )


admin_courses_page = admin_page(routes.ADMIN_COURSES, S.access, content)
