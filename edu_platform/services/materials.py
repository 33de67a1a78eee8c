"""User-written materials as "My materials" shows and edits them.

A material is a course row of kind "material" (services/authoring/courses.create_course
with kind="material": any signed-in user, free, published at once, no certificate). Its
lessons are text lessons kept in one module; the editing goes through the authoring
services (editable_course lets a material's author edit it whatever their role).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import Course, CourseKind, Lesson, LessonKind, Module
from edu_platform.services import authoring
from edu_platform.services.authoring.common import as_id
from edu_platform.services.errors import Invalid, NotFound

MAX_LESSONS = 100
MODULE_TITLE = "Material"


@dataclass
class MaterialSummary:
    """What the list of materials and the material's editor both show of it."""

    id: int
    slug: str
    title: str
    summary: str
    is_published: bool
    is_hidden: bool


@dataclass
class MaterialRow(MaterialSummary):
    lessons_count: int


@dataclass
class MaterialLesson:
    id: int
    title: str
    body: str


@dataclass
class MaterialDraft(MaterialSummary):
    lessons: list[MaterialLesson] = field(default_factory=list)


def _summary(course: Course) -> dict[str, Any]:
    """The MaterialSummary fields of a material's course row."""
    return {
        "id": course.id,
        "slug": course.slug,
        "title": course.title,
        "summary": course.summary or "",
        "is_published": course.is_published,
        "is_hidden": course.is_hidden,
    }


def _row(course: Course) -> MaterialRow:
    return MaterialRow(**_summary(course), lessons_count=course.lessons_count or 0)


def my_materials(*, session: Session, user_id: int) -> list[MaterialRow]:
    """The user's materials, newest first."""
    rows = session.scalars(
        select(Course)
        .where(Course.teacher_id == user_id, Course.kind == CourseKind.MATERIAL)
        .order_by(Course.created_at.desc(), Course.id.desc())
    ).all()
    return [_row(course) for course in rows]


def _material(session: Session, actor_id: int | None, material_id: object) -> Course:
    course = authoring.editable_course(
        session=session, actor_id=actor_id, course_id=as_id(material_id)
    )
    if course.kind != CourseKind.MATERIAL:
        raise NotFound("material not found", message_key="materials.not_found")
    return course


def _module(session: Session, actor_id: int | None, course: Course) -> Module:
    module = session.scalar(
        select(Module).where(Module.course_id == course.id).order_by(Module.position).limit(1)
    )
    if module is None:
        module = authoring.add_module(
            session=session, actor_id=actor_id, course_id=course.id, title=MODULE_TITLE
        )
    return module


def material_draft(*, session: Session, actor_id: int | None, material_id: object) -> MaterialDraft:
    course = _material(session, actor_id, material_id)
    lessons = session.scalars(
        select(Lesson)
        .join(Module, Module.id == Lesson.module_id)
        .where(Lesson.course_id == course.id)
        .order_by(Module.position, Lesson.position, Lesson.id)
    ).all()
    return MaterialDraft(
        **_summary(course),
        lessons=[MaterialLesson(lesson.id, lesson.title, lesson.body or "") for lesson in lessons],
    )


def create_material(
    *, session: Session, actor_id: int | None, title: object, summary: object = ""
) -> Course:
    """A new material (published at once) with its lessons' module."""
    course = authoring.create_course(
        session=session, actor_id=actor_id, title=title, summary=summary, kind=CourseKind.MATERIAL
    )
    _module(session, actor_id, course)
    return course


def add_lesson(
    *, session: Session, actor_id: int | None, material_id: object, title: object
) -> Lesson:
    course = _material(session, actor_id, material_id)
    if (course.lessons_count or 0) >= MAX_LESSONS:
        raise Invalid(f"at most {MAX_LESSONS} lessons", field="title")
    module = _module(session, actor_id, course)
    return authoring.add_lesson(
        session=session, actor_id=actor_id, module_id=module.id, title=title, kind=LessonKind.TEXT
    )


def delete_lesson(*, session: Session, actor_id: int | None, lesson_id: object) -> None:
    lesson = authoring.editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    _material(session, actor_id, lesson.course_id)
    authoring.delete_lesson(session=session, actor_id=actor_id, lesson_id=lesson.id)


def save_material(
    *,
    session: Session,
    actor_id: int | None,
    material_id: object,
    title: object,
    summary: object,
    lessons: Sequence[dict[str, Any]] = (),
) -> Course:
    """Title, summary and every lesson's title and Markdown body, in one transaction."""
    course = _material(session, actor_id, material_id)
    authoring.update_course(
        session=session,
        actor_id=actor_id,
        course_id=course.id,
        changes={"title": title, "summary": summary},
    )
    own = set(session.scalars(select(Lesson.id).where(Lesson.course_id == course.id)))
    for item in lessons:
        lesson_id = as_id(item.get("id"), "lesson")
        if lesson_id not in own:
            raise NotFound("lesson not found", message_key="authoring.error.lesson_not_found")
        authoring.update_lesson(
            session=session,
            actor_id=actor_id,
            lesson_id=lesson_id,
            changes={"title": item.get("title", ""), "body": item.get("body", "")},
        )
    return course
