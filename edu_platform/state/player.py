"""The course player: /learn/<slug> opens the next unfinished lesson, /learn/<slug>/<id> one."""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx

from edu_platform import db, routes
from edu_platform.audit import acting_as
from edu_platform.i18n import translate
from edu_platform.services import player, progress
from edu_platform.services.errors import DomainError
from edu_platform.services.player import LessonView
from edu_platform.services.progress import CourseProgress, ModuleMarks
from edu_platform.state.auth import AuthState
from edu_platform.state.i18n import LangState

# A video position is saved at most this often (the handler is throttled client-side too).
SAVE_EVERY_SECONDS = 10


class PlayerState(rx.State):
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

    async def _lang(self) -> str:
        return (await self.get_state(LangState)).lang

    def _apply_progress(self, state: CourseProgress) -> None:
        self.percent = state.percent
        self.lessons_done = state.lessons_done
        self.lessons_total = state.lessons_total
        self.completed = state.completed

    @rx.event
    async def open_course(self):
        """on_load of /learn/[slug]: go to the next unfinished lesson."""
        user_id = await (await self.get_state(AuthState)).verified_user_id()
        slug = str(self.slug)[:200]
        if user_id is None:
            return rx.redirect(f"{routes.LOGIN}?next={quote(routes.learn_url(slug))}")
        try:
            lesson_id = await db.run(player.start_lesson_id, user_id=user_id, slug=slug)
        except DomainError as error:
            self.error = translate(error.message_key, await self._lang(), **error.params)
            self.loading = False
            return
        return rx.redirect(routes.learn_url(slug, lesson_id), replace=True)

    @rx.event
    async def load(self):
        """on_load of /learn/[slug]/[lesson]."""
        self.loading, self.error, self.just_completed = True, "", False
        user_id = await (await self.get_state(AuthState)).verified_user_id()
        slug = str(self.slug)[:200]
        if user_id is None:
            return rx.redirect(f"{routes.LOGIN}?next={quote(self.router.url.path)}")
        try:
            lesson_id = int(str(self.lesson_ref))
        except ValueError:
            lesson_id = 0
        try:
            view = await db.run(player.player_view, user_id=user_id, slug=slug, lesson_id=lesson_id)
        except DomainError as error:
            self.error = translate(error.message_key, await self._lang(), **error.params)
            self.lesson = None
            self.loading = False
            return
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

    async def _complete(self, user_id: int, lesson_id: int) -> None:
        was_completed = self.completed
        with acting_as(user_id):
            state = await db.run(progress.complete_lesson, user_id=user_id, lesson_id=lesson_id)
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
        user_id = await (await self.get_state(AuthState)).verified_user_id()
        if user_id is None:
            return None
        try:
            await self._complete(user_id, self.lesson.id)
        except DomainError as error:
            return rx.toast.error(translate(error.message_key, await self._lang(), **error.params))
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
        user_id = await (await self.get_state(AuthState)).verified_user_id()
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
            was_completed = self.completed
            self._apply_progress(state)
            self.lesson_done = True
            self.just_completed = state.completed and not was_completed
            self.modules = await db.run(
                progress.lesson_marks, user_id=user_id, course_id=state.course_id
            )

    @rx.event
    async def video_ended(self):
        if not self.lesson_done:
            return await self._mark_current_done()
