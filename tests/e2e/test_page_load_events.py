"""A page load is one event from the browser (edu_platform/state/page_load.py).

A navigation used to make the browser send the cart badge's mount event (twice: desktop
and phone header) and the bell's unmount and mount events beside Reflex's page-load
event, and the server ran three on_load handlers as events of their own. Now the browser
sends only Reflex's own navigation events, and the header's counts, loaded in the page
load's one event, are still current after each navigation.
"""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from edu_platform.models import CartItem, Course, Notification
from tests.e2e.support import SLOW, db_session, new_user, sign_in

EVENT_NAME = re.compile(r'"name":"([^"]+)"')


def _sent_event_names(frames: list[str]) -> list[str]:
    """The Reflex event names in Socket.IO frames the browser sent on /_event."""
    names: list[str] = []
    for frame in frames:
        if frame.startswith("42"):
            names += [name.rsplit(".", 1)[-1] for name in EVENT_NAME.findall(frame)]
    return names


def test_a_navigation_sends_one_event_and_the_header_counts_follow(page: Page, app_server):
    base_url = app_server["base_url"]
    teacher_id, _ = new_user(app_server, "Nora Navigator Teacher", role="teacher")
    learner_id, email = new_user(app_server, "Nils Navigator")
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(str(payload))))
    sign_in(page, base_url, email, "/my?lang=en")
    expect(page.get_by_role("heading", name="My learning", level=1)).to_be_visible(timeout=SLOW)
    badge = page.locator("[data-testid=cart-link]:visible")
    expect(badge).to_have_count(1, timeout=SLOW)
    expect(badge).not_to_contain_text("1")
    expect(page.get_by_test_id("bell-count").locator("visible=true")).to_have_count(0)

    # Meanwhile a course lands in the cart and a notification arrives (another tab, a job).
    with db_session(app_server) as session:
        course = Course(
            slug=f"e2e-nav-{uuid.uuid4().hex[:8]}",
            title="Navigation course",
            teacher_id=teacher_id,
            is_published=True,
        )
        session.add(course)
        session.flush()
        session.add(CartItem(user_id=learner_id, course_id=course.id))
        session.add(Notification(user_id=learner_id, kind="test.note", title="Hi"))
        session.commit()

    sent.clear()
    page.get_by_role("navigation", name=re.compile("My learning sections")).get_by_role(
        "link", name="Completed"
    ).click()
    expect(page).to_have_url(re.compile(r"/my/completed$"))
    expect(badge).to_contain_text("1", timeout=SLOW)
    expect(page.get_by_test_id("bell-count").locator("visible=true")).to_have_text(
        "1", timeout=SLOW
    )
    # Reflex's own two (the new URL, then the page load); none of the app's.
    names = _sent_event_names(sent)
    assert sorted(names) == ["on_load_internal", "update_vars_internal"], names
