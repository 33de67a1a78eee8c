"""/verify-email/[token]: the link mailed at registration confirms the address."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.a11y import link_button
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.state.account import VerifyEmailState


def _result() -> rx.Component:
    return rx.cond(
        VerifyEmailState.verified,
        rx.vstack(
            rx.callout(
                tr("verify_email.done"),
                icon="mail-check",
                color_scheme="green",
                role="status",
                width="100%",
                data_testid="verify-email-done",
            ),
            link_button(tr("verify_email.to_learning"), size="3", href=routes.MY),
            spacing="4",
            width="100%",
        ),
        rx.vstack(
            rx.callout(
                tr("verify_email.link_invalid"),
                icon="link-2-off",
                color_scheme="amber",
                role="alert",
                width="100%",
                data_testid="verify-email-invalid",
            ),
            link_button(tr("verify_email.to_account"), size="3", href=routes.ACCOUNT),
            spacing="4",
            width="100%",
        ),
    )


@page
def verify_email_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.heading(tr("verify_email.title"), size="7"),
                rx.cond(
                    VerifyEmailState.checked,
                    _result(),
                    rx.text(tr("verify_email.checking"), color_scheme="gray"),
                ),
                spacing="4",
                width="100%",
            ),
            size="4",
            width="100%",
            max_width="440px",
        ),
        padding_y="24px",
    )
