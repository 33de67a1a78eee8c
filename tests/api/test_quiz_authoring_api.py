"""An integration fills a quiz lesson over the API: questions of each kind, the settings,
then the course publishes; the editor's rules give 422s naming the field, other people
403, a lesson that is no quiz 404."""

from __future__ import annotations

import pytest

from edu_platform import db
from edu_platform.services import authoring
from edu_platform.services.errors import Conflict, NotFound
from tests.support.api import auth
from tests.support.factories import make_cast


@pytest.fixture
def people(committed_session):
    users = make_cast(committed_session, commit=True)
    return {
        name: {"Authorization": auth(user)["Authorization"], "id": str(user.id)}
        for name, user in users.items()
    }


def _ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json() if response.content else {}


def _shell(client, teacher) -> tuple[int, int, int]:
    """(course id, quiz lesson id, text lesson id) of a new draft."""
    course_id = _ok(
        client.post("/api/v1/courses", json={"title": "Тесты", "price": "0"}, headers=teacher),
        201,
    )["id"]
    module_id = _ok(
        client.post(f"/api/v1/courses/{course_id}/modules", json={"title": "M"}, headers=teacher),
        201,
    )["id"]

    def lesson(title: str, kind: str) -> int:
        url = f"/api/v1/modules/{module_id}/lessons"
        body = {"title": title, "kind": kind}
        return _ok(client.post(url, json=body, headers=teacher), 201)["id"]

    text_id = lesson("Читаем", "text")
    return course_id, lesson("Проверка", "quiz"), text_id


SINGLE = {
    "kind": "single",
    "text": "2 + 2?",
    "options": [{"text": "4", "is_correct": True}, {"text": "5"}],
}


def test_an_integration_fills_the_quiz_shell_and_publishes(client, people):
    teacher = people["teacher"]
    course_id, quiz_lesson, _ = _shell(client, teacher)
    publish = {"is_published": True}

    questions_url = f"/api/v1/lessons/{quiz_lesson}/questions"
    single = _ok(client.post(questions_url, json=SINGLE, headers=teacher), 201)
    assert {key: single[key] for key in ("kind", "text", "points", "position")} == {
        "kind": "single",
        "text": "2 + 2?",
        "points": 1,
        "position": 0,
    }
    assert [(o["text"], o["is_correct"]) for o in single["options"]] == [("4", True), ("5", False)]
    multiple = {
        "kind": "multiple",
        "text": "Primes?",
        "points": 2,
        "options": [{"text": "2", "is_correct": True}, {"text": "3", "is_correct": True}],
    }
    _ok(client.post(questions_url, json=multiple, headers=teacher), 201)
    text = {"kind": "text", "text": "Capital of France?", "correct_text": "Paris"}
    _ok(client.post(questions_url, json=text, headers=teacher), 201)
    number = {"kind": "number", "text": "Pi?", "correct_number": 3.14, "tolerance": 0.01}
    last = _ok(client.post(questions_url, json=number, headers=teacher), 201)
    assert (last["position"], last["correct_number"], last["tolerance"]) == (3, 3.14, 0.01)

    settings = {"pass_percent": 80, "max_attempts": 2, "is_final": True, "time_limit_minutes": 5}
    quiz = _ok(client.patch(f"/api/v1/lessons/{quiz_lesson}/quiz", json=settings, headers=teacher))
    assert (quiz["pass_percent"], quiz["max_attempts"], quiz["is_final"]) == (80, 2, True)
    cleared = client.patch(
        f"/api/v1/lessons/{quiz_lesson}/quiz", json={"time_limit_minutes": None}, headers=teacher
    )
    assert _ok(cleared)["time_limit_minutes"] is None
    read = _ok(client.get(f"/api/v1/lessons/{quiz_lesson}/quiz", headers=teacher))
    assert [q["kind"] for q in read["questions"]] == ["single", "multiple", "text", "number"]
    assert read["questions"][2]["correct_text"] == "Paris"

    # Sent back with their ids, the options stay the same rows (attempts refer to them).
    kept = [{key: o[key] for key in ("id", "text", "is_correct")} for o in single["options"]]
    kept[1]["text"] = "Пять"
    same = _ok(
        client.put(
            f"/api/v1/questions/{single['id']}",
            json={**SINGLE, "options": kept},
            headers=teacher,
        )
    )
    assert [(o["id"], o["text"]) for o in same["options"]] == [
        (single["options"][0]["id"], "4"),
        (single["options"][1]["id"], "Пять"),
    ]
    replaced = _ok(
        client.put(
            f"/api/v1/questions/{single['id']}",
            json={
                **SINGLE,
                "text": "3 + 3?",
                "options": [{"text": "6", "is_correct": True}, {"text": "7"}],
            },
            headers=teacher,
        )
    )
    assert (replaced["id"], replaced["text"], replaced["options"][0]["text"]) == (
        single["id"],
        "3 + 3?",
        "6",
    )
    assert client.delete(f"/api/v1/questions/{last['id']}", headers=teacher).status_code == 204
    read = _ok(client.get(f"/api/v1/lessons/{quiz_lesson}/quiz", headers=teacher))
    assert [q["position"] for q in read["questions"]] == [0, 1, 2]

    published = _ok(client.patch(f"/api/v1/courses/{course_id}", json=publish, headers=teacher))
    assert published["is_published"] is True

    # Published, the quiz keeps its last question: learners could not pass an empty one.
    for question in read["questions"][1:]:
        gone = client.delete(f"/api/v1/questions/{question['id']}", headers=teacher)
        assert gone.status_code == 204, gone.text
    only = read["questions"][0]["id"]
    kept = client.delete(f"/api/v1/questions/{only}", headers=teacher)
    assert kept.status_code == 409, kept.text
    assert (kept.json()["code"], kept.json()["field"]) == ("conflict", "question_id")
    assert "unpublish" in kept.json()["detail"]
    with pytest.raises(Conflict) as refused_here:  # the editor shows its message
        db.run_sync(authoring.delete_question, actor_id=int(teacher["id"]), question_id=only)
    assert refused_here.value.message_key == "authoring.error.last_question"
    read = _ok(client.get(f"/api/v1/lessons/{quiz_lesson}/quiz", headers=teacher))
    assert [q["id"] for q in read["questions"]] == [only]
    # Unpublished, the draft may be emptied again.
    client.patch(f"/api/v1/courses/{course_id}", json={"is_published": False}, headers=teacher)
    assert client.delete(f"/api/v1/questions/{only}", headers=teacher).status_code == 204


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**SINGLE, "options": [{"text": "4", "is_correct": True}]}, "options"),
        (
            {
                **SINGLE,
                "options": [{"text": "4", "is_correct": True}, {"text": "5", "is_correct": True}],
            },
            "options",
        ),
        ({"kind": "multiple", "text": "?", "options": [{"text": "a"}, {"text": "b"}]}, "options"),
        ({"kind": "text", "text": "?"}, "correct_text"),
        ({"kind": "number", "text": "?"}, "correct_number"),
        ({"kind": "number", "text": "?", "correct_number": 1, "tolerance": -1}, "tolerance"),
        ({"kind": "essay", "text": "?"}, "kind"),
        ({**SINGLE, "points": 101}, "points"),
    ],
)
def test_a_question_the_editor_would_refuse_is_a_422_naming_the_field(client, people, body, field):
    _, quiz_lesson, _ = _shell(client, people["teacher"])
    response = client.post(
        f"/api/v1/lessons/{quiz_lesson}/questions", json=body, headers=people["teacher"]
    )
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field


def test_only_the_teacher_and_admins_read_or_write_a_quiz(client, people):
    _, quiz_lesson, text_lesson = _shell(client, people["teacher"])
    url = f"/api/v1/lessons/{quiz_lesson}/questions"
    for stranger in ("student", "other"):
        assert client.post(url, json=SINGLE, headers=people[stranger]).status_code == 403
        quiz_url = f"/api/v1/lessons/{quiz_lesson}/quiz"
        assert client.get(quiz_url, headers=people[stranger]).status_code == 403
    question = _ok(client.post(url, json=SINGLE, headers=people["admin"]), 201)
    for stranger in ("student", "other"):
        put = client.put(
            f"/api/v1/questions/{question['id']}", json=SINGLE, headers=people[stranger]
        )
        assert put.status_code == 403
        gone = client.delete(f"/api/v1/questions/{question['id']}", headers=people[stranger])
        assert gone.status_code == 403
    assert client.post(url, json=SINGLE).status_code == 401

    not_a_quiz = client.post(
        f"/api/v1/lessons/{text_lesson}/questions", json=SINGLE, headers=people["teacher"]
    )
    assert (not_a_quiz.status_code, not_a_quiz.json()["field"]) == (404, "lesson_id")
    assert not_a_quiz.json()["detail"] == "this lesson is not a quiz"
    with pytest.raises(NotFound) as refused:  # the editor's words for it
        db.run_sync(
            authoring.read_lesson_quiz, actor_id=int(people["teacher"]["id"]), lesson_id=text_lesson
        )
    assert refused.value.message_key == "authoring.error.not_a_quiz"
    missing = client.get("/api/v1/lessons/999999/quiz", headers=people["teacher"])
    assert missing.status_code == 404
    assert client.delete("/api/v1/questions/999999", headers=people["teacher"]).status_code == 404


def test_a_course_built_with_an_empty_quiz_publishes_and_is_completed_over_the_api(client, people):
    """API.md's routes alone build, publish and finish a course with a quiz lesson: an
    empty quiz is marked done like a text lesson; once it has a question, it is not."""
    teacher, student = people["teacher"], people["student"]
    course_id, quiz_lesson, text_lesson = _shell(client, teacher)
    published = client.patch(
        f"/api/v1/courses/{course_id}", json={"is_published": True}, headers=teacher
    )
    assert published.status_code == 200, published.text
    _ok(client.post("/api/v1/enrollments", json={"course_id": course_id}, headers=student), 201)
    for lesson_id in (text_lesson, quiz_lesson):
        _ok(client.post(f"/api/v1/lessons/{lesson_id}/complete", headers=student))
    progress = _ok(client.get(f"/api/v1/progress/{course_id}", headers=student))
    assert (progress["lessons_done"], progress["lessons_total"], progress["percent"]) == (2, 2, 100)

    other_id, filled_quiz, _ = _shell(client, teacher)
    _ok(client.post(f"/api/v1/lessons/{filled_quiz}/questions", json=SINGLE, headers=teacher), 201)
    client.patch(f"/api/v1/courses/{other_id}", json={"is_published": True}, headers=teacher)
    _ok(client.post("/api/v1/enrollments", json={"course_id": other_id}, headers=student), 201)
    refused = client.post(f"/api/v1/lessons/{filled_quiz}/complete", headers=student)
    assert (refused.status_code, refused.json()["field"]) == (422, "lesson_id")
