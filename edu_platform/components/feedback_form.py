"""The end-of-course feedback form: a 1-5 rating and "what should we improve?".

Rendered by the player when the course is completed:
`rx.cond(PlayerState.completed, feedback_form())`.
"""

from __future__ import annotations

import reflex as rx

from edu_platform.components.forms import form_error
from edu_platform.components.i18n import tr
from edu_platform.services.feedback import MAX_IMPROVE_LENGTH
from edu_platform.state.feedback import RATINGS, FeedbackState

RATING_LABEL_ID = "feedback-rating-label"
IMPROVE_ID = "feedback-improve"


def _field_error(name: str) -> rx.Component:
    return rx.cond(
        FeedbackState.field_errors.contains(name),
        rx.text(FeedbackState.field_errors[name], size="2", color_scheme="red", role="alert"),
    )


def _rating_choice(value: str) -> rx.Component:
    return rx.text(
        rx.flex(rx.radio_group.item(value=value), value, gap="6px", align="center"),
        as_="label",
        size="3",
    )


def feedback_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(tr("feedback.title"), size="4", as_="h2"),
                rx.text(tr("feedback.intro"), size="2", color_scheme="gray"),
                rx.text(tr("feedback.rating"), id=RATING_LABEL_ID, size="2", weight="medium"),
                rx.radio_group.root(
                    rx.flex(*[_rating_choice(value) for value in RATINGS], gap="16px", wrap="wrap"),
                    value=FeedbackState.rating,
                    on_change=FeedbackState.set_rating,
                    aria_labelledby=RATING_LABEL_ID,
                ),
                _field_error("rating"),
                rx.el.label(
                    rx.text(tr("feedback.improve"), size="2", weight="medium"),
                    html_for=IMPROVE_ID,
                ),
                rx.text_area(
                    id=IMPROVE_ID,
                    name="improve",
                    value=FeedbackState.improve,
                    on_change=FeedbackState.set_improve,
                    max_length=MAX_IMPROVE_LENGTH,
                    rows="4",
                    width="100%",
                ),
                rx.cond(
                    FeedbackState.field_errors.contains("improve"),
                    _field_error("improve"),
                    rx.text(tr("feedback.improve_hint"), size="1", color_scheme="gray"),
                ),
                form_error(FeedbackState.form_error),
                rx.cond(
                    FeedbackState.sent,
                    rx.callout(
                        tr("feedback.thanks"),
                        icon="heart-handshake",
                        color_scheme="green",
                        width="100%",
                        role="status",
                    ),
                ),
                rx.button(
                    rx.cond(FeedbackState.sent, tr("feedback.update"), tr("feedback.send")),
                    type="submit",
                    loading=FeedbackState.saving,
                ),
                spacing="3",
                width="100%",
                align="start",
            ),
            method="post",
            on_submit=FeedbackState.submit,
            width="100%",
        ),
        width="100%",
        on_mount=FeedbackState.load,
        data_testid="feedback-form",
    )
