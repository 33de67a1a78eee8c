"""/my/archive: the learner's finished courses, moved here 30 days after completion."""

from __future__ import annotations

import reflex as rx

from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.components.learner_nav import learner_header
from edu_platform.components.my_course_card import courses_grid, courses_skeleton
from edu_platform.state.archive import ArchiveState


@page
def archive_page() -> rx.Component:
    return rx.vstack(
        learner_header("archive"),
        rx.vstack(
            rx.heading(tr("archive.title"), size="5", as_="h2"),
            rx.text(tr("archive.hint"), size="2", color_scheme="gray"),
            spacing="1",
            width="100%",
        ),
        rx.cond(
            ~ArchiveState.loaded,
            courses_skeleton(),
            rx.cond(
                ArchiveState.courses.length() > 0,
                courses_grid(ArchiveState.courses),
                rx.callout(tr("archive.empty"), icon="info", width="100%"),
            ),
        ),
        spacing="5",
        width="100%",
    )
