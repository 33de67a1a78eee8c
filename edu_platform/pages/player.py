"""The course player: contents sidebar, the lesson, previous/next, progress."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.bell import write_teacher_button
from edu_platform.components.feedback_form import feedback_form
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.components.markdown import safe_markdown
from edu_platform.components.page_parts import FILL, beside_on_wide, side_pane
from edu_platform.components.quiz import quiz_panel
from edu_platform.services.player import AttachmentLink
from edu_platform.services.progress import LessonMark, ModuleMarks
from edu_platform.state.player import PlayerState

# Text the author wrote is in the course's language (screen readers, hyphenation).
IN_COURSE_LANGUAGE = {"custom_attrs": {"lang": PlayerState.course_language}}

STATUS_ICONS = {
    "done": ("circle-check", "green"),
    "current": ("circle-play", "indigo"),
    "open": ("circle", "gray"),
    "locked": ("lock", "gray"),
}


def lesson_link(mark: LessonMark) -> rx.Component:
    icon = rx.match(
        mark.status,
        *[
            (status, rx.icon(name, size=16, color=rx.color(color, 10)))
            for status, (name, color) in STATUS_ICONS.items()
        ],
        rx.icon("circle", size=16),
    )
    is_open = PlayerState.lesson.id == mark.id
    row = blocks.row(
        icon,
        rx.text(mark.title, size="2", weight=rx.cond(is_open, "bold", "regular")),
        padding="6px 8px",
        border_radius="8px",
        background=rx.cond(is_open, rx.color("accent", 3), "transparent"),
        width="100%",
    )
    return rx.cond(
        mark.status == "locked",
        rx.tooltip(
            rx.box(row, opacity="0.6", aria_disabled="true", data_testid="locked-lesson"),
            content=tr("learning.locked_hint"),
        ),
        blocks.block_link(row, href=routes.learn_url(PlayerState.course_slug, mark.id)),
    )


def module_block(module: ModuleMarks) -> rx.Component:
    return blocks.column(
        blocks.muted(module.title, size="1", weight="bold", text_transform="uppercase"),
        rx.foreach(module.lessons, lesson_link),
        spacing="1",
        **IN_COURSE_LANGUAGE,
    )


def sidebar() -> rx.Component:
    return blocks.stacked_card(
        blocks.block_link(
            rx.heading(PlayerState.course_title, size="3", **IN_COURSE_LANGUAGE),
            href=routes.course_url(PlayerState.course_slug),
        ),
        blocks.column(
            rx.hstack(
                rx.text(tr("learning.progress"), size="1"),
                rx.spacer(),
                rx.text(PlayerState.percent, "%", size="1", weight="bold"),
                width="100%",
            ),
            rx.progress(
                value=PlayerState.percent,
                aria_label=tr("learning.progress"),
                data_testid="course-progress",
            ),
            blocks.muted(
                PlayerState.lessons_done,
                " / ",
                PlayerState.lessons_total,
                " ",
                tr("learning.lessons_done"),
                size="1",
            ),
            spacing="1",
        ),
        write_teacher_button(
            routes.conversation_url("teacher-" + PlayerState.course_slug), size="1"
        ),
        rx.divider(),
        rx.foreach(PlayerState.modules, module_block),
        spacing="4",
    )


def attachment_row(attachment: AttachmentLink) -> rx.Component:
    return rx.el.a(
        blocks.row(
            rx.icon("paperclip", size=16),
            rx.text(attachment.filename, size="2"),
        ),
        href=attachment.url,
        download=attachment.filename,
    )


def lesson_body() -> rx.Component:
    lesson = PlayerState.lesson
    return blocks.column(
        rx.heading(lesson.title, size="7", **IN_COURSE_LANGUAGE),
        rx.match(
            lesson.kind,
            (
                "video",
                rx.vstack(
                    rx.cond(
                        PlayerState.video_src != "",
                        rx.box(
                            rx.video(
                                src=PlayerState.video_src,
                                controls=True,
                                width="100%",
                                height="auto",
                                on_time_update=PlayerState.video_time.throttle(5000),
                                on_duration_change=PlayerState.video_duration,
                                on_ended=PlayerState.video_ended,
                            ),
                            width="100%",
                            aspect_ratio="16 / 9",
                            background="black",
                            border_radius="12px",
                            overflow="hidden",
                        ),
                    ),
                    blocks.muted(tr("learning.video_autocomplete"), size="1"),
                    safe_markdown(lesson.body),
                    width="100%",
                ),
            ),
            ("quiz", quiz_panel(lesson.id)),
            rx.box(
                safe_markdown(lesson.body),
                class_name="lesson-text",
                width="100%",
                **IN_COURSE_LANGUAGE,
            ),
        ),
        rx.cond(
            lesson.attachments.length() > 0,
            blocks.stacked_card(
                rx.text(tr("learning.attachments"), weight="bold", size="2"),
                rx.foreach(lesson.attachments, attachment_row),
                spacing="2",
            ),
        ),
        rx.cond(
            PlayerState.just_completed,
            blocks.notice(tr("learning.course_completed"), tone="success", icon="party-popper"),
        ),
        rx.cond(PlayerState.completed, feedback_form()),
        blocks.toolbar(
            rx.cond(
                PlayerState.prev_id > 0,
                link_button(
                    rx.icon("arrow-left", size=16),
                    tr("learning.prev"),
                    variant="soft",
                    href=routes.learn_url(PlayerState.course_slug, PlayerState.prev_id),
                ),
            ),
            rx.spacer(),
            rx.cond(
                lesson.marked_done_by_hand,
                rx.cond(
                    PlayerState.lesson_done,
                    blocks.icon_badge("check", "learning.done", "green", icon_size=14, size="3"),
                    rx.button(
                        tr("learning.mark_done"),
                        on_click=PlayerState.mark_done,
                        color_scheme="green",
                    ),
                ),
            ),
            rx.cond(
                PlayerState.next_id > 0,
                link_button(
                    tr("learning.next"),
                    rx.icon("arrow-right", size=16),
                    href=routes.learn_url(PlayerState.course_slug, PlayerState.next_id),
                ),
            ),
        ),
        spacing="5",
    )


def error_panel() -> rx.Component:
    return blocks.status_panel(
        "lock",
        "gray",
        rx.text(PlayerState.error, size="4", data_testid="player-error"),
        rx.cond(
            PlayerState.course_slug != "",
            link_button(
                tr("learning.back_to_course"),
                variant="soft",
                href=routes.course_url(PlayerState.course_slug),
            ),
            link_button(tr("nav.catalog"), variant="soft", href=routes.CATALOG),
        ),
        icon_size=40,
    )


@page
def player_page() -> rx.Component:
    return rx.cond(
        PlayerState.error != "",
        error_panel(),
        rx.cond(
            PlayerState.loading | PlayerState.lesson.is_none(),
            rx.hstack(
                rx.skeleton(height="400px", width="280px"),
                rx.skeleton(height="400px", width="100%"),
                width="100%",
            ),
            beside_on_wide(
                side_pane(sidebar(), "300px"),
                rx.box(lesson_body(), width="100%", **FILL),
                gap="24px",
            ),
        ),
    )


@page
def player_start_page() -> rx.Component:
    """/learn/<slug>: shows a skeleton while on_load redirects to the right lesson."""
    return rx.cond(
        PlayerState.error != "", error_panel(), rx.skeleton(height="400px", width="100%")
    )
