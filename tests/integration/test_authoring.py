"""Course authoring services on both databases: the course life cycle and search, the
syllabus order and lesson counter, ownership, quiz rules, slugs, and uploads."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from PIL import Image
from sqlalchemy import select

from edu_platform import db
from edu_platform.models import (
    AnswerOption,
    Course,
    Lesson,
    LessonAttachment,
    Module,
    Question,
    Quiz,
    User,
)
from edu_platform.services import authoring, media, progress
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from edu_platform.services.search import CatalogQuery, search_courses
from edu_platform.settings import PROJECT_ROOT, settings
from tests.support.acting import ActingAs, assert_each_field_refused, refused_then_saved
from tests.support.factories import make_cast, make_enrollment, make_user
from tests.support.learning import MP4


@pytest.fixture
def people(session):
    return {part: user.id for part, user in make_cast(session).items()}


@pytest.fixture
def author(session, people) -> ActingAs:
    return ActingAs(authoring, session, people["teacher"])


def _course(author: ActingAs, title="Астрономия для начинающих", **extra) -> Course:
    return author.create_course(title=title, **extra)


def _found_ids(session, q: str) -> list[int]:
    result = search_courses(session=session, query=CatalogQuery(q=q), with_facets=False)
    return [card.id for card in result.items]


def _positions(session, model, **where) -> list[tuple[str, int]]:
    column = getattr(model, next(iter(where)))
    rows = session.scalars(
        select(model).where(column == next(iter(where.values()))).order_by(model.position)
    )
    return [(row.title, row.position) for row in rows]


def _lessons_count(session, course_id: int) -> int:
    session.expire_all()
    return session.get(Course, course_id).lessons_count


def _png(size=(400, 300)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 60, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


# --- the life cycle ---------------------------------------------------------------------------


def test_course_life_cycle_from_draft_to_search_and_back(session, author):
    course = _course(author, summary="Звёзды и планеты")
    assert (course.is_published, course.teacher_id, course.slug) == (
        False,
        author.actor_id,
        "astronomiia-dlia-nachinaiushchikh",
    )
    assert course.id not in _found_ids(session, "астрономия")

    with pytest.raises(Invalid) as refused:
        author.publish_course(course_id=course.id)
    assert (refused.value.field, refused.value.message_key) == (
        "is_published",
        "authoring.error.no_lessons",
    )

    module = author.add_module(course_id=course.id, title="Введение")
    author.add_lesson(
        module_id=module.id,
        title="Небо над головой",
        kind="text",
    )
    published = author.publish_course(course_id=course.id)
    assert published.is_published and published.published_at is not None
    assert _found_ids(session, "астрономии") == [course.id]

    author.update_course(
        course_id=course.id,
        changes={"title": "Телескопы и кометы"},
    )
    assert _found_ids(session, "кометы") == [course.id]
    assert _found_ids(session, "астрономия") == []

    author.unpublish_course(course_id=course.id)
    assert _found_ids(session, "кометы") == []


def test_update_checks_every_field_and_names_it(author):
    course = _course(author)
    bad = {
        "title": "   ",
        "price": "-1",
        "currency": "рубли",
        "level": "expert",
        "language": "de",
        "category_id": 999999,
        "points_per_visit": "many",
        "slug": "Bad Slug!",
        "start_date": "31.12.2026",
    }
    assert_each_field_refused(
        lambda changes: author.update_course(course_id=course.id, changes=changes), bad.items()
    )
    with pytest.raises(Invalid) as error:
        author.update_course(
            course_id=course.id,
            changes={"start_date": "2026-09-10", "end_date": "2026-09-01"},
        )
    assert error.value.field == "end_date"

    updated = author.update_course(
        course_id=course.id,
        changes={
            "price": "1990.50",
            "currency": "usd",
            "level": "advanced",
            "language": "en",
            "start_date": "2026-09-01",
            "end_date": "2026-12-01",
            "points_per_visit": 5,
            "require_sequential": True,
            "description": "# Plan\n\n- stars",
        },
    )
    assert (updated.price, updated.currency, updated.level, updated.require_sequential) == (
        Decimal("1990.50"),
        "USD",
        "advanced",
        True,
    )
    assert updated.description == "# Plan\n\n- stars"
    free = author.update_course(course_id=course.id, changes={"price": 0})
    assert free.price == Decimal("0.00")


def test_slugs_are_transliterated_unique_or_validated(author):
    first = _course(author, title="Основы Python")
    second = _course(author, title="Основы  Python!")
    third = _course(author, title="основы python")
    assert [first.slug, second.slug, third.slug] == [
        "osnovy-python",
        "osnovy-python-2",
        "osnovy-python-3",
    ]
    named = _course(author, title="Anything", slug="my-course-1")
    assert named.slug == "my-course-1"
    with pytest.raises(Conflict) as taken:
        _course(author, title="Again", slug="my-course-1")
    assert taken.value.field == "slug"
    for bad in ("My-Course", "kurs_1", "-start", "два"):
        with pytest.raises(Invalid) as error:
            _course(author, title="X", slug=bad)
        assert error.value.field == "slug"
    assert authoring.slug_from_title("!!!") == "course"


# --- ownership --------------------------------------------------------------------------------


def test_students_and_anonymous_cannot_create_courses(session, people):
    for actor in (people["student"], None):
        with pytest.raises(Forbidden):
            authoring.create_course(session=session, actor_id=actor, title="Nope")
    admin_course = authoring.create_course(session=session, actor_id=people["admin"], title="A")
    assert admin_course.teacher_id == people["admin"]


def test_another_teacher_is_refused_every_change(session, people, data_dir, author):
    other = people["other"]
    course = _course(author)
    module = author.add_module(course_id=course.id, title="M")
    second = author.add_module(course_id=course.id, title="M2")
    lesson = author.add_lesson(module_id=module.id, title="V", kind="video")
    quiz_lesson = author.add_lesson(module_id=module.id, title="Q", kind="quiz")
    quiz = session.scalar(select(Quiz).where(Quiz.lesson_id == quiz_lesson.id))
    question = author.add_question(
        quiz_id=quiz.id,
        kind="text",
        text="2+2?",
        correct_text="four",
    )
    attachment = author.add_attachment(lesson_id=lesson.id, filename="notes.txt", data=b"hello")
    calls = [
        (authoring.update_course, {"course_id": course.id, "changes": {"title": "Mine"}}),
        (authoring.publish_course, {"course_id": course.id}),
        (authoring.unpublish_course, {"course_id": course.id}),
        (authoring.set_banner, {"course_id": course.id, "data": _png()}),
        (authoring.remove_banner, {"course_id": course.id}),
        (authoring.course_settings, {"course_id": course.id}),
        (authoring.syllabus, {"course_id": course.id}),
        (authoring.add_module, {"course_id": course.id, "title": "X"}),
        (authoring.rename_module, {"module_id": module.id, "title": "X"}),
        (authoring.move_module, {"module_id": module.id, "direction": "down"}),
        (authoring.delete_module, {"module_id": module.id}),
        (authoring.add_lesson, {"module_id": module.id, "title": "X", "kind": "text"}),
        (authoring.update_lesson, {"lesson_id": lesson.id, "changes": {"title": "X"}}),
        (authoring.move_lesson, {"lesson_id": lesson.id, "direction": "down"}),
        (authoring.move_lesson_to_module, {"lesson_id": lesson.id, "module_id": second.id}),
        (authoring.delete_lesson, {"lesson_id": lesson.id}),
        (authoring.lesson_draft, {"lesson_id": lesson.id}),
        (authoring.upload_video, {"lesson_id": lesson.id, "data": MP4}),
        (authoring.remove_video, {"lesson_id": lesson.id}),
        (authoring.add_attachment, {"lesson_id": lesson.id, "filename": "a.txt", "data": b"x"}),
        (authoring.delete_attachment, {"attachment_id": attachment.id}),
        (authoring.update_quiz, {"quiz_id": quiz.id, "changes": {"pass_percent": 50}}),
        (
            authoring.add_question,
            {"quiz_id": quiz.id, "kind": "text", "text": "?", "correct_text": "a"},
        ),
        (
            authoring.update_question,
            {"question_id": question.id, "kind": "text", "text": "?", "correct_text": "b"},
        ),
        (authoring.move_question, {"question_id": question.id, "direction": "up"}),
        (authoring.delete_question, {"question_id": question.id}),
    ]
    for service, arguments in calls:
        for actor in (other, people["student"]):
            with pytest.raises(Forbidden):
                service(session=session, actor_id=actor, **arguments)
    # Nothing moved, and the admin may edit any course.
    assert _positions(session, Module, course_id=course.id) == [("M", 0), ("M2", 1)]
    assert session.get(LessonAttachment, attachment.id) is not None
    authoring.rename_module(
        session=session, actor_id=people["admin"], module_id=module.id, title="Renamed by admin"
    )
    assert session.get(Module, module.id).title == "Renamed by admin"


def test_untrusted_ids_are_not_found(author):
    for bad in ("abc", -1, 0, None, True, "1; drop table course"):
        with pytest.raises(NotFound):
            author.update_course(course_id=bad, changes={})


# --- syllabus order and the lesson counter -------------------------------------------------------


def test_modules_and_lessons_reorder_with_dense_positions(session, author):
    course = _course(author)
    first, second, third = (
        author.add_module(course_id=course.id, title=t) for t in ("One", "Two", "Three")
    )
    assert author.move_module(module_id=third.id, direction="up")
    assert _positions(session, Module, course_id=course.id) == [
        ("One", 0),
        ("Three", 1),
        ("Two", 2),
    ]
    assert not author.move_module(module_id=first.id, direction="up")
    with pytest.raises(Invalid):
        author.move_module(module_id=first.id, direction="sideways")

    a, _b, _c = (
        author.add_lesson(module_id=first.id, title=t, kind="text") for t in ("A", "B", "C")
    )
    author.move_lesson(lesson_id=a.id, direction="down")
    assert _positions(session, Lesson, module_id=first.id) == [("B", 0), ("A", 1), ("C", 2)]
    author.move_lesson_to_module(lesson_id=a.id, module_id=second.id)
    assert _positions(session, Lesson, module_id=first.id) == [("B", 0), ("C", 1)]
    assert _positions(session, Lesson, module_id=second.id) == [("A", 0)]
    author.delete_module(module_id=third.id)
    assert _positions(session, Module, course_id=course.id) == [("One", 0), ("Two", 1)]
    outline = author.syllabus(course_id=course.id)
    assert [(m.title, [lesson.title for lesson in m.lessons]) for m in outline] == [
        ("One", ["B", "C"]),
        ("Two", ["A"]),
    ]
    assert (outline[0].is_first, outline[0].is_last, outline[1].is_last) == (True, False, True)


def test_lessons_count_follows_add_delete_and_move(session, author):
    course = _course(author)
    one = author.add_module(course_id=course.id, title="1")
    two = author.add_module(course_id=course.id, title="2")
    lessons = [
        author.add_lesson(module_id=module.id, title=f"L{i}", kind=kind)
        for i, (module, kind) in enumerate(
            [(one, "text"), (one, "video"), (two, "quiz"), (two, "text")]
        )
    ]
    assert _lessons_count(session, course.id) == 4
    author.move_lesson_to_module(lesson_id=lessons[0].id, module_id=two.id)
    assert _lessons_count(session, course.id) == 4
    author.delete_lesson(lesson_id=lessons[1].id)
    assert _lessons_count(session, course.id) == 3
    author.delete_module(module_id=two.id)
    assert _lessons_count(session, course.id) == 0
    assert session.scalar(select(Quiz).where(Quiz.lesson_id == lessons[2].id)) is None
    with pytest.raises(NotFound):
        author.update_lesson(lesson_id=lessons[3].id, changes={"title": "gone"})


def test_learners_progress_is_recounted_when_lessons_come_and_go(session, people, author):
    course = _course(author)
    module = author.add_module(course_id=course.id, title="M")
    first = author.add_lesson(module_id=module.id, title="1", kind="text")
    second = author.add_lesson(module_id=module.id, title="2", kind="text")
    enrollment = make_enrollment(
        session, user_id=people["student"], course_id=course.id, completed=[first], out_of=2
    )
    author.add_lesson(module_id=module.id, title="3", kind="text")
    session.refresh(enrollment)
    assert (enrollment.completed_lessons, enrollment.progress_percent) == (1, 33)
    author.delete_lesson(lesson_id=second.id)
    author.delete_lesson(lesson_id=first.id)
    session.refresh(enrollment)
    assert (enrollment.completed_lessons, enrollment.progress_percent) == (0, 0)


def test_lesson_fields_are_checked(author):
    course = _course(author)
    module = author.add_module(course_id=course.id, title="M")
    with pytest.raises(Invalid) as error:
        author.add_lesson(module_id=module.id, title="X", kind="podcast")
    assert error.value.field == "kind"
    lesson = author.add_lesson(module_id=module.id, title="Video", kind="video")
    saved = refused_then_saved(
        lambda changes: author.update_lesson(lesson_id=lesson.id, changes=changes),
        [
            ("video_url", "http://example.com/v.mp4"),
            ("duration_minutes", -5),
            ("title", ""),
            ("video_url", "javascript:alert(1)"),
        ],
        {
            "video_url": "https://video.example.com/v1",
            "duration_minutes": "12",
            "is_preview": True,
            "body": "**Notes**",
        },
    )
    assert (saved.video_url, saved.duration_minutes, saved.is_preview, saved.body) == (
        "https://video.example.com/v1",
        12,
        True,
        "**Notes**",
    )


# --- quizzes --------------------------------------------------------------------------------------


@pytest.fixture
def quiz_course(session, author):
    course = _course(author)
    module = author.add_module(course_id=course.id, title="M")
    lessons = [
        author.add_lesson(module_id=module.id, title=f"Quiz {n}", kind="quiz") for n in (1, 2)
    ]
    quizzes = [
        session.scalar(select(Quiz).where(Quiz.lesson_id == lesson.id)) for lesson in lessons
    ]
    return course, quizzes


def _opts(*marks: bool) -> list[dict]:
    return [{"text": f"Option {i}", "is_correct": mark} for i, mark in enumerate(marks)]


def test_quiz_questions_follow_the_rules_of_their_kind(session, quiz_course, author):
    _, (quiz, _) = quiz_course
    cases = [
        ({"kind": "single", "options": _opts(True, True)}, "options"),
        ({"kind": "single", "options": _opts(False, False)}, "options"),
        ({"kind": "single", "options": _opts(True)}, "options"),
        ({"kind": "multiple", "options": _opts(False, False, False)}, "options"),
        ({"kind": "text", "correct_text": "  "}, "correct_text"),
        ({"kind": "number", "correct_number": ""}, "correct_number"),
        ({"kind": "number", "correct_number": "4", "tolerance": "-1"}, "tolerance"),
        ({"kind": "essay"}, "kind"),
        ({"kind": "single", "text": " ", "options": _opts(True, False)}, "text"),
    ]
    for arguments, field in cases:
        with pytest.raises(Invalid) as error:
            author.add_question(
                quiz_id=quiz.id,
                **{"text": "Question?", **arguments},
            )
        assert error.value.field == field, arguments
    assert session.scalars(select(Question).where(Question.quiz_id == quiz.id)).all() == []

    single = author.add_question(
        quiz_id=quiz.id,
        kind="single",
        text="Pick",
        options=_opts(False, True),
    )
    multiple = author.add_question(
        quiz_id=quiz.id,
        kind="multiple",
        text="Pick some",
        options=_opts(True, False, True),
    )
    number = author.add_question(
        quiz_id=quiz.id,
        kind="number",
        text="Pi?",
        correct_number="3,14",
        tolerance="0.01",
    )
    assert (number.correct_number, number.tolerance) == (3.14, 0.01)
    assert [q.position for q in (single, multiple, number)] == [0, 1, 2]

    kept = session.scalars(
        select(AnswerOption)
        .where(AnswerOption.question_id == single.id)
        .order_by(AnswerOption.position)
    ).all()
    edited = author.update_question(
        question_id=single.id,
        kind="single",
        text="Pick one",
        options=[
            {"id": kept[1].id, "text": "Right", "is_correct": True},
            {"text": "New wrong", "is_correct": False},
        ],
    )
    options = session.scalars(
        select(AnswerOption)
        .where(AnswerOption.question_id == edited.id)
        .order_by(AnswerOption.position)
    ).all()
    assert [(o.id == kept[1].id, o.text, o.is_correct) for o in options] == [
        (True, "Right", True),
        (False, "New wrong", False),
    ]
    assert session.get(AnswerOption, kept[0].id) is None

    author.move_question(question_id=number.id, direction="up")
    author.delete_question(question_id=single.id)
    draft = author.lesson_draft(lesson_id=quiz.lesson_id)
    assert [(q.number, q.text) for q in draft.questions] == [(1, "Pi?"), (2, "Pick some")]
    assert [o.is_correct for o in draft.questions[1].options] == [True, False, True]


def test_quiz_settings_and_a_single_final_quiz(quiz_course, author):
    first, second = quiz_course[1]
    saved = refused_then_saved(
        lambda changes: author.update_quiz(quiz_id=first.id, changes=changes),
        [
            ("pass_percent", 0),
            ("pass_percent", 101),
            ("time_limit_minutes", -3),
            ("max_attempts", "1.5"),
            ("questions_per_attempt", "lots"),
        ],
        {
            "pass_percent": "80",
            "time_limit_minutes": "",
            "max_attempts": 3,
            "questions_per_attempt": 0,
            "shuffle_options": True,
            "is_final": True,
        },
    )
    assert (
        saved.pass_percent,
        saved.time_limit_minutes,
        saved.max_attempts,
        saved.questions_per_attempt,
        saved.shuffle_options,
        saved.is_final,
    ) == (80, None, 3, None, True, True)
    with pytest.raises(Invalid) as error:
        author.update_quiz(quiz_id=second.id, changes={"is_final": True})
    assert error.value.field == "is_final"
    author.update_quiz(quiz_id=first.id, changes={"is_final": False})
    assert author.update_quiz(quiz_id=second.id, changes={"is_final": True}).is_final


def test_a_quiz_without_questions_publishes_and_its_learners_mark_it_done(
    session, quiz_course, author, people
):
    """An integration may publish a course whose quizzes it fills later: an empty quiz
    holds nothing back, the syllabus tells its teacher, and its learners mark it done by
    hand (a final one then asks nothing more); a quiz with questions still needs passing."""
    course, (first, second) = quiz_course
    author.add_question(quiz_id=first.id, kind="text", text="Capital?", correct_text="Paris")
    second.is_final = True
    session.flush()
    assert author.publish_course(course_id=course.id).is_published
    rows = author.syllabus(course_id=course.id)[0].lessons
    assert [(row.title, row.quiz_is_empty) for row in rows] == [
        ("Quiz 1", False),
        ("Quiz 2", True),
    ]
    learner = people["student"]
    make_enrollment(session, user_id=learner, course_id=course.id)
    session.flush()
    with pytest.raises(Invalid) as error:
        progress.complete_lesson(session=session, user_id=learner, lesson_id=first.lesson_id)
    assert error.value.message_key == "learning.quiz_needs_attempt"
    done = progress.complete_lesson(session=session, user_id=learner, lesson_id=second.lesson_id)
    assert (done.lessons_done, done.percent, done.completed) == (1, 50, False)
    done = progress.complete_lesson(
        session=session, user_id=learner, lesson_id=first.lesson_id, by_passing_quiz=True
    )
    # Every lesson done and the final quiz empty: the course is complete.
    assert (done.lessons_done, done.percent, done.completed) == (2, 100, True)

    # Another learner marks the empty quiz done; then it gets its first question: from
    # now on it is passed, not marked, so their mark goes (the finished learner's stays).
    later = make_user(session, name="Later Learner").id
    make_enrollment(session, user_id=later, course_id=course.id)
    session.flush()
    progress.complete_lesson(session=session, user_id=later, lesson_id=second.lesson_id)
    author.add_question(quiz_id=second.id, kind="number", text="2+2", correct_number=4)
    session.expire_all()
    state = progress.course_progress(session=session, user_id=later, course_id=course.id)
    assert (state.lessons_done, state.percent) == (0, 0)
    with pytest.raises(Invalid):
        progress.complete_lesson(session=session, user_id=later, lesson_id=second.lesson_id)
    kept = progress.course_progress(session=session, user_id=learner, course_id=course.id)
    assert (kept.lessons_done, kept.percent, kept.completed) == (2, 100, True)


# --- uploads --------------------------------------------------------------------------------------


def _is_outside_public_folders(path) -> bool:
    public = [
        media.media_root().resolve(),
        (PROJECT_ROOT / "uploaded_files").resolve(),
        (PROJECT_ROOT / "assets").resolve(),
    ]
    return all(folder not in path.resolve().parents for folder in public)


def test_banner_is_checked_by_content_and_cropped(session, data_dir, author):
    course = _course(author)
    with pytest.raises(Invalid) as error:
        author.set_banner(
            course_id=course.id,
            data=b"just some text, named banner.png",
        )
    assert (error.value.field, error.value.message_key) == ("banner", "authoring.error.banner_type")
    url = author.set_banner(course_id=course.id, data=_png((500, 500)))
    stored = media.resolve(session.get(Course, course.id).banner)
    assert url.startswith("/api/v1/media/banners/") and stored is not None
    with Image.open(stored) as image:
        assert (image.format, image.size) == ("WEBP", (1200, 600))


def test_oversized_uploads_are_refused(data_dir, monkeypatch, author):
    monkeypatch.setattr(settings, "max_upload_mb", 1)
    course = _course(author)
    module = author.add_module(course_id=course.id, title="M")
    video = author.add_lesson(module_id=module.id, title="V", kind="video")
    big = b"\x00" * (1024 * 1024 + 1)
    for service, arguments, field in (
        (author.set_banner, {"course_id": course.id}, "banner"),
        (author.upload_video, {"lesson_id": video.id}, "video"),
        (author.add_attachment, {"lesson_id": video.id, "filename": "big.txt"}, "attachment"),
    ):
        with pytest.raises(Invalid) as error:
            service(data=big, **arguments)
        assert (error.value.field, error.value.message_key, error.value.params) == (
            field,
            "authoring.error.file_too_large",
            {"mb": 1},
        )
    assert list(data_dir.rglob("*.*")) == []


def test_video_and_attachments_are_private_and_typed_by_content(session, data_dir, author):
    course = _course(author)
    module = author.add_module(course_id=course.id, title="M")
    video = author.add_lesson(module_id=module.id, title="V", kind="video")
    text = author.add_lesson(module_id=module.id, title="T", kind="text")
    with pytest.raises(Invalid) as error:
        author.upload_video(
            lesson_id=video.id,
            data=b"not a video at all",
            filename="clip.mp4",
        )
    assert error.value.field == "video"
    with pytest.raises(Invalid):
        author.upload_video(lesson_id=text.id, data=MP4)

    stored = author.upload_video(
        lesson_id=video.id,
        data=MP4,
        filename="../../etc/clip.mp4",
    )
    path = data_dir / stored
    assert stored.startswith("private/videos/") and path.read_bytes() == MP4
    assert _is_outside_public_folders(path)
    assert author.author_video_file(lesson_id=video.id) == path.resolve()
    # The editor shows the name the teacher sent, without its path; not the stored one.
    assert author.lesson_draft(lesson_id=video.id).video_file == "clip.mp4"
    author.upload_video(lesson_id=video.id, data=MP4, filename="\x00 \u202e")
    assert author.lesson_draft(lesson_id=video.id).video_file == "file.mp4"
    # An invisible right-to-left override would make "notes<RLO>fdp.txt" read as
    # "notestxt.pdf": names lose such marks.
    author.upload_video(lesson_id=video.id, data=MP4, filename="talk\u202e4pm.mp4")
    assert author.lesson_draft(lesson_id=video.id).video_file == "talk 4pm.mp4"
    author.remove_video(lesson_id=video.id)
    assert author.lesson_draft(lesson_id=video.id).video_file == ""
    assert session.get(Lesson, video.id).video_name is None

    refused = [
        ("slides.png", b"plain text pretending"),
        ("report.pdf", b"PK\x03\x04 nope"),
        ("tool.exe", b"MZ"),
        ("doc.docx", _zip({"other.xml": "x"})),
        ("notes.txt", b"\x00\x01binary"),
    ]
    for filename, data in refused:
        with pytest.raises(Invalid) as error:
            author.add_attachment(lesson_id=text.id, filename=filename, data=data)
        assert error.value.field == "attachment", filename

    accepted = [
        ("Конспект.pdf", b"%PDF-1.4 body"),
        ("pic.PNG", _png()),
        ("doc.docx", _zip({"word/document.xml": "<w/>"})),
        ("readme.md", "# Привет".encode()),
        ("c:\\users\\me\\archive.zip", _zip({"a.txt": "a"})),
        ("notes\u202efdp.txt", b"plain notes"),  # no override: not "notestxt.pdf"
    ]
    for filename, data in accepted:
        author.add_attachment(lesson_id=text.id, filename=filename, data=data)
    rows = session.scalars(
        select(LessonAttachment)
        .where(LessonAttachment.lesson_id == text.id)
        .order_by(LessonAttachment.id)
    ).all()
    assert [r.filename for r in rows] == [
        "Конспект.pdf",
        "pic.PNG",
        "doc.docx",
        "readme.md",
        "archive.zip",
        "notes fdp.txt",
    ]
    assert rows[1].content_type == "image/png" and rows[0].size_bytes == 13
    for row in rows:
        assert row.stored_path.startswith("private/attachments/")
        assert _is_outside_public_folders(data_dir / row.stored_path)
    author.delete_attachment(attachment_id=rows[0].id)
    assert session.get(LessonAttachment, rows[0].id) is None


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_replaced_and_deleted_files_are_removed_after_commit(clean_db, data_dir):
    with db.session_scope() as session:
        teacher = User(email="files@author.test", full_name="F", role="teacher")
        session.add(teacher)
        session.flush()
        teacher_id = teacher.id
    course = db.run_sync(authoring.create_course, actor_id=teacher_id, title="Files")
    db.run_sync(authoring.set_banner, actor_id=teacher_id, course_id=course.id, data=_png())
    first_banner = set((data_dir / "media" / "banners").iterdir())
    db.run_sync(authoring.set_banner, actor_id=teacher_id, course_id=course.id, data=_png())
    second_banner = set((data_dir / "media" / "banners").iterdir())
    assert len(first_banner) == len(second_banner) == 1 and first_banner != second_banner

    module = db.run_sync(authoring.add_module, actor_id=teacher_id, course_id=course.id, title="M")
    lesson = db.run_sync(
        authoring.add_lesson, actor_id=teacher_id, module_id=module.id, title="V", kind="video"
    )
    db.run_sync(authoring.upload_video, actor_id=teacher_id, lesson_id=lesson.id, data=MP4)
    db.run_sync(
        authoring.add_attachment,
        actor_id=teacher_id,
        lesson_id=lesson.id,
        filename="n.txt",
        data=b"notes",
    )
    private = data_dir / "private"
    assert len(list(private.rglob("*.*"))) == 2
    db.run_sync(authoring.delete_module, actor_id=teacher_id, module_id=module.id)
    assert list(private.rglob("*.*")) == []


def test_deleting_a_module_recounts_every_learners_progress(session, people, author):
    course = _course(author)
    kept, dropped = (author.add_module(course_id=course.id, title=t) for t in ("Kept", "Dropped"))
    a, b, c, d = (
        author.add_lesson(module_id=module.id, title=title, kind="text")
        for module, title in ((kept, "a"), (kept, "b"), (dropped, "c"), (dropped, "d"))
    )
    other = User(email="o2@author.test", full_name="Olga Other")
    session.add(other)
    session.flush()
    done = {people["student"]: (a, c, d), other.id: (b,)}
    enrollments = {
        user_id: make_enrollment(
            session, user_id=user_id, course_id=course.id, completed=lessons, out_of=4
        )
        for user_id, lessons in done.items()
    }

    author.delete_module(module_id=dropped.id)

    for enrollment in enrollments.values():
        session.refresh(enrollment)
    student, learner = enrollments[people["student"]], enrollments[other.id]
    assert (student.completed_lessons, student.progress_percent) == (1, 50)  # was 3 of 4
    assert (learner.completed_lessons, learner.progress_percent) == (1, 50)  # was 1 of 4
    assert session.scalar(select(Course.lessons_count).where(Course.id == course.id)) == 2
