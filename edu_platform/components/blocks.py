"""The building blocks the pages share: one home for each shape a page would otherwise
write again (a full-width column and a centred row, a message box, a list with its empty
and loading states, a row that stacks on phones, a "back to" link, a centred "nothing
here" panel, a badge with an icon...).

    column(heading, body, spacing="4")        # rx.vstack, full width, spacing "3" by default
    row(icon, label)                          # rx.hstack, centred, spacing "2" by default
    list_or_empty(OrdersState.orders, order_card, notice(tr("commerce.orders.empty")),
                  loading=OrdersState.loading)

Admin and teacher lists use components/admin_list.py; form fields components/forms.py. The
message boxes (notice, status_panel...) live in components/messages.py, re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from edu_platform.components.a11y import link_button
from edu_platform.components.forms import field_label
from edu_platform.components.i18n import tr

# Re-exported: pages call the message boxes as blocks.notice(...) like every other block.
from edu_platform.components.messages import TONES as TONES
from edu_platform.components.messages import callout_stack as callout_stack
from edu_platform.components.messages import centred_card as centred_card
from edu_platform.components.messages import icon_message as icon_message
from edu_platform.components.messages import missing_panel as missing_panel
from edu_platform.components.messages import notice
from edu_platform.components.messages import status_panel as status_panel
from edu_platform.services import media

# A row of a card on a phone is a column: the text, then its actions below it.
STACK_ON_PHONE = rx.breakpoints(initial="column", sm="row")
ALIGN_ON_PHONE = rx.breakpoints(initial="start", sm="center")
# A field and its button side by side; on a phone the button goes under the field, as wide.
FIELD_OVER_BUTTON_ON_PHONE = {
    "direction": STACK_ON_PHONE,
    "align": rx.breakpoints(initial="stretch", sm="center"),
}


def column(*children, spacing: str = "3", **props) -> rx.Component:
    """Children one under the other, full width."""
    return rx.vstack(*children, spacing=spacing, width="100%", **props)


def row(*children, spacing: str = "2", **props) -> rx.Component:
    """Children side by side, centred on one line."""
    return rx.hstack(*children, spacing=spacing, align="center", **props)


def toolbar(*children, gap: str = "12px", **props) -> rx.Component:
    """A full-width row of controls centred on one line, wrapping onto the next where they
    do not fit (a pager, a heading with its buttons, a form's buttons)."""
    return rx.flex(
        *children, **({"align": "center", "gap": gap, "wrap": "wrap", "width": "100%"} | props)
    )


def block_link(body: rx.Component, href, **props) -> rx.Component:
    """A link around a whole block (a card, a list row): not underlined, and its text keeps
    its own colour."""
    return rx.link(body, href=href, underline="none", color="inherit", **props)


def stacked_card(*children, spacing: str = "3", **props) -> rx.Component:
    """A full-width card, its children one under the other."""
    return rx.card(column(*children, spacing=spacing), width="100%", **props)


def muted(*children, size: str = "2", **props) -> rx.Component:
    """Secondary text: grey, small."""
    return rx.text(*children, size=size, color_scheme="gray", **props)


def labelled(label_key: str, value, **props) -> rx.Component:
    """ "Label: value" as one line of secondary text."""
    return muted(tr(label_key), ": ", value, **props)


def size_limit(hint_key: str, megabytes: rx.Var, unit_key: str) -> rx.Component:
    """An upload's hint and its size limit, "<hint> 5 <MB>", in small grey text."""
    return muted(tr(hint_key), " ", megabytes, " ", tr(unit_key), size="1")


def icon_badge(icon: str, label_key: str, color: str, *more, icon_size: int = 12, **props):
    """A badge showing its icon before its text (the message `label_key`, then `more`)."""
    return rx.badge(
        rx.icon(icon, size=icon_size), tr(label_key), *more, color_scheme=color, **props
    )


def flag_icon(
    flag: rx.Var, on: tuple[str, str, int], off: tuple[str, str, int], size: int
) -> rx.Component:
    """An icon that shows whether `flag` is set: `on` (icon, colour, shade) while it is,
    else `off` (a ticked or empty box, a right or wrong answer)."""

    def icon(name: str, color: str, shade: int) -> rx.Component:
        return rx.icon(name, size=size, color=rx.color(color, shade))

    return rx.cond(flag, icon(*on), icon(*off))


def icon_text(icon: str, *children, icon_size: int = 16, **props) -> rx.Component:
    """An icon before a short text, centred on one line."""
    return rx.hstack(
        rx.icon(icon, size=icon_size), *children, **({"spacing": "1", "align": "center"} | props)
    )


def icon_button(icon: str, label_key: str, **props) -> rx.Component:
    """A button that shows its icon before its label (an icon-only button:
    buttons.icon_action)."""
    return rx.button(rx.icon(icon, size=16), tr(label_key), **props)


def icon_link_button(
    icon: str, label_key: str, href, *, subject=None, icon_size: int = 14, **props
) -> rx.Component:
    """A soft link styled as a button, its icon before its label (Edit, View the page); a
    row's link names its `subject` to a screen reader ("Edit <title>")."""
    if subject is not None:
        props["aria_label"] = tr(label_key) + " " + subject
    return link_button(
        rx.icon(icon, size=icon_size), tr(label_key), href=href, **({"variant": "soft"} | props)
    )


def browser_link_button(*children, href, **props) -> rx.Component:
    """A link styled as a button that the browser itself loads (an /api/... route that
    redirects: an OAuth start). In Reflex 0.10 rx.el.a is React Router's Link, which would
    route inside the app (its 404); reload_document hands the click back to the browser.
    A file download: buttons.download_button; a page of the app: a11y.link_button."""
    link_props = {k: props.pop(k) for k in list(props) if k.startswith("data_")}
    return rx.button(
        rx.el.a(*children, href=href, reload_document=True, **link_props), as_child=True, **props
    )


def back_link(label_key: str, href, **props) -> rx.Component:
    """ "← Back to ..." as a small link."""
    return rx.link(
        icon_text("arrow-left", tr(label_key), icon_size=14), href=href, size="2", **props
    )


def responsive_row(*children, **props) -> rx.Component:
    """A full-width row that becomes a column on phones (a card's text, then its actions)."""
    return rx.flex(
        *children,
        **({"direction": STACK_ON_PHONE, "align": ALIGN_ON_PHONE, "spacing": "3"} | props),
        width="100%",
    )


def notice_with_action(message_key: str, tone: str, icon: str, action: rx.Component, **props):
    """A callout and the one button that follows it (an expired link and "ask again")."""
    return column(notice(tr(message_key), tone=tone, icon=icon, **props), action, spacing="4")


def saved_note(flag: rx.Var, label_key: str) -> rx.Component:
    """ "✓ Saved" beside a form's button once it saved."""
    return rx.cond(
        flag,
        rx.text(
            rx.icon("check", size=14),
            tr(label_key),
            size="2",
            color_scheme="green",
            role="status",
            display="flex",
            align_items="center",
            gap="4px",
        ),
    )


def skeletons(*heights: str, spacing: str = "3", **props) -> rx.Component:
    """Placeholders while a page loads: one full-width bar a height ("40px"), or a
    (height, width) pair."""
    bars = [
        rx.skeleton(height=h, width="100%")
        if isinstance(h, str)
        else rx.skeleton(height=h[0], width=h[1])
        for h in heights
    ]
    return rx.vstack(*bars, **({"spacing": spacing, "width": "100%"} | props))


def list_or_empty(
    items: rx.Var,
    render: Callable,
    empty: rx.Component,
    *,
    loading: rx.Var | None = None,
    skeleton: rx.Component | None = None,
    spacing: str = "3",
    columns=None,
) -> rx.Component:
    """Items one under the other (or in a grid of `columns`), `empty` when there are none,
    and while `loading` the `skeleton` (two bars by default)."""
    if columns is None:
        listed = column(rx.foreach(items, render), spacing=spacing)
    else:
        listed = grid_of(items, render, columns=columns, spacing=spacing)
    body = rx.cond(items.length() > 0, listed, empty)
    if loading is None:
        return body
    return rx.cond(loading, skeleton if skeleton is not None else skeletons("72px", "72px"), body)


def short_list(items: rx.Var, render: Callable, none_key: str) -> rx.Component:
    """A tight list inside a card or section, or the grey note `none_key` when it is empty
    (a module's lessons, a lesson's attachments, past attempts, a thread's messages)."""
    return list_or_empty(items, render, muted(tr(none_key)), spacing="2")


def tiles(*children: rx.Component, columns, spacing: str = "4", **props) -> rx.Component:
    """Children side by side in a full-width grid of `columns` (figure cards, two fields);
    items of a list: grid_of."""
    return rx.grid(*children, columns=columns, spacing=spacing, width="100%", **props)


def grid_of(items: rx.Var, render: Callable, *, columns, spacing: str = "3", **props):
    """`render(item)` of each item in a full-width grid of `columns`."""
    return rx.grid(
        rx.foreach(items, render), columns=columns, spacing=spacing, width="100%", **props
    )


def skeleton_grid(placeholder: Callable[[], rx.Component], columns, count: int = 4, **props):
    """`count` of a card's placeholders in the grid of `columns` the cards will fill: the
    grid keeps its shape while it loads."""
    return tiles(*[placeholder() for _ in range(count)], columns=columns, **props)


def when_loaded(
    loaded: rx.Var,
    body: rx.Component,
    height: str = "120px",
    *,
    refused: tuple[rx.Var, rx.Component] | None = None,
) -> rx.Component:
    """The body once the page's data arrived (a placeholder of `height` before); with
    `refused` = (condition, note), the note instead of the body while the condition holds
    (not found, not the author)."""
    if refused is not None:
        body = rx.cond(refused[0], refused[1], body)
    return rx.cond(loaded, body, rx.skeleton(height=height, width="100%"))


def item_card(title, details: list[rx.Component], *actions: rx.Component, **props):
    """One item of a list as a card: its title over a line of details (a status badge, a
    count), its actions at the right, or under it where they do not fit (a phone)."""
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.text(title, weight="bold"),
                row(*details, wrap="wrap"),
                spacing="1",
                align="start",
                flex="1 1 12rem",
                min_width="0",
            ),
            rx.flex(*actions, gap="12px", align="center", wrap="wrap"),
            gap="12px",
            align="center",
            wrap="wrap",
            width="100%",
        ),
        width="100%",
        **props,
    )


def titled(title_key: str, subtitle_key: str, *, size: str = "5") -> rx.Component:
    """A section heading (h2) with its one-line explanation under it."""
    return column(
        rx.heading(tr(title_key), size=size, as_="h2"),
        muted(tr(subtitle_key)),
        spacing="1",
    )


def section(
    title: str | rx.Component,
    body: rx.Component,
    *actions: rx.Component,
    heading_size: str = "5",
    **props,
) -> rx.Component:
    """A titled block of a page: its heading (h2 of `heading_size`; `title` a message key,
    or the heading itself), its actions at the right, then the body (`props`: the column's)."""
    if isinstance(title, str):
        title = rx.heading(tr(title), size=heading_size, as_="h2")
    header = toolbar(title, rx.spacer(), *actions) if actions else title
    return column(header, body, **props)


def section_card(
    title_key: str,
    *children: rx.Component,
    spacing: str = "4",
    action: rx.Component | None = None,
    heading_size: str = "4",
    heading_level: str = "h2",
    **props,
) -> rx.Component:
    """A card with its own heading (h2) and an `action` at its right (a download, a
    button): one section of a page."""
    heading = rx.heading(tr(title_key), size=heading_size, as_=heading_level)
    if action is not None:
        heading = toolbar(heading, rx.spacer(), action, gap="8px")
    return rx.card(
        column(heading, *children, spacing=spacing),
        **({"size": "3", "width": "100%"} | props),
    )


def page_column(title_key: str, *children: rx.Component, **props) -> rx.Component:
    """A page's title (h1) and its content, one under the other."""
    return rx.vstack(
        rx.heading(tr(title_key), size="7"),
        *children,
        **({"spacing": "5", "width": "100%"} | props),
    )


def circle(diameter: str) -> dict[str, str]:
    """The box keywords of a circle `diameter` wide that keeps its size in a row (an unread
    dot, a verdict's mark)."""
    return {"width": diameter, "height": diameter, "border_radius": "50%", "flex_shrink": "0"}


def filled_icon(icon: str, color: str, icon_size: int, **box) -> rx.Component:
    """A white icon on a shape filled with `color` (`box`: its radius and size): the logo,
    a verdict's mark."""
    return rx.center(
        rx.icon(icon, size=icon_size, color="white"), background=rx.color(color, 9), **box
    )


def icon_tile(icon: str, color: str = "accent", *, size: int = 28, **props) -> rx.Component:
    """An icon on a tinted square: the mark of a card (a certificate, the logo)."""
    return rx.center(
        rx.icon(icon, size=size, color=rx.color(color, 11)),
        **(
            {
                "background": rx.color(color, 3),
                "border_radius": "12px",
                "padding": "12px",
                "flex_shrink": "0",
            }
            | props
        ),
    )


def post_form(on_submit, *children: rx.Component, spacing: str = "3", **props) -> rx.Component:
    """A form posted to `on_submit` (and, without JavaScript, to its `action`), its fields
    one under the other."""
    return rx.form(
        column(*children, spacing=spacing),
        method="post",
        on_submit=on_submit,
        # The app explains empty and malformed fields itself, in the page's language
        # (state/form_fields.py); `required` stays for assistive technology.
        no_validate=True,
        **({"width": "100%"} | props),
    )


def inline_form(
    on_submit, field_id: str, label_key: str, control: rx.Component, button: rx.Component, **props
) -> rx.Component:
    """One labelled field and its button on the same line (a coupon, a serial to check)."""
    return post_form(
        on_submit,
        field_label(field_id, label_key),
        rx.hstack(control, button, width="100%", spacing="2"),
        spacing="1",
        **props,
    )


# How wide a card is: one a row on a phone, two from 640 px, three from 1024 px (about
# 400 px each); the browser picks the banner's copy from this and the screen's density.
CARD_IMAGE_SIZES = "(min-width: 1024px) 400px, (min-width: 640px) 50vw, 100vw"


def image_banner(url: rx.Var, alt, icon_size: int, **box: str) -> rx.Component:
    """A course's banner on a card, or a gradient with a book where there is none; `box`
    sizes both (height, or aspect_ratio). A stored banner is offered 600 px wide (the
    API's `?w=`, services/media.thumbnail) beside the whole one (up to 1200 px), for a
    wide phone card on a dense screen."""
    width = media.THUMBNAIL_WIDTHS[0]
    src_set = rx.cond(
        url.startswith(media.MEDIA_URL_PREFIX), url + f"?w={width} {width}w, " + url + " 1200w", ""
    )
    return rx.cond(
        url != "",
        rx.image(
            src=url,
            src_set=src_set,
            sizes=CARD_IMAGE_SIZES,
            alt=alt,
            width="100%",
            object_fit="cover",
            loading="lazy",
            **box,
        ),
        rx.center(
            rx.icon("book-open", size=icon_size, color="white"),
            width="100%",
            background=f"linear-gradient(135deg, {rx.color('accent', 9)}, {rx.color('iris', 11)})",
            **box,
        ),
    )


def link_pager(state, where: rx.Component, keys: tuple[str, str]) -> rx.Component:
    """Previous / `where` ("page 2 of 5") / next, as links a crawler can follow too, from
    the `state`'s `pages`, `prev_url` and `next_url` ("" where there is no such page: the
    step stays as a disabled button). `keys`: (previous, next)."""

    def step(url: rx.Var, key: str) -> rx.Component:
        return rx.cond(
            url != "",
            link_button(tr(key), variant="soft", href=url),
            rx.button(tr(key), variant="soft", disabled=True),
        )

    return rx.cond(
        state.pages > 1,
        row(
            step(state.prev_url, keys[0]),
            where,
            step(state.next_url, keys[1]),
            justify="center",
            width="100%",
            spacing="4",
        ),
    )
