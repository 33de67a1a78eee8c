"""The demo blog: a few published posts by the demo teachers, so /blog and the posts API
have something to show on a first start. Idempotent: a post whose slug exists is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import BlogPost, User
from edu_platform.services.blog import clean_tags


@dataclass(frozen=True)
class DemoPost:
    slug: str
    author_email: str
    title: str
    tags: str  # comma-separated, as an author types them
    days_ago: int
    body: str


POSTS: tuple[DemoPost, ...] = (
    DemoPost(
        slug="kak-uchitsya-po-20-minut-v-den",
        author_email="teacher@example.com",
        title="Как учиться по 20 минут в день и не бросить",
        tags="обучение,советы",
        days_ago=3,
        body=(
            "Большинство онлайн-курсов бросают на второй неделе. Причина почти всегда одна: "
            "учёба не встроена в день.\n\n"
            "## Три правила\n\n"
            "1. **Одно и то же время.** Утром до работы или сразу после обеда.\n"
            "2. **Маленький шаг.** Один урок и одно упражнение: 20 минут.\n"
            "3. **Серия важнее рекорда.** Счётчик «Дней подряд» в разделе «Моё обучение» "
            "помогает не пропускать.\n\n"
            "Если день выпал, не пытайтесь догнать всё сразу: продолжите с того урока, "
            "на котором остановились."
        ),
    ),
    DemoPost(
        slug="pochemu-v-kursah-est-testy",
        author_email="dmitry.volkov@example.com",
        title="Зачем в курсах тесты, если есть практика",
        tags="обучение,тесты",
        days_ago=12,
        body=(
            "Тест в конце модуля — не экзамен, а зеркало: он показывает, что вы поняли, "
            "а что только прочитали.\n\n"
            "- Ошиблись — вернитесь к уроку, ссылка есть в разборе.\n"
            "- Итоговый тест открывает сертификат, который любой может проверить по номеру.\n\n"
            "Попыток несколько, так что спокойно пробуйте."
        ),
    ),
    DemoPost(
        slug="learning-in-a-second-language",
        author_email="james.carter@example.com",
        title="Learning a technical subject in a second language",
        tags="learning,languages",
        days_ago=30,
        body=(
            "Half of our learners take at least one course in a language that is not their "
            "first. A few habits help:\n\n"
            "- Keep a glossary of the terms of each module.\n"
            "- Read the lesson once for the idea, once for the words.\n"
            "- Switch the interface to the language you find easier: the course stays the "
            "same.\n"
        ),
    ),
)


def ensure_blog_posts(session: Session, now: datetime) -> int:
    """Add the demo posts that are missing; gives how many were added."""
    existing = set(session.scalars(select(BlogPost.slug).where(BlogPost.slug.in_(
        [post.slug for post in POSTS]
    ))))  # fmt: skip
    authors = dict(
        session.execute(
            select(User.email, User.id).where(User.email.in_({p.author_email for p in POSTS}))
        ).all()
    )
    added = 0
    for post in POSTS:
        if post.slug in existing or post.author_email not in authors:
            continue
        published_at = now - timedelta(days=post.days_ago)
        session.add(
            BlogPost(
                author_id=authors[post.author_email],
                slug=post.slug,
                title=post.title,
                body=post.body,
                tags=clean_tags(post.tags),
                is_published=True,
                published_at=published_at,
                created_at=published_at,
                updated_at=published_at,
            )
        )
        added += 1
    session.flush()
    return added
