"""The course page's main button: enrol for free, buy (cart), or continue learning.

All arguments are Vars of the page's state. Anonymous visitors who press Enrol or Buy are
sent to /login?next=<course url> by the handlers (CourseActionState in state/cart.py).
"""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.a11y import link_button
from edu_platform.components.buttons import MAIN_ACTION
from edu_platform.components.i18n import tr
from edu_platform.state.cart import CourseActionState

# Whichever button the course offers, tests find it by one id.
COURSE_ACTION = MAIN_ACTION | {"data_testid": "course-action"}


def course_action_button(
    course_id, slug, is_free, price_label, enrolled, progress_percent=0
) -> rx.Component:
    """'Start learning' when enrolled with nothing done yet (or just enrolled here),
    'Continue learning' once started, else 'Enrol for free' or 'Buy for <price>'."""
    has_access = enrolled | CourseActionState.enrolled_ids.contains(course_id)
    busy = CourseActionState.busy_id == course_id
    return rx.cond(
        has_access,
        link_button(
            rx.cond(
                enrolled & (progress_percent > 0),
                tr("commerce.action.continue"),
                tr("learner_nav.start_learning"),
            ),
            href=routes.learn_url(slug),
            **COURSE_ACTION,
        ),
        rx.cond(
            is_free,
            rx.button(
                tr("commerce.action.enrol_free"),
                on_click=CourseActionState.enrol_free(course_id, slug),
                loading=busy,
                **COURSE_ACTION,
            ),
            rx.button(
                tr("commerce.action.buy_for"),
                " ",
                price_label,
                on_click=CourseActionState.buy(course_id, slug),
                loading=busy,
                **COURSE_ACTION,
            ),
        ),
    )
