"""The account page card: which notification kinds also come by e-mail."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.i18n import tr, tr_var
from edu_platform.state.notification_prefs import NotificationPrefsState, PreferenceRow


def _row(row: PreferenceRow) -> rx.Component:
    return rx.el.label(
        blocks.row(
            rx.switch(
                checked=row.email,
                on_change=lambda value: NotificationPrefsState.toggle(row.kind, value),
                data_testid="email-pref-" + row.kind,
            ),
            rx.text(tr_var(row.label_key, "notify.kind."), size="2"),
            spacing="3",
        ),
    )


def notification_prefs_card() -> rx.Component:
    return blocks.section_card(
        "notify.prefs.title",
        blocks.muted(tr("notify.prefs.hint")),
        rx.foreach(NotificationPrefsState.rows, _row),
        spacing="3",
        on_mount=NotificationPrefsState.load,
        data_testid="notification-prefs",
    )
