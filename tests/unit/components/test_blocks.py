"""The learner pages' building blocks (components/blocks.py) keep their contracts: the role
a notice's tone gives, what a list shows while loading / empty / filled, a pager step that
does not exist stays a disabled button."""

from __future__ import annotations

from types import SimpleNamespace

import reflex as rx

from edu_platform.components import blocks


def _var(name: str, type_: type) -> rx.Var:
    """A named browser-side value, as a state field would give (no State is declared: a
    test State would join the app's state tree)."""
    return rx.Var(_js_expr=name, _var_type=type_).guess_type()


ITEMS = _var("items", list[str])
LOADING = _var("loading", bool)
PREV_URL = _var("prev_url", str)
NEXT_URL = _var("next_url", str)
PAGES = _var("pages", int)


def _js(component: rx.Component) -> str:
    return str(component)


def test_a_notice_takes_colour_and_role_from_its_tone():
    assert 'role:"status"' in _js(blocks.notice("done", tone="success"))
    assert 'color:"green"' in _js(blocks.notice("done", tone="success"))
    warning = _js(blocks.notice("careful", tone="warning"))
    assert 'role:"alert"' in warning
    assert 'color:"amber"' in warning
    plain = _js(blocks.notice("fyi"))
    assert "role:" not in plain
    assert "color:" not in plain


def test_a_notice_of_several_children_stacks_them():
    text = _js(blocks.notice("first", rx.link("second", href="/x")))
    assert '"first"' in text
    assert 'direction:"column"' in text


def test_a_list_shows_the_skeleton_while_loading_and_the_empty_note_when_there_is_nothing():
    text = _js(
        blocks.list_or_empty(
            ITEMS,
            rx.text,
            rx.text("nothing here"),
            loading=LOADING,
        )
    )
    assert "loading" in text
    assert "RadixThemesSkeleton" in text
    assert "items.length > 0" in text
    assert '"nothing here"' in text


def test_a_list_without_a_loading_flag_has_no_skeleton_and_a_grid_when_given_columns():
    text = _js(blocks.list_or_empty(ITEMS, rx.text, rx.fragment(), columns="2"))
    assert "RadixThemesSkeleton" not in text
    assert "RadixThemesGrid" in text


def test_the_pager_keeps_a_missing_step_as_a_disabled_button():
    text = _js(
        blocks.link_pager(
            SimpleNamespace(pages=PAGES, prev_url=PREV_URL, next_url=NEXT_URL),
            rx.text("page"),
            ("catalog.prev", "catalog.next"),
        )
    )
    assert "disabled:true" in text
    assert "prev_url" in text
    assert "next_url" in text
    assert "pages > 1" in text


def test_skeletons_take_a_height_or_a_height_and_width():
    text = _js(blocks.skeletons("40px", ("20px", "60%")))
    assert text.count("RadixThemesSkeleton") == 2
    assert 'width:"60%"' in text


def test_when_loaded_puts_the_refusal_before_the_body():
    text = _js(
        blocks.when_loaded(
            LOADING,
            rx.text("body"),
            "80px",
            refused=(PAGES == 0, rx.text("not yours")),
        )
    )
    assert text.index('"not yours"') < text.index('"body"')
    assert 'height:"80px"' in text


def test_a_browser_link_button_is_loaded_by_the_browser_not_routed_in_the_app():
    text = _js(blocks.browser_link_button("Sign in", href="/api/x", data_provider="y", size="2"))
    assert "reloadDocument:true" in text
    assert 'to:"/api/x"' in text
    # data-* props go to the link (the element a test finds), the rest style the button
    assert text.index('"data-provider":"y"') > text.index("ReactRouterLink")
    assert text.index('size:"2"') < text.index("ReactRouterLink")


def test_a_column_is_full_width_and_a_row_is_centred():
    column = _js(blocks.column(rx.text("a"), rx.text("b")))
    assert 'direction:"column"' in column
    assert '["width"] : "100%"' in column
    assert 'gap:"3"' in column
    row = _js(blocks.row(rx.text("a"), rx.text("b"), spacing="1"))
    assert 'direction:"row"' in row
    assert 'align:"center"' in row
    assert 'gap:"1"' in row


def test_a_stacked_card_and_a_grid_take_the_whole_width():
    card = _js(blocks.stacked_card(rx.text("a"), spacing="4", size="1"))
    assert "RadixThemesCard" in card
    assert 'gap:"4"' in card
    assert 'size:"1"' in card
    grid = _js(blocks.grid_of(ITEMS, rx.text, columns="2"))
    assert "RadixThemesGrid" in grid
    assert "items" in grid
    assert 'columns:"2"' in grid


def test_an_icon_badge_shows_its_icon_before_its_text():
    text = _js(blocks.icon_badge("check", "learning.done", "green", icon_size=14))
    assert text.index("LucideCheck") < text.index("Lesson done")
    assert 'color:"green"' in text
