"""The blog: published posts for everyone, authoring for teachers and admins, RSS 2.0.

Who writes: a teacher or an admin creates posts; a teacher edits and deletes their own
posts, an admin any post; anyone else's post is Forbidden to a teacher (a draft's text is
never shown). Bodies
are Markdown, shown only through components/markdown.py `safe_markdown` (raw HTML stays
text). Tags are lower-case words stored as ",tag1,tag2," so one LIKE finds a tag on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.utils import format_datetime
from typing import Any
from xml.etree import ElementTree

from slugify import slugify
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.i18n import format_date
from edu_platform.models import BlogPost, Role, User, utcnow
from edu_platform.services import paging, plain_text, text_match
from edu_platform.services.authoring.common import MAX_TEXT, clean_text, clean_title, require_author
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from edu_platform.settings import settings

MAX_TAGS = 10
MAX_TAG_LENGTH = 40
EXCERPT_LENGTH = 240
RSS_ITEMS = 20
_TAG = re.compile(r"^[\w][\w\- ]*$")
# Markdown an excerpt leaves out. A link or image target may hold one level of
# parentheses ("(javascript:alert(1))"); headings and quotes are marks at a line's start
# only, so that raw HTML, which the post page shows as text, stays whole here too.
_TARGET = r"\((?:[^()]|\([^()]*\))*\)"
_IMAGE = re.compile(r"!\[[^\]]*\]" + _TARGET)
_LINK = re.compile(r"\[([^\]]*)\]" + _TARGET)
_LINE_MARK = re.compile(r"^[ \t]{0,3}(?:#{1,6}|>+)[ \t]?", re.MULTILINE)
_INLINE_MARK = re.compile(r"[*_`~|]+")
DC = "http://purl.org/dc/elements/1.1/"
ElementTree.register_namespace("dc", DC)


def slug_from_title(title: str) -> str:
    """'Новости платформы' → 'novosti-platformy' (Cyrillic transliterated)."""
    return slugify(title, max_length=190, word_boundary=True) or "post"


@dataclass
class PostCard:
    """A post as lists show it (API.md's post item)."""

    id: int
    slug: str
    title: str
    excerpt: str
    author_id: int | None
    author_name: str
    tags: list[str]
    cover_url: str
    published_at: datetime | None
    published_label: str  # "2026-12-05"; `dated()` gives it in a reader's language
    is_published: bool = True


@dataclass
class PostView(PostCard):
    body: str = ""


@dataclass
class PostPage(paging.Page[PostCard]):
    tags: list[str] = field(default_factory=list)  # every tag in use, for the tag cloud


# --- helpers ------------------------------------------------------------------------------


def excerpt(body: str, length: int = EXCERPT_LENGTH) -> str:
    """Plain text from the start of a Markdown body: markup dropped, at most `length`."""
    text = _IMAGE.sub(" ", body or "")
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _INLINE_MARK.sub(" ", _LINE_MARK.sub("", text))
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def split_tags(stored: str) -> list[str]:
    return [tag for tag in (stored or "").split(",") if tag]


def clean_tags(value: object) -> str:
    """Tags from a list or a comma-separated string: lower-case, unique, at most 10."""
    if value is None:
        return ""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise Invalid("tags must be a list of words", field="tags")
    tags: list[str] = []
    for item in items:
        tag = " ".join(str(item).split()).lower()
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH or not _TAG.match(tag):
            raise Invalid(
                f"tag {tag[:50]!r} is not a word of up to {MAX_TAG_LENGTH} characters",
                message_key="blog.error.bad_tag",
                field="tags",
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise Invalid(
            f"at most {MAX_TAGS} tags", message_key="blog.error.too_many_tags", field="tags"
        )
    return f",{','.join(tags)}," if tags else ""


def clean_cover_url(value: object) -> str | None:
    """An image address: https://, http:// or a site path; empty clears it."""
    url = str(value or "").strip()
    if not url:
        return None
    if len(url) > 1000 or not (
        url.startswith(("https://", "http://")) or (url.startswith("/") and "//" not in url)
    ):
        raise Invalid(
            "cover_url must be an http(s) address or a site path",
            message_key="blog.error.bad_cover",
            field="cover_url",
        )
    return url


def _flag(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    raise Invalid(f"{name} must be true or false", field=name)


def _card(post: BlogPost, author_name: str | None, cls: type = PostCard, **extra) -> Any:
    return cls(
        id=post.id,
        slug=post.slug,
        title=post.title,
        excerpt=excerpt(post.body),
        author_id=post.author_id,
        author_name=author_name or "",
        tags=split_tags(post.tags),
        cover_url=post.cover_url or "",
        published_at=post.published_at,
        published_label=post.published_at.date().isoformat() if post.published_at else "",
        is_published=post.is_published,
        **extra,
    )


def dated(card: Any, lang: str) -> Any:
    """`card` (a PostCard or PostView) with its date as a reader of `lang` reads it:
    "4 дек. 2026 г." / "Dec 4, 2026"."""
    return replace(card, published_label=format_date(card.published_at, lang))


def _published():
    return (
        select(BlogPost, User.full_name)
        .outerjoin(User, User.id == BlogPost.author_id)
        .where(BlogPost.is_published.is_(True))
    )


def _author(session: Session, actor_id: int | None) -> User:
    return require_author(
        session, actor_id, what="write blog posts", message_key="blog.error.not_author"
    )


def editable_post(*, session: Session, actor_id: int | None, post_id: object) -> BlogPost:
    """The post when the actor wrote it (teacher) or is an admin; NotFound when there is no
    such post, Forbidden when it is someone else's (API.md: "403 wrong role")."""
    actor = _author(session, actor_id)
    try:
        number = int(str(post_id))
    except (TypeError, ValueError):
        number = 0
    post = session.get(BlogPost, number) if number > 0 else None
    if post is None:
        raise NotFound("post not found", message_key="blog.error.not_found")
    if actor.role != Role.ADMIN and post.author_id != actor.id:
        raise Forbidden("only its author and admins edit a post", message_key="error.forbidden")
    return post


def _free_slug(session: Session, base: str, post_id: int | None = None) -> str:
    candidate, number = base, 1
    while True:
        query = select(BlogPost.id).where(BlogPost.slug == candidate)
        if post_id is not None:
            query = query.where(BlogPost.id != post_id)
        if session.scalar(query.limit(1)) is None:
            return candidate
        number += 1
        candidate = f"{base}-{number}"


# --- reading ------------------------------------------------------------------------------


def list_posts(
    *, session: Session, tag: str = "", q: str = "", page: int = 1, per_page: int = 20
) -> PostPage:
    """Published posts, newest first; `tag` one tag, `q` words in the title or body."""
    page, per_page = paging.checked(page, per_page)
    conditions = []
    tag = plain_text.one_line(tag).lower()
    q = plain_text.one_line(q)
    if tag:
        conditions.append(BlogPost.tags.contains(f",{tag},", autoescape=True))
    columns = (BlogPost.title, BlogPost.body, BlogPost.tags)
    conditions.extend(
        or_(*(text_match.contains(column, word) for column in columns))
        for word in (q or "").split()[:8]
    )
    query = _published().where(*conditions)
    query = query.order_by(BlogPost.published_at.desc(), BlogPost.id.desc())
    cards = paging.fetch(session, query, page, per_page).map(lambda row: _card(*row))
    return PostPage(cards.items, cards.total, cards.page, cards.per_page, all_tags(session))


def all_tags(session: Session) -> list[str]:
    """Every tag of a published post, most used first."""
    counts: dict[str, int] = {}
    for stored in session.scalars(
        select(BlogPost.tags).where(BlogPost.is_published.is_(True), BlogPost.tags != "")
    ):
        for tag in split_tags(stored):
            counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts, key=lambda tag: (-counts[tag], tag))


def latest_posts(*, session: Session, limit: int = 3) -> list[PostCard]:
    rows = session.execute(
        _published().order_by(BlogPost.published_at.desc(), BlogPost.id.desc()).limit(limit)
    ).all()
    return [_card(post, name) for post, name in rows]


def get_post(*, session: Session, slug: str, actor_id: int | None = None) -> PostView:
    """A published post by slug; its author and admins also see it as a draft."""
    slug = str(slug or "")[:200]
    row = (
        session.execute(
            select(BlogPost, User.full_name)
            .outerjoin(User, User.id == BlogPost.author_id)
            .where(BlogPost.slug == slug)
        ).first()
        if slug and not plain_text.has_controls(slug)  # PostgreSQL refuses NUL in text
        else None
    )
    if row is None:
        raise NotFound("post not found", message_key="blog.error.not_found")
    post, name = row
    if not post.is_published:
        actor = session.get(User, actor_id) if actor_id else None
        if actor is None or not (actor.role == Role.ADMIN or actor.id == post.author_id):
            raise NotFound("post not found", message_key="blog.error.not_found")
    return _card(post, name, PostView, body=post.body)


def post_for_editing(*, session: Session, actor_id: int | None, post_id: object) -> PostView:
    post = editable_post(session=session, actor_id=actor_id, post_id=post_id)
    author = session.get(User, post.author_id) if post.author_id else None
    return _card(post, author.full_name if author else "", PostView, body=post.body)


def my_posts(*, session: Session, actor_id: int | None) -> list[PostCard]:
    """The actor's posts, drafts included (admins: every post), newest first."""
    actor = _author(session, actor_id)
    query = select(BlogPost, User.full_name).outerjoin(User, User.id == BlogPost.author_id)
    if actor.role != Role.ADMIN:
        query = query.where(BlogPost.author_id == actor.id)
    rows = session.execute(query.order_by(BlogPost.created_at.desc(), BlogPost.id.desc())).all()
    return [_card(post, name) for post, name in rows]


# --- writing ------------------------------------------------------------------------------

_FIELDS = ("title", "body", "tags", "cover_url", "is_published", "slug")


def _clean(field_name: str, value: object) -> Any:
    if field_name == "title":
        return clean_title(value)
    if field_name == "body":
        return clean_text(value, "body", MAX_TEXT)
    if field_name == "tags":
        return clean_tags(value)
    if field_name == "cover_url":
        return clean_cover_url(value)
    if field_name == "is_published":
        return _flag(value, "is_published")
    if field_name == "slug":
        slug = slugify(str(value or ""), max_length=200)
        if not value or slug != str(value):
            raise Invalid("slug: lower-case letters, digits and dashes", field="slug")
        return slug
    raise Invalid(f"unknown field {field_name}", field=field_name)


def _apply_publication(post: BlogPost, published: bool) -> None:
    post.is_published = published
    if published and post.published_at is None:
        post.published_at = utcnow()


def create_post(
    *,
    session: Session,
    actor_id: int | None,
    title: object,
    body: object = "",
    tags: object = None,
    cover_url: object = None,
    is_published: object = False,
) -> BlogPost:
    """A new post by the actor (teacher or admin), published at once when asked."""
    actor = _author(session, actor_id)
    clean_title_ = clean_title(title)
    post = BlogPost(
        author_id=actor.id,
        slug="",
        title=clean_title_,
        body=clean_text(body, "body", MAX_TEXT),
        tags=clean_tags(tags),
        cover_url=clean_cover_url(cover_url),
    )
    _apply_publication(post, _flag(is_published, "is_published"))
    base = slug_from_title(clean_title_)
    for _ in range(5):
        post.slug = _free_slug(session, base)
        if db.inserted(session, post):
            return post
        # A concurrent post took the slug: pick the next one.
    raise Conflict("could not choose a free slug", field="slug")


def update_post(
    *, session: Session, actor_id: int | None, post_id: object, changes: dict[str, Any]
) -> BlogPost:
    """Change any of title, body, tags, cover_url, slug, is_published (checked first)."""
    post = editable_post(session=session, actor_id=actor_id, post_id=post_id)
    cleaned = {name: _clean(name, value) for name, value in changes.items() if name in _FIELDS}
    slug_changed = "slug" in cleaned and cleaned["slug"] != post.slug
    if slug_changed and _free_slug(session, cleaned["slug"], post.id) != cleaned["slug"]:
        raise Conflict("this slug is taken", message_key="blog.error.slug_taken", field="slug")
    for name, value in cleaned.items():
        if name == "is_published":
            _apply_publication(post, value)
        else:
            setattr(post, name, value)
    session.add(post)
    session.flush()
    return post


def delete_post(*, session: Session, actor_id: int | None, post_id: object) -> None:
    post = editable_post(session=session, actor_id=actor_id, post_id=post_id)
    session.delete(post)
    session.flush()


# --- RSS ------------------------------------------------------------------------------------


def rss_document(*, session: Session, base_url: str | None = None) -> bytes:
    """RSS 2.0 of the latest 20 published posts (UTF-8 XML)."""
    base = (base_url or settings.public_url).rstrip("/")
    channel_root = ElementTree.Element("rss", version="2.0")
    channel = ElementTree.SubElement(channel_root, "channel")
    ElementTree.SubElement(channel, "title").text = "EduPlatform — Blog"
    ElementTree.SubElement(channel, "link").text = f"{base}/blog"
    ElementTree.SubElement(channel, "description").text = "EduPlatform blog"
    posts = latest_posts(session=session, limit=RSS_ITEMS)
    if posts and posts[0].published_at:
        ElementTree.SubElement(channel, "lastBuildDate").text = format_datetime(
            posts[0].published_at
        )
    for post in posts:
        item = ElementTree.SubElement(channel, "item")
        link = f"{base}/blog/{post.slug}"
        ElementTree.SubElement(item, "title").text = post.title
        ElementTree.SubElement(item, "link").text = link
        ElementTree.SubElement(item, "guid", isPermaLink="true").text = link
        # Feed readers render a description as HTML once the XML is decoded: escaped again,
        # what the author typed (raw HTML included) reads as the text it is on the site.
        ElementTree.SubElement(item, "description").text = html.escape(post.excerpt)
        if post.author_name:
            ElementTree.SubElement(item, f"{{{DC}}}creator").text = post.author_name
        for tag in post.tags:
            ElementTree.SubElement(item, "category").text = tag
        if post.published_at:
            ElementTree.SubElement(item, "pubDate").text = format_datetime(post.published_at)
    return ElementTree.tostring(channel_root, encoding="utf-8", xml_declaration=True)
