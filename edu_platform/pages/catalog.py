"""The catalog: search box, facet filters with counts, sort, result grid, pages."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.buttons import submit_button
from edu_platform.components.course_card import (
    NARROW_GRID_COLUMNS,
    card_skeleton,
    card_with_marks,
    course_cards_section,
)
from edu_platform.components.i18n import tr, tr_plural, tr_var
from edu_platform.components.layout import catalog_search_form, page
from edu_platform.services.search import SORTS
from edu_platform.state.catalog import VALUE_KEY_PREFIX, ActiveFilter, CatalogState, FacetLink
from edu_platform.state.i18n import LangState


def facet_link(link: FacetLink, label: rx.Component) -> rx.Component:
    return rx.link(
        blocks.row(
            # Two literal icons, not rx.icon(<Var>): a Var name pulls lucide's DynamicIcon
            # and its import map of every icon into the shared bundle (bench/first_load.py).
            rx.cond(link.active, rx.icon("circle-check", size=14), rx.icon("circle", size=14)),
            label,
            rx.spacer(),
            rx.badge(link.count, variant="soft", radius="full", color_scheme="gray"),
            width="100%",
        ),
        href=link.url,
        underline="none",
        color_scheme=rx.cond(link.active, "indigo", "gray"),
        high_contrast=~link.active,
        weight=rx.cond(link.active, "bold", "regular"),
        size="2",
        aria_current=rx.cond(link.active, "true", "false"),
        width="100%",
    )


def translated(prefix: str):
    """A label renderer for facet values whose names come from the catalogue."""
    return lambda link: facet_link(link, rx.text(tr_var(prefix + link.value, prefix)))


def facet_group(title_key: str, links, render) -> rx.Component:
    """One filter: a fieldset whose legend names the group (WCAG 1.3.1)."""
    return rx.el.fieldset(
        rx.el.legend(rx.text(tr(title_key), weight="bold", size="2")),
        blocks.column(rx.foreach(links, render), spacing="2"),
        class_name="filter-group",
        width="100%",
    )


def rating_label(link: FacetLink) -> rx.Component:
    return facet_link(
        link,
        blocks.row(
            rx.icon("star", size=14, color=rx.color("amber", 9), fill=rx.color("amber", 9)),
            rx.text(tr("catalog.rating_from"), " ", link.labels[LangState.lang].to(str)),
            spacing="1",
        ),
    )


PRICE_ERROR_ID = "price-range-error"


def _price_field(name: str, field_id: str, label_key: str) -> rx.Fragment:
    wrong = CatalogState.error_field == name
    return rx.fragment(
        rx.el.label(rx.text(tr(label_key), size="1"), html_for=field_id),
        rx.input(
            id=field_id,
            name=name,
            type="number",
            min="0",
            default_value=CatalogState.params.get(name, ""),
            style={"width": "100%"},
            aria_invalid=rx.cond(wrong, "true", "false"),
            aria_describedby=rx.cond(wrong, PRICE_ERROR_ID, ""),
        ),
    )


def price_range_form() -> rx.Component:
    # The service refuses a price range that is no range (or no number), naming the field:
    # said here, under the two prices, instead of a bare "0 courses found".
    price_error = rx.cond(
        (CatalogState.error_field == "price_min") | (CatalogState.error_field == "price_max"),
        rx.text(
            tr("catalog.error.price_range"),
            id=PRICE_ERROR_ID,
            size="1",
            color_scheme="red",
            role="alert",
        ),
    )
    return blocks.post_form(
        CatalogState.set_price_range,
        _price_field("price_min", "price-min", "catalog.price_min"),
        _price_field("price_max", "price-max", "catalog.price_max"),
        price_error,
        submit_button("catalog.apply", size="1", variant="soft"),
        spacing="1",
        key=CatalogState.params.get("price_min", "")
        + "-"
        + CatalogState.params.get("price_max", ""),
    )


def filters() -> rx.Component:
    return blocks.column(
        rx.hstack(
            rx.heading(tr("catalog.filters"), size="4", as_="h2"),
            rx.spacer(),
            rx.cond(
                CatalogState.has_filters,
                rx.link(tr("catalog.reset"), href=CatalogState.reset_url, size="2"),
            ),
            width="100%",
            align="center",
        ),
        facet_group("materials.filter", CatalogState.kinds, translated("materials.kind.")),
        facet_group(
            "catalog.category",
            CatalogState.categories,
            lambda link: facet_link(link, rx.text(link.labels[LangState.lang].to(str))),
        ),
        facet_group("catalog.price", CatalogState.prices, translated("catalog.")),
        price_range_form(),
        facet_group("catalog.level", CatalogState.levels, translated("course.level.")),
        facet_group("catalog.language", CatalogState.languages, translated("catalog.lang.")),
        facet_group("catalog.rating", CatalogState.ratings, rating_label),
        spacing="5",
    )


def search_bar() -> rx.Component:
    return catalog_search_form(
        rx.flex(
            rx.el.label(
                rx.text(tr("search.label"), size="2", weight="medium", white_space="nowrap"),
                html_for="catalog-search",
            ),
            rx.input(
                id="catalog-search",
                name="q",
                type="search",
                size="3",
                width="100%",
                placeholder=tr("search.placeholder"),
                # No key=: a remount when the state arrives would wipe what the visitor
                # typed. An untouched box follows defaultValue; state/catalog.py keeps it
                # in step with later URLs (_fill_search_box).
                default_value=CatalogState.query_text,
            ),
            submit_button("search.submit", size="3"),
            **blocks.FIELD_OVER_BUTTON_ON_PHONE,
            gap="8px",
            width="100%",
        ),
        CatalogState.search_words,
    )


def sort_select() -> rx.Component:
    return blocks.row(
        rx.el.label(rx.text(tr("catalog.sort"), size="2"), html_for="catalog-sort"),
        rx.select.root(
            rx.select.trigger(id="catalog-sort", aria_label=tr("catalog.sort")),
            rx.select.content(
                *[rx.select.item(tr(f"catalog.sort.{sort}"), value=sort) for sort in SORTS]
            ),
            value=CatalogState.sort,
            on_change=CatalogState.set_sort,
        ),
    )


def pager() -> rx.Component:
    return blocks.link_pager(
        CatalogState,
        rx.text(
            tr("catalog.page"),
            " ",
            CatalogState.page,
            " ",
            tr("catalog.of"),
            " ",
            CatalogState.pages,
            size="2",
        ),
        ("catalog.prev", "catalog.next"),
    )


def filter_chip(item: ActiveFilter) -> rx.Component:
    """A filter in force, as a link to the catalog without it."""
    return link_button(
        tr_var("catalog_hints.filter." + item.key, "catalog_hints.filter."),
        ": ",
        rx.cond(
            item.value_key != "",
            tr_var(item.value_key, *VALUE_KEY_PREFIX.values()),
            item.value_text,
        ),
        rx.icon("x", size=14, aria_hidden="true"),
        rx.el.span(" — ", tr("catalog_hints.remove"), class_name="sr-only"),
        href=item.url,
        variant="soft",
        size="2",
        data_testid="catalog-remove-filter",
    )


def no_results() -> rx.Component:
    """Nothing found: the filters to remove one by one, and popular courses instead. A
    filter value the catalog does not know (a hand-edited link: `level=bogus`) says so; the
    price fields say their own (price_range_form)."""
    unknown_value = CatalogState.bad_filter
    return blocks.column(
        rx.cond(
            unknown_value,
            blocks.notice(
                tr("catalog.error.filter"),
                tone="error",
                icon="triangle-alert",
                data_testid="catalog-bad-filter",
            ),
            blocks.notice(
                rx.text(rx.text.strong(tr("catalog.empty.title")), " ", tr("catalog.empty.text")),
                icon="search-x",
                data_testid="catalog-empty",
            ),
        ),
        rx.cond(
            CatalogState.active_filters.length() > 0,
            blocks.column(
                rx.text(tr("catalog_hints.suggest"), size="2"),
                blocks.toolbar(
                    rx.foreach(CatalogState.active_filters, filter_chip),
                    rx.cond(
                        CatalogState.active_filters.length() > 1,
                        link_button(
                            tr("catalog_hints.clear_all"),
                            href=CatalogState.reset_url,
                            variant="outline",
                            size="2",
                        ),
                    ),
                    gap="8px",
                ),
                spacing="2",
            ),
        ),
        course_cards_section(
            rx.heading(tr("catalog_hints.popular"), size="4", as_="h2"),
            CatalogState.popular,
            NARROW_GRID_COLUMNS,
            spacing="4",
            data_testid="catalog-popular",
        ),
        spacing="4",
    )


def results_grid() -> rx.Component:
    return rx.cond(
        CatalogState.loading,
        blocks.skeleton_grid(
            card_skeleton,
            NARROW_GRID_COLUMNS,
            6,
            aria_busy="true",
            aria_label=tr("catalog_hints.loading"),
            data_testid="catalog-loading",
        ),
        blocks.grid_of(
            CatalogState.hits,
            lambda hit: card_with_marks(hit.card, hit.title, hit.summary),
            columns=NARROW_GRID_COLUMNS,
            spacing="4",
        ),
    )


def results() -> rx.Component:
    return blocks.column(
        rx.flex(
            # While results load the count is unknown: a placeholder, never "found: 0".
            rx.cond(
                CatalogState.loading,
                rx.skeleton(height="20px", width="160px"),
                rx.text(
                    tr_plural("plural.courses_found", CatalogState.total),
                    data_testid="catalog-total",
                ),
            ),
            rx.spacer(),
            sort_select(),
            width="100%",
            align=rx.breakpoints(initial="start", sm="center"),
            direction=rx.breakpoints(initial="column", sm="row"),
            gap="2",
        ),
        rx.cond(
            ~CatalogState.loading & (CatalogState.total == 0),
            no_results(),
            results_grid(),
        ),
        pager(),
        spacing="4",
    )


@page(header_search=False)
def catalog_page() -> rx.Component:
    return blocks.page_column(
        "catalog.title",
        search_bar(),
        rx.flex(
            rx.box(
                rx.desktop_only(rx.card(filters(), width="260px")),
                rx.mobile_and_tablet(
                    rx.accordion.root(
                        rx.accordion.item(
                            header=tr("catalog.filters"), content=filters(), value="filters"
                        ),
                        collapsible=True,
                        type="single",
                        variant="surface",
                        width="100%",
                    )
                ),
                flex_shrink="0",
                width=rx.breakpoints(initial="100%", lg="260px"),
            ),
            results(),
            direction=rx.breakpoints(initial="column", lg="row"),
            gap="24px",
            width="100%",
            align="start",
        ),
    )
