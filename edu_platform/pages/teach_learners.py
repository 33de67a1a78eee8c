"""/teach/course/<id>/learners: progress, quiz results and attendance of each learner;
CSV export and an announcement to everyone."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import admin_list as lists
from edu_platform.components import blocks
from edu_platform.components.buttons import download_button
from edu_platform.components.dialogs import form_dialog
from edu_platform.components.forms import area_field, error_of, labelled_field
from edu_platform.components.i18n import tr
from edu_platform.components.teach_layout import teach_page
from edu_platform.state.teach_learners import SORTS, LearnerItem, TeachLearnersState

S = TeachLearnersState


def quiz_cell(row: LearnerItem) -> rx.Component:
    return rx.cond(
        row.best_score != "",
        blocks.row(
            rx.text(row.best_score, size="2", weight="medium"),
            rx.cond(
                row.passed,
                rx.badge(tr("admin_data.learners.passed"), color_scheme="green", size="1"),
                rx.cond(
                    row.quizzes != "",
                    blocks.muted(
                        tr("admin_data.learners.passed_of"),
                        " ",
                        row.quizzes,
                        size="1",
                    ),
                ),
            ),
            wrap="wrap",
        ),
        blocks.muted(tr("admin_data.learners.no_attempts"), size="1"),
    )


def learner_row(row: LearnerItem) -> rx.Component:
    progress = rx.vstack(
        blocks.row(
            rx.text(row.progress, "%", size="2", weight="medium"),
            rx.cond(
                row.completed,
                rx.badge(tr("admin_data.learners.completed"), color_scheme="indigo", size="1"),
            ),
        ),
        rx.progress(
            value=row.progress,
            max=100,
            width="100px",
            aria_label=tr("admin_data.learners.col.progress"),
        ),
        spacing="1",
    )
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                blocks.row(
                    rx.text(row.full_name, size="2", weight="medium"),
                    rx.link(
                        rx.icon("message-circle", size=14),
                        href="/messages/u" + row.user_id.to(str),
                        aria_label=tr("inbox.write"),
                        title=tr("inbox.write"),
                        data_testid="write-learner",
                    ),
                ),
                blocks.muted(row.email, size="1"),
                lists.phone_only(
                    progress,
                    blocks.muted(
                        tr("admin_data.learners.col.attendance"),
                        ": ",
                        row.attendance,
                        " · ",
                        tr("admin_data.learners.col.points"),
                        ": ",
                        row.points,
                        size="1",
                    ),
                ),
                spacing="1",
            ),
            min_width="160px",
        ),
        lists.cell(progress, wide=True),
        lists.text_cell(row.lessons, wide=True, nowrap=True),
        lists.cell(
            rx.cond(
                row.last_activity != "",
                rx.text(row.last_activity, size="2"),
                blocks.muted(tr("admin_data.learners.never")),
            ),
            wide=True,
            nowrap=True,
        ),
        rx.table.cell(quiz_cell(row)),
        lists.text_cell(row.attendance, wide=True),
        lists.text_cell(row.points, wide=True),
        align="center",
        data_testid="learner-row",
    )


def export_link() -> rx.Component:
    return download_button(tr("admin_data.learners.export"), S.csv_url)


def announce_dialog() -> rx.Component:
    errors = S.announce_errors
    return form_dialog(
        title=tr("admin_data.learners.announce_title"),
        description=tr("admin_data.learners.announce_text"),
        fields=[
            labelled_field("subject", "admin_data.learners.subject", errors),
            area_field(
                "field-text",
                "admin_data.learners.message",
                name="text",
                required=True,
                rows="6",
                error=error_of(errors, "text"),
            ),
        ],
        submit=blocks.icon_button(
            "send", "admin_data.learners.send", type="submit", loading=S.announce_busy
        ),
        on_submit=S.announce,
        open=S.announce_open,
        on_open_change=S.set_announce_open,
        cancel_key="admin_data.cancel",
        cancel_props={"disabled": S.announce_busy},
        trigger=blocks.icon_button("megaphone", "admin_data.learners.announce"),
        form_key=S.announce_form_key.to_string(),
        max_width="520px",
    )


def content() -> rx.Component:
    return lists.list_page(
        S,
        heading=blocks.toolbar(
            rx.heading(tr("admin_data.learners.title"), size="5"),
            rx.spacer(),
            rx.flex(export_link(), announce_dialog(), gap="12px", wrap="wrap"),
        ),
        before=(
            rx.cond(
                S.notified >= 0,
                rx.callout.root(
                    rx.callout.icon(rx.icon("check")),
                    rx.callout.text(tr("admin_data.learners.notified"), " ", S.notified),
                    color_scheme="green",
                    role="status",
                    width="100%",
                    data_testid="announcement-sent",
                ),
            ),
        ),
        search=(
            lists.text_filter(
                "learners-q",
                "q",
                "admin_data.learners.search",
                S.q,
                "admin_data.learners.search_hint",
            ),
        ),
        choices=(lists.sort_filter(S, "learners-sort", "admin_data.learners.sort", SORTS),),
        headers=lists.columns(
            "admin_data.learners.col",
            ["learner", "progress", "lessons", "activity", "quiz", "attendance", "points"],
            wide={"progress", "lessons", "activity", "attendance", "points"},
        ),
        row_view=learner_row,
        empty_key="admin_data.learners.empty",
        test_id="learners",
    )


teach_learners_page = teach_page(S, "learners", content)
