"""Issue 9, items 5 and 6: who sees a live session's meeting link, and a teacher demoted
to student losing their courses (editing, learner export, announcements) at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from edu_platform.models import Enrollment, User, utcnow
from edu_platform.services import course_page, learners
from edu_platform.services.authoring import courses as authoring_courses
from edu_platform.services.errors import DomainError
from tests.support.api import api_app, auth
from tests.support.factories import make_course_session
from tests.support.learning import World, build_world

MEETING = "https://meet.example.com/secret-room"


def _add_live_session(session: Session, world: World) -> None:
    make_course_session(
        session,
        course_id=world.course.id,
        starts_at=utcnow() + timedelta(days=1),
        meeting_url=MEETING,
        checkin_token="security-checkin-token",
    )


def _teacher(session: Session, world: World) -> User:
    return session.get(User, world.course.teacher_id)


# --- item 5: meeting_url ---------------------------------------------------------------


def _links(session: Session, world: World, viewer_id: int | None) -> list[str]:
    detail = course_page.course_detail(
        session=session, course_id=world.course.id, viewer_id=viewer_id
    )
    return [slot.meeting_url for slot in detail.sessions]


def test_course_page_state_shows_the_meeting_link_only_to_learners_and_staff(session):
    world = build_world(session)
    _add_live_session(session, world)
    assert _links(session, world, None) == [""]
    assert _links(session, world, world.outsider.id) == [""]
    assert _links(session, world, world.learner.id) == [MEETING]
    assert _links(session, world, world.course.teacher_id) == [MEETING]
    assert _links(session, world, world.admin.id) == [MEETING]


def test_a_learner_whose_access_ended_no_longer_gets_the_link(session):
    world = build_world(session)
    _add_live_session(session, world)
    world.enrollment.status = "cancelled"
    session.add(world.enrollment)
    session.flush()
    assert _links(session, world, world.learner.id) == [""]


def test_course_api_hides_the_meeting_link_from_anonymous_and_outsiders(committed_session):
    world = build_world(committed_session)
    _add_live_session(committed_session, world)
    committed_session.commit()
    path = f"/api/v1/courses/{world.course.id}"
    with TestClient(api_app()) as client:

        def links(headers: dict[str, str] | None = None) -> list[str]:
            response = client.get(path, headers=headers or {})
            assert response.status_code == 200, response.text
            return [s["meeting_url"] for s in response.json()["sessions"]]

        assert links() == [""]
        assert links(auth(world.outsider)) == [""]
        assert links(auth(world.learner)) == [MEETING]
        assert links(auth(_teacher(committed_session, world))) == [MEETING]
        assert links(auth(world.admin)) == [MEETING]


# --- item 6: demoted teacher -------------------------------------------------------------


def _demote(session: Session, user: User) -> None:
    user.role = "student"
    session.add(user)
    session.flush()


def test_a_demoted_teacher_can_no_longer_edit_export_or_announce(session):
    world = build_world(session)
    teacher = _teacher(session, world)
    course_id = world.course.id
    # While a teacher: allowed.
    assert learners.learners_csv(session=session, actor_id=teacher.id, course_id=course_id)
    _demote(session, teacher)
    attempts = {
        "export": lambda: learners.learners_csv(
            session=session, actor_id=teacher.id, course_id=course_id
        ),
        "announce": lambda: learners.announce(
            session=session, actor_id=teacher.id, course_id=course_id, subject="Hi", text="Hello"
        ),
        "list": lambda: learners.list_learners(
            session=session, actor_id=teacher.id, course_id=course_id
        ),
        "edit": lambda: authoring_courses.update_course(
            session=session, actor_id=teacher.id, course_id=course_id, changes={"title": "Mine"}
        ),
    }
    for name, attempt in attempts.items():
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.status in (403, 404), name
    # Nor does the course page offer editing, or a draft stay visible to them.
    detail = course_page.course_detail(session=session, course_id=course_id, viewer_id=teacher.id)
    assert detail.viewer_can_edit is False


def test_api_refuses_a_demoted_teacher(committed_session):
    world = build_world(committed_session)
    teacher = _teacher(committed_session, world)
    committed_session.commit()
    headers = auth(teacher)
    course_path = f"/api/v1/courses/{world.course.id}"
    with TestClient(api_app()) as client:
        assert client.get(f"{course_path}/learners?format=csv", headers=headers).status_code == 200
        _demote(committed_session, teacher)
        committed_session.commit()
        export = client.get(f"{course_path}/learners?format=csv", headers=headers)
        assert export.status_code == 403
        edit = client.patch(course_path, json={"title": "Taken over"}, headers=headers)
        assert edit.status_code == 403
    committed_session.expire_all()
    assert committed_session.get(Enrollment, world.enrollment.id) is not None
