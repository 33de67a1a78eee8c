"""/teach: the teacher's courses with their status and figures, and "New course"."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.admin_layout import access_gate
from edu_platform.components.admin_list import filter_bar, text_filter
from edu_platform.components.badges import flag_badge
from edu_platform.components.buttons import submit_button
from edu_platform.components.dialogs import form_dialog
from edu_platform.components.forms import form_error, input_field
from edu_platform.components.i18n import localized_number, tr, tr_plural
from edu_platform.components.layout import page
from edu_platform.components.page_parts import FILL
from edu_platform.components.panels import numbered_page_buttons
from edu_platform.components.teach_overview import teach_overview
from edu_platform.services.authoring import TeachCourseRow
from edu_platform.state.teach_courses import TeachCoursesState


def status_badge(is_published: rx.Var) -> rx.Component:
    return flag_badge(
        is_published,
        ("authoring.status.published", "green"),
        ("authoring.status.draft", "amber"),
        variant="soft",
    )


def new_course_dialog() -> rx.Component:
    return form_dialog(
        title=tr("authoring.new_course"),
        description=tr("authoring.new_course_hint"),
        fields=[
            input_field(
                "new-course-title",
                "authoring.field.title",
                name="title",
                required=True,
                max_length=300,
                size="3",
                auto_focus=True,
            ),
            form_error(TeachCoursesState.new_error),
        ],
        submit=submit_button("authoring.create", loading=TeachCoursesState.creating),
        on_submit=TeachCoursesState.create,
        open=TeachCoursesState.new_open,
        on_open_change=TeachCoursesState.set_new_open,
        cancel_key="authoring.cancel",
        trigger=blocks.icon_button("plus", "authoring.new_course", size="3"),
    )


def thumbnail(row: TeachCourseRow) -> rx.Component:
    """The course cover, small (2:1); a placeholder when the course has none."""
    box = {
        "width": rx.breakpoints(initial="88px", sm="112px"),
        "aspect_ratio": "2 / 1",
        "border_radius": "var(--radius-2)",
        "flex_shrink": "0",
        "data_testid": "teach-thumbnail",
    }
    return rx.cond(
        row.banner_url != "",
        rx.image(
            src=row.banner_url,
            alt=tr("teacher.overview.thumbnail"),
            object_fit="cover",
            loading="lazy",
            **box,
        ),
        rx.center(
            rx.icon("book-open", size=22, color="white"),
            background=f"linear-gradient(135deg, {rx.color('accent', 9)}, {rx.color('iris', 11)})",
            aria_hidden="true",
            **box,
        ),
    )


def course_row(row: TeachCourseRow) -> rx.Component:
    return rx.card(
        blocks.responsive_row(
            blocks.row(
                thumbnail(row),
                rx.vstack(
                    rx.link(
                        rx.text(row.title, weight="bold", size="3"),
                        href="/teach/course/" + row.id.to_string(),
                        data_testid="teach-course-link",
                    ),
                    blocks.row(
                        status_badge(row.is_published),
                        rx.cond(
                            TeachCoursesState.is_admin,
                            blocks.muted(row.teacher_name, size="1"),
                        ),
                        wrap="wrap",
                    ),
                    spacing="1",
                    **FILL,
                ),
                spacing="3",
                width=rx.breakpoints(initial="100%", sm="auto"),
                **FILL,
            ),
            rx.hstack(
                counted("users", tr_plural("plural.learners", row.learners)),
                counted("book-open", tr_plural("plural.lessons", row.lessons)),
                figure(
                    "star",
                    tr("authoring.list.rating"),
                    rx.cond(
                        row.rating_count > 0,
                        localized_number(row.rating, 1),
                        "—",  # not "0.0" for a course nobody rated
                    ),
                ),
                spacing="4",
                wrap="wrap",
            ),
            blocks.icon_link_button(
                "pencil",
                "authoring.list.edit",
                "/teach/course/" + row.id.to_string(),
                subject=row.title,
                size="2",
            ),
        ),
        width="100%",
        data_testid="teach-course",
    )


def counted(icon: str, text: rx.Var) -> rx.Component:
    """'12 learners' beside its icon (the noun agrees with the number)."""
    return blocks.row(
        rx.icon(icon, size=14, color=rx.color("gray", 10)),
        rx.text(text, size="2"),
        spacing="1",
    )


def figure(icon: str, label: rx.Var, value: rx.Var) -> rx.Component:
    return blocks.row(
        rx.icon(icon, size=14, color=rx.color("gray", 10)),
        rx.text(value, size="2", weight="medium"),
        blocks.muted(label, size="1"),
        spacing="1",
    )


def admin_search() -> rx.Component:
    """An admin sees every teacher's courses: a search over them."""
    state = TeachCoursesState
    return rx.box(
        filter_bar(
            [text_filter("teach-courses-q", "q", "authoring.list.search", state.q)],
            state.search,
            state.loading,
            submit_key="authoring.list.search_submit",
        ),
        width="100%",
        max_width="520px",
    )


def pager() -> rx.Component:
    state = TeachCoursesState
    return rx.cond(
        state.pages > 1,
        numbered_page_buttons(state.page, state.pages, state.go_to_page, "authoring.list"),
    )


def content() -> rx.Component:
    return blocks.column(
        blocks.toolbar(
            rx.heading(tr("teaching.my_courses"), size="7"), rx.spacer(), new_course_dialog()
        ),
        teach_overview(),
        rx.heading(tr("teacher.overview.courses"), size="5", as_="h2"),
        rx.cond(TeachCoursesState.is_admin, admin_search()),
        blocks.list_or_empty(
            TeachCoursesState.courses,
            course_row,
            rx.callout(tr("authoring.list.empty"), icon="book-plus", width="100%"),
            loading=TeachCoursesState.loading,
            skeleton=blocks.skeletons("72px", "72px", "72px"),
        ),
        pager(),
        spacing="4",
    )


@page
def teach_courses_page() -> rx.Component:
    return access_gate(
        TeachCoursesState.access,
        routes.TEACH,
        content(),
        rx.skeleton(height="300px", width="100%"),
    )
