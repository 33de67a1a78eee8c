"""/admin/enrollments: the enrolments table, enrolling by hand, expelling with confirmation."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import admin_list as lists
from edu_platform.components import badges
from edu_platform.components.admin_layout import admin_page
from edu_platform.components.buttons import row_button, submit_button
from edu_platform.components.dialogs import confirm_dialog
from edu_platform.components.forms import field_row, form_card, labelled_field
from edu_platform.components.i18n import tr
from edu_platform.state.admin_enrollments import (
    SORTS,
    STATUSES,
    AdminEnrollmentsState,
    EnrollmentRow,
)

S = AdminEnrollmentsState
STATUS_COLORS = {"active": "green", "completed": "indigo", "expired": "gray", "cancelled": "red"}
SOURCES = ("free", "order", "import", "admin")


def status_badge(status: rx.Var) -> rx.Component:
    return badges.status_badge(status, "admin_data.enrollments.status", STATUS_COLORS)


def enrollment_row(row: EnrollmentRow) -> rx.Component:
    return lists.list_row(
        "admin-enrollment-row",
        lists.person_cell(
            row.full_name,
            row.email,
            lists.phone_only(rx.text(row.course_title, size="1")),
            lists.phone_only(status_badge(row.status)),
        ),
        lists.cell(rx.link(row.course_title, href=row.course_url, size="2"), wide=True),
        lists.cell(status_badge(row.status), wide=True),
        lists.cell(
            rx.text(
                rx.match(
                    row.source,
                    *[(s, tr(f"admin_data.enrollments.source.{s}")) for s in SOURCES],
                    row.source,
                ),
                size="2",
            ),
            wide=True,
        ),
        lists.text_cell(row.progress, "%", wide=True),
        lists.text_cell(row.enrolled, wide=True, nowrap=True),
        rx.table.cell(
            row_button(
                "admin_data.enrollments.expel",
                S.ask_expel(row.id),
                row.email,
                icon="user-minus",
                color="red",
                when=row.can_expel,
            )
        ),
    )


def enrol_form() -> rx.Component:
    wide = {"flex": "1", "min_width": "220px"}
    return form_card(
        "admin_data.enrol.title",
        field_row(
            rx.box(
                labelled_field("email", "admin_data.enrol.email", S.enrol_errors, type_="email"),
                **wide,
            ),
            rx.box(
                labelled_field(
                    "course_ref",
                    "admin_data.enrol.course",
                    S.enrol_errors,
                    hint_key="admin_data.enrol.course_hint",
                ),
                **wide,
            ),
            align="stretch",
            wrap="nowrap",
        ),
        submit=submit_button("admin_data.enrol.submit", icon="user-plus", loading=S.enrol_busy),
        on_submit=S.enrol,
        key=S.enrol_form_key.to_string(),
    )


def expel_dialog() -> rx.Component:
    return confirm_dialog(
        title=tr("admin_data.enrollments.expel_title"),
        description=S.expel_label,
        note=tr("admin_data.enrollments.expel_text"),
        confirm=rx.button(
            tr("admin_data.enrollments.expel_confirm"),
            color_scheme="red",
            on_click=S.confirm_expel,
            loading=S.expel_busy,
        ),
        open=S.expel_id > 0,
        on_open_change=S.set_expel_open,
        cancel_key="admin_data.cancel",
        cancel_props={"disabled": S.expel_busy},
    )


def content() -> rx.Component:
    return lists.keyed_list_page(
        S,
        "admin_data.enrollments",
        "admin-enrollments",
        ["learner", "course", "status", "source", "progress", "enrolled"],
        wide={"course", "status", "source", "progress", "enrolled"},
        actions=True,
        before=(enrol_form(),),
        search=(
            lists.hinted_filter(S, "admin-enrollments", "course", "admin_data.filter.course"),
            lists.hinted_filter(S, "admin-enrollments", "user", "admin_data.filter.user"),
        ),
        choices=lists.keyed_filters(
            S, "admin-enrollments", "admin_data.enrollments", status=STATUSES, sort=SORTS
        ),
        row_view=enrollment_row,
        after=(expel_dialog(),),
    )


admin_enrollments_page = admin_page(routes.ADMIN_ENROLLMENTS, S.access, content)
