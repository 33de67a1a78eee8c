"""/verify/[serial]: anyone checks a certificate by its number."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.buttons import submit_button
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.state.certificates import VerifyState

# --- /verify/[serial] -------------------------------------------------------------------


def _fact(label_key: str, value: rx.Var) -> rx.Component:
    return rx.cond(
        value != "",
        rx.vstack(
            blocks.muted(tr(label_key), size="1", text_transform="uppercase"),
            rx.text(value, size="4", weight="medium"),
            spacing="0",
        ),
    )


def _verdict(icon: str, color: str, title_key: str, text_key: str) -> rx.Component:
    return blocks.row(
        rx.center(
            rx.icon(icon, size=36, color="white"),
            background=rx.color(color, 9),
            border_radius="50%",
            width="64px",
            height="64px",
            flex_shrink="0",
        ),
        rx.vstack(
            rx.heading(tr(title_key), size="6", color=rx.color(color, 11)),
            blocks.muted(tr(text_key)),
            spacing="1",
        ),
        spacing="4",
        role="status",
        data_testid="verify-verdict",
    )


def _verify_form() -> rx.Component:
    return blocks.inline_form(
        VerifyState.check_other,
        "verify-serial",
        "certificates.verify.other_label",
        rx.input(
            id="verify-serial",
            name="serial",
            placeholder="EDU-2026-XXXX-XXXX-XXXX",
            width="100%",
            auto_complete="off",
        ),
        submit_button("certificates.verify.other_submit", variant="soft"),
        reset_on_submit=True,
    )


@page
def verify_page() -> rx.Component:
    verdict = rx.match(
        VerifyState.outcome,
        (
            "valid",
            _verdict(
                "check", "green", "certificates.verify.valid", "certificates.verify.valid_text"
            ),
        ),
        (
            "revoked",
            _verdict("x", "red", "certificates.verify.revoked", "certificates.verify.revoked_text"),
        ),
        (
            "pending",
            _verdict(
                "clock", "amber", "certificates.verify.pending", "certificates.verify.pending_text"
            ),
        ),
        (
            "invalid",
            _verdict("x", "red", "certificates.verify.invalid", "certificates.verify.invalid_text"),
        ),
        rx.skeleton(height="64px", width="100%"),
    )
    return rx.center(
        blocks.column(
            rx.heading(tr("certificates.verify.title"), size="7"),
            blocks.stacked_card(
                verdict,
                rx.divider(),
                rx.text(
                    tr("certificates.serial"),
                    ": ",
                    rx.code(VerifyState.shown_serial),
                    size="2",
                ),
                rx.grid(
                    _fact("certificates.verify.holder", VerifyState.holder),
                    _fact("certificates.verify.course", VerifyState.course),
                    _fact("certificates.verify.date", VerifyState.issued_on),
                    _fact("certificates.verify.revoked_on", VerifyState.revoked_on),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="4",
                    width="100%",
                ),
                spacing="4",
                size="3",
            ),
            rx.text(tr("certificates.verify.other"), size="3", weight="medium"),
            _verify_form(),
            spacing="4",
            max_width="640px",
        ),
        width="100%",
    )
