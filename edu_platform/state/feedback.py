"""The end-of-course feedback form in the player (shown once the course is completed).

The course is the one the player has open (PlayerState, set by its load after the access
check), never an id from the browser; the service checks the enrolment is completed.
"""

from __future__ import annotations

import reflex as rx

from edu_platform import db
from edu_platform.services import feedback
from edu_platform.state.base import VisitorState, form_errors
from edu_platform.state.player import PlayerState

RATINGS = ("1", "2", "3", "4", "5")


class FeedbackState(VisitorState, rx.State):
    rating: str = ""  # "1".."5", "" until chosen
    improve: str = ""
    sent: bool = False
    saving: bool = False
    form_error: str = ""
    field_errors: dict[str, str] = {}

    async def _course_id(self) -> int | None:
        player = await self.get_state(PlayerState)
        if not player.course_slug:
            return None
        return await db.run(feedback.course_id_by_slug, slug=player.course_slug)

    @rx.event
    async def load(self):
        """on_mount of the form: prefill what the learner sent before for this course."""
        self.rating, self.improve, self.sent = "", "", False
        self.form_error, self.field_errors = "", {}
        user_id, course_id = await self._current_user_id(), await self._course_id()
        if user_id is None or course_id is None:
            return
        previous = await db.run(feedback.own_feedback, user_id=user_id, course_id=course_id)
        if previous is not None:
            self.rating, self.improve, self.sent = str(previous.rating), previous.improve, True

    @rx.event
    def set_rating(self, value: str):
        self.rating = value if value in RATINGS else ""
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != "rating"}

    @rx.event
    def set_improve(self, value: str):
        self.improve = str(value)[: feedback.MAX_IMPROVE_LENGTH]

    @rx.event
    async def submit(self, form_data: dict):
        improve = str(form_data.get("improve") or "")
        self.improve = improve
        self.form_error, self.field_errors = "", {}
        user_id, course_id = await self._current_user_id(), await self._course_id()
        if user_id is None or course_id is None:
            return
        self.saving = True
        yield
        outcome = await self._run_as(
            user_id,
            feedback.submit_feedback,
            course_id=course_id,
            rating=int(self.rating) if self.rating in RATINGS else 0,
            improve=improve,
        )
        self.saving = False
        self.sent = outcome.ok
        if outcome.error is not None and outcome.error.field not in ("rating", "improve"):
            self.form_error = outcome.message
        else:
            self.form_error, self.field_errors = form_errors(outcome.error, outcome.message)
