"""Short bios of the demo teachers (Markdown, as teachers write them in /account)."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from edu_platform.models import User

TEACHER_BIOS: dict[str, str] = {
    "teacher@example.com": (
        "Backend-разработчик, **12 лет** пишу на Python. Преподаю веб-разработку и базы "
        "данных: от первого скрипта до сервиса в продакшене."
    ),
    "dmitry.volkov@example.com": (
        "Аналитик данных в e-commerce. Учу работать с SQL, pandas и визуализацией так, "
        "чтобы отчёты отвечали на вопросы бизнеса."
    ),
    "elena.morozova@example.com": (
        "Дизайнер интерфейсов, 9 лет в продуктовых командах. Веду курсы по UX-исследованиям "
        "и Figma."
    ),
    "alexey.nikitin@example.com": (
        "Преподаватель математики и ML-инженер. Объясняю сложное на простых примерах."
    ),
    "james.carter@example.com": (
        "Frontend engineer and mentor. I teach JavaScript, TypeScript and React with "
        "*real projects*, not toy examples."
    ),
    "sophie.martin@example.com": (
        "Product manager turned coach: roadmaps, discovery and working with engineers."
    ),
}


def add_teacher_bios(session: Session) -> int:
    """Give the demo teachers their bios where they have none; how many were set."""
    users = session.scalars(select(User).where(User.email.in_(list(TEACHER_BIOS))))
    changed = 0
    for user in users:
        if not user.bio:
            user.bio = TEACHER_BIOS[user.email]
            changed += 1
    session.flush()
    return changed
