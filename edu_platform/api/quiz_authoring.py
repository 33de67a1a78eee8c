"""Filling a quiz lesson over the API: its settings and questions, by the lesson's id.

A quiz lesson made with `POST /api/v1/modules/{id}/lessons` (kind "quiz") is a shell: its
course publishes, and its learners mark it done by hand like a text lesson, until an
integration adds questions here (then it is completed only by passing it). The same
services and rules as the quiz editor (services/authoring/quizzes.py); the course's teacher
and admins only (403 otherwise), and the answers are in what they read back.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, StrictBool

from edu_platform.api.deps import CallerId, run_as
from edu_platform.api.params import BodyId, Id, errors
from edu_platform.services import authoring
from edu_platform.services.authoring import QuestionRecord, QuizRecord

router = APIRouter(tags=["authoring"])

WRITE_ERRORS = errors(401, 403, 404, 422)
QuestionKindName = Literal["single", "multiple", "text", "number"]
RevealName = Literal["after_each_attempt", "after_passing", "after_last_attempt", "never"]
# The settings null clears (no limit); the others keep their value when sent as null.
CLEARABLE = frozenset({"time_limit_minutes", "max_attempts", "questions_per_attempt"})


class OptionIn(BaseModel):
    # An option's id, sent back when a question is replaced, keeps that option (past and
    # open attempts refer to it); without one the option is new.
    id: BodyId | None = None
    text: str = Field(min_length=1, max_length=2000)
    is_correct: StrictBool = False


class QuestionIn(BaseModel):
    """single and multiple: `options` (2-20; exactly one / at least one correct); text:
    `correct_text`; number: `correct_number` and `tolerance` (≥ 0)."""

    kind: QuestionKindName
    text: str = Field(min_length=1, max_length=5000)
    points: int = Field(default=1, ge=0, le=100, strict=True)
    options: list[OptionIn] | None = Field(default=None, max_length=20)
    correct_text: str | None = Field(default=None, max_length=500)
    correct_number: float | None = Field(default=None, allow_inf_nan=False)
    tolerance: float | None = Field(default=None, ge=0, allow_inf_nan=False)


class QuizPatch(BaseModel):
    pass_percent: int | None = Field(default=None, ge=1, le=100, strict=True)
    time_limit_minutes: int | None = Field(default=None, ge=1, le=1440, strict=True)
    max_attempts: int | None = Field(default=None, ge=1, le=100, strict=True)
    questions_per_attempt: int | None = Field(default=None, ge=1, le=500, strict=True)
    shuffle_options: StrictBool | None = None
    reveal_answers: RevealName | None = None
    is_final: StrictBool | None = None


def _question_fields(body: QuestionIn) -> dict:
    fields = body.model_dump()
    fields["options"] = [option.model_dump() for option in body.options or []]
    return fields


@router.get("/api/v1/lessons/{lesson_id}/quiz", response_model=QuizRecord, responses=WRITE_ERRORS)
def read_quiz(lesson_id: Id, caller_id: CallerId) -> QuizRecord:
    """The lesson's quiz: its settings and every question with its answers."""
    return run_as(caller_id, authoring.read_lesson_quiz, lesson_id=lesson_id)


@router.patch("/api/v1/lessons/{lesson_id}/quiz", response_model=QuizRecord, responses=WRITE_ERRORS)
def update_quiz(lesson_id: Id, body: QuizPatch, caller_id: CallerId) -> QuizRecord:
    """Change any of the settings; a field sent as null clears a limit (time, attempts,
    questions per attempt). One final quiz per course (422 naming `is_final`)."""
    sent = body.model_dump(exclude_unset=True)
    changes = {
        name: value for name, value in sent.items() if value is not None or name in CLEARABLE
    }
    return run_as(caller_id, authoring.change_lesson_quiz, lesson_id=lesson_id, changes=changes)


@router.post(
    "/api/v1/lessons/{lesson_id}/questions",
    response_model=QuestionRecord,
    status_code=201,
    responses=WRITE_ERRORS,
)
def create_question(lesson_id: Id, body: QuestionIn, caller_id: CallerId) -> QuestionRecord:
    """A new question at the end of the lesson's quiz (404 when the lesson is not a quiz)."""
    return run_as(
        caller_id, authoring.add_lesson_question, lesson_id=lesson_id, **_question_fields(body)
    )


@router.put(
    "/api/v1/questions/{question_id}", response_model=QuestionRecord, responses=WRITE_ERRORS
)
def replace_question(question_id: Id, body: QuestionIn, caller_id: CallerId) -> QuestionRecord:
    """Replace the question whole (kind, text, points, answers)."""
    return run_as(
        caller_id, authoring.replace_question, question_id=question_id, **_question_fields(body)
    )


@router.delete(
    "/api/v1/questions/{question_id}", status_code=204, responses=errors(401, 403, 404, 409, 422)
)
def delete_question(question_id: Id, caller_id: CallerId) -> Response:
    """Delete a question; the others close up. 409 for the last question of a published
    course's quiz."""
    run_as(caller_id, authoring.delete_question, question_id=question_id)
    return Response(status_code=204)
