"""A small fixed catalog for the search, course page and catalog API tests.

Five published courses and one draft (COURSES below), written with the ORM: the
search_text listener and, on SQLite, the FTS triggers index them. Among the published
courses every sort key (price, rating, learners, publication date) is distinct, so every
order is exact: popular python_ru > web_en > data_ru > design_en > dash_en; price
python_ru (free) < data_ru < design_en < web_en < dash_en; rating python_ru > design_en >
data_ru > web_en > dash_en; newest design_en > web_en > data_ru > dash_en > python_ru.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlmodel import Session

from edu_platform.models import Category, Course, Lesson, Module, User, utcnow


@dataclass
class Catalog:
    categories: dict[str, Category]
    teachers: dict[str, User]
    courses: dict[str, Course]

    def ids(self, *keys: str) -> list[int]:
        return [self.courses[key].id for key in keys]


CATEGORIES = (("programming", "Programming"), ("design", "Design"), ("data", "Data"))

# fmt: off
# key: (title, summary, description, category, level, language, price, rating, learners,
#       days since publication or None for a draft, teacher)
COURSES = {
    "python_ru": (
        "Основы Python",
        "Первый язык для новичков",
        "Учимся программированию на Python с нуля.",
        "programming", "beginner", "ru", "0.00", "4.80", 500, 30, "anna",
    ),
    "web_en": (
        "Web Programming",
        "Build web apps with Python and JavaScript",
        "HTML, CSS and browsers.",
        "programming", "intermediate", "en", "4990.00", "4.20", 300, 5, "boris",
    ),
    "design_en": (
        "Interface Design",
        "Figma, prototypes and user research",
        "Layouts, colour and accessibility.",
        "design", "beginner", "en", "2990.00", "4.60", 150, 1, "anna",
    ),
    "dash_en": (
        "Data Dashboards",
        "Charts and reports in Python",
        "Good dashboard design starts with the question.",
        "data", "advanced", "en", "12900.00", "3.90", 80, 20, "boris",
    ),
    "data_ru": (
        "Анализ данных",
        "Pandas и статистика",
        "Таблицы, графики, выводы.",
        "data", "intermediate", "ru", "1990.00", "4.40", 220, 15, "anna",
    ),
    "draft": (
        "Python Draft Programming",
        "Secret design programs",
        "Программирование, дизайн и анализ данных.",
        "programming", "beginner", "en", "0.00", "5.00", 1000, None, "anna",
    ),
}
# fmt: on
PUBLISHED = ("python_ru", "web_en", "design_en", "dash_en", "data_ru")


def build_catalog(session: Session, *, prefix: str = "") -> Catalog:
    """Write the catalog above (slugs and emails may carry `prefix`) and flush."""
    now = utcnow()
    categories = {
        slug: Category(slug=f"{prefix}{slug}", name=name, position=position)
        for position, (slug, name) in enumerate(CATEGORIES)
    }
    teachers = {
        key: User(email=f"{prefix}{key}@catalog.example.org", full_name=name, role="teacher")
        for key, name in (("anna", "Anna Petrova"), ("boris", "Boris Smith"))
    }
    session.add_all([*categories.values(), *teachers.values()])
    session.flush()
    courses: dict[str, Course] = {}
    for key, values in COURSES.items():
        (title, summary, description, category, level, language, price, rating, learners,
         days, teacher) = values  # fmt: skip
        courses[key] = Course(
            slug=f"{prefix}{key.replace('_', '-')}",
            title=title,
            summary=summary,
            description=description,
            category_id=categories[category].id,
            level=level,
            language=language,
            price=Decimal(price),
            rating_avg=Decimal(rating),
            rating_count=10,
            enrollment_count=learners,
            is_published=days is not None,
            published_at=now - timedelta(days=days) if days is not None else None,
            teacher_id=teachers[teacher].id,
        )
    session.add_all(courses.values())
    session.flush()
    return Catalog(categories, teachers, courses)


# (title, position, minutes, kind) of a lesson
LessonSpec = tuple[str, int, int, str]


def add_syllabus(
    session: Session, course: Course, modules: list[tuple[str, int, list[LessonSpec]]]
) -> None:
    """Modules `(title, position, lessons)` of `course`, written in the order given (so
    that positions, not ids, have to sort them), with their lessons."""
    for title, position, lessons in modules:
        module = Module(course_id=course.id, title=title, position=position)
        session.add(module)
        session.flush()
        session.add_all(
            Lesson(module_id=module.id, course_id=course.id, title=name, position=number,
                   duration_minutes=minutes, kind=kind)
            for name, number, minutes, kind in lessons
        )  # fmt: skip
    session.flush()
