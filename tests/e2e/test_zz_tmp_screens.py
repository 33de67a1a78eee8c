"""TEMPORARY: screenshots of the account pages (deleted before handing back)."""
import re
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, select
from sqlmodel import Session
from edu_platform.models import Outbox, User, Notification
from edu_platform.services import password_reset


def _seed(app_server):
    with Session(create_engine(app_server["env"]["DATABASE_URL"])) as s:
        uid = s.scalar(select(User.id).where(User.email == "student@example.com"))
        for i in range(3):
            s.add(Notification(user_id=uid, kind="t", title=f"Новый урок в курсе {i}", body="Откройте курс, чтобы продолжить", link="/my"))
        s.commit()


def test_shots(page: Page, app_server):
    base = app_server["base_url"]
    _seed(app_server)
    for lang in ("ru", "en"):
        for w in (1280, 375):
            page.set_viewport_size({"width": w, "height": 900})
            page.goto(f"{base}/forgot?lang={lang}")
            expect(page.get_by_role("main").get_by_role("button")).to_be_visible()
            page.screenshot(path=f"/tmp/shots/forgot_{lang}_{w}.png", full_page=True)
            page.goto(f"{base}/reset/bogus?lang={lang}")
            page.wait_for_timeout(1500)
            page.screenshot(path=f"/tmp/shots/reset_bad_{lang}_{w}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/login?lang=en&next=/my")
    page.get_by_role("main").get_by_label("Email").fill("student@example.com")
    page.get_by_role("main").get_by_label("Password").fill("demo-password-1")
    page.get_by_role("main").get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="My learning")).to_be_visible()
    for lang in ("en", "ru"):
        for w in (1280, 375):
            page.set_viewport_size({"width": w, "height": 900})
            for name, path in (("my", "/my"), ("account", "/account"), ("security", "/account/security"), ("notif", "/my/notifications")):
                page.goto(f"{base}{path}?lang={lang}")
                page.wait_for_timeout(2000)
                page.screenshot(path=f"/tmp/shots/{name}_{lang}_{w}.png", full_page=True)
    # a valid reset link page
    with Session(create_engine(app_server["env"]["DATABASE_URL"])) as s:
        password_reset.request_reset(session=s, email="teacher@example.com")
        s.commit()
        body = s.scalar(select(Outbox.body).order_by(Outbox.id.desc()))
    link = re.search(r"https?://\S+/reset/[\w-]+", body).group(0)
    for w in (1280, 375):
        page.set_viewport_size({"width": w, "height": 900})
        page.goto(link + "?lang=ru")
        page.wait_for_timeout(1500)
        page.screenshot(path=f"/tmp/shots/reset_ok_ru_{w}.png", full_page=True)
