"""/forgot (ask for a reset link) and /reset/[token] (choose a new password)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.a11y import link_button
from edu_platform.components.forms import form_error, labelled_field
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.pages.auth import auth_card
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
    return rx.link(
        rx.hstack(
            rx.icon("arrow-left", size=14),
            tr("account.reset.back_to_sign_in"),
            spacing="1",
            align="center",
        ),
        href=routes.LOGIN,
        size="2",
    )


@page
def forgot_page() -> rx.Component:
    return auth_card(
        "account.forgot.title",
        "account.forgot.subtitle",
        rx.cond(
            PasswordResetState.request_sent,
            rx.callout(
                tr("account.forgot.sent"),
                icon="mail-check",
                color_scheme="green",
                role="status",
                width="100%",
            ),
            rx.form(
                rx.vstack(
                    labelled_field(
                        "email",
                        "accounts.field.email",
                        PasswordResetState.field_errors,
                        type_="email",
                        autocomplete="email",
                    ),
                    _submit("account.forgot.submit"),
                    spacing="3",
                    width="100%",
                ),
                method="post",
                on_submit=PasswordResetState.request_link,
                width="100%",
            ),
        ),
        _back_to_sign_in(),
    )


def _invalid_link() -> rx.Component:
    return rx.vstack(
        rx.callout(
            tr("account.reset.link_invalid"),
            icon="link-2-off",
            color_scheme="amber",
            role="alert",
            width="100%",
        ),
        link_button(tr("account.reset.request_new"), size="3", href=routes.FORGOT),
        spacing="4",
        width="100%",
    )


def _new_password_form() -> rx.Component:
    return rx.vstack(
        form_error(PasswordResetState.form_error),
        rx.form(
            rx.vstack(
                labelled_field(
                    "password",
                    "account.field.new_password",
                    PasswordResetState.field_errors,
                    type_="password",
                    autocomplete="new-password",
                    hint_key="accounts.field.password_hint",
                ),
                labelled_field(
                    "password_confirm",
                    "account.field.password_confirm",
                    PasswordResetState.field_errors,
                    type_="password",
                    autocomplete="new-password",
                ),
                _submit("account.reset.submit"),
                spacing="3",
                width="100%",
            ),
            method="post",
            on_submit=PasswordResetState.set_new_password,
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


@page
def reset_page() -> rx.Component:
    return auth_card(
        "account.reset.title",
        "account.reset.subtitle",
        rx.cond(
            ~PasswordResetState.link_checked,
            rx.vstack(
                rx.skeleton(height="40px", width="100%"),
                rx.skeleton(height="40px", width="100%"),
                spacing="3",
                width="100%",
            ),
            rx.cond(PasswordResetState.link_valid, _new_password_form(), _invalid_link()),
        ),
        _back_to_sign_in(),
    )
