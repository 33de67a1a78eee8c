"""The world of the import tests (tests/integration/test_imports.py,
test_import_pipeline.py): the people and courses an import refers to, and the admin's
calls that upload a file and read a job's status and errors."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlmodel import Session

from edu_platform import db
from edu_platform.models import Category, Course, User
from edu_platform.services import imports


def make_people(committed_session: Session) -> dict[str, int]:
    """An admin, a teacher, a student, a category and two courses, committed; their ids."""
    admin = User(email="admin@imports.example.com", full_name="Ada Admin", role="admin")
    teacher = User(email="teacher@imports.example.com", full_name="Tom Teacher", role="teacher")
    student = User(email="student@imports.example.com", full_name="Sam Student")
    committed_session.add_all([admin, teacher, student])
    committed_session.flush()
    category = Category(slug="programming", name="Software Engineering")
    committed_session.add(category)
    committed_session.flush()
    python = Course(
        slug="python-basics", title="Python basics", teacher_id=teacher.id, price=Decimal("4990")
    )
    sql = Course(slug="sql-basics", title="SQL basics", teacher_id=teacher.id)
    committed_session.add_all([python, sql])
    committed_session.commit()
    return {
        "admin": admin.id,
        "teacher": teacher.id,
        "student": student.id,
        "category": category.id,
        "python": python.id,
        "sql": sql.id,
    }


def upload(people, kind: str, text: str, name: str = "file.csv", *, invite: bool = False) -> int:
    view = db.run_sync(
        imports.create_import,
        actor_id=people["admin"],
        kind=kind,
        filename=name,
        data=text.encode(),
        invite=invite,
    )
    return view.id


def status(people, job_id: int) -> imports.ImportJobView:
    return db.run_sync(imports.import_status, actor_id=people["admin"], job_id=job_id)


def errors(people, job_id: int) -> list[tuple[int, str | None]]:
    page = db.run_sync(imports.import_errors, actor_id=people["admin"], job_id=job_id, per_page=100)
    return [(item.row, item.field) for item in page.items]


def fresh(session: Session) -> Session:
    """End the session's read transaction (a SQLite reader keeps its snapshot) and expire."""
    session.commit()
    session.expire_all()
    return session


def count(session: Session, model, *where) -> int:
    fresh(session)
    return session.scalar(select(func.count()).select_from(model).where(*where))
