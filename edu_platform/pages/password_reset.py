"""/forgot (ask for a reset link) and /reset/[token] (choose a new password)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.forms import form_error
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.pages.auth import auth_card, email_field, new_password_fields
from edu_platform.state.password_reset import PasswordResetState


def _submit(label_key: str) -> rx.Component:
    return rx.button(
        tr(label_key),
        type="submit",
        size="3",
        width="100%",
        loading=PasswordResetState.submitting,
    )


def _back_to_sign_in() -> rx.Component:
    return blocks.back_link("account.reset.back_to_sign_in", routes.LOGIN)


@page
def forgot_page() -> rx.Component:
    return auth_card(
        "account.forgot.title",
        "account.forgot.subtitle",
        rx.cond(
            PasswordResetState.request_sent,
            blocks.notice(tr("account.forgot.sent"), tone="success", icon="mail-check"),
            blocks.post_form(
                PasswordResetState.request_link,
                email_field(PasswordResetState.field_errors),
                _submit("account.forgot.submit"),
            ),
        ),
        _back_to_sign_in(),
    )


def _invalid_link() -> rx.Component:
    return blocks.notice_with_action(
        "account.reset.link_invalid",
        "warning",
        "link-2-off",
        link_button(tr("account.reset.request_new"), size="3", href=routes.FORGOT),
    )


def _new_password_form() -> rx.Component:
    return blocks.column(
        form_error(PasswordResetState.form_error),
        blocks.post_form(
            PasswordResetState.set_new_password,
            new_password_fields(PasswordResetState.field_errors),
            _submit("account.reset.submit"),
        ),
    )


@page
def reset_page() -> rx.Component:
    return auth_card(
        "account.reset.title",
        "account.reset.subtitle",
        rx.cond(
            ~PasswordResetState.link_checked,
            blocks.skeletons("40px", "40px"),
            rx.cond(PasswordResetState.link_valid, _new_password_form(), _invalid_link()),
        ),
        _back_to_sign_in(),
    )
