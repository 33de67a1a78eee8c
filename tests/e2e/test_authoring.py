"""A teacher authors a course in the browser: draft, module, text and quiz lessons, a
single-choice question, publishing (the course appears in the catalog), unpublishing; and
the editors' uploads (a banner, a lesson's video and attachment)."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import select

from edu_platform.i18n import translate
from edu_platform.models import (
    AnswerOption,
    Course,
    Lesson,
    LessonAttachment,
    Module,
    Question,
    Quiz,
)
from edu_platform.state.course_editor import BANNER_UPLOAD_ID
from edu_platform.state.lesson_editor import ATTACHMENT_UPLOAD_ID, VIDEO_UPLOAD_ID
from tests.e2e.support import SLOW, add_module, db_session, expect_field_error, new_user, sign_in
from tests.support.factories import make_course
from tests.support.learning import MP4


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=SLOW)
    yield
    expect.set_options(timeout=5_000)


def _expect_in_catalog(page: Page, base_url: str, word: str, title: str | None) -> None:
    """Search /catalog for `word`: exactly the course titled `title`, or nothing at all."""
    page.goto(f"{base_url}/catalog?q={word}&lang=en")
    if title is None:
        expect(page.get_by_test_id("catalog-empty")).to_be_visible()
        # Only the popular courses offered instead, none with the word.
        expect(page.get_by_test_id("course-card").filter(has_text=word)).to_have_count(0)
    else:
        expect(page.get_by_test_id("course-card").locator(".course-title")).to_have_text([title])


def test_teacher_builds_publishes_and_unpublishes_a_course(page: Page, app_server):
    base_url = app_server["base_url"]
    _, email = new_user(app_server, "Tamara Teacher", role="teacher")
    word = "zebra" + uuid.uuid4().hex[:6]
    title = f"Stargazing {word}"
    sign_in(page, base_url, email, next_path="/teach")

    expect(page.get_by_role("heading", name="My courses")).to_be_visible()
    expect(page.get_by_text("No courses yet.")).to_be_visible()
    page.get_by_role("button", name="New course").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Title").fill(title)
    dialog.get_by_role("button", name="Create").click()

    expect(page).to_have_url(re.compile(r"/teach/course/\d+$"))
    course_id = int(page.url.rstrip("/").rsplit("/", 1)[-1])
    expect(page.get_by_test_id("course-status")).to_have_text("Draft")

    page.get_by_label("New module title").fill("Getting started")
    page.get_by_role("button", name="Add module").click()
    module = page.get_by_test_id("module-card")
    expect(module.get_by_test_id("module-title")).to_have_text("Getting started")

    module.get_by_label("New lesson title").fill("Looking up")
    module.get_by_role("button", name="Add lesson").click()
    expect(module.get_by_test_id("lesson-title")).to_have_text(["Looking up"])

    module.get_by_label("New lesson title").fill("Check yourself")
    module.get_by_label("Lesson type").click()
    page.get_by_role("option", name="Quiz").click()
    module.get_by_role("button", name="Add lesson").click()
    expect(module.get_by_test_id("lesson-title")).to_have_text(["Looking up", "Check yourself"])

    # The syllabus tells the teacher the quiz has no questions yet (learners would mark
    # it done by hand); the badge goes with the first question.
    empty_badge = module.get_by_test_id("empty-quiz-badge")
    expect(empty_badge).to_have_text("No questions: marked done by hand")

    module.get_by_role("button", name="Edit Check yourself").click()
    editor = page.get_by_test_id("lesson-editor")
    expect(editor.get_by_role("heading", name="Questions")).to_be_visible()
    editor.get_by_role("button", name="Add question").click()
    editor.get_by_label("Question", exact=True).fill("Which planet is red?")
    editor.get_by_label("Option 1", exact=True).fill("Venus")
    editor.get_by_label("Option 2", exact=True).fill("Mars")
    editor.get_by_label("Correct option 2").click()
    editor.get_by_role("button", name="Save question").click()
    card = editor.get_by_test_id("question-card")
    expect(card).to_contain_text("Which planet is red?")
    expect(card).to_contain_text("Mars")
    # Two wrong settings: both said at once, each under its field.
    editor.get_by_label("Pass mark, %").fill("150")
    editor.get_by_label("Time limit, minutes").fill("-1")
    editor.get_by_role("button", name="Save quiz settings").click()
    for label, key in (
        ("Pass mark, %", "authoring.error.pass_percent"),
        ("Time limit, minutes", "authoring.error.time_limit_minutes"),
    ):
        expect_field_error(editor.get_by_label(label), key)
    editor.get_by_label("Pass mark, %").fill("80")
    editor.get_by_label("Time limit, minutes").fill("")
    # The teacher chooses when the learners see the right answers.
    editor.get_by_label("When to show the right answers").click()
    page.get_by_role("option", name="After the quiz is passed").click()
    editor.get_by_role("button", name="Save quiz settings").click()
    expect(page.get_by_text("Quiz settings saved")).to_be_visible()
    editor.get_by_role("button", name="Close").click()
    expect(editor).to_be_hidden()
    expect(empty_badge).to_have_count(0)

    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_test_id("course-status")).to_have_text("Published")

    with db_session(app_server) as session:
        course = session.get(Course, course_id)
        assert (course.title, course.is_published, course.lessons_count) == (title, True, 2)
        modules = session.scalars(select(Module).where(Module.course_id == course_id)).all()
        lessons = session.scalars(
            select(Lesson).where(Lesson.course_id == course_id).order_by(Lesson.position)
        ).all()
        question = session.scalar(select(Question).where(Question.text == "Which planet is red?"))
        reveal = session.scalar(select(Quiz.reveal_answers).where(Quiz.id == question.quiz_id))
        options = session.scalars(
            select(AnswerOption)
            .where(AnswerOption.question_id == question.id)
            .order_by(AnswerOption.position)
        ).all()
    assert [m.title for m in modules] == ["Getting started"]
    assert [(lesson.title, lesson.kind) for lesson in lessons] == [
        ("Looking up", "text"),
        ("Check yourself", "quiz"),
    ]
    assert [(o.text, o.is_correct) for o in options] == [("Venus", False), ("Mars", True)]
    assert reveal == "after_passing"

    _expect_in_catalog(page, base_url, word, title)

    page.goto(f"{base_url}/teach/course/{course_id}?lang=en")
    expect(page.get_by_test_id("course-status")).to_have_text("Published")
    page.get_by_role("button", name="Unpublish").click()
    expect(page.get_by_test_id("course-status")).to_have_text("Draft")

    _expect_in_catalog(page, base_url, word, None)
    with db_session(app_server) as session:
        assert session.get(Course, course_id).is_published is False


def test_teacher_uploads_a_banner_a_video_and_an_attachment(page: Page, app_server):
    """The three upload buttons of the editors, each through its file input as a browser
    sends it: the banner is shown, the video can be played back, the attachment listed."""
    teacher_id, email = new_user(app_server, "Uma Uploader", role="teacher")
    with db_session(app_server) as session:
        course = make_course(session, teacher=teacher_id, title=f"Uploads {uuid.uuid4().hex[:6]}")
        (video,) = add_module(session, course.id, "Media", {"title": "Watch me", "kind": "video"})
        course_id, video_id = course.id, video.id
        session.commit()
    sign_in(page, app_server["base_url"], email, next_path=f"/teach/course/{course_id}")

    banner = io.BytesIO()
    Image.new("RGB", (1200, 600), (40, 120, 90)).save(banner, format="PNG")
    page.locator(f"#{BANNER_UPLOAD_ID} input[type=file]").set_input_files(
        files=[{"name": "cover.png", "mimeType": "image/png", "buffer": banner.getvalue()}]
    )
    expect(page.get_by_role("img", name="Banner")).to_have_attribute("src", re.compile(r"\S"))
    # A file that is no image is refused in the page, under the button (the refusal and
    # the empty drop race to the server: the empty one must not wipe the message).
    page.locator(f"#{BANNER_UPLOAD_ID} input[type=file]").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not an image"}]
    )
    expect(page.get_by_text(translate("authoring.error.banner_type", "en"))).to_be_visible(
        timeout=SLOW
    )

    page.get_by_test_id("module-card").get_by_role("button", name="Edit Watch me").click()
    editor = page.get_by_test_id("lesson-editor")
    editor.locator(f"#{VIDEO_UPLOAD_ID} input[type=file]").set_input_files(
        files=[{"name": "clip.mp4", "mimeType": "video/mp4", "buffer": MP4}]
    )
    expect(editor.get_by_test_id("video-file")).to_have_text("Uploaded file: clip.mp4")
    expect(editor.locator("video")).to_have_attribute("src", re.compile(r"\S"))
    editor.locator(f"#{ATTACHMENT_UPLOAD_ID} input[type=file]").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Read me first."}]
    )
    expect(editor.get_by_test_id("attachment-row")).to_contain_text("notes.txt")

    with db_session(app_server) as session:
        stored = session.get(Course, course_id)
        lesson = session.get(Lesson, video_id)
        attachments = session.scalars(
            select(LessonAttachment.filename).where(LessonAttachment.lesson_id == video_id)
        ).all()
        assert stored.banner and lesson.video_path
    assert attachments == ["notes.txt"]
    assert (app_server["data_dir"] / lesson.video_path).read_bytes() == MP4
    assert lesson.video_name == "clip.mp4" and "clip" not in lesson.video_path
