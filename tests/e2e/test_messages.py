"""Messages and the bell in a browser: a teacher writes from another browser context,
the learner's bell and messages badge change without a reload, the open thread gets new
messages live, an HTML payload in a message shows as text (links stay links), and the
page stacks on a 375 px phone."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from edu_platform.services import notifications
from tests.e2e.support import (
    SLOW,
    course_with_learner,
    db_session,
    expect_field_error,
    new_user,
    sign_in,
)

XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def _course_with_a_learner(app_server) -> dict:
    teacher_id, teacher_email = new_user(app_server, "Tess Teacher", role="teacher")
    learner_id, learner_email = new_user(app_server, "Leo Learner")
    with db_session(app_server) as session:
        course = course_with_learner(session, teacher_id, learner_id, "Chatty course")
        session.commit()
        return {
            "slug": course.slug,
            "teacher": teacher_email,
            "teacher_id": teacher_id,
            "learner": learner_email,
            "learner_id": learner_id,
        }


def _in_thread(page: Page, text: str):
    return page.get_by_test_id("message-body").locator("visible=true").filter(has_text=text)


def _send(page: Page, text: str) -> None:
    page.get_by_role("textbox", name="Your message").fill(text)
    page.get_by_role("button", name="Send").click()


def test_bell_and_thread_update_live_and_html_stays_text(page: Page, browser: Browser, app_server):
    setup = _course_with_a_learner(app_server)
    base = app_server["base_url"]
    sign_in(page, base, setup["learner"], next_path="/my")
    bell = page.get_by_test_id("bell-count").locator("visible=true")
    expect(bell).to_have_count(0)

    teacher_context = browser.new_context()
    try:
        teacher = teacher_context.new_page()
        sign_in(teacher, base, setup["teacher"], next_path=f"/messages/u{setup['learner_id']}")
        expect(teacher).to_have_url(re.compile(r"/messages/\d+$"), timeout=SLOW)
        expect(teacher.get_by_role("heading", name="Leo Learner")).to_be_visible(timeout=SLOW)
        _send(teacher, f"{XSS} see https://example.org/notes.")
        expect(teacher.get_by_test_id("message-body").locator("visible=true")).to_have_count(
            1, timeout=SLOW
        )

        # The learner's page was not reloaded: the watcher brings the counts.
        expect(bell).to_have_text("1", timeout=SLOW)
        messages_badge = page.get_by_test_id("messages-count").locator("visible=true")
        expect(messages_badge).to_have_text("1", timeout=SLOW)

        page.get_by_test_id("messages-link").locator("visible=true").click()
        page.get_by_test_id("conversation").locator("visible=true").first.click()
        body = page.get_by_test_id("message-body").locator("visible=true")
        expect(body).to_have_count(1, timeout=SLOW)
        expect(body.first).to_contain_text('<img src=x onerror="window.__xss=1">')
        expect(body.first).to_contain_text("<script>window.__xss=2</script>")
        assert body.first.locator("img, script").count() == 0
        link = body.first.get_by_role("link", name="https://example.org/notes")
        expect(link).to_have_attribute("href", "https://example.org/notes")
        assert page.evaluate("window.__xss") is None
        # Reading the thread cleared both badges.
        expect(bell).to_have_count(0, timeout=SLOW)
        expect(messages_badge).to_have_count(0, timeout=SLOW)

        # A new message shows in the open thread without a reload.
        _send(teacher, "Second message, live")
        expect(_in_thread(page, "Second message, live")).to_be_visible(timeout=SLOW)
        _send(page, "Thanks!")
        expect(_in_thread(teacher, "Thanks!")).to_be_visible(timeout=SLOW)
    finally:
        teacher_context.close()


def test_a_learner_writes_from_the_course_page_and_the_phone_layout_stacks(page: Page, app_server):
    setup = _course_with_a_learner(app_server)
    base = app_server["base_url"]
    sign_in(page, base, setup["learner"], next_path=f"/course/{setup['slug']}")
    page.set_viewport_size({"width": 375, "height": 740})  # a phone from here on
    page.get_by_test_id("write-teacher").locator("visible=true").click()
    expect(page).to_have_url(re.compile(r"/messages/\d+$"), timeout=SLOW)
    expect(page.get_by_role("heading", name="Tess Teacher")).to_be_visible(timeout=SLOW)
    # Sending nothing: said under the message box, which is marked invalid.
    page.get_by_role("button", name="Send").click()
    box = page.get_by_role("textbox", name="Your message")
    expect_field_error(box, "inbox.body_length")
    _send(page, "Hello from my phone")
    expect(box).to_have_attribute("aria-invalid", "false", timeout=SLOW)
    expect(_in_thread(page, "Hello from my phone")).to_be_visible(timeout=SLOW)
    # On a phone the thread replaces the list; the way back shows the list.
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect()"
        ".right > 376).slice(0, 5).map(e => e.tagName + '.' + e.className)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, wide
    expect(page.get_by_test_id("conversation").locator("visible=true")).to_have_count(0)
    page.get_by_role("link", name="All conversations").click()
    expect(page.get_by_test_id("conversation").locator("visible=true")).to_have_count(
        1, timeout=SLOW
    )


def test_email_preferences_and_mark_read_in_the_notification_centre(page: Page, app_server):
    setup = _course_with_a_learner(app_server)
    with db_session(app_server) as session:
        for title in ("First note", "Second note"):
            notifications.notify(
                session, user_id=setup["learner_id"], kind="announcement", title=title
            )
        session.commit()
    sign_in(page, app_server["base_url"], setup["learner"], next_path="/account")
    switch = page.get_by_test_id("email-pref-new_message")
    expect(switch).to_have_attribute("aria-checked", "false", timeout=SLOW)
    expect(page.get_by_test_id("email-pref-certificate_ready")).to_have_attribute(
        "aria-checked", "true"
    )
    switch.click()
    expect(switch).to_have_attribute("aria-checked", "true", timeout=SLOW)
    with db_session(app_server) as session:
        chosen = notifications.email_preferences(session=session, user_id=setup["learner_id"])
    assert chosen["new_message"] is True

    bell = page.get_by_test_id("bell-count").locator("visible=true")
    expect(bell).to_have_text("2", timeout=SLOW)
    page.get_by_test_id("bell").locator("visible=true").click()
    expect(page.get_by_test_id("notification")).to_have_count(2, timeout=SLOW)
    page.get_by_test_id("notification").filter(has_text="First note").get_by_test_id(
        "mark-read"
    ).click()
    expect(bell).to_have_text("1", timeout=SLOW)
    expect(page.get_by_test_id("mark-read")).to_have_count(1)
    page.get_by_role("button", name="Mark all read").click()
    expect(bell).to_have_count(0, timeout=SLOW)
