"""/teach/course/<id>/sessions: the schedule, QR codes and attendance lists."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import admin_list as lists
from edu_platform.components import blocks
from edu_platform.components.buttons import row_button, submit_button
from edu_platform.components.dialogs import view_dialog
from edu_platform.components.forms import form_card, labelled_field
from edu_platform.components.i18n import tr
from edu_platform.components.page_parts import field_grid
from edu_platform.components.room_qr import room_view
from edu_platform.components.teach_layout import teach_page
from edu_platform.components.time_zone import zone_probe
from edu_platform.services.attendance import AttendanceRow, SessionRow
from edu_platform.state.i18n import LangState
from edu_platform.state.teach_sessions import TeachSessionsState

S = TeachSessionsState
# A session's buttons, each naming the session for screen readers: label, handler, look.
SESSION_ACTIONS = (
    ("teaching.sessions.qr", S.show_qr, {"icon": "qr-code"}),
    ("teacher.room.open", S.show_room, {"icon": "presentation"}),
    ("teaching.sessions.attendance", S.open_roster, {"icon": "list-checks"}),
    ("teaching.sessions.delete", S.delete_session, {"color": "red", "variant": "ghost"}),
)


def new_session_form() -> rx.Component:
    errors = TeachSessionsState.field_errors
    return form_card(
        "teaching.sessions.new",
        labelled_field("title", "teaching.sessions.title_field", errors),
        labelled_field(
            "date",
            "teaching.sessions.date",
            errors,
            placeholder=tr("locale.date_placeholder"),
            hint_key="locale.date_hint",
        ),
        field_grid(
            labelled_field("start", "teaching.sessions.start", errors, type_="time"),
            labelled_field("end", "teaching.sessions.end", errors, type_="time"),
            columns="2",
        ),
        blocks.muted(
            tr("teacher.time_zone.entered_in"),
            " ",
            rx.text.strong(TeachSessionsState.zone_name),
            " (",
            rx.link(tr("teacher.time_zone.change"), href=routes.ACCOUNT),
            ")",
            size="1",
            data_testid="form-zone",
        ),
        labelled_field("location", "teaching.sessions.location", errors, required=False),
        labelled_field(
            "meeting_url", "teaching.sessions.link", errors, type_="url", required=False
        ),
        submit=submit_button("teaching.sessions.add"),
        on_submit=TeachSessionsState.add_session,
        key=TeachSessionsState.form_key.to_string(),
    )


def roster_row(row: AttendanceRow) -> rx.Component:
    return rx.table.row(
        lists.person_cell(row.full_name, row.email),
        rx.table.cell(
            rx.checkbox(
                tr("teaching.sessions.present"),
                checked=row.present,
                on_change=lambda checked: TeachSessionsState.toggle_present(row.user_id, checked),
            )
        ),
        rx.table.cell(rx.text(row.points, size="2")),
    )


def roster() -> rx.Component:
    return rx.cond(
        TeachSessionsState.roster.length() == 0,
        blocks.muted(tr("teaching.sessions.no_learners")),
        rx.table.root(
            rx.table.body(rx.foreach(TeachSessionsState.roster, roster_row)), size="1", width="100%"
        ),
    )


def session_card(row: SessionRow) -> rx.Component:
    is_open = TeachSessionsState.open_session_id == row.id
    return rx.card(
        rx.vstack(
            blocks.toolbar(
                rx.vstack(
                    rx.text(row.title, weight="bold"),
                    rx.text(row.when_labels[LangState.lang], size="2", data_testid="session-time"),
                    blocks.muted(row.location, " ", row.meeting_url, size="1"),
                    spacing="1",
                ),
                rx.spacer(),
                rx.badge(row.present, " ", tr("teaching.sessions.attended"), variant="soft"),
                *[
                    row_button(label_key, action(row.id), row.title, **look)
                    for label_key, action, look in SESSION_ACTIONS
                ],
                gap="8px",
            ),
            rx.cond(is_open, roster()),
            width="100%",
        ),
        width="100%",
    )


def qr_dialog() -> rx.Component:
    return view_dialog(
        TeachSessionsState.qr_title,
        rx.center(
            rx.image(
                src=TeachSessionsState.qr_image,
                width="280px",
                height="280px",
                alt=TeachSessionsState.qr_url,
            ),
            padding="16px",
        ),
        blocks.muted(
            TeachSessionsState.qr_url,
            size="1",
            data_testid="checkin-url",
            style={"word_break": "break-all"},
        ),
        rx.flex(
            blocks.icon_button(
                "presentation", "teacher.room.open", on_click=TeachSessionsState.open_room
            ),
            rx.dialog.close(
                rx.button(
                    tr("teaching.sessions.close"),
                    variant="soft",
                    on_click=TeachSessionsState.hide_qr,
                )
            ),
            gap="8px",
            wrap="wrap",
        ),
        description=tr("teaching.sessions.qr_hint"),
        open=(TeachSessionsState.qr_image != "") & ~TeachSessionsState.room_open,
    )


def content() -> rx.Component:
    return blocks.column(
        rx.heading(tr("teaching.sessions.title"), size="5"),
        rx.flex(
            rx.box(
                new_session_form(),
                width=rx.breakpoints(initial="100%", md="360px"),
                flex_shrink="0",
            ),
            blocks.column(
                blocks.list_or_empty(
                    TeachSessionsState.sessions,
                    session_card,
                    rx.callout(tr("teaching.sessions.empty"), icon="calendar", width="100%"),
                ),
                flex="1",
            ),
            direction=rx.breakpoints(initial="column", md="row"),
            gap="24px",
            width="100%",
            align="start",
        ),
        qr_dialog(),
        rx.cond(TeachSessionsState.room_open, room_view()),
        zone_probe(TeachSessionsState.report_zone),
        spacing="4",
    )


teach_sessions_page = teach_page(TeachSessionsState, "sessions", content)
