"""The catalog and course pages in a real browser against the seeded prod server."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform.i18n import translate
from edu_platform.models import Category, Course, Review
from tests.e2e.support import SLOW, e2e_engine, shot

pytestmark = pytest.mark.usefixtures("patient_expect")


def _db(app_server):
    return e2e_engine(app_server["env"]["DATABASE_URL"])


def _published_titles(app_server, **where) -> set[str]:
    engine = _db(app_server)
    try:
        with Session(engine) as session:
            query = select(Course.title).where(Course.is_published.is_(True))
            if "category" in where:
                query = query.join(Category, Category.id == Course.category_id).where(
                    Category.slug == where["category"]
                )
            if "level" in where:
                query = query.where(Course.level == where["level"])
            return set(session.scalars(query))
    finally:
        engine.dispose()


# The texts as shown (innerText): an English page stays hidden until it is live
# (components/lang_boot.py), and a hidden element's innerText is "" though its text is
# there; so each read waits until the page shows it.


def _card_titles(page: Page) -> list[str]:
    titles = page.get_by_test_id("course-card").locator(".course-title")
    expect(titles.first).to_be_visible()
    return titles.all_inner_texts()


def _card_price(text: str) -> Decimal:
    """The price a card shows: "Free" or "RUB 4,990.00" (English UI, Babel's format)."""
    if re.search(r"^Free$", text, re.MULTILINE):  # the badge, a line of its own
        return Decimal(0)
    match = re.search(r"RUB\s?(\d{1,3}(?:,\d{3})*(?:\.\d+)?)", text)
    assert match, f"no price on the card: {text!r}"
    return Decimal(match.group(1).replace(",", ""))


def _total(page: Page) -> int:
    total = page.get_by_test_id("catalog-total")
    expect(total).to_be_visible()
    return int(re.sub(r"\D", "", total.inner_text()))


def test_search_for_python_shows_matching_courses(page: Page, app_server):
    page.goto(app_server["base_url"] + "/catalog?q=python&lang=en")
    cards = page.get_by_test_id("course-card")
    expect(cards.first).to_be_visible()
    expect(page.get_by_role("main").get_by_label("Search courses")).to_have_value("python")
    titles = _card_titles(page)
    assert titles and _total(page) >= len(titles)
    assert any("Python" in title for title in titles), titles
    assert set(titles) <= _published_titles(app_server)


def test_category_facet_narrows_results_and_goes_into_the_url(page: Page, app_server):
    page.goto(app_server["base_url"] + "/catalog?lang=en")
    expect(page.get_by_test_id("course-card").first).to_be_visible()
    everything = _total(page)
    page.get_by_role("link", name=re.compile(r"^Programming")).click()
    expect(page).to_have_url(re.compile(r"/catalog\?.*category=programming"))
    programming = _published_titles(app_server, category="programming")
    expect(page.get_by_test_id("catalog-total")).to_contain_text(str(len(programming)))
    assert len(programming) < everything
    expect(page.get_by_test_id("course-card")).to_have_count(min(12, len(programming)))
    assert set(_card_titles(page)) <= programming
    active = page.get_by_role("link", name=re.compile(r"^Programming"))
    expect(active).to_have_attribute("aria-current", "true")


def test_shared_link_with_filters_shows_the_same_results(page: Page, app_server):
    url = app_server["base_url"] + "/catalog?category=programming&level=beginner&sort=price"
    page.goto(url + "&lang=en")
    expected = _published_titles(app_server, category="programming", level="beginner")
    assert expected, "the demo seed has beginner programming courses"
    expect(page.get_by_test_id("course-card")).to_have_count(len(expected))
    assert set(_card_titles(page)) == expected
    # A second browser tab opening the same link sees the same page.
    other = page.context.new_page()
    other.goto(url)
    expect(other.get_by_test_id("course-card")).to_have_count(len(expected))
    assert _card_titles(other) == _card_titles(page)
    # A page past the end (an old link) opens the last page, not an empty "Page 99 of 1".
    other.goto(url + "&page=99&lang=en")
    expect(other).not_to_have_url(re.compile(r"page=99"), timeout=SLOW)
    expect(other.get_by_test_id("course-card")).to_have_count(len(expected))
    # A price range that is no range is said under the prices, not a bare "0 found".
    other.goto(app_server["base_url"] + "/catalog?price_min=5000&price_max=100&lang=en")
    expect(other.get_by_role("alert").filter(has_text="is not above")).to_have_text(
        translate("catalog.error.price_range", "en"), timeout=SLOW
    )
    expect(other.locator("#price-min")).to_have_attribute("aria-invalid", "true")
    # A level the catalog does not know: said, with the filter's chip to remove it.
    other.goto(app_server["base_url"] + "/catalog?level=bogus&lang=en")
    expect(other.get_by_test_id("catalog-bad-filter")).to_have_text(
        translate("catalog.error.filter", "en"), timeout=SLOW
    )
    other.get_by_role("link", name=re.compile("bogus")).first.click()
    expect(other.get_by_test_id("course-card").first).to_be_visible(timeout=SLOW)
    other.close()


def test_sort_by_price_ascending_orders_the_cards(page: Page, app_server):
    # Paid courses only: other browser tests add free courses of their own, enough to fill
    # a first page with "Free" alone.
    page.goto(app_server["base_url"] + "/catalog?lang=en&price=paid")
    expect(page.get_by_test_id("course-card").first).to_be_visible()
    page.get_by_role("combobox", name="Sort by").click()
    page.get_by_role("option", name="Price: low to high").click()
    expect(page).to_have_url(re.compile(r"sort=price(&|$)"))
    cards = page.get_by_test_id("course-card")
    # The URL changes first; the re-sorted cards arrive with the search result.
    deadline = time.monotonic() + 15
    while True:
        prices = [_card_price(text) for text in cards.all_inner_texts()]
        if (len(prices) > 3 and prices == sorted(prices)) or time.monotonic() > deadline:
            break
        page.wait_for_timeout(200)
    assert len(prices) > 3
    assert prices == sorted(prices), prices
    assert len(set(prices)) > 1


def _course_with_reviews(app_server) -> tuple[str, str, str]:
    engine = _db(app_server)
    try:
        with Session(engine) as session:
            slug, title = session.execute(
                select(Course.slug, Course.title)
                .join(Review, Review.course_id == Course.id)
                .where(Course.is_published.is_(True), Review.is_hidden.is_(False))
                .group_by(Course.id, Course.slug, Course.title)
                .order_by(func.count(Review.id).desc())
                .limit(1)
            ).one()
            comment = session.scalar(
                select(Review.comment)
                .join(Course, Course.id == Review.course_id)
                .where(Course.slug == slug, Review.is_hidden.is_(False))
                .order_by(Review.created_at.desc(), Review.id.desc())
                .limit(1)
            )
            return slug, title, comment
    finally:
        engine.dispose()


def test_course_card_opens_the_course_page_with_syllabus_and_reviews(page: Page, app_server):
    slug, title, newest_comment = _course_with_reviews(app_server)
    page.goto(app_server["base_url"] + "/catalog?" + urlencode({"lang": "en", "q": title}))
    card = page.get_by_test_id("course-card").filter(has_text=title).first
    expect(card).to_be_visible()
    card.click()
    expect(page).to_have_url(re.compile(rf"/course/{re.escape(slug)}$"))
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Syllabus")).to_be_visible()
    expect(page.get_by_role("heading", name="Reviews")).to_be_visible()
    expect(page.get_by_text(newest_comment).first).to_be_visible()
    # Modules are accordion items whose headers are buttons.
    syllabus = page.get_by_role("heading", name="Syllabus").locator("xpath=..")
    expect(syllabus.get_by_role("button").first).to_be_visible()


def test_unknown_course_slug_shows_course_not_found(page: Page, app_server):
    page.goto(app_server["base_url"] + "/course/no-such-course-here?lang=en")
    expect(page.get_by_role("heading", name="Course not found")).to_be_visible()
    expect(page.get_by_role("link", name="Catalog").first).to_be_visible()


def test_catalog_and_course_pages_fit_a_375px_screen(page: Page, app_server):
    for width, height in ((1280, 900), (375, 800)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(app_server["base_url"] + "/catalog?q=python&lang=en")
        expect(page.get_by_test_id("course-card").first).to_be_visible()
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll_width <= width + 1, f"catalog scrolls sideways at {width}px"
        # A card offers its banner's 600 px copy beside the whole one (services/media);
        # which it takes is the browser's choice (one it has cached already, say), so the
        # copy is fetched here and the image only has to show.
        banner = page.get_by_test_id("course-card").first.locator("img").first
        srcset = banner.get_attribute("srcset") or ""
        copy_url = re.fullmatch(r"(/api/v1/media/\S+\?w=600) 600w, /api/v1/media/\S+ 1200w", srcset)
        assert copy_url, srcset
        copy = page.request.get(app_server["base_url"] + copy_url.group(1))
        assert (copy.status, copy.headers["content-type"]) == (200, "image/webp")
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=banner.element_handle()
        )
        shot(page, f"catalog-{width}", full_page=True)
        href = page.get_by_test_id("course-card").first.locator("a").first.get_attribute("href")
        page.goto(app_server["base_url"] + href)
        expect(page.get_by_role("heading", name="Syllabus")).to_be_visible()
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll_width <= width + 1, f"course page scrolls sideways at {width}px"
        shot(page, f"course-{width}", full_page=True)
