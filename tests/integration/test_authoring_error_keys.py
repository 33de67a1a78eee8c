"""The authoring refusals a teacher reads: each bad value raises Invalid naming its field
with its own message key (services/authoring), on both databases."""

from __future__ import annotations

from functools import partial

import pytest
from sqlalchemy import select

from edu_platform.models import Quiz
from edu_platform.services import authoring, materials, player, reviews_admin
from edu_platform.services.authoring.files import MAX_ATTACHMENTS
from edu_platform.services.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from edu_platform.services.metrics.core import metric_names
from tests.support.acting import ActingAs
from tests.support.factories import make_enrollment, make_user
from tests.support.learning import MP4


@pytest.fixture
def teacher(session) -> int:
    return make_user(session, role="teacher").id


@pytest.fixture
def author(session, teacher) -> ActingAs:
    return ActingAs(authoring, session, teacher)


@pytest.fixture
def course(author):
    return author.create_course(title="Keys course")


@pytest.fixture
def lessons(course, author):
    module = author.add_module(course_id=course.id, title="Module")
    made = {
        kind: author.add_lesson(module_id=module.id, title=kind, kind=kind)
        for kind in ("text", "video", "quiz")
    }
    made["module"] = module
    return made


@pytest.fixture
def quiz(session, lessons) -> Quiz:
    return session.scalar(select(Quiz).where(Quiz.lesson_id == lessons["quiz"].id))


def refused(error: type[DomainError], key: str, field: str | None, call, /, **kwargs) -> None:
    with pytest.raises(error) as caught:
        call(**kwargs)
    assert (caught.value.message_key, caught.value.field) == (key, field)


@pytest.mark.parametrize(
    ("changed", "field", "value", "message_key"),
    [
        ("course", "title", "  ", "authoring.error.title_required"),
        ("course", "title", "x" * 301, "authoring.error.too_long"),
        ("course", "price", "-1", "authoring.error.price"),
        ("course", "price", "10.123", "authoring.error.price"),
        ("course", "currency", "RUBLES", "authoring.error.currency"),
        ("course", "level", "expert", "authoring.error.level"),
        ("course", "language", "de", "authoring.error.language"),
        ("course", "category_id", 999999, "authoring.error.category"),
        ("course", "points_per_visit", "many", "authoring.error.points_per_visit"),
        ("course", "slug", "Bad Slug!", "authoring.error.slug"),
        ("course", "start_date", "31.12.2026", "authoring.error.date"),
        ("lesson", "duration_minutes", "10001", "authoring.error.duration"),
        ("lesson", "duration_minutes", "soon", "authoring.error.duration"),
        ("lesson", "video_url", "http://example.com/v.mp4", "authoring.error.video_url"),
        ("quiz", "pass_percent", 0, "authoring.error.pass_percent"),
        ("quiz", "pass_percent", 101, "authoring.error.pass_percent"),
        ("quiz", "time_limit_minutes", 1441, "authoring.error.time_limit_minutes"),
        ("quiz", "max_attempts", 101, "authoring.error.max_attempts"),
        ("quiz", "questions_per_attempt", 501, "authoring.error.questions_per_attempt"),
    ],
)
def test_a_bad_course_lesson_or_quiz_field_is_refused_with_its_key(
    author, course, lessons, quiz, changed, field, value, message_key
):
    change = {
        "course": partial(author.update_course, course_id=course.id),
        "lesson": partial(author.update_lesson, lesson_id=lessons["text"].id),
        "quiz": partial(author.update_quiz, quiz_id=quiz.id),
    }[changed]
    refused(Invalid, message_key, field, change, changes={field: value})


def test_a_course_ending_before_it_starts_is_refused(course, author):
    refused(
        Invalid,
        "authoring.error.dates",
        "end_date",
        author.update_course,
        course_id=course.id,
        changes={"start_date": "2026-09-10", "end_date": "2026-09-01"},
    )


def test_a_slug_of_another_course_is_taken(course, author):
    other = author.create_course(title="Other course")
    with pytest.raises(DomainError) as caught:
        author.update_course(course_id=other.id, changes={"slug": course.slug})
    assert (caught.value.message_key, caught.value.field) == ("authoring.error.slug_taken", "slug")


def test_a_student_is_not_an_author(session):
    student = make_user(session)
    refused(
        Forbidden,
        "authoring.error.not_author",
        None,
        authoring.create_course,
        session=session,
        actor_id=student.id,
        title="Mine",
    )


def test_unknown_course_module_lesson_quiz_question_and_attachment_are_not_found(session, teacher):
    calls = [
        ("course", authoring.update_course, {"course_id": "not-an-id", "changes": {}}),
        ("module", authoring.add_lesson, {"module_id": 987654, "title": "L", "kind": "text"}),
        ("lesson", authoring.update_lesson, {"lesson_id": 987654, "changes": {}}),
        ("quiz", authoring.update_quiz, {"quiz_id": 987654, "changes": {}}),
        ("question", authoring.delete_question, {"question_id": 987654}),
        ("attachment", authoring.delete_attachment, {"attachment_id": 987654}),
    ]
    for what, call, kwargs in calls:
        refused(
            NotFound,
            f"authoring.error.{what}_not_found",
            None,
            call,
            session=session,
            actor_id=teacher,
            **kwargs,
        )
    # The same keys, named once each for tests/unit/project/test_error_keys_named.py:
    assert [f"authoring.error.{what}_not_found" for what, *_ in calls] == [
        "authoring.error.course_not_found",
        "authoring.error.module_not_found",
        "authoring.error.lesson_not_found",
        "authoring.error.quiz_not_found",
        "authoring.error.question_not_found",
        "authoring.error.attachment_not_found",
    ]


def test_a_lesson_of_an_unknown_kind_is_refused(lessons, author):
    refused(
        Invalid,
        "authoring.error.lesson_kind",
        "kind",
        author.add_lesson,
        module_id=lessons["module"].id,
        title="Odd",
        kind="hologram",
    )


def test_a_second_final_quiz_is_refused(session, lessons, quiz, author):
    second = author.add_lesson(
        module_id=lessons["module"].id,
        title="Second quiz",
        kind="quiz",
    )
    other = session.scalar(select(Quiz).where(Quiz.lesson_id == second.id))
    author.update_quiz(quiz_id=quiz.id, changes={"is_final": True})
    refused(
        Invalid,
        "authoring.error.final_taken",
        "is_final",
        author.update_quiz,
        quiz_id=other.id,
        changes={"is_final": True},
    )


def _opts(*marks: bool) -> list[dict]:
    return [{"text": f"Option {i}", "is_correct": mark} for i, mark in enumerate(marks)]


@pytest.mark.parametrize(
    ("question", "message_key", "field"),
    [
        ({"kind": "essay"}, "authoring.error.question_kind", "kind"),
        ({"kind": "single", "text": " "}, "authoring.error.question_text", "text"),
        ({"kind": "single", "points": 101}, "authoring.error.points", "points"),
        ({"kind": "single", "options": "yes"}, "authoring.error.options", "options"),
        ({"kind": "single", "options": _opts(True)}, "authoring.error.options_needed", "options"),
        (
            {"kind": "single", "options": _opts(True, True)},
            "authoring.error.single_correct",
            "options",
        ),
        (
            {"kind": "multiple", "options": _opts(False, False)},
            "authoring.error.multiple_correct",
            "options",
        ),
        ({"kind": "text", "correct_text": "  "}, "authoring.error.correct_text", "correct_text"),
        ({"kind": "text", "correct_text": "x" * 501}, "authoring.error.too_long", "correct_text"),
        (
            {"kind": "number", "correct_number": ""},
            "authoring.error.correct_number",
            "correct_number",
        ),
        (
            {"kind": "number", "correct_number": "4", "tolerance": "-1"},
            "authoring.error.tolerance",
            "tolerance",
        ),
    ],
)
def test_a_bad_question_is_refused_with_its_key(quiz, question, message_key, field, author):
    values = {"text": "Question?", "options": _opts(True, False), **question}
    refused(
        Invalid,
        message_key,
        field,
        author.add_question,
        quiz_id=quiz.id,
        **values,
    )


@pytest.mark.usefixtures("data_dir")
@pytest.mark.parametrize(
    ("upload", "lesson", "file", "message_key"),
    [
        ("video", "text", {"filename": "v.mp4", "data": MP4}, "authoring.error.not_video"),
        ("video", "video", {"filename": "v.mp4", "data": b""}, "authoring.error.file_empty"),
        (
            "video",
            "video",
            {"filename": "v.mp4", "data": b"GIF89a not a video"},
            "authoring.error.video_type",
        ),
        (
            "attachment",
            "text",
            {"filename": "tool.exe", "data": b"MZ"},
            "authoring.error.attachment_type",
        ),
        (
            "attachment",
            "text",
            {"filename": "notes.pdf", "data": b"not a pdf at all"},
            "authoring.error.attachment_content",
        ),
    ],
)
def test_a_video_or_attachment_of_the_wrong_kind_is_refused_naming_the_upload(
    author, lessons, upload, lesson, file, message_key
):
    """A video for a text lesson, an empty or non-video file, an attachment of a refused
    type or whose content is not what its name says."""
    service = {"video": author.upload_video, "attachment": author.add_attachment}[upload]
    refused(Invalid, message_key, upload, service, lesson_id=lessons[lesson].id, **file)


@pytest.mark.usefixtures("data_dir")
def test_one_attachment_too_many_is_refused(author, lessons):
    attach = partial(author.add_attachment, lesson_id=lessons["text"].id, data=b"plain notes")
    for number in range(MAX_ATTACHMENTS):
        attach(filename=f"notes-{number}.txt")
    refused(
        Invalid, "authoring.error.too_many_files", "attachment", attach, filename="one-more.txt"
    )


def test_an_unknown_course_kind_is_refused(author):
    refused(
        Invalid,
        "authoring.error.kind",
        "kind",
        author.create_course,
        title="Odd",
        kind="podcast",
    )


def test_a_published_course_cannot_be_deleted(course, author):
    module = author.add_module(course_id=course.id, title="Module")
    author.add_lesson(module_id=module.id, title="Read", kind="text")
    author.publish_course(course_id=course.id)
    refused(
        Conflict,
        "authoring.error.course_in_use",
        None,
        author.delete_course,
        course_id=course.id,
    )


def test_a_module_with_learners_progress_is_kept_when_asked(session, course, lessons, author):
    learner = make_user(session)
    make_enrollment(session, user_id=learner.id, course_id=course.id, completed=[lessons["text"]])
    refused(
        Conflict,
        "authoring.error.has_progress",
        None,
        author.delete_module,
        module_id=lessons["module"].id,
        refuse_if_progress=True,
    )


def test_a_course_is_not_a_material_and_an_empty_course_has_no_first_lesson(
    session, teacher, course
):
    refused(
        NotFound,
        "materials.not_found",
        None,
        materials.material_draft,
        session=session,
        actor_id=teacher,
        material_id=course.id,
    )
    learner = make_user(session)
    make_enrollment(session, user_id=learner.id, course_id=course.id)
    refused(
        NotFound,
        "learning.no_lessons",
        None,
        player.start_lesson_id,
        session=session,
        user_id=learner.id,
        slug=course.slug,
    )


def test_an_unknown_metric_is_refused():
    with pytest.raises(Invalid) as caught:
        metric_names(["happiness"])
    assert (caught.value.message_key, caught.value.field) == ("metrics.unknown", "metrics")


def test_hiding_an_unknown_review_is_not_found(session):
    admin = make_user(session, role="admin")
    refused(
        NotFound,
        "admin_data.reviews.not_found",
        None,
        reviews_admin.set_hidden,
        session=session,
        actor_id=admin.id,
        review_id=987654,
        hidden=True,
    )
