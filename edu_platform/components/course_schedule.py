"""The course page's schedule: live sessions in the viewer's time zone, the zone named."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.i18n import tr
from edu_platform.services.course_page import SessionSlot
from edu_platform.state.course import CourseState
from edu_platform.state.i18n import LangState


def place(location: rx.Var) -> rx.Component:
    """Where a session happens: its place, or "Online"."""
    return blocks.muted(rx.cond(location != "", location, tr("course.online")), size="1")


def session_card(title: rx.Var, when: rx.Var, *lines: rx.Component, **props) -> rx.Component:
    """A live session in a small card: the calendar icon, its title, its times, then
    `lines` (the course, the place or link)."""
    return rx.card(
        rx.hstack(
            rx.icon("calendar", size=18, color=rx.color("accent", 10), flex_shrink="0"),
            rx.vstack(
                rx.text(title, weight="medium", size="2"),
                *lines[:-1],
                rx.text(when, size="1", data_testid="session-time"),
                *lines[-1:],
                spacing="0",
                min_width="0",
            ),
            align="center",
        ),
        size="1",
        **props,
    )


def zone_note(zone: rx.Var) -> rx.Component:
    """Which zone the times are written in (UTC when the viewer's is unknown)."""
    return blocks.muted(
        tr("teacher.time_zone.shown_in"),
        " ",
        rx.cond(zone != "", zone, "UTC"),
        size="1",
        data_testid="schedule-zone",
    )


def session_row(slot: SessionSlot) -> rx.Component:
    return session_card(slot.title, slot.when_labels[LangState.lang], place(slot.location))


def course_schedule() -> tuple[rx.Component, ...]:
    """The zone the times are in, then the sessions."""
    return (
        zone_note(CourseState.viewer_zone),
        blocks.grid_of(
            CourseState.sessions,
            session_row,
            columns=rx.breakpoints(initial="1", sm="2"),
        ),
    )
