"""Learning progress (services/progress.py), the player's view (services/player.py) and the
events intake (services/event_intake.py) on both databases, on a small fixed course.

The course "Progress course" (built by tests/support/learning.py; its modules are created in
reverse order, so ids do not give the study order):

| module (position) | lesson (position) | kind  | notes                         |
| ----------------- | ----------------- | ----- | ----------------------------- |
| Basics (1)        | Intro (1)         | text  | preview                       |
| Basics (1)        | Watch (2)         | video | private file videos/watch.mp4 |
| Practice (2)      | Exercise (1)      | text  |                               |
| Practice (2)      | Final test (2)    | quiz  | Quiz row, is_final            |

Users: `learner` (enrolled, active), `outsider` (signed in, not enrolled), `admin`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from edu_platform.models import (
    Course,
    Enrollment,
    LearningEvent,
    Lesson,
    LessonProgress,
    Module,
    QuizAttempt,
    utcnow,
)
from edu_platform.services import event_intake, player, progress
from edu_platform.services.errors import Forbidden, NotFound
from tests.support.learning import (
    World,
    build_world,
    marks_of,
    record_learning_events,
    stub_certificate_requests,
)

T0 = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


@pytest.fixture
def sequential(session: Session) -> World:
    return build_world(session, require_sequential=True)


@pytest.fixture(autouse=True)
def recorded_events(monkeypatch) -> list[dict]:
    return record_learning_events(monkeypatch)


@pytest.fixture(autouse=True)
def certificate_requests(monkeypatch) -> list[int]:
    return stub_certificate_requests(monkeypatch)


def complete(session: Session, world: World, title: str, at: datetime = T0, user=None):
    """Complete a lesson as the player does; a quiz lesson as the quiz service does."""
    user = user or world.learner
    lesson = world.lessons[title]
    return progress.complete_lesson(
        session=session,
        user_id=user.id,
        lesson_id=lesson.id,
        at=at,
        by_passing_quiz=lesson.kind == "quiz",
    )


def test_a_quiz_lesson_is_not_completed_by_marking_it_done(session, world):
    from edu_platform.services.errors import Invalid

    with pytest.raises(Invalid) as error:
        progress.complete_lesson(
            session=session, user_id=world.learner.id, lesson_id=world.lessons["Final test"].id
        )
    assert error.value.message_key == "learning.quiz_needs_attempt"
    assert enrollment_row(session, world).completed_lessons == 0


def enrollment_row(session: Session, world: World) -> Enrollment:
    session.expire_all()
    return session.get(Enrollment, world.enrollment.id)


def pass_final_quiz(session: Session, world: World, passed: bool = True) -> None:
    session.add(
        QuizAttempt(
            quiz_id=world.quiz.id,
            user_id=world.learner.id,
            submitted_at=T0,
            score_percent=100 if passed else 10,
            passed=passed,
        )
    )
    session.flush()


def statuses(marks: list[progress.ModuleMarks]) -> dict[str, tuple[str, str]]:
    return {mark.title: (mark.status, mark.locked_by) for m in marks for mark in m.lessons}


# --- progress math ------------------------------------------------------------------------


def test_completing_a_lesson_moves_the_counter_and_percent_together(session, world):
    state = complete(session, world, "Exercise")
    enrollment = enrollment_row(session, world)
    assert (enrollment.completed_lessons, enrollment.progress_percent) == (1, 25)
    assert enrollment.last_activity_at == T0
    assert (state.lessons_done, state.lessons_total, state.percent) == (1, 4, 25)
    row = session.scalar(
        select(LessonProgress).where(LessonProgress.lesson_id == world.lessons["Exercise"].id)
    )
    assert (row.enrollment_id, row.user_id, row.completed_at) == (
        world.enrollment.id,
        world.learner.id,
        T0,
    )


def test_completing_the_same_lesson_twice_counts_once(session, world, recorded_events):
    complete(session, world, "Intro")
    state = complete(session, world, "Intro", at=T0 + timedelta(hours=1))
    enrollment = enrollment_row(session, world)
    assert (enrollment.completed_lessons, enrollment.progress_percent) == (1, 25)
    assert state.lessons_done == 1
    done_at = session.scalars(
        select(LessonProgress.completed_at).where(
            LessonProgress.enrollment_id == world.enrollment.id
        )
    ).all()
    assert done_at == [T0]  # the first completion time stays
    assert [e["type"] for e in recorded_events] == ["lesson_completed"]


def test_percent_is_rounded_down_so_it_reaches_100_only_at_the_last_lesson(session, world):
    module = session.get(Module, world.lessons["Exercise"].module_id)
    for position, title in ((3, "Extra one"), (4, "Extra two")):
        lesson = Lesson(
            module_id=module.id, course_id=world.course.id, title=title, position=position
        )
        session.add(lesson)
        session.flush()
        world.lessons[title] = lesson
    # Authoring keeps course.lessons_count current; lessons added by hand must too.
    world.course.lessons_count += 2
    session.add(world.course)
    session.flush()
    percents = [
        complete(session, world, title).percent
        for title in ("Intro", "Watch", "Exercise", "Extra one", "Extra two")
    ]
    assert percents == [16, 33, 50, 66, 83]  # 1/6 is 16.7 %, 5/6 is 83.3 %
    assert enrollment_row(session, world).status == "active"


def test_next_lesson_follows_module_then_lesson_position(session, world):
    state = progress.course_progress(
        session=session, user_id=world.learner.id, course_id=world.course.id
    )
    assert state.next_lesson_id == world.lessons["Intro"].id
    complete(session, world, "Intro")
    complete(session, world, "Exercise")
    state = progress.course_progress(
        session=session, user_id=world.learner.id, course_id=world.course.id
    )
    assert state.next_lesson_id == world.lessons["Watch"].id


# --- course completion --------------------------------------------------------------------


def test_every_lesson_done_without_a_passed_final_quiz_leaves_the_course_active(
    session, world, certificate_requests
):
    pass_final_quiz(session, world, passed=False)
    for title in ("Intro", "Watch", "Exercise", "Final test"):
        state = complete(session, world, title)
    enrollment = enrollment_row(session, world)
    assert (enrollment.progress_percent, enrollment.status) == (100, "active")
    assert enrollment.completed_at is None
    assert state.completed is False
    assert certificate_requests == []


def test_a_passed_final_quiz_without_every_lesson_leaves_the_course_active(
    session, world, certificate_requests
):
    pass_final_quiz(session, world)
    for title in ("Intro", "Exercise", "Final test"):
        complete(session, world, title)
    enrollment = enrollment_row(session, world)
    assert (enrollment.progress_percent, enrollment.status) == (75, "active")
    assert certificate_requests == []


def test_every_lesson_and_a_passed_final_quiz_complete_the_course(
    session, world, certificate_requests
):
    pass_final_quiz(session, world)
    for minute, title in enumerate(("Intro", "Watch", "Exercise", "Final test")):
        state = complete(session, world, title, at=T0 + timedelta(minutes=minute))
    enrollment = enrollment_row(session, world)
    assert (enrollment.status, enrollment.progress_percent) == ("completed", 100)
    assert enrollment.completed_at == T0 + timedelta(minutes=3)
    assert (state.completed, state.next_lesson_id) == (True, None)
    assert certificate_requests == [world.enrollment.id]


def test_passing_the_quiz_after_the_last_lesson_completes_on_the_next_completion_call(
    session, world, certificate_requests
):
    for title in ("Intro", "Watch", "Exercise", "Final test"):
        complete(session, world, title)
    assert enrollment_row(session, world).status == "active"
    pass_final_quiz(session, world)
    # What the quizzes service does after a pass: completes the quiz lesson (again).
    state = complete(session, world, "Final test", at=T0 + timedelta(days=1))
    enrollment = enrollment_row(session, world)
    assert (enrollment.status, enrollment.completed_at, enrollment.completed_lessons) == (
        "completed",
        T0 + timedelta(days=1),
        4,
    )
    assert state.completed and certificate_requests == [world.enrollment.id]
    complete(session, world, "Intro")
    assert certificate_requests == [world.enrollment.id]  # requested once


# --- sequential courses -------------------------------------------------------------------


def test_sequential_course_refuses_a_later_lesson_naming_the_first_unfinished(session, sequential):
    with pytest.raises(Forbidden) as refused:
        complete(session, sequential, "Exercise")
    assert refused.value.message_key == "learning.lesson_locked"
    assert refused.value.params == {"lesson": "Intro"}
    complete(session, sequential, "Intro")
    with pytest.raises(Forbidden) as refused:
        progress.get_lesson(
            session=session,
            user_id=sequential.learner.id,
            lesson_id=sequential.lessons["Exercise"].id,
        )
    assert refused.value.params == {"lesson": "Watch"}
    complete(session, sequential, "Watch")
    state = complete(session, sequential, "Exercise")
    assert state.lessons_done == 3


def test_sequential_marks_show_done_current_and_locked(session, sequential):
    complete(session, sequential, "Intro")
    marks = marks_of(session, sequential)
    assert [m.title for m in marks] == ["Basics", "Practice"]
    assert [lesson.title for m in marks for lesson in m.lessons] == [
        "Intro",
        "Watch",
        "Exercise",
        "Final test",
    ]
    assert statuses(marks) == {
        "Intro": ("done", ""),
        "Watch": ("current", ""),
        "Exercise": ("locked", "Watch"),
        "Final test": ("locked", "Watch"),
    }


def test_free_order_marks_show_done_current_and_open(session, world):
    complete(session, world, "Exercise")
    marks = marks_of(session, world)
    assert statuses(marks) == {
        "Intro": ("current", ""),
        "Watch": ("open", ""),
        "Exercise": ("done", ""),
        "Final test": ("open", ""),
    }


# --- access -------------------------------------------------------------------------------


def test_a_user_who_is_not_enrolled_is_refused(session, world):
    with pytest.raises(Forbidden) as refused:
        complete(session, world, "Exercise", user=world.outsider)
    assert refused.value.message_key == "learning.not_enrolled"
    with pytest.raises(Forbidden):
        progress.course_progress(
            session=session, user_id=world.outsider.id, course_id=world.course.id
        )


@pytest.mark.parametrize("status", ["cancelled", "expired"])
def test_a_cancelled_or_expired_enrolment_gives_no_access(session, world, status):
    world.enrollment.status = status
    session.add(world.enrollment)
    session.flush()
    with pytest.raises(Forbidden) as refused:
        complete(session, world, "Exercise")
    assert refused.value.message_key == "learning.not_enrolled"
    assert session.scalar(select(func.count(LessonProgress.id))) == 0


def test_access_until_in_the_past_gives_no_access(session, world):
    world.enrollment.access_until = utcnow() - timedelta(minutes=1)
    session.add(world.enrollment)
    session.flush()
    with pytest.raises(Forbidden) as refused:
        marks_of(session, world)
    assert refused.value.message_key == "learning.access_ended"


def test_access_until_in_the_future_still_gives_access(session, world):
    world.enrollment.access_until = utcnow() + timedelta(days=1)
    session.add(world.enrollment)
    session.flush()
    assert complete(session, world, "Intro").lessons_done == 1


def test_a_completed_enrolment_keeps_access(session, world):
    world.enrollment.status = "completed"
    session.add(world.enrollment)
    session.flush()
    lesson = progress.get_lesson(
        session=session, user_id=world.learner.id, lesson_id=world.lessons["Exercise"].id
    )
    assert lesson.title == "Exercise"


def test_a_preview_is_open_to_anonymous_visitors_and_nothing_else_is(session, world):
    preview = progress.get_lesson(
        session=session, user_id=None, lesson_id=world.lessons["Intro"].id
    )
    assert preview.title == "Intro"
    with pytest.raises(Forbidden) as refused:
        progress.get_lesson(session=session, user_id=None, lesson_id=world.lessons["Watch"].id)
    assert refused.value.message_key == "error.unauthorized"


def test_a_preview_is_open_to_a_signed_in_user_who_is_not_enrolled(session, world):
    preview = progress.get_lesson(
        session=session, user_id=world.outsider.id, lesson_id=world.lessons["Intro"].id
    )
    assert preview.title == "Intro"
    with pytest.raises(Forbidden):  # opening is not studying
        complete(session, world, "Intro", user=world.outsider)


def test_an_unknown_lesson_is_not_found(session, world):
    with pytest.raises(NotFound):
        progress.get_lesson(session=session, user_id=world.learner.id, lesson_id=999_999)


# --- video --------------------------------------------------------------------------------


def test_video_position_is_saved_and_read_back(session, world, recorded_events):
    watch = world.lessons["Watch"]
    result = progress.save_video_position(
        session=session, user_id=world.learner.id, lesson_id=watch.id, seconds=42, duration=100
    )
    assert result is None
    assert (
        progress.video_position(session=session, user_id=world.learner.id, lesson_id=watch.id) == 42
    )
    progress.save_video_position(
        session=session, user_id=world.learner.id, lesson_id=watch.id, seconds=60, duration=100
    )
    assert (
        progress.video_position(session=session, user_id=world.learner.id, lesson_id=watch.id) == 60
    )
    assert enrollment_row(session, world).completed_lessons == 0
    assert [e["payload"] for e in recorded_events] == [{"position": 42}, {"position": 60}]


def test_watching_90_percent_of_the_video_completes_the_lesson(session, world):
    watch = world.lessons["Watch"]
    below = progress.save_video_position(
        session=session, user_id=world.learner.id, lesson_id=watch.id, seconds=89, duration=100
    )
    assert below is None
    state = progress.save_video_position(
        session=session, user_id=world.learner.id, lesson_id=watch.id, seconds=90, duration=100
    )
    assert (state.lessons_done, state.percent) == (1, 25)
    row = session.scalar(select(LessonProgress).where(LessonProgress.lesson_id == watch.id))
    assert (row.video_position_seconds, row.completed_at is not None) == (90, True)
    again = progress.save_video_position(
        session=session, user_id=world.learner.id, lesson_id=watch.id, seconds=99, duration=100
    )
    assert again is None and enrollment_row(session, world).completed_lessons == 1


def test_a_video_position_needs_access_to_the_lesson(session, world):
    with pytest.raises(Forbidden):
        progress.save_video_position(
            session=session,
            user_id=world.outsider.id,
            lesson_id=world.lessons["Watch"].id,
            seconds=10,
            duration=100,
        )


# --- the player ---------------------------------------------------------------------------


def test_player_view_gives_the_neighbours_in_study_order(session, world):
    def view(title):
        return player.player_view(
            session=session,
            user_id=world.learner.id,
            slug="progress-course",
            lesson_id=world.lessons[title].id,
        )

    first, middle, last = view("Intro"), view("Exercise"), view("Final test")
    assert (first.prev_lesson_id, first.next_lesson_id) == (None, world.lessons["Watch"].id)
    assert (middle.prev_lesson_id, middle.next_lesson_id) == tuple(world.ids("Watch", "Final test"))
    assert (last.prev_lesson_id, last.next_lesson_id) == (world.lessons["Exercise"].id, None)
    assert (middle.lesson.title, middle.lesson.body, middle.lesson_done) == (
        "Exercise",
        "Body of Exercise",
        False,
    )
    video = view("Watch").lesson
    assert video.video_src == f"/api/v1/lessons/{world.lessons['Watch'].id}/video"


def test_player_view_marks_a_done_lesson_and_the_progress(session, world):
    complete(session, world, "Intro")
    view = player.player_view(
        session=session,
        user_id=world.learner.id,
        slug="progress-course",
        lesson_id=world.lessons["Intro"].id,
    )
    assert view.lesson_done is True
    assert (view.progress.lessons_done, view.progress.percent) == (1, 25)


def test_a_lesson_of_another_course_is_not_found_in_this_courses_player(session, world):
    other = build_other_course(session, world, enrol=True)
    with pytest.raises(NotFound) as refused:
        player.player_view(
            session=session, user_id=world.learner.id, slug="progress-course", lesson_id=other.id
        )
    assert refused.value.message_key == "learning.lesson_not_found"


def test_a_lesson_of_a_course_the_learner_is_not_in_is_not_found_either(session, world):
    other = build_other_course(session, world, enrol=False)
    with pytest.raises(NotFound):
        player.player_view(
            session=session, user_id=world.learner.id, slug="progress-course", lesson_id=other.id
        )


def build_other_course(session: Session, world: World, *, enrol: bool) -> Lesson:
    course = Course(
        slug="other-course", title="Other", teacher_id=world.admin.id, is_published=True
    )
    session.add(course)
    session.flush()
    module = Module(course_id=course.id, title="Only", position=1)
    session.add(module)
    session.flush()
    lesson = Lesson(module_id=module.id, course_id=course.id, title="Elsewhere", position=1)
    session.add(lesson)
    if enrol:
        session.add(Enrollment(user_id=world.learner.id, course_id=course.id))
    session.flush()
    return lesson


def test_the_course_opens_at_the_next_unfinished_lesson_then_the_first(session, world):
    def start_id():
        return player.start_lesson_id(
            session=session, user_id=world.learner.id, slug="progress-course"
        )

    assert start_id() == world.lessons["Intro"].id
    complete(session, world, "Intro")
    assert start_id() == world.lessons["Watch"].id
    for title in ("Watch", "Exercise", "Final test"):
        complete(session, world, title)
    assert start_id() == world.lessons["Intro"].id


# --- events intake ------------------------------------------------------------------------


def _stored_events(session: Session) -> list[tuple]:
    return session.execute(
        select(LearningEvent.user_id, LearningEvent.type, LearningEvent.ts).order_by(
            LearningEvent.id
        )
    ).all()


def test_invalid_events_are_reported_by_index_and_valid_ones_stored(session, world):
    course_id, ts = world.course.id, utcnow() - timedelta(minutes=5)
    events = [
        {"type": "page_view", "course_id": course_id, "ts": ts},
        {"type": "dance!", "course_id": course_id},
        {"type": "heartbeat", "course_id": 987_654},
        {"type": "heartbeat", "course_id": course_id, "payload": {"blob": "x" * 5000}},
        {"type": "lesson_opened", "course_id": course_id, "lesson_id": world.lessons["Intro"].id},
    ]
    result = event_intake.accept_events(session=session, caller_id=world.learner.id, events=events)
    assert result.accepted == 2
    assert [(e.index, e.field) for e in result.errors] == [
        (1, "type"),
        (2, "course_id"),
        (3, "payload"),
    ]
    stored = _stored_events(session)
    assert [(user_id, type_) for user_id, type_, _ in stored] == [
        (world.learner.id, "page_view"),
        (world.learner.id, "lesson_opened"),
    ]
    assert stored[0][2] == ts


def test_timestamps_in_the_future_or_without_a_zone_are_refused(session, world):
    course_id = world.course.id
    events = [
        {"type": "heartbeat", "course_id": course_id, "ts": utcnow() + timedelta(hours=1)},
        {"type": "heartbeat", "course_id": course_id, "ts": datetime(2030, 1, 1, 12, 0)},
        {"type": "heartbeat", "course_id": course_id, "ts": utcnow() + timedelta(minutes=1)},
    ]
    result = event_intake.accept_events(session=session, caller_id=world.learner.id, events=events)
    assert [(e.index, e.field) for e in result.errors] == [(0, "ts"), (1, "ts")]
    assert result.accepted == 1  # a minute of clock skew is tolerated


def test_an_admin_may_send_events_for_another_user(session, world):
    result = event_intake.accept_events(
        session=session,
        caller_id=world.admin.id,
        events=[{"type": "heartbeat", "course_id": world.course.id, "user_id": world.learner.id}],
    )
    assert (result.accepted, result.errors) == (1, [])
    assert [row[0] for row in _stored_events(session)] == [world.learner.id]


def test_a_learner_may_not_send_events_for_another_user(session, world):
    result = event_intake.accept_events(
        session=session,
        caller_id=world.learner.id,
        events=[
            {"type": "heartbeat", "course_id": world.course.id, "user_id": world.outsider.id},
            {"type": "heartbeat", "course_id": world.course.id, "user_id": world.learner.id},
        ],
    )
    assert result.accepted == 1
    assert [(e.index, e.field) for e in result.errors] == [(0, "user_id")]
    assert [row[0] for row in _stored_events(session)] == [world.learner.id]


def test_a_blocked_account_may_not_send_events(session, world):
    world.learner.is_active = False
    session.add(world.learner)
    session.flush()
    with pytest.raises(Forbidden):
        event_intake.accept_events(
            session=session,
            caller_id=world.learner.id,
            events=[{"type": "heartbeat", "course_id": world.course.id}],
        )
    assert _stored_events(session) == []
