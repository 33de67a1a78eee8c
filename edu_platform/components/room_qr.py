"""The "show to the room" view: a session's check-in QR code filling the screen.

Sized by the viewport (the smaller of its width and height), so one code reads from the
back of a lecture hall on a projector and still fits a 375 px phone.
"""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.i18n import tr
from edu_platform.state.teach_sessions import TeachSessionsState as S

# The browser's own full screen (projectors); ignored where the API is missing.
ENTER_FULLSCREEN = "document.getElementById('room-view')?.requestFullscreen?.().catch(() => {})"
EXIT_FULLSCREEN = "document.fullscreenElement && document.exitFullscreen().catch(() => {})"


def _projected(phone_size: str, projector_size: str) -> dict:
    """A centred text's size: `phone_size` on a phone, `projector_size` from `md` up (a
    projector), so the back of the room reads it."""
    return {
        "size": rx.breakpoints(initial=phone_size, md=projector_size),
        "text_align": "center",
    }


def room_view() -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.heading(S.qr_title, as_="h2", id="room-title", **_projected("6", "9")),
            blocks.muted(tr("teacher.room.scan"), **_projected("3", "6")),
            rx.image(
                src=S.qr_image,
                alt=S.qr_url,
                width="min(92vw, 68vh)",
                height="min(92vw, 68vh)",
                background="white",
                data_testid="room-qr",
            ),
            rx.text(
                tr("teacher.room.or_open"),
                " ",
                rx.code(S.qr_url, variant="ghost", data_testid="room-url"),
                **_projected("2", "5"),
                style={"word_break": "break-all"},
                max_width="92vw",
            ),
            rx.flex(
                blocks.icon_button(
                    "maximize",
                    "teacher.room.fullscreen",
                    variant="soft",
                    on_click=rx.call_script(ENTER_FULLSCREEN),
                ),
                blocks.icon_button(
                    "x",
                    "teacher.room.close",
                    on_click=[rx.call_script(EXIT_FULLSCREEN), S.close_room],
                    auto_focus=True,
                ),
                gap="12px",
                wrap="wrap",
                justify="center",
            ),
            align="center",
            justify="center",
            spacing=rx.breakpoints(initial="3", md="5"),
            min_height="100%",
            padding="16px",
        ),
        id="room-view",
        role="dialog",
        aria_modal="true",
        aria_labelledby="room-title",
        position="fixed",
        inset="0",
        z_index="1000",
        overflow_y="auto",
        background=rx.color("gray", 1),
        data_testid="room-view",
    )
