"""/my/archive: courses completed more than 30 days ago (still open for review)."""

from __future__ import annotations

import reflex as rx

from edu_platform import db, routes
from edu_platform.services import archive
from edu_platform.services.account_area import MyCourse
from edu_platform.state.auth import login_redirect
from edu_platform.state.base import VisitorState


class ArchiveState(VisitorState, rx.State):
    courses: list[MyCourse] = []
    loaded: bool = False

    @rx.event
    async def load(self):
        self.loaded = False
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.MY_ARCHIVE)
        self.courses = await db.run(archive.archived_courses, user_id=user_id)
        self.loaded = True
        return None
