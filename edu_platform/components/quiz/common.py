"""Pieces the quiz views share."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.i18n import tr

GAP = "16px"


def fact(icon: str, label_key: str, value: rx.Component) -> rx.Component:
    return blocks.row(
        rx.icon(icon, size=18, color=rx.color("accent", 10)),
        rx.vstack(
            blocks.muted(tr(label_key), size="1"),
            value,
            spacing="0",
        ),
        spacing="3",
    )


def outcome_badge(passed: rx.Var) -> rx.Component:
    return rx.cond(
        passed,
        blocks.icon_badge("circle-check", "quiz.passed", "green", icon_size=14),
        blocks.icon_badge("circle-x", "quiz.failed", "red", icon_size=14),
    )


def question_heading(question, size: str) -> rx.Component:
    """ "Question 3. <text>": how a question is named in the attempt and in its result."""
    return rx.text(
        tr("quiz.question"), " ", question.number, ". ", question.text, size=size, weight="medium"
    )
