"""The blog: /blog (list, topics, search, pages), /blog/[slug] (a post, Markdown through
safe_markdown), and the authoring pages under /account/posts (editor with preview)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.buttons import submit_button
from edu_platform.components.forms import error_of, form_error, form_field
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.components.markdown import safe_markdown
from edu_platform.components.page_parts import (
    author_editor,
    preview_toggle,
    quiet_button,
    save_button,
)
from edu_platform.services.blog import PostCard
from edu_platform.state.auth import AuthState
from edu_platform.state.blog import BlogPostState, BlogState, MyPostsState, PostEditorState

RSS_URL = "/blog/rss.xml"


def tag_badge(tag: str) -> rx.Component:
    return rx.link(
        rx.badge("#", tag, variant="soft", radius="full"),
        href="/blog?tag=" + tag,
        underline="none",
    )


def cover(url: str, alt: str, ratio: str = "2 / 1") -> rx.Component:
    return rx.cond(
        url != "",
        rx.image(
            src=url, alt=alt, width="100%", aspect_ratio=ratio, object_fit="cover", loading="lazy"
        ),
    )


def post_card(card: PostCard) -> rx.Component:
    return rx.card(
        blocks.column(
            rx.cond(
                card.cover_url != "",
                rx.inset(cover(card.cover_url, card.title), side="top", pb="current"),
            ),
            rx.link(
                rx.heading(card.title, size="5", as_="h2"),
                href=routes.post_url(card.slug),
                underline="hover",
                color="inherit",
            ),
            blocks.muted(card.author_name, " · ", card.published_label, size="1"),
            rx.text(card.excerpt, size="2"),
            rx.flex(rx.foreach(card.tags, tag_badge), wrap="wrap", spacing="2"),
            spacing="2",
            align="start",
        ),
        width="100%",
        data_testid="post-card",
    )


def _topic(*label, href, active: rx.Var) -> rx.Component:
    return rx.link(
        rx.badge(*label, variant=rx.cond(active, "solid", "outline"), radius="full"),
        href=href,
        underline="none",
        aria_current=rx.cond(active, "true", "false"),
    )


def topics() -> rx.Component:
    return rx.flex(
        _topic(tr("blog.all_tags"), href=routes.BLOG, active=BlogState.active_tag == ""),
        rx.foreach(
            BlogState.all_tags,
            lambda tag: _topic(
                "#", tag, href="/blog?tag=" + tag, active=BlogState.active_tag == tag
            ),
        ),
        wrap="wrap",
        spacing="2",
        aria_label=tr("blog.tags"),
        role="navigation",
    )


def search_form() -> rx.Component:
    return blocks.post_form(
        BlogState.search,
        # The label above the field, which gets the row's width beside its button (beside
        # the label as well, the field was ~120 px wide on a phone).
        blocks.column(
            rx.el.label(
                rx.text(tr("blog.search"), size="2", weight="medium"), html_for="blog-search"
            ),
            rx.hstack(
                rx.input(
                    id="blog-search",
                    name="q",
                    type="search",
                    placeholder=tr("blog.search_placeholder"),
                    default_value=BlogState.query,
                    key=BlogState.query,
                    flex="1",
                    min_width="0",
                ),
                submit_button("blog.search_button"),
                width="100%",
            ),
            spacing="1",
            max_width="560px",
        ),
        role="search",
    )


def pager() -> rx.Component:
    return blocks.link_pager(
        BlogState,
        rx.text(tr("blog.page_of"), " ", BlogState.page, " / ", BlogState.pages, size="2"),
        ("blog.prev", "blog.next"),
    )


@page(header_search=False)  # the blog has its own search box: one per page
def blog_page() -> rx.Component:
    return blocks.column(
        rx.hstack(
            rx.heading(tr("blog.title"), size="8"),
            rx.spacer(),
            rx.cond(
                AuthState.is_teacher,
                rx.link(
                    rx.button(rx.icon("pencil", size=14), tr("blog.write"), variant="soft"),
                    href=routes.edit_post_url("new"),
                ),
            ),
            rx.el.a(
                rx.hstack(rx.icon("rss", size=16), rx.text(tr("blog.rss"), size="2")),
                href=RSS_URL,
                type="application/rss+xml",
            ),
            width="100%",
            align="center",
        ),
        rx.text(tr("blog.subtitle"), color_scheme="gray"),
        search_form(),
        topics(),
        blocks.list_or_empty(
            BlogState.posts,
            post_card,
            blocks.notice(
                rx.cond(
                    (BlogState.query != "") | (BlogState.active_tag != ""),
                    tr("blog.nothing_found"),
                    tr("blog.empty"),
                ),
                data_testid="blog-empty",
            ),
            loading=BlogState.loading,
            skeleton=blocks.skeletons("120px"),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
        ),
        pager(),
        spacing="4",
    )


@page
def blog_post_page() -> rx.Component:
    return blocks.when_loaded(
        BlogPostState.loaded,
        rx.el.article(
            blocks.column(
                blocks.back_link("blog.back", routes.BLOG),
                cover(BlogPostState.cover_url, BlogPostState.post_title),
                rx.heading(BlogPostState.post_title, size="8", as_="h1"),
                blocks.row(
                    rx.text(tr("blog.by"), " ", BlogPostState.author_name, size="2"),
                    blocks.muted(BlogPostState.published_label),
                    rx.cond(
                        BlogPostState.is_draft,
                        rx.badge(tr("blog.draft"), color_scheme="amber"),
                    ),
                    spacing="3",
                ),
                rx.flex(rx.foreach(BlogPostState.post_tags, tag_badge), wrap="wrap", spacing="2"),
                rx.box(
                    safe_markdown(BlogPostState.post_body),
                    width="100%",
                    data_testid="post-body",
                ),
                spacing="4",
                align="start",
            ),
            style={"max_width": "760px", "margin": "0 auto", "width": "100%"},
        ),
        "240px",
        refused=(
            ~BlogPostState.found,
            # A heading and the way back, as the missing course and teacher pages have.
            blocks.missing_panel(
                "file-x", "blog.not_found", "blog.back", routes.BLOG, data_testid="post-missing"
            ),
        ),
    )


# --- authoring ----------------------------------------------------------------------------


def my_post_row(card: PostCard) -> rx.Component:
    return blocks.item_card(
        card.title,
        [
            rx.cond(
                card.is_published,
                rx.badge(tr("blog.published"), color_scheme="green"),
                rx.badge(tr("blog.draft"), color_scheme="amber"),
            ),
            blocks.muted(card.author_name, size="1"),
        ],
        link_button(tr("blog.edit"), href=routes.edit_post_url(card.id), variant="soft", size="2"),
        quiet_button("blog.delete", MyPostsState.delete(card.id), color="red", size="2"),
    )


def my_posts_content() -> rx.Component:
    return blocks.when_loaded(
        MyPostsState.loaded,
        blocks.column(
            link_button(rx.icon("plus", size=16), tr("blog.new"), href=routes.edit_post_url("new")),
            blocks.list_or_empty(
                MyPostsState.my_posts,
                my_post_row,
                rx.text(tr("blog.mine_empty"), color_scheme="gray"),
            ),
            spacing="4",
        ),
        refused=(MyPostsState.forbidden, blocks.notice(tr("blog.error.not_author"))),
    )


def _field(label_key: str, control: rx.Component, field: str) -> rx.Component:
    return form_field(
        f"post-{field}",
        label_key,
        control,
        error=error_of(PostEditorState.field_errors, field),
    )


def _text_field(label_key: str, field: str, value: rx.Var, on_change) -> rx.Component:
    control = rx.input(id=f"post-{field}", value=value, on_change=on_change, width="100%")
    return _field(label_key, control, field)


def editor_form() -> rx.Component:
    return blocks.column(
        _text_field("blog.field.title", "title", PostEditorState.title, PostEditorState.set_title),
        _text_field("blog.field.tags", "tags", PostEditorState.tags, PostEditorState.set_tags),
        _text_field(
            "blog.field.cover", "cover_url", PostEditorState.cover, PostEditorState.set_cover
        ),
        rx.hstack(
            preview_toggle(PostEditorState, "blog.preview", type="button"),
            width="100%",
        ),
        rx.cond(
            PostEditorState.preview,
            rx.card(
                rx.vstack(
                    rx.heading(PostEditorState.title, size="6"),
                    safe_markdown(PostEditorState.body),
                    width="100%",
                    align="start",
                ),
                width="100%",
                data_testid="post-preview",
            ),
            _field(
                "blog.field.body",
                rx.text_area(
                    id="post-body",
                    value=PostEditorState.body,
                    on_change=PostEditorState.set_body,
                    rows="16",
                    width="100%",
                    style={"font_family": "monospace"},
                ),
                "body",
            ),
        ),
        rx.el.label(
            rx.hstack(
                rx.checkbox(
                    checked=PostEditorState.publish,
                    on_change=PostEditorState.set_publish,
                    id="post-publish",
                ),
                rx.text(tr("blog.field.publish"), size="2"),
                align="center",
            ),
        ),
        form_error(PostEditorState.form_error),
        blocks.row(
            save_button(PostEditorState, "blog.save", "post-save"),
            rx.cond(
                PostEditorState.publish & (PostEditorState.post_slug != ""),
                rx.link(tr("blog.open"), href=routes.post_url(PostEditorState.post_slug)),
            ),
            rx.link(tr("blog.mine"), href=routes.MY_POSTS, size="2"),
            spacing="4",
        ),
        spacing="4",
    )


def post_editor_content() -> rx.Component:
    return author_editor(
        PostEditorState, editor_form(), PostEditorState.forbidden, "blog.error.not_found"
    )
