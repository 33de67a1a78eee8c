"""The one way to render user-written Markdown (course and lesson bodies, previews).

Reflex's `rx.markdown` turns raw HTML inside the Markdown into real elements through
rehype-raw, so `<iframe srcdoc="<script>...">` in a course description would run in the
viewer's session. `safe_markdown` renders Markdown only: raw HTML stays text,
react-markdown's URL filter drops `javascript:`/`vbscript:`/`data:` link targets, and
every link carries `rel="noopener nofollow noreferrer"`.
"""

from __future__ import annotations

import reflex as rx

LINK_REL = "noopener nofollow noreferrer"


def _link(value: object, **props) -> rx.Component:
    return rx.link(value, rel=LINK_REL, **props)


def _code_block(value: object, **props) -> rx.Component:
    # a11y-dark: every token at least 4.5:1 (the default one-light is not; WCAG 1.4.3).
    return rx.code_block(
        value,
        margin_y="1em",
        wrap_long_lines=True,
        theme=rx.code_block.themes.a11y_dark,
        **props,
    )


def safe_markdown(source: str | rx.Var, **props) -> rx.Component:
    """Markdown without raw HTML; links are `rel="noopener nofollow"`."""
    return rx.markdown(
        source, use_raw=False, component_map={"a": _link, "pre": _code_block}, **props
    )
