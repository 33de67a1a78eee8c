import uuid
from playwright.sync_api import Browser, expect
from sqlalchemy import create_engine
from sqlmodel import Session
from edu_platform.services import accounts

def test_shots(browser: Browser, app_server):
    base = app_server["base_url"]
    email = f"shot-{uuid.uuid4().hex[:6]}@example.com"
    with Session(create_engine(app_server["env"]["DATABASE_URL"])) as s:
        accounts.register(session=s, email=email, password="e2e-admin-password-1", full_name="Shot Admin", locale="en", role="admin")
        s.commit()
    for name, vp in (("desk", {"width": 1280, "height": 900}), ("phone", {"width": 375, "height": 800})):
        ctx = browser.new_context(viewport=vp)
        page = ctx.new_page()
        page.goto(f"{base}/admin/users?lang=en")
        expect(page.get_by_role("heading", name="Access denied")).to_be_visible(timeout=30000)
        page.screenshot(path=f"/tmp/shots/{name}-denied.png", full_page=True)
        page.goto(f"{base}/login?lang=en&next=/admin")
        page.get_by_role("main").get_by_label("Email").fill(email)
        page.get_by_role("main").get_by_label("Password").fill("e2e-admin-password-1")
        page.get_by_role("main").get_by_role("button", name="Sign in", exact=True).click()
        expect(page.get_by_role("heading", name="Platform overview")).to_be_visible(timeout=60000)
        page.screenshot(path=f"/tmp/shots/{name}-overview.png", full_page=True)
        page.goto(f"{base}/admin/users")
        expect(page.get_by_test_id("admin-user-row").first).to_be_visible(timeout=30000)
        page.screenshot(path=f"/tmp/shots/{name}-users.png", full_page=True)
        ctx.close()
