"""/account extras: the time zone (defaulting to the browser's) and a teacher's public bio.

Loaded when the page reports the browser's zone (components/time_zone.zone_probe): a
profile without a zone gets that one saved, so the select shows it at once.
"""

from __future__ import annotations

import reflex as rx

from edu_platform import db, routes
from edu_platform.services import teachers, time_zones
from edu_platform.state.auth import AuthState
from edu_platform.state.base import VisitorState
from edu_platform.state.time_zone import resolve_zone


class ProfileExtrasState(VisitorState, rx.State):
    loaded: bool = False
    time_zone: str = ""
    zone_saved: bool = False
    zone_error: str = ""
    bio: str = ""
    bio_saved: bool = False
    bio_error: str = ""
    bio_form_key: int = 0
    public_url: str = ""

    @rx.event
    async def load(self, reported_zone: str = ""):
        """Called with the browser's zone once the page is mounted."""
        self.zone_saved = self.bio_saved = False
        self.zone_error = self.bio_error = ""
        user_id = await self._current_user_id()
        if user_id is None:
            self.loaded = False
            return
        self.time_zone = await resolve_zone(self, reported_zone)
        self.bio = await db.run(teachers.own_bio, read_only=True, user_id=user_id)
        self.public_url = routes.teacher_url(user_id)
        self.bio_form_key += 1
        self.loaded = True

    @rx.event
    def choose_zone(self, value: str):
        self.time_zone = str(value or "")[:64]
        self.zone_saved, self.zone_error = False, ""

    @rx.event
    async def save_zone(self, _form_data: dict | None = None):
        user_id = await self._current_user_id()
        if user_id is None:
            return
        outcome = await self._run_as(user_id, time_zones.set_time_zone, time_zone=self.time_zone)
        if outcome.ok:
            self.time_zone = outcome.value
        self.zone_error, self.zone_saved = outcome.message, outcome.ok

    @rx.event
    async def save_bio(self, form_data: dict):
        user_id = await self._current_user_id()
        if user_id is None or not (await self.get_state(AuthState)).is_teacher:
            return
        bio = str(form_data.get("bio", ""))[:4000]
        outcome = await self._run_as(user_id, teachers.set_bio, bio=bio)
        if outcome.ok:
            self.bio = outcome.value
        self.bio_error, self.bio_saved = outcome.message, outcome.ok
