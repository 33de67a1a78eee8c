"""The account page's per-kind e-mail preferences for notifications."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import db
from edu_platform.i18n import translate
from edu_platform.services import notifications
from edu_platform.state.account import caller_id, current_lang


@dataclass
class PreferenceRow:
    kind: str
    label_key: str
    email: bool


class NotificationPrefsState(rx.State):
    rows: list[PreferenceRow] = []
    loaded: bool = False

    def _show(self, chosen: dict[str, bool]) -> None:
        self.rows = [
            PreferenceRow(kind, f"notify.kind.{kind}", chosen[kind]) for kind in notifications.KINDS
        ]

    @rx.event
    async def load(self):
        user_id = await caller_id(self)
        if user_id is None:
            return
        self._show(await db.run(notifications.email_preferences, user_id=user_id))
        self.loaded = True

    @rx.event
    async def toggle(self, kind: str, wanted: bool):
        user_id = await caller_id(self)
        if user_id is None or kind not in notifications.KINDS:
            return None
        chosen = await db.run(
            notifications.set_email_preferences,
            user_id=user_id,
            preferences={kind: bool(wanted)},
        )
        self._show(chosen)
        return rx.toast.success(translate("notify.prefs.saved", await current_lang(self)))
