"""The end-of-course feedback form: a 1-5 rating and "what should we improve?".

Rendered by the player when the course is completed:
`rx.cond(PlayerState.completed, feedback_form())`.
"""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.forms import error_of, error_text, form_error, form_field
from edu_platform.components.i18n import tr
from edu_platform.services.feedback import MAX_IMPROVE_LENGTH
from edu_platform.state.feedback import RATINGS, FeedbackState

RATING_LABEL_ID = "feedback-rating-label"
IMPROVE_ID = "feedback-improve"


def _rating_choice(value: str) -> rx.Component:
    return rx.text(
        rx.flex(rx.radio_group.item(value=value), value, gap="6px", align="center"),
        as_="label",
        size="3",
    )


def feedback_form() -> rx.Component:
    errors = FeedbackState.field_errors
    improve = rx.text_area(
        id=IMPROVE_ID,
        name="improve",
        value=FeedbackState.improve,
        on_change=FeedbackState.set_improve,
        max_length=MAX_IMPROVE_LENGTH,
        rows="4",
        width="100%",
    )
    return rx.card(
        blocks.post_form(
            FeedbackState.submit,
            rx.heading(tr("feedback.title"), size="4", as_="h2"),
            blocks.muted(tr("feedback.intro")),
            rx.text(tr("feedback.rating"), id=RATING_LABEL_ID, size="2", weight="medium"),
            rx.radio_group.root(
                rx.flex(*[_rating_choice(value) for value in RATINGS], gap="16px", wrap="wrap"),
                value=FeedbackState.rating,
                on_change=FeedbackState.set_rating,
                aria_labelledby=RATING_LABEL_ID,
            ),
            error_text(error_of(errors, "rating")),
            form_field(
                IMPROVE_ID,
                "feedback.improve",
                improve,
                error=error_of(errors, "improve"),
                hint_key="feedback.improve_hint",
            ),
            form_error(FeedbackState.form_error),
            rx.cond(
                FeedbackState.sent,
                blocks.notice(tr("feedback.thanks"), tone="success", icon="heart-handshake"),
            ),
            rx.button(
                rx.cond(FeedbackState.sent, tr("feedback.update"), tr("feedback.send")),
                type="submit",
                loading=FeedbackState.saving,
            ),
        ),
        width="100%",
        on_mount=FeedbackState.load,
        data_testid="feedback-form",
    )
