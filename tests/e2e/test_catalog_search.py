"""Catalog and search boxes in a real browser (issue 14): cards a row per screen width,
search words marked, suggestions when nothing is found, a loading state instead of
"found: 0", one search box per page wide enough to read, and typed text that survives
the page's state arriving."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import HeldScripts, new_user, shot, sign_in

WAIT = 20_000
PHONE = {"width": 375, "height": 800}
TABLET = {"width": 800, "height": 1000}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=WAIT)
    yield
    expect.set_options(timeout=5_000)


def _cards_in_first_row(page: Page) -> int:
    """How many course cards share the first card's row (by their top edge)."""
    tops = page.get_by_test_id("course-card").evaluate_all(
        "cards => cards.map(card => Math.round(card.getBoundingClientRect().top))"
    )
    return sum(1 for top in tops if abs(top - tops[0]) < 4)


@pytest.mark.parametrize(("viewport", "per_row"), [(DESKTOP, 3), (TABLET, 2), (PHONE, 1)])
def test_catalog_shows_cards_per_row_by_screen_width(page: Page, app_server, viewport, per_row):
    page.set_viewport_size(viewport)
    page.goto(app_server["base_url"] + "/catalog?lang=en")
    expect(page.get_by_test_id("course-card").nth(3)).to_be_visible()
    assert _cards_in_first_row(page) == per_row
    shot(page, f"catalog-{viewport['width']}-en")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_search_words_are_marked_in_titles_and_summaries(page: Page, app_server):
    page.set_viewport_size(DESKTOP)
    page.goto(app_server["base_url"] + "/catalog?q=python&lang=en")
    cards = page.get_by_test_id("course-card")
    expect(cards.first).to_be_visible()
    marks = page.locator("mark.search-hit")
    expect(marks.first).to_be_visible()
    words = {text.lower() for text in marks.all_inner_texts()}
    assert words == {"python"}, words
    # A card whose title or summary has the word shows it marked (the rest matched in
    # the description, which cards do not show).
    for index in range(cards.count()):
        card = cards.nth(index)
        shown = card.locator("h3").inner_text() + " " + card.locator(".course-summary").inner_text()
        expected = 1 if "python" in shown.lower() else 0
        assert min(card.locator("mark.search-hit").count(), 1) == expected, shown


@pytest.mark.parametrize(
    ("lang", "empty", "search_chip", "level_chip", "popular"),
    [
        ("en", "Nothing found", "Search: zzqxwv", "Level: Advanced", "Popular courses"),
        ("ru", "Ничего не нашлось", "Поиск: zzqxwv", "Уровень: Продвинутый", "Популярные курсы"),
    ],
)
def test_no_results_offer_filters_to_remove_and_popular_courses(
    page: Page, app_server, lang, empty, search_chip, level_chip, popular
):
    page.set_viewport_size(PHONE)
    page.goto(f"{app_server['base_url']}/catalog?q=zzqxwv&level=advanced&lang={lang}")
    expect(page.get_by_test_id("catalog-empty")).to_contain_text(empty)
    chips = page.get_by_test_id("catalog-remove-filter")
    expect(chips).to_have_count(2)
    expect(chips.nth(0)).to_contain_text(search_chip)
    expect(chips.nth(1)).to_contain_text(level_chip)
    expect(page.get_by_role("heading", name=popular)).to_be_visible()
    expect(page.get_by_test_id("catalog-popular").get_by_test_id("course-card")).to_have_count(4)
    shot(page, f"catalog-empty-{lang}-375")
    chips.nth(0).click()  # remove the words: the advanced courses remain
    expect(page).to_have_url(re.compile(r"/catalog\?level=advanced$"))
    expect(page.get_by_test_id("course-card").first).to_be_visible()
    expect(page.get_by_test_id("catalog-empty")).to_have_count(0)


def test_the_first_paint_shows_a_loading_state_not_found_zero(page: Page, app_server):
    """The HTML served before the state arrives (what a slow connection shows first)."""
    html = page.request.get(app_server["base_url"] + "/catalog").text()
    assert 'data-testid="catalog-loading"' in html
    assert 'data-testid="catalog-total"' not in html
    assert 'data-testid="catalog-empty"' not in html
    context = page.context.browser.new_context(java_script_enabled=False)
    try:
        still = context.new_page()
        still.goto(app_server["base_url"] + "/catalog")
        expect(still.get_by_test_id("catalog-loading")).to_be_visible()
        expect(
            still.get_by_text(re.compile(r"(Найдено курсов|Courses found):?\s*0"))
        ).to_have_count(0)
    finally:
        context.close()


def test_text_typed_before_the_state_arrives_is_kept(page: Page, app_server):
    """Hold the app's scripts, type into the served HTML, let the app start: the state
    (with ?q=python from the URL) arrives and the box keeps the typed words. In Russian,
    the prerendered language: a page in another language stays hidden until it is live
    (components/lang_boot.py), so nobody can type into it early."""
    scripts = HeldScripts(page)
    page.goto(app_server["base_url"] + "/catalog?q=python&lang=ru", wait_until="commit")
    box = page.locator("#catalog-search")
    expect(box).to_be_visible()
    box.type("data science", delay=20)
    scripts.release()
    expect(page.get_by_test_id("course-card").first).to_be_visible()
    expect(page.get_by_test_id("catalog-total")).to_be_visible()
    page.wait_for_timeout(500)
    expect(box).to_have_value("data science")


def test_an_untouched_box_follows_the_url_and_keeps_the_query(page: Page, app_server):
    page.set_viewport_size(DESKTOP)
    page.goto(app_server["base_url"] + "/?lang=en")
    hero = page.get_by_role("main").get_by_label("Search courses")
    hero.fill("python")
    hero.press("Enter")
    expect(page).to_have_url(re.compile(r"/catalog\?q=python"))
    box = page.locator("#catalog-search")
    expect(box).to_have_value("python")
    page.get_by_role("link", name=re.compile(r"^(Programming|Программирование)")).first.click()
    expect(page).to_have_url(re.compile(r"category=programming"))
    expect(box).to_have_value("python")
    page.get_by_role("link", name="Clear filters").click()
    expect(page).to_have_url(re.compile(r"/catalog$"))
    expect(box).to_have_value("")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE])
def test_one_search_box_per_page(page: Page, app_server, viewport):
    page.set_viewport_size(viewport)
    for path in ("/?lang=en", "/catalog?lang=en", "/blog?lang=en"):
        page.goto(app_server["base_url"] + path)
        expect(page.get_by_role("main")).to_be_visible()
        searches = page.locator("input[type=search]:visible")
        expect(searches).to_have_count(1)


def _placeholder_fits(page: Page, selector: str) -> tuple[float, float]:
    """(width the placeholder needs, width the field has for text)."""
    return tuple(
        page.locator(selector).evaluate(
            """input => {
                const style = getComputedStyle(input);
                const canvas = document.createElement('canvas').getContext('2d');
                canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const room = input.clientWidth - parseFloat(style.paddingLeft)
                    - parseFloat(style.paddingRight);
                return [canvas.measureText(input.placeholder).width, room];
            }"""
        )
    )


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_header_search_shows_its_whole_placeholder_at_1366_signed_in(page: Page, app_server, lang):
    _, email = new_user(app_server, name="Konstantin Konstantinopolsky")
    page.set_viewport_size(DESKTOP)
    sign_in(page, app_server["base_url"], email)
    page.goto(f"{app_server['base_url']}/my?lang={lang}")
    expect(page.locator("#header-search")).to_be_visible()
    for width in (1366, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        needed, room = _placeholder_fits(page, "#header-search")
        assert needed <= room, (width, needed, room)
    page.set_viewport_size(DESKTOP)
    shot(page, f"header-1366-{lang}")
    page.set_viewport_size({"width": 1024, "height": 900})  # the desktop header's narrowest
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shot(page, f"header-1024-{lang}")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_home_hero_search_is_wide_on_a_phone(page: Page, app_server, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"{app_server['base_url']}/?lang={lang}")
    expect(page.locator("#hero-search")).to_be_visible()
    needed, room = _placeholder_fits(page, "#hero-search")
    assert room >= 200 and needed <= room, (needed, room)
    height = page.locator("#hero-search").bounding_box()["height"]
    assert height >= 36, height  # a column flex must not squash the field
    shot(page, f"home-375-{lang}")


@pytest.mark.parametrize(("lang", "label"), [("en", "Search the blog"), ("ru", "Поиск по блогу")])
def test_blog_search_has_its_label_above_a_wide_field_on_a_phone(
    page: Page, app_server, lang, label
):
    page.set_viewport_size(PHONE)
    page.goto(f"{app_server['base_url']}/blog?lang={lang}")
    field = page.get_by_label(label)
    expect(field).to_be_visible()
    needed, room = _placeholder_fits(page, "#blog-search")
    assert room >= 200 and needed <= room, (needed, room)
    label_box = page.locator("label[for=blog-search]").bounding_box()
    field_box = field.bounding_box()
    assert label_box["y"] + label_box["height"] <= field_box["y"], (label_box, field_box)
    field.fill("python")
    field.press("Enter")
    expect(page).to_have_url(re.compile(r"/blog\?q=python"))
