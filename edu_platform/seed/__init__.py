"""Seed data: the demo catalogue (`demo`) and the large load-test data set (`large`).

Command line: `python -m edu_platform.seed --size demo|large [--if-empty]`.

Both data sets create accounts whose password is published (README, seed code), so
ENVIRONMENT=production refuses to seed unless explicitly allowed (`--allow-production`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from edu_platform.models import Course
from edu_platform.settings import settings

SIZES = ("demo", "large")


class SeedRefused(ValueError):
    """Seeding was refused (production without an explicit opt-in)."""


def has_courses(engine: Engine) -> bool:
    """True when the database already holds at least one course."""
    with Session(engine) as session:
        return session.scalar(select(Course.id).limit(1)) is not None


def run_seed(
    size: str,
    *,
    engine: Engine,
    if_empty: bool = False,
    with_banners: bool = True,
    scale: float = 1.0,
    environment: str | None = None,
    allow_production: bool = False,
) -> str:
    """Seed `size` into `engine`'s database; gives a one-line summary of what was done."""
    if size not in SIZES:
        raise ValueError(f"unknown seed size {size!r}: expected one of {SIZES}")
    if (environment or settings.environment) == "production" and not allow_production:
        raise SeedRefused(
            "refusing to seed demo accounts with published passwords into a production "
            "database (ENVIRONMENT=production); pass --allow-production for a throwaway demo"
        )
    if if_empty and has_courses(engine):
        return f"{size} seed: skipped, the database already has courses (--if-empty)"
    if size == "demo":
        from edu_platform.seed.demo import seed_demo
        from edu_platform.seed.teacher_bios import add_teacher_bios

        with Session(engine, expire_on_commit=False) as session:
            summary = seed_demo(session=session, with_banners=with_banners)
            add_teacher_bios(session)
            session.commit()
        return summary.line()
    from edu_platform.seed.large import seed_large

    return seed_large(engine=engine, scale=scale).line()
