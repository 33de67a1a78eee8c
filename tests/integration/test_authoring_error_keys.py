"""The authoring refusals a teacher reads: each bad value raises Invalid naming its field
with its own message key (services/authoring), on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from edu_platform.models import Enrollment, LessonProgress, Quiz
from edu_platform.models.base import utcnow
from edu_platform.services import authoring, materials, player, reviews_admin
from edu_platform.services.authoring.files import MAX_ATTACHMENTS
from edu_platform.services.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from edu_platform.services.metrics.core import metric_names
from edu_platform.settings import settings
from tests.support.factories import make_user

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


@pytest.fixture
def teacher(session) -> int:
    return make_user(session, role="teacher").id


@pytest.fixture
def course(session, teacher):
    return authoring.create_course(session=session, actor_id=teacher, title="Keys course")


@pytest.fixture
def lessons(session, teacher, course):
    module = authoring.add_module(
        session=session, actor_id=teacher, course_id=course.id, title="Module"
    )
    made = {
        kind: authoring.add_lesson(
            session=session, actor_id=teacher, module_id=module.id, title=kind, kind=kind
        )
        for kind in ("text", "video", "quiz")
    }
    made["module"] = module
    return made


@pytest.fixture
def quiz(session, lessons) -> Quiz:
    return session.scalar(select(Quiz).where(Quiz.lesson_id == lessons["quiz"].id))


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setattr(settings, "data_dir", root)
    return root


def refused(error: type[DomainError], key: str, field: str | None, call, /, **kwargs) -> None:
    with pytest.raises(error) as caught:
        call(**kwargs)
    assert (caught.value.message_key, caught.value.field) == (key, field)


@pytest.mark.parametrize(
    ("field", "value", "message_key"),
    [
        ("title", "  ", "authoring.error.title_required"),
        ("title", "x" * 301, "authoring.error.too_long"),
        ("price", "-1", "authoring.error.price"),
        ("price", "10.123", "authoring.error.price"),
        ("currency", "RUBLES", "authoring.error.currency"),
        ("level", "expert", "authoring.error.level"),
        ("language", "de", "authoring.error.language"),
        ("category_id", 999999, "authoring.error.category"),
        ("points_per_visit", "many", "authoring.error.points_per_visit"),
        ("slug", "Bad Slug!", "authoring.error.slug"),
        ("start_date", "31.12.2026", "authoring.error.date"),
    ],
)
def test_a_bad_course_field_is_refused_with_its_key(
    session, teacher, course, field, value, message_key
):
    refused(
        Invalid,
        message_key,
        field,
        authoring.update_course,
        session=session,
        actor_id=teacher,
        course_id=course.id,
        changes={field: value},
    )


def test_a_course_ending_before_it_starts_is_refused(session, teacher, course):
    refused(
        Invalid,
        "authoring.error.dates",
        "end_date",
        authoring.update_course,
        session=session,
        actor_id=teacher,
        course_id=course.id,
        changes={"start_date": "2026-09-10", "end_date": "2026-09-01"},
    )


def test_a_slug_of_another_course_is_taken(session, teacher, course):
    other = authoring.create_course(session=session, actor_id=teacher, title="Other course")
    with pytest.raises(DomainError) as caught:
        authoring.update_course(
            session=session, actor_id=teacher, course_id=other.id, changes={"slug": course.slug}
        )
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


def test_a_lesson_of_an_unknown_kind_is_refused(session, teacher, lessons):
    refused(
        Invalid,
        "authoring.error.lesson_kind",
        "kind",
        authoring.add_lesson,
        session=session,
        actor_id=teacher,
        module_id=lessons["module"].id,
        title="Odd",
        kind="hologram",
    )


@pytest.mark.parametrize(
    ("field", "value", "message_key"),
    [
        ("duration_minutes", "10001", "authoring.error.duration"),
        ("duration_minutes", "soon", "authoring.error.duration"),
        ("video_url", "http://example.com/v.mp4", "authoring.error.video_url"),
    ],
)
def test_a_bad_lesson_field_is_refused_with_its_key(
    session, teacher, lessons, field, value, message_key
):
    refused(
        Invalid,
        message_key,
        field,
        authoring.update_lesson,
        session=session,
        actor_id=teacher,
        lesson_id=lessons["text"].id,
        changes={field: value},
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pass_percent", 0),
        ("pass_percent", 101),
        ("time_limit_minutes", 1441),
        ("max_attempts", 101),
        ("questions_per_attempt", 501),
    ],
)
def test_a_bad_quiz_setting_is_refused_with_its_key(session, teacher, quiz, field, value):
    refused(
        Invalid,
        {
            "pass_percent": "authoring.error.pass_percent",
            "time_limit_minutes": "authoring.error.time_limit_minutes",
            "max_attempts": "authoring.error.max_attempts",
            "questions_per_attempt": "authoring.error.questions_per_attempt",
        }[field],
        field,
        authoring.update_quiz,
        session=session,
        actor_id=teacher,
        quiz_id=quiz.id,
        changes={field: value},
    )


def test_a_second_final_quiz_is_refused(session, teacher, lessons, quiz):
    second = authoring.add_lesson(
        session=session,
        actor_id=teacher,
        module_id=lessons["module"].id,
        title="Second quiz",
        kind="quiz",
    )
    other = session.scalar(select(Quiz).where(Quiz.lesson_id == second.id))
    authoring.update_quiz(
        session=session, actor_id=teacher, quiz_id=quiz.id, changes={"is_final": True}
    )
    refused(
        Invalid,
        "authoring.error.final_taken",
        "is_final",
        authoring.update_quiz,
        session=session,
        actor_id=teacher,
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
def test_a_bad_question_is_refused_with_its_key(
    session, teacher, quiz, question, message_key, field
):
    values = {"text": "Question?", "options": _opts(True, False), **question}
    refused(
        Invalid,
        message_key,
        field,
        authoring.add_question,
        session=session,
        actor_id=teacher,
        quiz_id=quiz.id,
        **values,
    )


def test_video_uploads_are_refused_for_text_lessons_and_non_videos(
    session, teacher, lessons, data_dir
):
    upload = {"session": session, "actor_id": teacher, "filename": "v.mp4"}
    refused(
        Invalid,
        "authoring.error.not_video",
        "video",
        authoring.upload_video,
        lesson_id=lessons["text"].id,
        data=MP4,
        **upload,
    )
    refused(
        Invalid,
        "authoring.error.file_empty",
        "video",
        authoring.upload_video,
        lesson_id=lessons["video"].id,
        data=b"",
        **upload,
    )
    refused(
        Invalid,
        "authoring.error.video_type",
        "video",
        authoring.upload_video,
        lesson_id=lessons["video"].id,
        data=b"GIF89a not a video",
        **upload,
    )


def test_attachments_of_a_bad_type_or_content_or_one_too_many_are_refused(
    session, teacher, lessons, data_dir
):
    attach = {"session": session, "actor_id": teacher, "lesson_id": lessons["text"].id}
    refused(
        Invalid,
        "authoring.error.attachment_type",
        "attachment",
        authoring.add_attachment,
        filename="tool.exe",
        data=b"MZ",
        **attach,
    )
    refused(
        Invalid,
        "authoring.error.attachment_content",
        "attachment",
        authoring.add_attachment,
        filename="notes.pdf",
        data=b"not a pdf at all",
        **attach,
    )
    for number in range(MAX_ATTACHMENTS):
        authoring.add_attachment(filename=f"notes-{number}.txt", data=b"plain notes", **attach)
    refused(
        Invalid,
        "authoring.error.too_many_files",
        "attachment",
        authoring.add_attachment,
        filename="one-more.txt",
        data=b"plain notes",
        **attach,
    )


def test_an_unknown_course_kind_is_refused(session, teacher):
    refused(
        Invalid,
        "authoring.error.kind",
        "kind",
        authoring.create_course,
        session=session,
        actor_id=teacher,
        title="Odd",
        kind="podcast",
    )


def test_a_published_course_cannot_be_deleted(session, teacher, course):
    module = authoring.add_module(
        session=session, actor_id=teacher, course_id=course.id, title="Module"
    )
    authoring.add_lesson(
        session=session, actor_id=teacher, module_id=module.id, title="Read", kind="text"
    )
    authoring.publish_course(session=session, actor_id=teacher, course_id=course.id)
    refused(
        Conflict,
        "authoring.error.course_in_use",
        None,
        authoring.delete_course,
        session=session,
        actor_id=teacher,
        course_id=course.id,
    )


def test_a_module_with_learners_progress_is_kept_when_asked(session, teacher, course, lessons):
    learner = make_user(session)
    enrollment = Enrollment(user_id=learner.id, course_id=course.id)
    session.add(enrollment)
    session.flush()
    session.add(
        LessonProgress(
            enrollment_id=enrollment.id,
            user_id=learner.id,
            lesson_id=lessons["text"].id,
            completed_at=utcnow(),
        )
    )
    session.flush()
    refused(
        Conflict,
        "authoring.error.has_progress",
        None,
        authoring.delete_module,
        session=session,
        actor_id=teacher,
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
    session.add(Enrollment(user_id=learner.id, course_id=course.id))
    session.flush()
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
