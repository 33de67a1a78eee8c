"""The accessibility building blocks (components/a11y.py, issue #17); the browser checks
are in tests/e2e/test_accessibility.py."""

from __future__ import annotations

import pytest
import reflex as rx
from reflex_base.utils.format import format_route

from edu_platform.components import a11y
from edu_platform.i18n import CATALOGUE


def test_every_page_gets_a_title_in_both_languages():
    from edu_platform.edu_platform import app

    pages = app._unevaluated_pages
    assert len(pages) > 30
    for route, page in pages.items():
        title = str(page.title)
        assert isinstance(page.title, rx.Var), route
        assert "EduPlatform" in title, route
    keys = {format_route(path) for path in a11y.TITLE_KEYS}
    assert set(pages) <= keys, set(pages) - keys
    for name in a11y.TITLE_KEYS.values():
        ru, en = (CATALOGUE[lang][f"a11y.title.{name}"] for lang in ("ru", "en"))
        assert ru != en and ru and en, name


def test_the_course_page_title_names_the_course():
    from edu_platform.edu_platform import app

    title = str(app._unevaluated_pages[format_route("/course/[slug]")].title)
    assert "course_state" in title and '["title"]' in title


def test_a_route_without_a_title_is_refused():
    with pytest.raises(KeyError, match="no title"):
        a11y.title_for("/somewhere-new")


def test_link_button_is_one_link_not_a_link_around_a_button():
    rendered = a11y.link_button("Next", href="/catalog?page=2").render()
    assert rendered["name"] == "RadixThemesButton" and "asChild:true" in rendered["props"]
    (link,) = rendered["children"]
    assert link["name"] == "ReactRouterLink" and 'to:"/catalog?page=2"' in link["props"]


def test_file_input_is_labelled_and_the_drop_zone_is_no_tab_stop():
    upload = a11y.accessible_upload(rx.button("Upload photo"), label="Upload photo", id="u")
    zone = upload.children[0]
    assert zone.children[0].custom_attrs["aria-label"] == "Upload photo"
    hooks = " ".join(zone.special_props[0]._get_all_var_data().hooks)
    assert '["noKeyboard"]:true' in hooks.replace(" ", "")


def test_star_rating_is_one_image_with_a_text_alternative():
    rendered = str(a11y.star_rating(rx.Var.create(4.5)).render())
    assert '"img"' in rendered
    assert "aria-label" in rendered or "ariaLabel" in rendered
