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


# Each outcome of a check: its icon and colour; its texts are certificates.verify.<outcome>
# and certificates.verify.<outcome>_text.
VERDICTS = {
    "valid": ("check", "green"),
    "revoked": ("x", "red"),
    "pending": ("clock", "amber"),
    "invalid": ("x", "red"),
}


def _verdict(outcome: str, icon: str, color: str) -> rx.Component:
    title_key = f"certificates.verify.{outcome}"
    return blocks.row(
        blocks.filled_icon(icon, color, 36, **blocks.circle("64px")),
        rx.vstack(
            rx.heading(tr(title_key), size="6", color=rx.color(color, 11)),
            blocks.muted(tr(f"{title_key}_text")),
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
        *[(outcome, _verdict(outcome, *mark)) for outcome, mark in VERDICTS.items()],
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
                blocks.tiles(
                    _fact("certificates.verify.holder", VerifyState.holder),
                    _fact("certificates.verify.course", VerifyState.course),
                    _fact("certificates.verify.date", VerifyState.issued_on),
                    _fact("certificates.verify.revoked_on", VerifyState.revoked_on),
                    columns=rx.breakpoints(initial="1", sm="2"),
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
