"""/account extras: the time zone (defaulting to the browser's) and a teacher's public bio.

Loaded when the page reports the browser's zone (components/time_zone.zone_probe): a
profile without a zone gets that one saved, so the select shows it at once.
"""

from __future__ import annotations

import reflex as rx

from edu_platform import db, routes
from edu_platform.audit import acting_as
from edu_platform.i18n import translate
from edu_platform.services import teachers, time_zones
from edu_platform.services.errors import DomainError
from edu_platform.state.account import caller_id, current_lang
from edu_platform.state.auth import AuthState
from edu_platform.state.time_zone import resolve_zone


class ProfileExtrasState(rx.State):
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
        user_id = await caller_id(self)
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
        lang = await current_lang(self)
        user_id = await caller_id(self)
        if user_id is None:
            return
        try:
            with acting_as(user_id):
                self.time_zone = await db.run(
                    time_zones.set_time_zone, user_id=user_id, time_zone=self.time_zone
                )
        except DomainError as error:
            self.zone_error, self.zone_saved = translate(error.message_key, lang), False
            return
        self.zone_error, self.zone_saved = "", True

    @rx.event
    async def save_bio(self, form_data: dict):
        lang = await current_lang(self)
        user_id = await caller_id(self)
        if user_id is None or not (await self.get_state(AuthState)).is_teacher:
            return
        try:
            with acting_as(user_id):
                self.bio = await db.run(
                    teachers.set_bio, user_id=user_id, bio=str(form_data.get("bio", ""))[:4000]
                )
        except DomainError as error:
            params = error.params or {}
            self.bio_error = translate(error.message_key, lang, **params)
            self.bio_saved = False
            return
        self.bio_error, self.bio_saved = "", True
