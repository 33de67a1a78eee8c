"""The quiz inside the course player: intro, the questions of an attempt, the result.

Every handler argument is untrusted: ids only select among the questions of the attempt on
screen, and every call goes through services/quizzes.py with the verified user id. Answers
are saved on the server as the learner gives them (a choice at once, typed text when the
field loses focus), so a reload or a time-out keeps them. The countdown runs in the
browser (components/quiz/countdown.py) from the deadline sent once as `deadline_ms`: no
server work per second and per tab. At zero the browser sends `time_up`, which submits
once the server's clock agrees; the server enforces the deadline whatever the browser does
(late answers are refused, an expired attempt is closed when the quiz is next opened).
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable

import reflex as rx
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.audit import acting_as
from edu_platform.i18n import datetime_labels, has_key, translate
from edu_platform.services import progress, quizzes, sessions, time_zones
from edu_platform.services.errors import DomainError, Unauthorized
from edu_platform.services.quizzes import AttemptResult, AttemptView, QuizOverview
from edu_platform.state.auth import AuthState
from edu_platform.state.i18n import LangState
from edu_platform.state.time_zone import TimeZoneState, resolve_zone

MAX_TEXT = quizzes.MAX_TEXT_ANSWER
# The longest `time_up` waits for the server's deadline (a browser clock further ahead is
# not waited for: the server refuses late answers either way).
SKEW_LIMIT_SECONDS = 120.0


def _as_session_user(*, session: Session, token: str | None, service: Callable, **kwargs):
    """Check the session cookie and call `service` as its user, in one transaction: a
    saved answer costs one connection checkout and one commit, not two."""
    user = sessions.user_for_token(session=session, token=token)
    if user is None:
        raise Unauthorized("sign in again", message_key="error.unauthorized")
    with acting_as(user.id):
        return service(session=session, user_id=user.id, **kwargs)


def in_zone(overview: QuizOverview, zone: str) -> QuizOverview:
    """The intro with its attempts' start times in the viewer's zone (UTC when unknown)."""
    attempts = [
        dataclasses.replace(attempt, started=datetime_labels(attempt.started_at, zone or "UTC"))
        for attempt in overview.attempts
    ]
    return dataclasses.replace(overview, attempts=attempts)


def _overview_and_open_attempt(
    *, session: Session, user_id: int, lesson_id: int, browser_zone: str = ""
) -> tuple[QuizOverview, AttemptView | None]:
    """The quiz's intro (an expired open attempt is closed on the way; times in the
    viewer's zone) and the open attempt, resumed, if there is one."""
    overview = quizzes.quiz_for_lesson(session=session, user_id=user_id, lesson_id=lesson_id)
    zone = time_zones.viewer_zone(session=session, user_id=user_id, reported=browser_zone)
    overview = in_zone(overview, zone)
    if overview.open_attempt_id is None:
        return overview, None
    view = quizzes.start_attempt(session=session, user_id=user_id, quiz_id=overview.quiz_id)
    return overview, view


def _as_int(value: object) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 0
    return number if 0 < number < 2**62 else 0


class QuizState(rx.State):
    lesson_id: int = 0
    loading: bool = True
    error: str = ""
    overview: QuizOverview | None = None
    attempt: AttemptView | None = None
    result: AttemptResult | None = None
    # The learner's answers on screen, by question id (as a string).
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    # Number questions whose typed answer is no number (the field says so; not answered).
    not_numbers: list[str] = []
    starting: bool = False
    submitting: bool = False
    # The open attempt's deadline in milliseconds since the epoch (0: no time limit); the
    # browser counts down to it by itself.
    deadline_ms: int = 0
    _kinds: dict[int, str] = {}  # question id -> kind, for the attempt on screen

    # --- display --------------------------------------------------------------------------

    @rx.var
    def stage(self) -> str:
        if self.loading:
            return "loading"
        if self.error:
            return "error"
        if self.result is not None:
            return "result"
        if self.attempt is not None:
            return "attempt"
        return "intro" if self.overview is not None else "loading"

    @rx.var
    def timed(self) -> bool:
        return self.attempt is not None and self.deadline_ms > 0

    @rx.var
    def question_count(self) -> int:
        return len(self.attempt.questions) if self.attempt is not None else 0

    @rx.var
    def unanswered_count(self) -> int:
        """Questions of the attempt on screen with no answer given yet (for the confirmation)."""
        if self.attempt is None:
            return 0
        missing = 0
        for question in self.attempt.questions:
            key = str(question.id)
            if question.kind == "single":
                missing += not self.single.get(key)
            elif question.kind == "multiple":
                missing += not self.multi.get(key)
            elif question.kind == "number":
                missing += quizzes.parse_number(self.texts.get(key, "")) is None
            else:
                missing += not self.texts.get(key, "").strip()
        return missing

    @rx.var
    def reveal_note(self) -> str:
        """Message key: why the result on screen hides the right answers, and until when."""
        result = self.result
        if result is None or result.show_correct_answers:
            return ""
        if self.overview is not None and self.overview.open_attempt_id is not None:
            return "quiz.reveal.open_attempt"
        if result.reveal_answers == "after_passing":
            return "quiz.reveal.after_passing"
        if result.reveal_answers == "after_last_attempt" and result.attempts_left is not None:
            return "quiz.reveal.after_last_attempt"
        return "quiz.answers_hidden"

    @rx.var
    def has_time_limit(self) -> bool:
        return self.overview is not None and bool(self.overview.time_limit_minutes)

    @rx.var
    def time_limit(self) -> int:
        return (self.overview.time_limit_minutes or 0) if self.overview else 0

    @rx.var
    def unlimited_attempts(self) -> bool:
        return self.overview is not None and self.overview.attempts_left is None

    @rx.var
    def attempts_left(self) -> int:
        if self.overview is None or self.overview.attempts_left is None:
            return 0
        return self.overview.attempts_left

    @rx.var
    def has_open_attempt(self) -> bool:
        return self.overview is not None and self.overview.open_attempt_id is not None

    # --- helpers --------------------------------------------------------------------------

    async def _user_id(self) -> int | None:
        return await (await self.get_state(AuthState)).verified_user_id()

    async def _as_learner(self, service: Callable, /, **kwargs):
        """`service(session=..., user_id=<verified user>, **kwargs)` in one transaction.
        The cookie is read from this state's own router data (the websocket handshake's
        headers), so AuthState is not loaded from the state store for it."""
        token = sessions.session_token_from_cookie_header(self.router.headers.cookie)
        return await db.run(_as_session_user, token=token, service=service, **kwargs)

    async def _message(self, error: DomainError) -> str:
        lang = (await self.get_state(LangState)).lang
        key = error.message_key if has_key(error.message_key) else f"error.{error.code}"
        if not has_key(key):
            key = "error.invalid"
        try:
            return translate(key, lang, **error.params)
        except (KeyError, IndexError):
            return translate(key, lang)

    async def _toast(self, error: DomainError):
        return rx.toast.error(await self._message(error))

    def _show_attempt(self, view: AttemptView) -> None:
        self.attempt, self.result = view, None
        self._kinds = {question.id: question.kind for question in view.questions}
        saved = {answer.question_id: answer for answer in view.answers}
        single: dict[str, str] = {}
        multi: dict[str, list[str]] = {}
        texts: dict[str, str] = {}
        for question in view.questions:
            key, answer = str(question.id), saved.get(question.id)
            option_ids = [str(i) for i in answer.option_ids] if answer else []
            single[key] = option_ids[0] if option_ids else ""
            multi[key] = option_ids
            if answer and question.kind == "number":
                texts[key] = quizzes.format_number(answer.number)
            else:
                texts[key] = answer.text if answer else ""
        self.single, self.multi, self.texts = single, multi, texts
        self.not_numbers = []
        deadline = view.deadline_at
        self.deadline_ms = int(deadline.timestamp() * 1000) if deadline is not None else 0

    def _answers_payload(self) -> dict[int, dict]:
        payload: dict[int, dict] = {}
        for question_id, kind in self._kinds.items():
            key = str(question_id)
            if kind == "single":
                chosen = self.single.get(key, "")
                payload[question_id] = {"option_ids": [chosen] if chosen else []}
            elif kind == "multiple":
                payload[question_id] = {"option_ids": list(self.multi.get(key, []))}
            elif kind == "text":
                payload[question_id] = {"text": self.texts.get(key, "")}
            else:
                payload[question_id] = {"number": self.texts.get(key, "")}
        return payload

    async def _refresh_overview(self, user_id: int) -> None:
        overview = await db.run(quizzes.quiz_for_lesson, user_id=user_id, lesson_id=self.lesson_id)
        self.overview = in_zone(overview, await resolve_zone(self))

    async def _refresh_player(self, user_id: int) -> None:
        """A pass completes the lesson: the player's sidebar and progress bar follow."""
        from edu_platform.state.player import PlayerState

        if self.overview is None:
            return
        player = await self.get_state(PlayerState)
        if player.lesson is None or player.lesson.id != self.lesson_id:
            return
        course_id = self.overview.course_id
        state = await db.run(progress.course_progress, user_id=user_id, course_id=course_id)
        player.modules = await db.run(progress.lesson_marks, user_id=user_id, course_id=course_id)
        player._apply_progress(state)
        player.lesson_done = True

    # --- loading and starting -------------------------------------------------------------

    @rx.event
    async def load_with_player(self):
        """A loader of the player's page load (pages/registry.py), after the player's own:
        when the lesson on screen is a quiz, its intro or the open attempt, in the same
        event (an on_mount of the panel was one more event, lock and state load per learner,
        the largest part of an exam start's burst)."""
        from edu_platform.state.player import PlayerState

        player = await self.get_state(PlayerState)
        # `loading` still set: the player sent a guest to sign in (its lesson is stale).
        if not player.loading and player.lesson is not None and player.lesson.kind == "quiz":
            await self._load(player.lesson.id)

    async def _load(self, lesson_id: object) -> None:
        """The intro, or straight back into an open attempt."""
        self.lesson_id = _as_int(lesson_id)
        self.loading, self.error = True, ""
        self.overview = self.attempt = self.result = None
        self.starting = self.submitting = False
        self.deadline_ms = 0
        self._kinds = {}
        try:  # one transaction: the session check, the intro, an open attempt resumed
            browser_zone = (await self.get_state(TimeZoneState)).browser_zone
            self.overview, view = await self._as_learner(
                _overview_and_open_attempt, lesson_id=self.lesson_id, browser_zone=browser_zone
            )
            if view is not None:
                self._show_attempt(view)
        except DomainError as error:
            self.error = await self._message(error)
        self.loading = False

    @rx.event
    async def start(self):
        """Start (or resume) an attempt at the quiz on screen."""
        if self.overview is None or self.starting:
            return
        self.starting = True
        yield
        try:
            view = await self._as_learner(quizzes.start_attempt, quiz_id=self.overview.quiz_id)
        except DomainError as error:
            self.starting = False
            yield await self._toast(error)
            return
        self._show_attempt(view)
        self.starting = False

    # --- answering ------------------------------------------------------------------------

    async def _save(self, question_id: int, answer: dict):
        if self.attempt is None:
            return None
        try:
            await self._as_learner(
                quizzes.save_answer,
                attempt_id=self.attempt.id,
                question_id=question_id,
                answer=answer,
            )
        except DomainError as error:
            if error.message_key in ("quiz.time_is_up", "quiz.attempt_closed"):
                return QuizState.submit
            return await self._toast(error)
        return None

    def _question(self, question_id: object, *kinds: str) -> int:
        """The id if it is a question of the attempt on screen of one of `kinds`, else 0."""
        qid = _as_int(question_id)
        return qid if self._kinds.get(qid) in kinds else 0

    @rx.event
    async def choose(self, question_id: int, option_id: str):
        """A radio button of a single-choice question."""
        qid = self._question(question_id, "single")
        if not qid or self.submitting:
            return None
        value = str(_as_int(option_id) or "")
        self.single = {**self.single, str(qid): value}
        return await self._save(qid, {"option_ids": [value] if value else []})

    @rx.event
    async def toggle(self, question_id: int, option_id: int, checked: bool):
        """A checkbox of a multiple-choice question."""
        qid, oid = self._question(question_id, "multiple"), _as_int(option_id)
        if not qid or not oid or self.submitting:
            return None
        chosen = [value for value in self.multi.get(str(qid), []) if value != str(oid)]
        if checked is True:
            chosen.append(str(oid))
        self.multi = {**self.multi, str(qid): chosen}
        return await self._save(qid, {"option_ids": chosen})

    @rx.event
    def type_answer(self, question_id: int, value: str):
        """Typing in a text or number field (kept on screen; saved when the field is left)."""
        qid = self._question(question_id, "text", "number")
        if qid and not self.submitting:
            self.texts = {**self.texts, str(qid): str(value)[:MAX_TEXT]}

    @rx.event
    async def save_typed(self, question_id: int, value: str = ""):
        qid = self._question(question_id, "text", "number")
        if not qid or self.submitting:
            return None
        typed = str(value)[:MAX_TEXT] if isinstance(value, str) else self.texts.get(str(qid), "")
        self.texts = {**self.texts, str(qid): typed}
        field = "text" if self._kinds[qid] == "text" else "number"
        if field == "number":
            # Said when the field is left (not while typing "-"), and counted unanswered.
            others = [key for key in self.not_numbers if key != str(qid)]
            wrong = typed.strip() != "" and quizzes.parse_number(typed) is None
            self.not_numbers = [*others, str(qid)] if wrong else others
        return await self._save(qid, {field: typed})

    # --- submitting and results -----------------------------------------------------------

    @rx.event
    async def submit(self):
        if self.attempt is None or self.submitting:
            return
        user_id = await self._user_id()
        if user_id is None:
            return
        self.submitting = True
        yield
        attempt_id = self.attempt.id
        try:
            with acting_as(user_id):
                result = await db.run(
                    quizzes.submit_attempt,
                    user_id=user_id,
                    attempt_id=attempt_id,
                    answers=self._answers_payload(),
                )
                await self._refresh_overview(user_id)
        except DomainError as error:
            self.submitting = False
            yield await self._toast(error)
            return
        self.result, self.attempt = result, None
        self.deadline_ms = 0
        self.submitting = False
        if result.passed:
            await self._refresh_player(user_id)

    @rx.event
    async def show_result(self, attempt_id: int):
        user_id = await self._user_id()
        if user_id is None:
            return None
        try:
            self.result = await db.run(
                quizzes.attempt_result, user_id=user_id, attempt_id=_as_int(attempt_id)
            )
        except DomainError as error:
            return await self._toast(error)
        return None

    @rx.event
    async def back_to_intro(self):
        self.result = None
        user_id = await self._user_id()
        if user_id is None:
            return None
        try:
            await self._refresh_overview(user_id)
        except DomainError as error:
            self.error = await self._message(error)
        return None

    # --- countdown ------------------------------------------------------------------------

    @rx.event(background=True)
    async def time_up(self):
        """The browser's countdown reached zero: submit the attempt on screen. A browser
        whose clock runs ahead waits here for the server's deadline (one sleep, no lock
        held), so a skewed clock never closes an attempt early; one more than
        SKEW_LIMIT_SECONDS ahead is not waited for (the learner goes on answering until the
        server refuses a late answer, which submits)."""
        async with self:
            if self.attempt is None or not self.deadline_ms or self.submitting:
                return
            attempt_id, deadline_ms = self.attempt.id, self.deadline_ms
        wait = deadline_ms / 1000 - time.time()
        if wait > SKEW_LIMIT_SECONDS:
            return
        if wait > 0:
            await asyncio.sleep(wait)
        async with self:
            if self.attempt is None or self.attempt.id != attempt_id:
                return
        yield QuizState.submit
