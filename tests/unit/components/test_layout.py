"""Each page function keeps the module it is written in (issue #13: first load).

Reflex 0.10 compiles a page's memoized components into
.web/app_components/<the page function's __module__>.jsx and the page's route imports
that file. When the layout decorator's wrapper reported its own module, the memos of
every page (charts, markdown, uploads) went into one components/layout.jsx of 2 MB that
the home page loaded too (bench/first_load.py: 634 KB of JavaScript)."""

from __future__ import annotations

import reflex as rx

from edu_platform.components.layout import page
from edu_platform.pages.registry import PAGES


def test_no_page_reports_a_shared_module():
    shared = {"edu_platform.components.layout", "edu_platform.pages.registry"}
    assert [e.route for e in PAGES if e.page.__module__ in shared] == []


def test_the_home_page_is_compiled_beside_its_own_module():
    home = next(e.page for e in PAGES if e.route == "/")
    assert (home.__module__, home.__name__) == ("edu_platform.pages.home", "home_page")


def test_the_decorator_keeps_name_and_module():
    def body() -> rx.Component:
        return rx.text("x")

    body.__module__ = "edu_platform.pages.example"
    wrapped = page(header_search=False)(body)
    assert (wrapped.__module__, wrapped.__name__) == ("edu_platform.pages.example", "body")
