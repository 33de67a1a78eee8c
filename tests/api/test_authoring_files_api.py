"""The teacher's private file routes of the course editor (video preview, attachment):
the lesson's own teacher and admins get the bytes; others, students, anonymous callers
and an attachment named under another lesson get nothing."""

from __future__ import annotations

import pytest

from edu_platform.services import authoring
from edu_platform.settings import settings
from tests.support.api import auth
from tests.support.factories import make_cast
from tests.support.learning import MP4

# API.md's "403 wrong role": the lesson exists, and it is not theirs to edit.
EXPECTED = {"other": 403, "student": 403}
NOTES = "Конспект урока: формулы и ссылки.\n".encode()


@pytest.fixture
def world(committed_session, tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    cs = committed_session
    people = make_cast(cs)
    teacher = people["teacher"].id
    course = authoring.create_course(session=cs, actor_id=teacher, title="Видеокурс")
    module = authoring.add_module(session=cs, actor_id=teacher, course_id=course.id, title="M")
    video, text = (
        authoring.add_lesson(session=cs, actor_id=teacher, module_id=module.id, title=t, kind=k)
        for t, k in (("Video", "video"), ("Text", "text"))
    )
    authoring.upload_video(session=cs, actor_id=teacher, lesson_id=video.id, data=MP4)
    attachment = authoring.add_attachment(
        session=cs, actor_id=teacher, lesson_id=text.id, filename="notes.txt", data=NOTES
    )
    cs.commit()
    bearer = {name: auth(user) for name, user in people.items()}
    return {
        "auth": bearer,
        "video_url": f"/api/v1/authoring/lessons/{video.id}/video",
        "attachment_url": f"/api/v1/authoring/lessons/{text.id}/attachments/{attachment.id}",
        "wrong_lesson_url": f"/api/v1/authoring/lessons/{video.id}/attachments/{attachment.id}",
    }


@pytest.mark.parametrize("who", ["teacher", "admin"])
def test_the_teacher_and_admins_preview_the_video(client, world, who):
    response = client.get(world["video_url"], headers=world["auth"][who])
    assert response.status_code == 200
    assert response.content == MP4
    assert response.headers["cache-control"] == "private, no-store"
    ranged = client.get(world["video_url"], headers={**world["auth"][who], "Range": "bytes=4-11"})
    assert (ranged.status_code, ranged.content) == (206, MP4[4:12])


@pytest.mark.parametrize("who", ["teacher", "admin"])
def test_the_teacher_and_admins_download_the_attachment(client, world, who):
    response = client.get(world["attachment_url"], headers=world["auth"][who])
    assert response.status_code == 200
    assert response.content == NOTES
    assert response.headers["content-type"].startswith("text/plain")
    assert "notes.txt" in response.headers["content-disposition"]


@pytest.mark.parametrize("who", ["other", "student"])
def test_another_teacher_and_a_student_get_nothing(client, world, who):
    for url in (world["video_url"], world["attachment_url"]):
        response = client.get(url, headers=world["auth"][who])
        assert response.status_code == EXPECTED[who], url
        assert MP4 not in response.content and NOTES not in response.content


def test_anonymous_callers_are_401_and_a_mismatched_lesson_is_404(client, world):
    for url in (world["video_url"], world["attachment_url"]):
        assert client.get(url).status_code == 401
    mismatched = client.get(world["wrong_lesson_url"], headers=world["auth"]["teacher"])
    assert mismatched.status_code == 404
    assert NOTES not in mismatched.content
