"""The lesson editor dialog of the course editor: content, video, attachments, quiz.

Like the course editor, each handler re-verifies the user and passes the ids it got to
services/authoring, which check them against the rows; nothing here trusts the client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from edu_platform.services import authoring
from edu_platform.services.authoring.views import AttachmentRow, QuestionRow
from edu_platform.services.errors import DomainError
from edu_platform.settings import settings
from edu_platform.state.base import FeatureState
from edu_platform.state.course_editor import CourseEditorState, _rejected_text, _too_large

VIDEO_UPLOAD_ID = "lesson-video-upload"
ATTACHMENT_UPLOAD_ID = "lesson-attachment-upload"
CHOICE_KINDS = ("single", "multiple")


@dataclass
class OptionDraft:
    id: int  # 0 for a new option
    text: str
    is_correct: bool


class LessonEditorState(FeatureState, rx.State):
    open: bool = False
    loading: bool = False
    lesson_id: int = 0
    kind: str = "text"
    title: str = ""
    body: str = ""
    duration: str = "0"
    is_preview: bool = False
    video_url: str = ""
    video_file: str = ""
    video_preview_url: str = ""
    attachments: list[AttachmentRow] = []
    errors: dict[str, str] = {}
    form_key: int = 0
    saving: bool = False
    uploading: bool = False
    # quiz settings
    quiz_id: int = 0
    pass_percent: str = "70"
    time_limit: str = ""
    max_attempts: str = ""
    questions_per_attempt: str = ""
    shuffle_options: bool = False
    reveal_answers: str = "after_each_attempt"
    is_final: bool = False
    questions: list[QuestionRow] = []
    # the question being written (question_open) or edited (question_id > 0)
    question_open: bool = False
    question_id: int = 0
    question_kind: str = "single"
    question_text: str = ""
    question_points: str = "1"
    options: list[OptionDraft] = []
    correct_text: str = ""
    correct_number: str = ""
    tolerance: str = ""
    question_errors: dict[str, str] = {}

    @rx.var
    def max_upload_bytes(self) -> int:
        return settings.max_upload_bytes

    @rx.var
    def is_choice(self) -> bool:
        return self.question_kind in CHOICE_KINDS

    # --- plumbing ---------------------------------------------------------------------------

    def _clear_rows(self) -> None:
        self.open = False  # nobody signed in (any more): the editor closes

    async def _fail(self, result: Any, default_field: str) -> None:
        if isinstance(result, DomainError):
            self.errors = {result.field or default_field: await self._error_text(result)}

    async def _reload(self) -> bool:
        ok, draft = await self._try(authoring.lesson_draft, lesson_id=self.lesson_id)
        if not ok:
            self.open = False
            return False
        self.kind, self.title, self.body = draft.kind, draft.title, draft.body
        self.duration, self.is_preview = str(draft.duration_minutes), draft.is_preview
        self.video_url, self.video_file = draft.video_url, draft.video_file
        self.video_preview_url, self.attachments = draft.video_preview_url, draft.attachments
        quiz = draft.quiz
        self.quiz_id = quiz.id if quiz else 0
        if quiz:
            self.pass_percent = str(quiz.pass_percent)
            self.time_limit, self.max_attempts = quiz.time_limit_minutes, quiz.max_attempts
            self.questions_per_attempt = quiz.questions_per_attempt
            self.shuffle_options = quiz.shuffle_options
            self.reveal_answers = quiz.reveal_answers
            self.is_final = quiz.is_final
        self.questions = draft.questions
        return True

    async def _reload_questions(self) -> None:
        """After a question was added or deleted: the quiz and, when it was or now is
        empty, the syllabus, which marks an empty quiz for its teacher."""
        was_empty = not self.questions
        if await self._reload() and was_empty != (not self.questions):
            await self._refresh_syllabus()

    async def _refresh_syllabus(self) -> None:
        editor = await self.get_state(CourseEditorState)
        await editor.reload_syllabus()

    # --- opening and the lesson itself ------------------------------------------------------

    @rx.event
    async def open_lesson(self, lesson_id: int):
        self.lesson_id, self.errors, self.question_open = 0, {}, False
        self.open, self.loading = True, True
        yield
        try:
            self.lesson_id = int(lesson_id)
        except (TypeError, ValueError):
            self.open, self.loading = False, False
            return
        await self._reload()
        self.form_key += 1
        self.loading = False

    @rx.event
    def set_open(self, value: bool):
        self.open = bool(value)
        if not self.open:
            self.question_open, self.errors = False, {}

    @rx.event
    def set_body(self, value: str):
        self.body = str(value)[:100_000]

    @rx.event
    def set_is_preview(self, value: bool):
        self.is_preview = bool(value)

    @rx.event
    async def save_lesson(self, form_data: dict):
        changes: dict[str, Any] = {
            "title": str(form_data.get("title", ""))[:400],
            "duration_minutes": str(form_data.get("duration_minutes", ""))[:10],
            "is_preview": self.is_preview,
            "body": self.body,
        }
        if self.kind == "video":
            changes["video_url"] = str(form_data.get("video_url", ""))[:1100]
        self.saving = True
        yield
        ok, result = await self._try(
            authoring.update_lesson, lesson_id=self.lesson_id, changes=changes
        )
        self.saving = False
        if not ok:
            await self._fail(result, "title")
            return
        self.errors = {}
        await self._reload()
        await self._refresh_syllabus()
        yield rx.toast.success(await self._text("authoring.lesson.saved"))

    # --- video and attachments --------------------------------------------------------------

    async def _read_upload(self, files: list[rx.UploadFile], field: str) -> tuple[bytes, str]:
        """(bytes, name) of the first file, reading at most one byte past the limit."""
        upload = files[0]
        limit = settings.max_upload_bytes
        if upload.size is not None and upload.size > limit:
            self.errors = {field: _too_large(await self._lang())}
            return b"", ""
        return await upload.read(limit + 1), str(upload.name or "")

    async def _change_files(self, field: str, service_fn, /, **kwargs) -> None:
        """Run a video or attachment service: the lesson read again, or the error under
        `field`."""
        ok, result = await self._try(service_fn, **kwargs)
        if ok:
            await self._reload()
        else:
            await self._fail(result, field)

    async def _store_upload(self, files: list[rx.UploadFile], field: str, service_fn):
        """The first of `files` stored by `service_fn(lesson_id, data, filename)` while the
        upload button spins (yield each update)."""
        if not files:  # a refused file: the rejection's message stays (the events race)
            return
        self.errors = {}
        self.uploading = True
        yield
        data, name = await self._read_upload(files, field)
        if data:
            await self._change_files(
                field, service_fn, lesson_id=self.lesson_id, data=data, filename=name
            )
        self.uploading = False

    async def _reject(self, rejected: list[dict], field: str, type_key: str) -> None:
        """The drop zone's refusal (a wrong type, too large) under `field`."""
        self.errors = {field: _rejected_text(rejected, await self._lang(), type_key)}

    @rx.event
    async def upload_video(self, files: list[rx.UploadFile]):
        async for update in self._store_upload(files, "video", authoring.upload_video):
            yield update

    @rx.event
    async def video_rejected(self, rejected: list[dict]):
        await self._reject(rejected, "video", "authoring.error.video_type")

    @rx.event
    async def remove_video(self):
        await self._change_files("video", authoring.remove_video, lesson_id=self.lesson_id)

    @rx.event
    async def upload_attachment(self, files: list[rx.UploadFile]):
        async for update in self._store_upload(files, "attachment", authoring.add_attachment):
            yield update

    @rx.event
    async def attachment_rejected(self, rejected: list[dict]):
        await self._reject(rejected, "attachment", "authoring.error.attachment_type")

    @rx.event
    async def delete_attachment(self, attachment_id: int):
        await self._change_files(
            "attachment", authoring.delete_attachment, attachment_id=attachment_id
        )

    # --- quiz settings ----------------------------------------------------------------------

    @rx.event
    def set_shuffle_options(self, value: bool):
        self.shuffle_options = bool(value)

    @rx.event
    def set_reveal_answers(self, value: str):
        self.reveal_answers = str(value)[:20]

    @rx.event
    def set_is_final(self, value: bool):
        self.is_final = bool(value)

    @rx.event
    async def save_quiz(self, form_data: dict):
        changes = {
            "pass_percent": str(form_data.get("pass_percent", ""))[:10],
            "time_limit_minutes": str(form_data.get("time_limit_minutes", ""))[:10],
            "max_attempts": str(form_data.get("max_attempts", ""))[:10],
            "questions_per_attempt": str(form_data.get("questions_per_attempt", ""))[:10],
            "shuffle_options": self.shuffle_options,
            "reveal_answers": self.reveal_answers,
            "is_final": self.is_final,
        }
        # Every wrong value at once, each under its field (not one per press of Save).
        wrong = authoring.quiz_settings_errors(changes)
        if wrong:
            self.errors = {
                error.field or "pass_percent": await self._error_text(error) for error in wrong
            }
            return
        ok, result = await self._try(authoring.update_quiz, quiz_id=self.quiz_id, changes=changes)
        if not ok:
            await self._fail(result, "pass_percent")
            return
        self.errors = {}
        await self._reload()
        self.form_key += 1
        yield rx.toast.success(await self._text("authoring.quiz.saved"))

    # --- questions --------------------------------------------------------------------------

    def _blank_question(self) -> None:
        self.question_id, self.question_kind, self.question_text = 0, "single", ""
        self.question_points, self.correct_text = "1", ""
        self.correct_number, self.tolerance, self.question_errors = "", "", {}
        self.options = [OptionDraft(0, "", True), OptionDraft(0, "", False)]

    @rx.event
    def new_question(self):
        self._blank_question()
        self.question_open = True

    @rx.event
    def edit_question(self, question_id: int):
        row = next((q for q in self.questions if q.id == question_id), None)
        if row is None:  # only questions this dialog loaded through the service
            return
        self._blank_question()
        self.question_id, self.question_kind, self.question_text = row.id, row.kind, row.text
        self.question_points = str(row.points)
        self.correct_text, self.correct_number = row.correct_text, row.correct_number
        self.tolerance = row.tolerance
        if row.options:
            self.options = [OptionDraft(o.id, o.text, o.is_correct) for o in row.options]
        self.question_open = True

    @rx.event
    def cancel_question(self):
        self.question_open, self.question_errors = False, {}

    @rx.event
    def set_question_kind(self, value: str):
        self.question_kind = str(value)[:20]

    @rx.event
    def set_question_text(self, value: str):
        self.question_text = str(value)[:5000]

    @rx.event
    def set_question_points(self, value: str):
        self.question_points = str(value)[:10]

    @rx.event
    def set_correct_text(self, value: str):
        self.correct_text = str(value)[:500]

    @rx.event
    def set_correct_number(self, value: str):
        self.correct_number = str(value)[:40]

    @rx.event
    def set_tolerance(self, value: str):
        self.tolerance = str(value)[:40]

    def _option_index(self, index: object) -> int | None:
        try:
            number = int(index)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        return number if 0 <= number < len(self.options) else None

    @rx.event
    def set_option_text(self, index: int, value: str):
        number = self._option_index(index)
        if number is not None:
            options = list(self.options)
            options[number] = OptionDraft(
                options[number].id, str(value)[:2000], options[number].is_correct
            )
            self.options = options

    @rx.event
    def set_option_correct(self, index: int, value: bool):
        number = self._option_index(index)
        if number is None:
            return
        options = list(self.options)
        if self.question_kind == "single" and value:  # one right answer: like radio buttons
            options = [OptionDraft(o.id, o.text, False) for o in options]
        current = options[number]
        options[number] = OptionDraft(current.id, current.text, bool(value))
        self.options = options

    @rx.event
    def add_option(self):
        if len(self.options) < 20:
            self.options = [*self.options, OptionDraft(0, "", False)]

    @rx.event
    def remove_option(self, index: int):
        number = self._option_index(index)
        if number is not None:
            self.options = [o for i, o in enumerate(self.options) if i != number]

    @rx.event
    async def save_question(self):
        fields = {
            "kind": self.question_kind,
            "text": self.question_text,
            "points": self.question_points,
            "options": [
                {"id": o.id or None, "text": o.text, "is_correct": o.is_correct}
                for o in self.options
            ],
            "correct_text": self.correct_text,
            "correct_number": self.correct_number,
            "tolerance": self.tolerance,
        }
        if self.question_id:
            ok, result = await self._try(
                authoring.update_question, question_id=self.question_id, **fields
            )
        else:
            ok, result = await self._try(authoring.add_question, quiz_id=self.quiz_id, **fields)
        if not ok:
            if isinstance(result, DomainError):
                self.question_errors = {result.field or "text": await self._error_text(result)}
            return
        self.question_open, self.question_errors = False, {}
        await self._reload_questions()

    @rx.event
    async def move_question(self, question_id: int, direction: str):
        ok, result = await self._try(
            authoring.move_question, question_id=question_id, direction=direction
        )
        if ok:
            await self._reload()
        else:
            await self._fail(result, "questions")

    @rx.event
    async def delete_question(self, question_id: int):
        ok, result = await self._try(authoring.delete_question, question_id=question_id)
        if ok:
            if self.question_id == question_id:
                self.question_open = False
            await self._reload_questions()
        elif isinstance(result, DomainError):
            # Under the list whatever the field (the last question of a published quiz).
            self.errors = {"questions": await self._error_text(result)}
