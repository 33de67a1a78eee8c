"""The blog over the API (API.md "Blog") and its RSS 2.0 feed at /blog/rss.xml.

GET /api/v1/posts and /api/v1/posts/{slug} are public; POST, PATCH and DELETE are for
teachers (own posts) and admins (any post). services/blog.py holds the rules.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field, StrictBool

from edu_platform import db
from edu_platform.api.deps import OptionalCallerId, StaffId, run_as
from edu_platform.api.params import MAX_ID, PageOut, PageParams, errors, fields_for
from edu_platform.audit import acting_as
from edu_platform.services import blog
from edu_platform.services.blog import PostCard, PostView
from edu_platform.services.errors import NotFound
from edu_platform.services.paging import Page

router = APIRouter(tags=["blog"])

RSS_PATH = "/blog/rss.xml"

# One path for the three methods (API.md: GET by slug, PATCH and DELETE by id), so that
# the OpenAPI document has one template and OPTIONS/405 answers list all of them.
PostRef = Annotated[
    str,
    Path(min_length=1, max_length=200, description="GET: the post's slug; PATCH, DELETE: its id"),
]


def _post_id(post: str) -> int:
    if not post.isascii() or not post.isdigit() or not 1 <= int(post) <= MAX_ID:
        raise NotFound("post not found", message_key="blog.error.not_found")
    return int(post)


Tags = Field(default=None, max_length=blog.MAX_TAGS)


class AuthorRef(BaseModel):
    id: int | None
    full_name: str


class PostItemOut(BaseModel):
    id: int
    slug: str
    title: str
    excerpt: str
    author: AuthorRef
    tags: list[str]
    cover_url: str
    published_at: datetime | None


class PostOut(PostItemOut):
    body: str
    is_published: bool


class PostIn(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    body: str = Field(default="", max_length=100_000)
    tags: list[str] | None = Tags
    cover_url: str | None = Field(default=None, max_length=1000)
    is_published: StrictBool = False


class PostPatch(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    slug: str | None = Field(default=None, min_length=1, max_length=200)
    body: str | None = Field(default=None, max_length=100_000)
    tags: list[str] | None = Tags
    cover_url: str | None = Field(default=None, max_length=1000)
    is_published: StrictBool | None = None


def _item(card: PostCard) -> dict:
    author = {"id": card.author_id, "full_name": card.author_name}
    return fields_for(PostItemOut, card, author=author)


def _full(view: PostView) -> PostOut:
    return PostOut(**_item(view), body=view.body, is_published=view.is_published)


@router.get("/api/v1/posts", response_model=PageOut[PostItemOut], responses=errors(422))
def list_posts(
    paging: PageParams,
    tag: str = Query("", max_length=blog.MAX_TAG_LENGTH),
    q: str = Query("", max_length=200),
) -> Page[PostItemOut]:
    """Published posts, newest first; `tag` filters by one tag, `q` by words."""
    result = db.run_sync(blog.list_posts, tag=tag, q=q, **paging.as_kwargs())
    return result.map(lambda card: PostItemOut(**_item(card)))


@router.get("/api/v1/posts/{post}", response_model=PostOut, responses=errors(404, 422))
def get_post(post: PostRef, caller_id: OptionalCallerId) -> PostOut:
    """A published post by its slug, with its Markdown `body` (its author and admins also
    see drafts)."""
    return _full(db.run_sync(blog.get_post, slug=post, actor_id=caller_id))


def _view(*, session, actor_id: int, post_id: int) -> PostView:
    return blog.post_for_editing(session=session, actor_id=actor_id, post_id=post_id)


@router.post(
    "/api/v1/posts", response_model=PostOut, status_code=201, responses=errors(401, 403, 422)
)
def create_post(body: PostIn, caller_id: StaffId) -> PostOut:
    """Teachers and admins; the slug is made from the title."""

    def create(*, session) -> PostView:
        post = blog.create_post(session=session, actor_id=caller_id, **body.model_dump())
        assert post.id is not None  # flushed
        return _view(session=session, actor_id=caller_id, post_id=post.id)

    with acting_as(caller_id):
        return _full(db.run_sync(create))


@router.patch(
    "/api/v1/posts/{post}", response_model=PostOut, responses=errors(401, 403, 404, 409, 422)
)
def update_post(post: PostRef, body: PostPatch, caller_id: StaffId) -> PostOut:
    """Own posts (admins: any), by id; `null` leaves a field as it is, except `cover_url`."""
    post_id = _post_id(post)
    changes = body.model_dump(exclude_unset=True)
    changes = {k: v for k, v in changes.items() if v is not None or k == "cover_url"}

    def update(*, session) -> PostView:
        blog.update_post(session=session, actor_id=caller_id, post_id=post_id, changes=changes)
        return _view(session=session, actor_id=caller_id, post_id=post_id)

    with acting_as(caller_id):
        return _full(db.run_sync(update))


@router.delete("/api/v1/posts/{post}", status_code=204, responses=errors(401, 403, 404, 422))
def delete_post(post: PostRef, caller_id: StaffId) -> Response:
    """Own posts (admins: any), by id."""
    post_id = _post_id(post)
    run_as(caller_id, blog.delete_post, post_id=post_id)
    return Response(status_code=204)


@router.get(RSS_PATH, include_in_schema=False)
def rss_feed() -> Response:
    """RSS 2.0 of the latest 20 posts."""
    return Response(
        content=db.run_sync(blog.rss_document),
        media_type="application/rss+xml; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )
