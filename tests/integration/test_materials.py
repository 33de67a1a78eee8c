"""Materials through the services the UI uses: "My materials" create, lessons and save in
one transaction; an admin hides one from /admin/courses and its author cannot publish it
again; a material never gets a certificate; blog authoring refuses students."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from edu_platform.models import Course, Lesson
from edu_platform.services import admin_courses, blog, certificates, materials
from edu_platform.services.authoring import publish_course
from edu_platform.services.errors import Conflict, Forbidden, NotFound
from tests.support.acting import ActingAs
from tests.support.factories import make_enrollment, make_user


def test_my_materials_create_add_lessons_and_save(session):
    author = make_user(session, name="Alex")
    by_author = ActingAs(materials, session, author.id)
    by_other = ActingAs(materials, session, make_user(session, name="Olga").id)
    course = by_author.create_material(title="Markdown basics", summary="Short")
    assert (course.kind, course.is_published, course.price) == ("material", True, 0)
    first = by_author.add_lesson(material_id=course.id, title="Headings")
    by_author.add_lesson(material_id=course.id, title="Lists")
    by_author.save_material(
        material_id=course.id,
        title="Markdown, basics",
        summary="Two lessons",
        lessons=[{"id": first.id, "title": "Headings", "body": "# Title"}],
    )
    draft = by_author.material_draft(material_id=course.id)
    assert draft.title == "Markdown, basics"
    assert [(lesson.title, lesson.body) for lesson in draft.lessons] == [
        ("Headings", "# Title"),
        ("Lists", ""),
    ]
    assert [row.title for row in materials.my_materials(session=session, user_id=author.id)] == [
        "Markdown, basics"
    ]
    with pytest.raises(Forbidden):
        by_other.material_draft(material_id=course.id)
    with pytest.raises(Forbidden):
        by_other.save_material(
            material_id=course.id,
            title="Taken",
            summary="",
        )
    # A lesson of another course cannot be smuggled into the save.
    second = by_other.create_material(title="Other")
    foreign = by_other.add_lesson(material_id=second.id, title="Foreign")
    with pytest.raises(NotFound):
        by_author.save_material(
            material_id=course.id,
            title="x",
            summary="",
            lessons=[{"id": foreign.id, "title": "Mine now", "body": ""}],
        )
    assert session.get(Lesson, foreign.id).title == "Foreign"


def test_an_admin_hides_a_material_and_its_author_cannot_publish_it_again(session):
    author = make_user(session)
    admin = make_user(session, role="admin")
    by_author = ActingAs(materials, session, author.id)
    course = by_author.create_material(title="Notes")
    by_author.add_lesson(material_id=course.id, title="One")

    row = admin_courses.set_published(
        session=session, actor_id=admin.id, course_id=course.id, published=False
    )
    assert row.is_published is False
    assert session.get(Course, course.id).is_hidden is True
    with pytest.raises(Forbidden):
        publish_course(session=session, actor_id=author.id, course_id=course.id)
    admin_courses.set_published(
        session=session, actor_id=admin.id, course_id=course.id, published=True
    )
    shown = session.get(Course, course.id)
    assert (shown.is_published, shown.is_hidden) == (True, False)


def test_a_material_never_issues_a_certificate(session):
    author, reader = make_user(session), make_user(session)
    course = materials.create_material(session=session, actor_id=author.id, title="Tips")
    enrollment = make_enrollment(
        session, user_id=reader.id, course_id=course.id, status="completed"
    )
    with pytest.raises(Conflict):
        certificates.request_certificate(session=session, enrollment_id=enrollment.id)
    assert certificates.issue_missing(session=session, user_id=reader.id) == 0


def test_students_do_not_write_blog_posts(session):
    student = make_user(session)
    with pytest.raises(Forbidden):
        blog.create_post(session=session, actor_id=student.id, title="Hi")
    assert session.scalar(select(Course.id).where(Course.kind == "material")) is None
