"""The blog pages: /blog (list, tags, search, pages), /blog/[slug] (a post) and the
authoring pages /account/posts and /account/posts/[post_id] ("new" for a new post)."""

from __future__ import annotations

import reflex as rx

from edu_platform import db, routes
from edu_platform.services import blog, paging
from edu_platform.services.blog import PostCard
from edu_platform.services.errors import DomainError
from edu_platform.state.auth import login_redirect
from edu_platform.state.base import VisitorState, form_errors
from edu_platform.state.i18n import LangState

PER_PAGE = 10


class BlogState(rx.State):
    posts: list[PostCard] = []
    all_tags: list[str] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    query: str = ""
    active_tag: str = ""
    loading: bool = True

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.query = str(params.get("q", ""))[:200]
        self.active_tag = str(params.get("tag", ""))[: blog.MAX_TAG_LENGTH]
        page = paging.page_from_text(params.get("page"))
        self.loading = True
        result = await db.run(
            blog.list_posts, tag=self.active_tag, q=self.query, page=page, per_page=PER_PAGE
        )
        lang = (await self.get_state(LangState)).lang
        self.posts = [blog.dated(card, lang) for card in result.items]
        self.all_tags = result.tags
        self.total = result.total
        self.page = result.page
        self.pages = result.pages
        self.loading = False

    @rx.var
    def prev_url(self) -> str:
        if self.page <= 1:
            return ""
        return routes.blog_url(tag=self.active_tag, q=self.query, page=self.page - 1)

    @rx.var
    def next_url(self) -> str:
        if self.page >= self.pages:
            return ""
        return routes.blog_url(tag=self.active_tag, q=self.query, page=self.page + 1)

    @rx.event
    def search(self, form_data: dict):
        words = str(form_data.get("q", ""))[:200].strip()
        return rx.redirect(routes.blog_url(tag=self.active_tag, q=words))


class BlogPostState(VisitorState, rx.State):
    post_title: str = ""
    post_body: str = ""
    author_name: str = ""
    post_tags: list[str] = []
    cover_url: str = ""
    published_label: str = ""
    is_draft: bool = False
    found: bool = False
    loaded: bool = False

    @rx.event
    async def load(self):
        self.loaded = False
        slug = str(self.slug or "")[:200]  # the [slug] route parameter (TOOLCHAIN.md, 5)
        try:
            post = await db.run(blog.get_post, slug=slug, actor_id=await self._current_user_id())
        except DomainError:
            self.found, self.loaded = False, True
            return
        self.post_title, self.post_body = post.title, post.body
        self.author_name, self.post_tags = post.author_name, post.tags
        self.cover_url = post.cover_url
        self.published_label = blog.dated(post, await self._lang()).published_label
        self.is_draft = not post.is_published
        self.found, self.loaded = True, True


class MyPostsState(VisitorState, rx.State):
    my_posts: list[PostCard] = []
    loaded: bool = False
    forbidden: bool = False

    @rx.event
    async def load(self):
        self.loaded, self.forbidden = False, False
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.MY_POSTS)
        try:
            self.my_posts = await db.run(blog.my_posts, actor_id=user_id)
        except DomainError:
            self.my_posts, self.forbidden = [], True
        self.loaded = True

    @rx.event
    async def delete(self, post_id: int):
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.MY_POSTS)
        outcome = await self._run_as(
            user_id, blog.delete_post, actor_arg="actor_id", post_id=post_id
        )
        if not outcome.ok:
            return outcome.feedback
        self.my_posts = await db.run(blog.my_posts, actor_id=user_id)
        return await self._toast("blog.deleted")


class PostEditorState(VisitorState, rx.State):
    editing_id: int = 0  # 0: a new post
    title: str = ""
    body: str = ""
    tags: str = ""
    cover: str = ""
    publish: bool = False
    post_slug: str = ""
    preview: bool = False
    loaded: bool = False
    forbidden: bool = False
    saving: bool = False
    form_error: str = ""
    field_errors: dict[str, str] = {}

    @rx.event
    async def load(self):
        self.loaded, self.forbidden, self.preview = False, False, False
        self.form_error, self.field_errors = "", {}
        raw = str(self.post_id or "")[:20]  # the [post_id] route parameter
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.edit_post_url(raw or "new"))
        if raw == "new":
            self.editing_id, self.title, self.body, self.tags, self.cover = 0, "", "", "", ""
            self.publish, self.post_slug = False, ""
            try:
                await db.run(blog.my_posts, actor_id=user_id)  # the author check
            except DomainError:
                self.forbidden = True
            self.loaded = True
            return
        try:
            post = await db.run(blog.post_for_editing, actor_id=user_id, post_id=raw)
        except DomainError:
            self.forbidden, self.loaded = True, True
            return
        self.editing_id, self.title, self.body = post.id, post.title, post.body
        self.tags, self.cover = ", ".join(post.tags), post.cover_url
        self.publish, self.post_slug = post.is_published, post.slug
        self.loaded = True

    @rx.event
    def set_body(self, value: str):
        self.body = str(value)[:100_000]

    @rx.event
    def set_title(self, value: str):
        self.title = str(value)[:300]

    @rx.event
    def set_tags(self, value: str):
        self.tags = str(value)[:500]

    @rx.event
    def set_cover(self, value: str):
        self.cover = str(value)[:1000]

    @rx.event
    def set_publish(self, value: bool):
        self.publish = bool(value)

    @rx.event
    def toggle_preview(self):
        self.preview = not self.preview

    @rx.event
    async def save(self):
        self.form_error, self.field_errors = "", {}
        user_id = await self._current_user_id()
        if user_id is None:
            yield login_redirect(routes.MY_POSTS)
            return
        values = {
            "title": self.title,
            "body": self.body,
            "tags": self.tags,
            "cover_url": self.cover,
            "is_published": self.publish,
        }
        self.saving = True
        yield
        if self.editing_id:
            outcome = await self._run_as(
                user_id,
                blog.update_post,
                actor_arg="actor_id",
                post_id=self.editing_id,
                changes=values,
            )
        else:
            outcome = await self._run_as(user_id, blog.create_post, actor_arg="actor_id", **values)
        self.saving = False
        if not outcome.ok:
            # The message stands above the form too (the preview may hide the field).
            self.form_error, self.field_errors = (
                outcome.message,
                form_errors(outcome.error, outcome.message)[1],
            )
            return
        post = outcome.value
        self.post_slug = post.slug
        if not self.editing_id:
            assert post.id is not None  # stored
            self.editing_id = post.id
            yield rx.redirect(routes.edit_post_url(post.id))
        yield await self._toast("blog.saved")
