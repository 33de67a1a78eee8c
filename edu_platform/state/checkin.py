"""/checkin/<token>: a learner scans a session's QR code and is marked present."""

from __future__ import annotations

import reflex as rx

from edu_platform.services import attendance
from edu_platform.state.auth import login_redirect
from edu_platform.state.base import VisitorState


class CheckinState(VisitorState, rx.State):
    done: bool = False
    already: bool = False
    course_title: str = ""
    session_title: str = ""
    points: int = 0
    total_points: int = 0
    error: str = ""

    @rx.event
    async def load(self):
        self.done, self.error = False, ""
        user_id = await self._current_user_id()
        token = str(self.token)[:100]
        if user_id is None:
            return login_redirect("/checkin/" + token)
        outcome = await self._run_as(user_id, attendance.check_in, token=token)
        if not outcome.ok:
            self.error = outcome.message
            return None
        result = outcome.value
        self.done, self.already = True, result.already
        self.course_title, self.session_title = result.course_title, result.session_title
        self.points, self.total_points = result.points, result.total_points
