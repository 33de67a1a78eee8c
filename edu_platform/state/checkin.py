"""/checkin/<token>: a learner scans a session's QR code and is marked present."""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx

from edu_platform import db, routes
from edu_platform.audit import acting_as
from edu_platform.i18n import translate
from edu_platform.services import attendance
from edu_platform.services.errors import DomainError
from edu_platform.state.auth import AuthState
from edu_platform.state.i18n import LangState


class CheckinState(rx.State):
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
        user_id = await (await self.get_state(AuthState)).verified_user_id()
        token = str(self.token)[:100]
        if user_id is None:
            return rx.redirect(f"{routes.LOGIN}?next={quote('/checkin/' + token)}")
        try:
            with acting_as(user_id):
                result = await db.run(attendance.check_in, user_id=user_id, token=token)
        except DomainError as error:
            self.error = translate(error.message_key, (await self.get_state(LangState)).lang)
            return
        self.done, self.already = True, result.already
        self.course_title, self.session_title = result.course_title, result.session_title
        self.points, self.total_points = result.points, result.total_points
