"""The course player: /learn/<slug> opens the next unfinished lesson, /learn/<slug>/<id> one."""

from __future__ import annotations

import reflex as rx

from edu_platform import db, routes
from edu_platform.services import player, progress
from edu_platform.services.player import LessonView
from edu_platform.services.progress import CourseProgress, ModuleMarks
from edu_platform.state.auth import login_redirect
from edu_platform.state.base import VisitorState

# A video position is saved at most this often (the handler is throttled client-side too).
SAVE_EVERY_SECONDS = 10


class PlayerState(VisitorState, rx.State):
    course_title: str = ""
    course_slug: str = ""
    course_language: str = "ru"
    modules: list[ModuleMarks] = []
    lesson: LessonView | None = None
    prev_id: int = 0
    next_id: int = 0
    percent: int = 0
    lessons_done: int = 0
    lessons_total: int = 0
    completed: bool = False
    lesson_done: bool = False
    just_completed: bool = False
    error: str = ""
    loading: bool = True
    _saved_position: int = 0
    _video_duration: float = 0.0

    @rx.var
    def video_src(self) -> str:
        """The video URL, starting where the learner stopped (a media fragment)."""
        if self.lesson is None or not self.lesson.video_src:
            return ""
        if self.lesson.video_position > 0 and self.lesson.video_src.startswith("/api/"):
            return f"{self.lesson.video_src}#t={self.lesson.video_position}"
        return self.lesson.video_src

    def _apply_progress(self, state: CourseProgress) -> None:
        """Show the course's progress figures (the player's own steps and a passed quiz)."""
        self.percent = state.percent
        self.lessons_done = state.lessons_done
        self.lessons_total = state.lessons_total
        self.completed = state.completed

    @rx.event
    async def open_course(self):
        """on_load of /learn/[slug]: go to the next unfinished lesson."""
        user_id = await self._current_user_id()
        slug = str(self.slug)[:200]
        if user_id is None:
            return login_redirect(routes.learn_url(slug))
        outcome = await self._run_as(user_id, player.start_lesson_id, slug=slug)
        if not outcome.ok:
            # The tab is titled by the refusal's page, not by a course opened before.
            self.error, self.loading, self.course_title = outcome.message, False, ""
            return None
        return rx.redirect(routes.learn_url(slug, outcome.value), replace=True)

    @rx.event
    async def load(self):
        """on_load of /learn/[slug]/[lesson]."""
        self.loading, self.error, self.just_completed = True, "", False
        user_id = await self._current_user_id()
        slug = str(self.slug)[:200]
        if user_id is None:
            return login_redirect(self.router.url.path)
        try:
            lesson_id = int(str(self.lesson_ref))
        except ValueError:
            lesson_id = 0
        outcome = await self._run_as(user_id, player.player_view, slug=slug, lesson_id=lesson_id)
        if not outcome.ok:
            self.error, self.lesson, self.loading = outcome.message, None, False
            self.course_title = ""
            return None
        view = outcome.value
        self.course_title, self.course_slug = view.course_title, view.slug
        if self.course_language != view.course_language:
            self.course_language = view.course_language
        self.modules = view.modules
        self.lesson = view.lesson
        self.prev_id = view.prev_lesson_id or 0
        self.next_id = view.next_lesson_id or 0
        self.lesson_done = view.lesson_done
        self._saved_position = view.lesson.video_position
        self._apply_progress(view.progress)
        self.loading = False

    async def _show_done(self, user_id: int, state: CourseProgress) -> None:
        """The current lesson is done: progress, the marks, and whether that finished the course."""
        was_completed = self.completed
        self._apply_progress(state)
        self.lesson_done = True
        self.just_completed = state.completed and not was_completed
        self.modules = await db.run(
            progress.lesson_marks, user_id=user_id, course_id=state.course_id
        )

    @rx.event
    async def mark_done(self):
        return await self._mark_current_done()

    async def _mark_current_done(self):
        if self.lesson is None:
            return None
        user_id = await self._current_user_id()
        if user_id is None:
            return None
        outcome = await self._run_as(user_id, progress.complete_lesson, lesson_id=self.lesson.id)
        if not outcome.ok:
            return outcome.feedback
        await self._show_done(user_id, outcome.value)
        return None

    @rx.event
    def video_duration(self, seconds: float):
        if isinstance(seconds, (int, float)) and seconds > 0:
            self._video_duration = float(seconds)

    @rx.event
    async def video_time(self, seconds: float):
        """Throttled time updates: remember the position; 90 % watched completes it."""
        if self.lesson is None or not isinstance(seconds, (int, float)) or seconds < 0:
            return
        position = int(seconds)
        if abs(position - self._saved_position) < SAVE_EVERY_SECONDS:
            return
        user_id = await self._current_user_id()
        if user_id is None:
            return
        self._saved_position = position
        state = await db.run(
            progress.save_video_position,
            user_id=user_id,
            lesson_id=self.lesson.id,
            seconds=position,
            duration=int(self._video_duration),
        )
        if state is not None:
            await self._show_done(user_id, state)

    @rx.event
    async def video_ended(self):
        if not self.lesson_done:
            return await self._mark_current_done()
