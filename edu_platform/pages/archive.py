"""/my/archive: the learner's finished courses, moved here 30 days after completion."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.components.learner_nav import learner_page
from edu_platform.components.my_course_card import my_courses
from edu_platform.state.archive import ArchiveState


@page
def archive_page() -> rx.Component:
    return learner_page(
        "archive",
        blocks.titled("archive.title", "archive.hint"),
        my_courses(ArchiveState.courses, ArchiveState.loaded, blocks.notice(tr("archive.empty"))),
    )
