"""The home page in a real browser against the seeded prod server."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import Course
from tests.e2e.support import e2e_engine


def _featured_titles(app_server) -> list[str]:
    engine = e2e_engine(app_server["env"]["DATABASE_URL"])
    with Session(engine) as session:
        titles = session.scalars(
            select(Course.title).where(Course.is_published.is_(True), Course.is_featured.is_(True))
        ).all()
    engine.dispose()
    return list(titles)


def test_home_page_lists_seeded_courses_from_the_database(page: Page, app_server):
    titles = _featured_titles(app_server)
    assert titles, "the demo seed marks some courses as featured"
    page.goto(app_server["base_url"] + "/?lang=en")
    cards = page.get_by_test_id("course-card")
    expect(cards.first).to_be_visible()
    expect(page.get_by_role("heading", name="Featured courses")).to_be_visible()
    for title in titles[:3]:
        expect(page.get_by_role("heading", name=title, exact=True).first).to_be_visible()


def test_language_switch_changes_text_and_survives_reload(page: Page, app_server):
    page.goto(app_server["base_url"] + "/?lang=ru")
    expect(page.get_by_role("heading", name="Рекомендуемые курсы")).to_be_visible()
    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.get_by_role("heading", name="Featured courses")).to_be_visible()
    expect(page.get_by_role("link", name="Catalog").first).to_be_visible()
    page.goto(app_server["base_url"] + "/")
    expect(page.get_by_role("heading", name="Featured courses")).to_be_visible()
    expect(page.get_by_text(re.compile("Рекомендуемые"))).to_have_count(0)


def test_header_search_opens_the_catalog_with_the_words(page: Page, app_server):
    page.goto(app_server["base_url"] + "/?lang=en")
    page.get_by_label("Search courses").first.fill("python")
    page.get_by_role("button", name="Search").first.click()
    expect(page).to_have_url(re.compile(r"/catalog\?q=python"))
