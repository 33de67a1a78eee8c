"""TEMPORARY screenshots of the commerce pages (deleted before handing back)."""
import re
import uuid
from decimal import Decimal

from playwright.sync_api import Page, expect
from sqlmodel import Session
from sqlalchemy import create_engine

from edu_platform.models import Coupon
from edu_platform.services import accounts


def test_shots(page: Page, app_server):
    base = app_server["base_url"]
    email = f"shot-{uuid.uuid4().hex[:8]}@example.com"
    with Session(create_engine(app_server["env"]["DATABASE_URL"])) as s:
        accounts.register(session=s, email=email, password="e2e-password-1", full_name="Shot User", locale="ru")
        s.add(Coupon(code="SHOT10", kind="percent", value=Decimal(10)))
        s.commit()
    page.goto(f"{base}/login?lang=en&next=/course/ux-research")
    page.get_by_role("main").get_by_label("Email").fill(email)
    page.get_by_role("main").get_by_label("Password").fill("e2e-password-1")
    page.get_by_role("main").get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator(".account-name")).to_be_visible(timeout=20000)
    page.goto(f"{base}/course/ux-research?lang=ru")
    page.wait_for_timeout(3000)
    page.screenshot(path="/tmp/cshots/course_ru.png")
    page.get_by_role("button", name=re.compile("Купить")).click()
    expect(page).to_have_url(re.compile("/cart$"), timeout=20000)
    page.goto(f"{base}/course/figma-ui?lang=ru")
    page.get_by_role("button", name=re.compile("Купить")).click()
    expect(page).to_have_url(re.compile("/cart$"), timeout=20000)
    page.get_by_label("Промокод").fill("SHOT10")
    page.get_by_role("button", name="Применить").click()
    page.wait_for_timeout(1500)
    for w in (1280, 375):
        page.set_viewport_size({"width": w, "height": 900})
        page.screenshot(path=f"/tmp/cshots/cart_ru_{w}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Оформить заказ").click()
    expect(page).to_have_url(re.compile(r"/checkout/\d+$"), timeout=20000)
    page.wait_for_timeout(1000)
    page.screenshot(path="/tmp/cshots/checkout_ru_1280.png", full_page=True)
    page.get_by_label("Номер карты").fill("4000 0000 0000 0002")
    page.get_by_label("Срок действия (ММ/ГГ)").fill("12/30")
    page.get_by_label("CVC-код").fill("123")
    page.get_by_role("button", name=re.compile("^Оплатить")).click()
    page.wait_for_timeout(2000)
    page.screenshot(path="/tmp/cshots/checkout_declined_ru.png", full_page=True)
    page.get_by_label("Номер карты").fill("4242 4242 4242 4242")
    page.get_by_role("button", name=re.compile("^Оплатить")).click()
    page.wait_for_timeout(2000)
    page.set_viewport_size({"width": 375, "height": 900})
    page.screenshot(path="/tmp/cshots/checkout_paid_ru_375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/my/orders?lang=en")
    page.wait_for_timeout(2000)
    page.screenshot(path="/tmp/cshots/orders_en.png", full_page=True)
    page.get_by_role("button", name="Receipt").first.click()
    page.wait_for_timeout(1000)
    page.screenshot(path="/tmp/cshots/receipt_en.png", full_page=True)
    page.goto(f"{base}/cart?lang=en")
    page.wait_for_timeout(2000)
    page.screenshot(path="/tmp/cshots/cart_empty_en.png", full_page=True)
