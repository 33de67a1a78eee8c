"""The course page's schedule: live sessions in the viewer's time zone, the zone named."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.i18n import tr
from edu_platform.services.course_page import SessionSlot
from edu_platform.state.course import CourseState
from edu_platform.state.i18n import LangState


def session_row(slot: SessionSlot) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.icon("calendar", size=18, color=rx.color("accent", 10), flex_shrink="0"),
            rx.vstack(
                rx.text(slot.title, weight="medium", size="2"),
                rx.text(slot.when_labels[LangState.lang], size="1", data_testid="session-time"),
                blocks.muted(
                    rx.cond(slot.location != "", slot.location, tr("course.online")),
                    size="1",
                ),
                spacing="0",
            ),
            align="center",
        ),
        size="1",
    )


def course_schedule() -> tuple[rx.Component, ...]:
    """The zone the times are in, then the sessions."""
    return (
        blocks.muted(
            tr("teacher.time_zone.shown_in"),
            " ",
            rx.cond(CourseState.viewer_zone != "", CourseState.viewer_zone, "UTC"),
            size="1",
            data_testid="schedule-zone",
        ),
        blocks.grid_of(
            CourseState.sessions,
            session_row,
            columns=rx.breakpoints(initial="1", sm="2"),
        ),
    )
