from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from edu_platform.models import Certificate
from tests.e2e.support import SLOW, db_session, new_user, sign_in
from tests.e2e.test_certificates import _complete_a_course


def test_debug(page: Page, browser: Browser, app_server):
    base_url = app_server["base_url"]
    user_id, email = new_user(app_server, name="Debug User")
    _complete_a_course(app_server, user_id)
    sign_in(page, base_url, email)
    page.goto(f"{base_url}/my/certificates")
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible(timeout=SLOW)
    with db_session(app_server) as session:
        serial = session.scalar(select(Certificate.serial).where(Certificate.user_id == user_id))
    for url in (f"/verify/{serial}?lang=en", f"/verify/{serial}", "/verify/EDU-2026-AAAA-BBBB-CCCC?lang=en"):
        r = page.goto(base_url + url)
        print("GOTO", url, r.status, r.headers.get("content-type"))
        page.wait_for_timeout(2500)
        print("TEXT", page.get_by_role("main").inner_text()[:200] if page.get_by_role("main").count() else page.content()[:300])
    page.screenshot(path="/tmp/verify.png", full_page=True)
    _aid, admin_email = new_user(app_server, name="Admin", role="admin")
    admin = browser.new_context().new_page()
    sign_in(admin, base_url, admin_email, next_path="/admin/certificates")
    admin.wait_for_timeout(3000)
    admin.screenshot(path="/tmp/admin_certs.png", full_page=True)
    admin.set_viewport_size({"width": 375, "height": 800})
    admin.screenshot(path="/tmp/admin_certs_mobile.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base_url}/my/certificates?lang=ru")
    page.wait_for_timeout(3000)
    page.screenshot(path="/tmp/my_certs_mobile.png", full_page=True)
