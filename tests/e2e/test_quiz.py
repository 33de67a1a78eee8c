"""The quiz inside the course player, in a real browser: a fresh learner enrolled through
the services opens a seeded course's final quiz, answers, submits and sees the score."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import select

from edu_platform import routes
from edu_platform.models import (
    AnswerOption,
    Lesson,
    LessonProgress,
    Question,
    QuizAttempt,
    User,
    utcnow,
)
from edu_platform.services import accounts, quizzes
from tests.e2e.support import (
    PASSWORD,
    db_session,
    grant_final_quiz_course,
    shot,
    sign_in,
    submit_sign_in,
)


@dataclass
class QuizCase:
    email: str
    user_id: int
    url: str
    quiz_id: int
    lesson_id: int
    questions: list[tuple[Question, list[AnswerOption]]]


def _learner_in_a_quiz_course(app_server, locale: str = "en") -> QuizCase:
    """A new account with access to the first published course that has a final quiz."""
    email = f"e2e-quiz-{uuid.uuid4().hex[:10]}@example.com"
    with db_session(app_server) as session:
        user = accounts.register(
            session=session, email=email, password=PASSWORD, full_name="Quinn Quiz", locale=locale
        )
        course, quiz = grant_final_quiz_course(session, user.id)
        bank = session.scalars(
            select(Question).where(Question.quiz_id == quiz.id).order_by(Question.position)
        ).all()
        questions = [
            (
                question,
                list(
                    session.scalars(
                        select(AnswerOption).where(AnswerOption.question_id == question.id)
                    )
                ),
            )
            for question in bank
        ]
        session.commit()
        case = QuizCase(
            email, user.id, routes.learn_url(course.slug, quiz.lesson_id), quiz.id,
            quiz.lesson_id, questions,
        )  # fmt: skip
    return case


def _sign_in_to(page: Page, base_url: str, case: QuizCase) -> None:
    submit_sign_in(page, base_url, case.email, next_path=case.url)
    expect(page.get_by_role("button", name="Start quiz")).to_be_visible(timeout=30_000)


def _answer(page: Page, question: Question, options: list[AnswerOption], *, right: bool):
    group = page.get_by_role("group", name=question.text)  # a substring of the legend
    if question.kind in ("single", "multiple"):
        chosen = [o for o in options if o.is_correct == right]
        if question.kind == "single":
            chosen = chosen[:1]
        for option in chosen:
            role = "radio" if question.kind == "single" else "checkbox"
            group.get_by_role(role, name=option.text, exact=True).click()
    else:
        value = (
            (question.correct_text or "")
            if question.kind == "text"
            else quizzes.format_number(question.correct_number)
        )
        field = group.get_by_role("textbox")
        field.fill(value.upper() if right else "definitely wrong")
        field.blur()


def _submit(page: Page, open_name: str, confirm_name: str) -> None:
    """Submit through the confirmation dialog."""
    page.get_by_role("button", name=open_name).click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=confirm_name, exact=True).click()


def test_learner_passes_the_final_quiz_and_sees_the_score(page: Page, app_server):
    case = _learner_in_a_quiz_course(app_server)
    _sign_in_to(page, app_server["base_url"], case)
    page.get_by_role("button", name="Start quiz").click()

    countdown = page.get_by_test_id("quiz-countdown")
    expect(countdown).to_have_text(re.compile(r"^\d{2}:\d{2}$"))
    first = countdown.inner_text()
    expect(countdown).not_to_have_text(first, timeout=5_000)  # it ticks
    for question, options in case.questions:
        _answer(page, question, options, right=True)
    _submit(page, "Submit answers", "Submit")

    expect(page.get_by_test_id("quiz-score")).to_have_text("100%")
    expect(page.get_by_test_id("quiz-outcome")).to_have_text("Passed")
    expect(page.get_by_test_id("quiz-question-result")).to_have_count(len(case.questions))
    # The quiz lesson is done now: the player's progress follows without a reload.
    expect(page.get_by_text(re.compile(r"^1 / \d+ lessons done$"))).to_be_visible()
    with db_session(app_server) as session:
        attempt = session.scalar(select(QuizAttempt).where(QuizAttempt.user_id == case.user_id))
        assert (attempt.score_percent, attempt.passed) == (100, True)
        assert session.scalar(
            select(LessonProgress.completed_at).where(
                LessonProgress.user_id == case.user_id,
                LessonProgress.lesson_id == case.lesson_id,
            )
        )


def test_wrong_answers_fail_the_quiz_and_offer_another_attempt(page: Page, app_server):
    case = _learner_in_a_quiz_course(app_server)
    _sign_in_to(page, app_server["base_url"], case)
    page.get_by_role("button", name="Start quiz").click()
    for question, options in case.questions:
        _answer(page, question, options, right=False)
    _submit(page, "Submit answers", "Submit")

    expect(page.get_by_test_id("quiz-score")).to_have_text("0%")
    expect(page.get_by_test_id("quiz-outcome")).to_have_text("Failed")
    expect(page.get_by_text("Wrong", exact=True)).to_have_count(len(case.questions))
    # The demo quizzes reveal the right answers only after the last of three attempts.
    expect(page.get_by_test_id("quiz-reveal-note")).to_have_text(
        "The right answers are shown after your last attempt."
    )
    expect(page.get_by_text("Correct answer", exact=False)).to_have_count(0)

    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("heading", name="Attempt 2")).to_be_visible()
    with db_session(app_server) as session:
        scores = session.scalars(
            select(QuizAttempt.score_percent)
            .where(QuizAttempt.user_id == case.user_id)
            .order_by(QuizAttempt.id)
        ).all()
        assert scores == [0, None]
        assert session.scalar(select(User.id).where(User.email == case.email)) == case.user_id
        assert not session.scalar(
            select(Lesson.id)
            .join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
            .where(LessonProgress.user_id == case.user_id, Lesson.id == case.lesson_id)
        )


def test_submit_asks_first_and_the_last_attempt_reveals_the_answers_in_russian(
    page: Page, app_server
):
    case = _learner_in_a_quiz_course(app_server, locale="ru")
    with db_session(app_server) as session:  # two of the demo quiz's three attempts used up
        for _ in range(2):
            attempt = quizzes.start_attempt(
                session=session, user_id=case.user_id, quiz_id=case.quiz_id
            )
            quizzes.submit_attempt(
                session=session, user_id=case.user_id, attempt_id=attempt.id, answers={}
            )
        session.commit()
    page.goto(f"{app_server['base_url']}/login?lang=ru&next={case.url}")
    main = page.get_by_role("main")
    main.get_by_label("Электронная почта").fill(case.email)
    main.get_by_label("Пароль").fill(PASSWORD)
    main.get_by_role("button", name="Войти", exact=True).click()
    page.get_by_role("button", name="Начать тест").click(timeout=30_000)
    expect(page.get_by_role("heading", name="Попытка 3")).to_be_visible()
    first, first_options = case.questions[0]
    _answer(page, first, first_options, right=True)
    # A word in a number field is said to be no number when the field is left, and the
    # confirmation counts that question as unanswered (it was a silent "No answer").
    number = next(question for question, _ in case.questions[1:] if question.kind == "number")
    field = page.get_by_role("group", name=number.text).get_by_role("textbox")
    field.fill("три")
    field.blur()
    expect(page.get_by_role("alert").filter(has_text="Это не число")).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")

    page.get_by_role("button", name="Отправить ответы").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Отправить ответы?")
    total = len(case.questions)
    expect(dialog).to_contain_text(f"Вопросов без ответа: {total - 1} / {total}")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "quiz-confirm-ru-375")
    dialog.get_by_role("button", name="Вернуться к вопросам").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("heading", name="Попытка 3")).to_be_visible()  # not submitted

    page.get_by_role("button", name="Отправить ответы").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Отправить", exact=True).click()
    expect(page.get_by_test_id("quiz-score")).to_be_visible()
    # The last attempt: the demo quiz now shows the right answers.
    expect(page.get_by_test_id("quiz-reveal-note")).to_have_count(0)
    results = page.get_by_test_id("quiz-question-result")
    expect(results).to_have_count(total)
    expect(page.get_by_text(re.compile("верный вариант|Правильный ответ")).first).to_be_visible()
    shot(page, "quiz-review-ru-375", full_page=True)
    with db_session(app_server) as session:
        submitted = session.scalars(
            select(QuizAttempt.submitted_at).where(QuizAttempt.user_id == case.user_id)
        ).all()
        assert len(submitted) == 3 and all(submitted)


def _open_attempt_ending_in(app_server, case: QuizCase, seconds: float) -> int:
    """An open attempt of the case's learner whose deadline is `seconds` from now."""
    with db_session(app_server) as session:
        view = quizzes.start_attempt(session=session, user_id=case.user_id, quiz_id=case.quiz_id)
        attempt = session.get(QuizAttempt, view.id)
        attempt.deadline_at = utcnow() + timedelta(seconds=seconds)
        session.commit()
        return view.id


def test_the_countdown_runs_in_the_browser_without_server_events(page: Page, app_server):
    """The deadline arrives once; the label then moves with no websocket event from the
    server, and the polite live region speaks the minute mark only."""
    case = _learner_in_a_quiz_course(app_server)
    events: list[float] = []  # Socket.IO event frames from the server ("42…")

    def watch(socket) -> None:
        socket.on(
            "framereceived",
            lambda payload: (
                events.append(time.monotonic()) if str(payload).startswith("42") else None
            ),
        )

    page.on("websocket", watch)
    _sign_in_to(page, app_server["base_url"], case)
    _open_attempt_ending_in(app_server, case, 66)
    page.reload()  # the open attempt resumes with its deadline

    countdown = page.get_by_test_id("quiz-countdown")
    expect(countdown).to_have_text(re.compile(r"^01:0\d$"), timeout=30_000)
    expect(page.get_by_role("timer")).to_contain_text("Time left")
    announcement = page.get_by_test_id("quiz-countdown-announcement")
    expect(announcement).to_have_attribute("aria-live", "polite")
    expect(announcement).to_have_text("")  # nothing said before a minute mark
    page.wait_for_timeout(1_000)  # the page's own events settle
    seen, first = len(events), countdown.inner_text()
    page.wait_for_timeout(3_000)
    assert countdown.inner_text() != first  # it ticks…
    assert len(events) == seen  # …with nothing from the server
    # 60 s left: the minute mark is announced, once, in words.
    expect(announcement).to_have_text("Time left: 1 minute", timeout=15_000)
    expect(countdown).to_have_text(re.compile(r"^00:[0-5]\d$"))


def test_the_time_running_out_submits_the_attempt(page: Page, app_server):
    case = _learner_in_a_quiz_course(app_server)
    _sign_in_to(page, app_server["base_url"], case)
    attempt_id = _open_attempt_ending_in(app_server, case, 12)
    page.reload()
    question, options = case.questions[0]
    expect(page.get_by_test_id("quiz-countdown")).to_be_visible(timeout=30_000)
    _answer(page, question, options, right=True)

    # Nobody presses "Submit answers": at zero the browser submits by itself and shows
    # the attempt's result.
    expect(page.get_by_role("heading", name="Your score")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("quiz-score")).to_have_text(re.compile(r"^[1-9]\d*%$"))
    expect(page.get_by_test_id("quiz-countdown")).to_have_count(0)
    expect(page.get_by_role("button", name="Submit answers")).to_have_count(0)
    with db_session(app_server) as session:
        attempt = session.get(QuizAttempt, attempt_id)
        assert attempt.submitted_at is not None
        assert attempt.submitted_at >= attempt.deadline_at - timedelta(seconds=1)
        assert attempt.score_percent and attempt.score_percent > 0  # the answer given counted


def test_the_quiz_comes_with_the_players_page_load_without_an_event_of_its_own(
    page: Page, app_server
):
    """An exam start is hundreds of learners opening the quiz lesson at once: its intro is
    loaded by the player's page load (QuizState.load_with_player), not by one more event
    that the panel's mount sent."""
    case = _learner_in_a_quiz_course(app_server)
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(str(payload))))
    sign_in(page, app_server["base_url"], case.email)
    sent.clear()
    page.goto(f"{app_server['base_url']}{case.url}")
    expect(page.get_by_role("button", name="Start quiz")).to_be_visible(timeout=30_000)
    assert any("hydrate" in frame for frame in sent), sent  # the lesson page's own load
    quiz_events = [frame for frame in sent if "quiz_state" in frame]
    assert quiz_events == [], quiz_events
    # The probe sees quiz events where there are some: starting the attempt is one.
    page.get_by_role("button", name="Start quiz").click()
    expect(page.get_by_role("button", name="Submit answers")).to_be_visible(timeout=30_000)
    assert any("quiz_state" in frame for frame in sent)
