"""The account page's per-kind e-mail preferences for notifications."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import db
from edu_platform.services import notifications
from edu_platform.state.base import VisitorState


@dataclass
class PreferenceRow:
    kind: str
    label_key: str
    email: bool


class NotificationPrefsState(VisitorState, rx.State):
    rows: list[PreferenceRow] = []
    loaded: bool = False

    def _show(self, chosen: dict[str, bool]) -> None:
        self.rows = [
            PreferenceRow(kind, f"notify.kind.{kind}", chosen[kind]) for kind in notifications.KINDS
        ]

    @rx.event
    async def load(self):
        user_id = await self._current_user_id()
        if user_id is None:
            return
        self._show(await db.run(notifications.email_preferences, user_id=user_id))
        self.loaded = True

    @rx.event
    async def toggle(self, kind: str, wanted: bool):
        user_id = await self._current_user_id()
        if user_id is None or kind not in notifications.KINDS:
            return None
        chosen = await db.run(
            notifications.set_email_preferences,
            user_id=user_id,
            preferences={kind: bool(wanted)},
        )
        self._show(chosen)
        return await self._toast("notify.prefs.saved")
