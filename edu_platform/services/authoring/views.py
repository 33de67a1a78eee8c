"""What the authoring pages show: the teacher's course list, the settings form, the
syllabus, and one lesson with its files and quiz (right answers included: for authors)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from edu_platform.models import (
    AnswerOption,
    Category,
    Course,
    Lesson,
    LessonAttachment,
    Module,
    Question,
    Quiz,
    Role,
    User,
)
from edu_platform.search_text import query_terms
from edu_platform.services import media, paging
from edu_platform.services.authoring.common import (
    as_id,
    editable_course,
    editable_lesson,
    in_order,
    require_author,
)
from edu_platform.services.catalog import category_labels
from edu_platform.services.completion import quiz_has_questions
from edu_platform.services.records import record_from


@dataclass
class CourseSettings:
    """The settings form of the course editor (strings where the form holds strings)."""

    id: int
    slug: str
    title: str
    summary: str
    description: str
    category_id: str  # "" for none: a select's value
    level: str
    language: str
    price: str
    currency: str
    start_date: str
    end_date: str
    points_per_visit: int
    require_sequential: bool
    is_published: bool
    banner_url: str
    lessons_count: int
    teacher_name: str


def course_settings(*, session: Session, actor_id: int | None, course_id: object) -> CourseSettings:
    course = editable_course(session=session, actor_id=actor_id, course_id=as_id(course_id))
    teacher = session.get(User, course.teacher_id)
    return record_from(
        CourseSettings,
        course,
        summary=course.summary or "",
        description=course.description or "",
        category_id=str(course.category_id or ""),
        price=f"{Decimal(course.price):.2f}",
        start_date=course.start_date.isoformat() if course.start_date else "",
        end_date=course.end_date.isoformat() if course.end_date else "",
        banner_url=media.public_url(course.banner) if course.banner else "",
        teacher_name=teacher.full_name if teacher else "",
    )


@dataclass
class CategoryChoice:
    id: str
    name: str
    names: dict[str, str] = field(default_factory=dict)  # per UI language


def category_choices(*, session: Session) -> list[CategoryChoice]:
    rows = session.execute(
        select(Category.id, Category.name, Category.name_en).order_by(
            Category.position, Category.name
        )
    ).all()
    return [
        CategoryChoice(str(category_id), name, category_labels(name, name_en))
        for category_id, name, name_en in rows
    ]


@dataclass
class TeachCourseRow:
    id: int
    slug: str
    title: str
    is_published: bool
    learners: int
    lessons: int
    rating: str
    rating_count: int
    teacher_name: str
    banner_url: str = ""  # the course cover, "" when none (the list shows a placeholder)


@dataclass
class TeachCourseList(paging.Page[TeachCourseRow]):
    is_admin: bool = False


def teach_courses(
    *, session: Session, actor_id: int | None, q: str = "", page: int = 1, per_page: int = 50
) -> TeachCourseList:
    """The actor's courses, newest first; admins see every course and may search titles."""
    actor = require_author(session, actor_id)
    conditions = []
    if actor.role != Role.ADMIN:
        conditions.append(Course.teacher_id == actor.id)
    words = " ".join(str(q or "").split())[:200]
    if words:
        # search_text holds lower-cased stems (Cyrillic too, which SQLite's lower() skips).
        stems = query_terms(words)
        slug_part = words.lower().replace("\\", "").replace("%", "").replace("_", "")
        by_title = [Course.search_text.like(f"%{term}%") for term in stems]
        conditions.append(
            or_(and_(*by_title) if by_title else false(), Course.slug.like(f"%{slug_part}%"))
        )
    query = (
        select(Course, User.full_name)
        .join(User, User.id == Course.teacher_id)
        .where(*conditions)
        .order_by(Course.created_at.desc(), Course.id.desc())
    )
    found = paging.fetch(session, query, page, per_page).map(lambda row: _teach_row(*row))
    return TeachCourseList(
        found.items, found.total, found.page, found.per_page, actor.role == Role.ADMIN
    )


def _teach_row(course: Course, name: str) -> TeachCourseRow:
    return record_from(
        TeachCourseRow,
        course,
        learners=course.enrollment_count,
        lessons=course.lessons_count,
        rating=f"{float(course.rating_avg or 0):.1f}",
        teacher_name=name,
        banner_url=media.public_url(course.banner) if course.banner else "",
    )


@dataclass
class LessonRow:
    id: int
    title: str
    kind: str
    position: int
    duration_minutes: int
    is_preview: bool
    is_first: bool
    is_last: bool
    # A quiz lesson without questions: publishable, and its learners mark it done by hand
    # (services/progress.marked_done_by_hand); the syllabus says so to its teacher.
    quiz_is_empty: bool = False


@dataclass
class ModuleRow:
    id: int
    title: str
    position: int
    is_first: bool
    is_last: bool
    lessons: list[LessonRow] = field(default_factory=list)


def syllabus(*, session: Session, actor_id: int | None, course_id: object) -> list[ModuleRow]:
    """The course's modules with their lessons, in order, flagged first/last for the
    up/down buttons."""
    course = editable_course(session=session, actor_id=actor_id, course_id=as_id(course_id))
    modules = in_order(session, Module, Module.course_id == course.id)
    by_module: dict[int, list[Lesson]] = {module.id: [] for module in modules}
    for lesson in in_order(session, Lesson, Lesson.course_id == course.id):
        by_module.setdefault(lesson.module_id, []).append(lesson)
    empty_quizzes = set(
        session.scalars(
            select(Quiz.lesson_id).where(Quiz.course_id == course.id, ~quiz_has_questions())
        )
    )
    rows = []
    for index, module in enumerate(modules):
        lessons = by_module[module.id]
        rows.append(
            ModuleRow(
                id=module.id,
                title=module.title,
                position=module.position,
                is_first=index == 0,
                is_last=index == len(modules) - 1,
                lessons=[
                    record_from(
                        LessonRow,
                        lesson,
                        is_first=number == 0,
                        is_last=number == len(lessons) - 1,
                        quiz_is_empty=lesson.id in empty_quizzes,
                    )
                    for number, lesson in enumerate(lessons)
                ],
            )
        )
    return rows


@dataclass
class AttachmentRow:
    id: int
    filename: str
    size_label: str
    url: str


@dataclass
class OptionRow:
    id: int
    text: str
    is_correct: bool


@dataclass
class QuestionRow:
    id: int
    number: int
    kind: str
    text: str
    points: int
    correct_text: str
    correct_number: str
    tolerance: str
    options: list[OptionRow]
    is_first: bool
    is_last: bool


@dataclass
class QuizSettings:
    id: int
    pass_percent: int
    time_limit_minutes: str  # "" for none: form values
    max_attempts: str
    questions_per_attempt: str
    shuffle_options: bool
    reveal_answers: str
    is_final: bool


@dataclass
class LessonDraft:
    id: int
    module_id: int
    course_id: int
    title: str
    kind: str
    body: str
    duration_minutes: int
    is_preview: bool
    video_url: str
    video_file: str  # the uploaded file's name as sent; "" when there is none
    video_preview_url: str
    attachments: list[AttachmentRow]
    quiz: QuizSettings | None
    questions: list[QuestionRow]


AUTHOR_LESSON_URL = "/api/v1/authoring/lessons/{lesson_id}"


def size_label(size: int) -> str:
    """1536 → '1.5 KB' (binary units, one decimal)."""
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024 or unit == "MB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} MB"


def _number_label(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _optional(value: int | None) -> str:
    return str(value) if value else ""


def _video_name(lesson: Lesson) -> str:
    """The uploaded video's name as the teacher sent it (the stored, random one for a file
    uploaded before names were kept); "" without a file."""
    if not lesson.video_path:
        return ""
    return lesson.video_name or lesson.video_path.rsplit("/", 1)[-1]


def lesson_draft(*, session: Session, actor_id: int | None, lesson_id: object) -> LessonDraft:
    """A lesson as its editor shows it: content, files, quiz settings, questions and answers."""
    lesson = editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    base = AUTHOR_LESSON_URL.format(lesson_id=lesson.id)
    attachments = [
        AttachmentRow(a.id, a.filename, size_label(a.size_bytes), f"{base}/attachments/{a.id}")
        for a in session.scalars(
            select(LessonAttachment)
            .where(LessonAttachment.lesson_id == lesson.id)
            .order_by(LessonAttachment.id)
        )
    ]
    quiz = session.scalar(select(Quiz).where(Quiz.lesson_id == lesson.id))
    settings_row, questions = None, []
    if quiz is not None:
        settings_row = record_from(
            QuizSettings,
            quiz,
            time_limit_minutes=_optional(quiz.time_limit_minutes),
            max_attempts=_optional(quiz.max_attempts),
            questions_per_attempt=_optional(quiz.questions_per_attempt),
        )
        rows = in_order(session, Question, Question.quiz_id == quiz.id)
        options: dict[int, list[OptionRow]] = {row.id: [] for row in rows}
        if rows:
            for option in in_order(
                session, AnswerOption, AnswerOption.question_id.in_(list(options))
            ):
                options[option.question_id].append(
                    OptionRow(option.id, option.text, option.is_correct)
                )
        questions = [
            QuestionRow(
                id=row.id,
                number=index + 1,
                kind=row.kind,
                text=row.text,
                points=row.points,
                correct_text=row.correct_text or "",
                correct_number=_number_label(row.correct_number),
                tolerance=_number_label(row.tolerance),
                options=options[row.id],
                is_first=index == 0,
                is_last=index == len(rows) - 1,
            )
            for index, row in enumerate(rows)
        ]
    return record_from(
        LessonDraft,
        lesson,
        body=lesson.body or "",
        video_url=lesson.video_url or "",
        video_file=_video_name(lesson),
        video_preview_url=f"{base}/video" if lesson.video_path else "",
        attachments=attachments,
        quiz=settings_row,
        questions=questions,
    )
