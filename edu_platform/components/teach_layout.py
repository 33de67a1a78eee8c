"""The teacher's frame for one course: its title and the sections (course, learners,
sessions), or the access panel when the visitor may not teach it."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.admin_layout import access_gate
from edu_platform.components.i18n import tr
from edu_platform.components.layout import framed_page

# (section path suffix, message key, icon). The course editor is the "" section.
TEACH_SECTIONS: list[tuple[str, str, str]] = [
    ("", "teaching.nav.course", "pencil"),
    ("learners", "teaching.nav.learners", "users"),
    ("sessions", "teaching.nav.sessions", "calendar-days"),
    ("analytics", "analytics.nav", "chart-line"),
]


def teach_nav(course_id: rx.Var, active: str) -> rx.Component:
    return rx.hstack(
        *[
            link_button(
                rx.icon(icon, size=14),
                tr(key),
                size="2",
                variant="solid" if section == active else "soft",
                href="/teach/course/" + course_id.to_string() + ("/" + section if section else ""),
            )
            for section, key, icon in TEACH_SECTIONS
        ],
        spacing="2",
        wrap="wrap",
    )


def teach_layout(
    access: rx.Var, course_id: rx.Var, course_title: rx.Var, active: str, content: rx.Component
) -> rx.Component:
    """`access` is checking/ok/denied/signin, like the admin pages."""
    frame = blocks.column(
        rx.link(tr("teaching.my_courses"), href=routes.TEACH, size="2"),
        rx.heading(course_title, size="6"),
        teach_nav(course_id, active),
        rx.divider(),
        content,
        spacing="4",
    )
    return access_gate(access, routes.TEACH, frame, rx.skeleton(height="300px", width="100%"))


def teach_page(
    state, active: str, content: Callable[[], rx.Component]
) -> Callable[[], rx.Component]:
    """The page function of one tab (`active`) of a course's teacher pages: `content` in
    the teacher frame (see teach_layout) for the course of `state` (its `access`,
    `course_id` and `course_title`), inside the site's header and footer."""
    return framed_page(
        lambda body: teach_layout(state.access, state.course_id, state.course_title, active, body),
        content,
    )
