"""/admin/certificates: search, revoke, re-issue a course's certificates in bulk."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.admin_layout import admin_page
from edu_platform.components.admin_list import (
    cell,
    choice_filter,
    keyed_list_page,
    list_row,
    phone_only,
    text_cell,
    text_filter,
)
from edu_platform.components.badges import status_badge as job_badge
from edu_platform.components.buttons import row_button, submit_button
from edu_platform.components.dialogs import form_dialog
from edu_platform.components.forms import area_field, field_row, form_field
from edu_platform.components.i18n import tr
from edu_platform.components.panels import job_progress
from edu_platform.pages.certificates.common import download_button, status_badge
from edu_platform.state.admin_certificates import STATUS_FILTERS, AdminCertificatesState

S = AdminCertificatesState
COLUMNS = ["serial", "holder", "course", "issued", "status", "actions"]
JOB_COLORS = {"queued": "gray", "running": "indigo", "done": "green", "failed": "red"}
STATUS_OPTIONS = [
    (value, "certificates.admin.status_all" if value == "all" else f"certificates.status.{value}")
    for value in STATUS_FILTERS
]


def _status(row) -> rx.Component:
    return rx.vstack(
        status_badge(row.status),
        rx.cond(row.revoked_reason != "", blocks.muted(row.revoked_reason, size="1")),
        spacing="1",
    )


def certificate_row(row) -> rx.Component:
    """On a phone the serial's cell also says whose it is, for which course, when and its
    status (those columns are hidden there), and the buttons stack: the row fits 375 px."""
    return list_row(
        "admin-certificate-row",
        rx.table.cell(
            rx.vstack(
                rx.link(
                    rx.code(row.serial, variant="ghost"),
                    href=row.verify_url,
                    size="2",
                    white_space="nowrap",
                ),
                phone_only(
                    rx.vstack(
                        rx.text(row.holder_name, size="2", overflow_wrap="anywhere"),
                        blocks.muted(row.course_title, " · ", row.issued_on, size="1"),
                        _status(row),
                        spacing="1",
                    )
                ),
                spacing="1",
            ),
        ),
        text_cell(row.holder_name, wide=True),
        text_cell(row.course_title, wide=True),
        text_cell(row.issued_on, wide=True, nowrap=True),
        cell(_status(row), wide=True),
        rx.table.cell(
            rx.flex(
                rx.cond(row.pdf_url != "", download_button(row.pdf_url, size="1")),
                row_button(
                    "certificates.admin.revoke",
                    S.open_revoke(row.serial),
                    row.serial,
                    color="red",
                    when=row.status != "revoked",
                ),
                direction=rx.breakpoints(initial="column", sm="row"),
                align=rx.breakpoints(initial="start", sm="center"),
                spacing="2",
                white_space="nowrap",
            )
        ),
    )


def revoke_dialog() -> rx.Component:
    return form_dialog(
        title=tr("certificates.admin.revoke_title"),
        description=rx.vstack(
            rx.code(S.revoke_serial),
            rx.text(tr("certificates.admin.revoke_text"), size="2"),
            spacing="2",
        ),
        fields=[
            area_field(
                "revoke-reason",
                "certificates.admin.reason",
                name="reason",
                required=True,
                max_length=1000,
                error=S.revoke_error,
            )
        ],
        submit=submit_button(
            "certificates.admin.revoke_confirm", loading=S.revoking, color_scheme="red"
        ),
        on_submit=S.submit_revoke,
        open=S.revoke_open,
        on_open_change=S.close_revoke,
        cancel_key="certificates.admin.cancel",
    )


def course_picker() -> rx.Component:
    select = rx.select.root(
        rx.select.trigger(
            id="reissue-course", placeholder=tr("certificates.admin.reissue_pick"), width="100%"
        ),
        rx.select.content(
            rx.foreach(S.courses, lambda course: rx.select.item(course.label, value=course.value))
        ),
        value=S.reissue_course,
        on_change=S.set_reissue_course,
    )
    return field_row(
        form_field(
            "reissue-course",
            "certificates.admin.reissue_course",
            select,
            flex="1",
            min_width="240px",
        ),
        rx.button(
            rx.icon("refresh-cw", size=16),
            tr("certificates.admin.reissue_button"),
            on_click=S.start_reissue,
            disabled=S.reissue_course == "",
        ),
        wrap="nowrap",
    )


def reissue_card() -> rx.Component:
    progress = blocks.column(
        rx.hstack(
            rx.text(S.bulk_course, size="2", weight="medium"),
            rx.spacer(),
            job_badge(S.bulk_status, "certificates.admin.job", JOB_COLORS),
            width="100%",
            align="center",
        ),
        job_progress(
            S.bulk_percent,
            S.bulk_processed,
            S.bulk_total,
            S.bulk_failed,
            "certificates.admin",
            test_id="reissue",
        ),
        spacing="2",
    )
    return blocks.section_card(
        "certificates.admin.reissue_title",
        blocks.muted(tr("certificates.admin.reissue_text")),
        rx.cond(
            S.courses.length() > 0,
            course_picker(),
            rx.text(tr("certificates.admin.reissue_none"), size="2"),
        ),
        rx.cond(S.bulk_id > 0, progress),
    )


def admin_certificates_content() -> rx.Component:
    return keyed_list_page(
        S,
        "certificates.admin",
        "admin-certificates",
        COLUMNS,
        wide={"holder", "course", "issued", "status"},
        before=(reissue_card(),),
        search=(
            text_filter(
                "admin-certificates-q",
                "q",
                "certificates.admin.search_label",
                S.q,
                "certificates.admin.search_placeholder",
            ),
        ),
        choices=(
            choice_filter(
                S,
                "status",
                "admin-certificates-status",
                "certificates.admin.status_filter",
                STATUS_OPTIONS,
            ),
        ),
        submit_key="certificates.admin.search_submit",
        row_view=certificate_row,
        after=(revoke_dialog(),),
    )


admin_certificates_page = admin_page(
    routes.ADMIN_CERTIFICATES, S.access, admin_certificates_content
)
