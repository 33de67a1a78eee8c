"""Issue 9.1: user Markdown renders without raw HTML, in a real browser, under the CSP.

The payload is saved the ways a teacher saves content: the course description through
the API (PATCH /api/v1/courses/{id}) and a lesson body through the authoring service
the lesson editor calls. The pages are opened as the admin; no script from content runs.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from edu_platform.models import Course, Lesson
from edu_platform.models.learning import EnrollmentSource
from edu_platform.seed.demo import DEMO_PASSWORD
from edu_platform.services import accounts, enrollment
from edu_platform.services.authoring.syllabus import update_lesson
from tests.e2e.support import SLOW, db_session, sign_in
from tests.support import http

pytestmark = pytest.mark.e2e

ADMIN = "admin@example.com"
PAYLOAD = (
    'Intro text.\n\n<iframe srcdoc="<script>parent.x=1</script>"></iframe>\n\n'
    '<img src="nope" onerror="window.y=1">\n\n'
    "[a bad link](javascript:window.z=1) and [a good one](https://example.org/page)\n"
)


def _admin_token(base_url: str) -> str:
    response = http.post(
        f"{base_url}/api/v1/auth/login",
        json={"email": ADMIN, "password": DEMO_PASSWORD},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@pytest.fixture(scope="module")
def poisoned(app_server) -> dict:
    """A published course whose description and first lesson carry the payload."""
    base_url = app_server["base_url"]
    with db_session(app_server) as session:
        course = session.scalars(
            select(Course).where(Course.is_published).order_by(Course.id)
        ).first()
        lesson = session.scalars(
            select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.id)
        ).first()
        course_id, slug, lesson_id = course.id, course.slug, lesson.id
    response = http.patch(
        f"{base_url}/api/v1/courses/{course_id}",
        json={"description": PAYLOAD},
        headers={"Authorization": f"Bearer {_admin_token(base_url)}"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    assert response.json()["description"] == PAYLOAD.strip()  # stored as written
    with db_session(app_server) as session:
        admin = accounts.find_user_by_email(session=session, email=ADMIN)
        update_lesson(  # what the lesson editor's save calls
            session=session,
            actor_id=admin.id,
            lesson_id=lesson_id,
            changes={"body": PAYLOAD},
        )
        enrollment.grant_access(
            session=session,
            user_id=admin.id,
            course_id=course_id,
            source=EnrollmentSource.ADMIN,
        )
        session.commit()
    return {"course_id": course_id, "slug": slug, "lesson_id": lesson_id}


def _watch_csp(page: Page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def _assert_inert(page: Page, container: str) -> None:
    box = page.locator(container).first
    expect(box).to_contain_text("Intro text.", timeout=SLOW)
    # Raw HTML is shown as text, never turned into elements.
    expect(box).to_contain_text("<iframe", timeout=SLOW)
    assert box.locator("iframe").count() == 0
    assert box.locator("img[onerror]").count() == 0
    bad = box.get_by_text("a bad link")
    assert (bad.get_attribute("href") or "") == ""
    good = box.get_by_role("link", name="a good one")
    assert good.get_attribute("href") == "https://example.org/page"
    assert set((good.get_attribute("rel") or "").split()) >= {"noopener", "nofollow"}
    page.wait_for_timeout(500)
    assert page.evaluate("[window.x, window.y, window.z]") == [None, None, None]


def test_course_description_payload_does_not_run(page: Page, app_server, poisoned):
    violations = _watch_csp(page)
    sign_in(page, app_server["base_url"], ADMIN)
    page.goto(f"{app_server['base_url']}/course/{poisoned['slug']}?lang=en")
    _assert_inert(page, ".course-description")
    # The editor's preview renders the same Markdown through the same component.
    page.goto(f"{app_server['base_url']}/teach/course/{poisoned['course_id']}?lang=en")
    page.get_by_role("tab", name="Preview").first.click()
    _assert_inert(page, "[data-testid=markdown-preview]")
    # The app itself works under the policy: nothing of its own was blocked.
    assert violations == []


def test_lesson_body_payload_does_not_run_in_the_player(page: Page, app_server, poisoned):
    violations = _watch_csp(page)
    base_url = app_server["base_url"]
    sign_in(page, base_url, ADMIN)
    page.goto(f"{base_url}/learn/{poisoned['slug']}/{poisoned['lesson_id']}?lang=en")
    _assert_inert(page, "main")
    assert violations == []


def test_pages_get_a_policy_that_blocks_injected_inline_script(app_server, poisoned):
    """Even raw HTML slipping through would not run: srcdoc frames inherit this policy
    and only the page's own inline scripts (by hash) are allowed."""
    page_html = http.get(f"{app_server['base_url']}/course/{poisoned['slug']}", timeout=60)
    policy = page_html.headers["content-security-policy"]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'sha256-" in script_src
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
