"""/my/archive: the learner's finished courses, moved here 30 days after completion."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.pages.dashboard import course_progress_card
from edu_platform.state.archive import ArchiveState


@page
def archive_page() -> rx.Component:
    return rx.vstack(
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=14), tr("nav.my_learning"), spacing="1"),
            href=routes.MY,
            size="2",
        ),
        rx.heading(tr("archive.title"), size="7"),
        rx.text(tr("archive.hint"), size="2", color_scheme="gray"),
        rx.cond(
            ~ArchiveState.loaded,
            rx.grid(
                *[rx.skeleton(height="260px", width="100%") for _ in range(3)],
                columns=rx.breakpoints(initial="1", sm="2", md="3"),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                ArchiveState.courses.length() > 0,
                rx.grid(
                    rx.foreach(ArchiveState.courses, course_progress_card),
                    columns=rx.breakpoints(initial="1", sm="2", md="3"),
                    spacing="4",
                    width="100%",
                ),
                rx.callout(tr("archive.empty"), icon="info", width="100%"),
            ),
        ),
        spacing="5",
        width="100%",
    )
