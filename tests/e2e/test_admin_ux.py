"""Admin panel polish in a real browser: overview trends, the confirmed role change, the
audit log's compact translated diff, and the reports' locale formatting (RU and EN)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import select

from edu_platform.i18n import format_number, format_price
from edu_platform.models import User
from edu_platform.services import admin_overview, reports
from tests.e2e.support import SLOW, db_session, new_user, sign_in


def _admin(page: Page, app_server, next_path: str, lang: str = "en") -> int:
    admin_id, email = new_user(app_server, "Ada Admin", role="admin", locale=lang)
    sign_in(page, app_server["base_url"], email, next_path=next_path)
    if lang != "en":
        page.goto(f"{app_server['base_url']}{next_path}?lang={lang}")
    return admin_id


def _role(app_server, email: str) -> str:
    with db_session(app_server) as session:
        return session.scalar(select(User.role).where(User.email == email))


def test_overview_shows_30_day_trends_beside_the_counters(page: Page, app_server):
    admin_id = _admin(page, app_server, "/admin")
    with db_session(app_server) as session:
        trends = admin_overview.trends(session=session, actor_id=admin_id)
    users = sum(point.new_users for point in trends.points)
    enrollments = sum(point.enrollments for point in trends.points)
    revenue = format_price(sum(p.revenue for p in trends.points), trends.currency, "en")
    expect(page.get_by_role("heading", name="Last 30 days")).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("trend-users-total")).to_have_text(str(users))
    expect(page.get_by_test_id("trend-enrollments-total")).to_have_text(str(enrollments))
    expect(page.get_by_test_id("trend-revenue-total")).to_have_text(revenue)
    # One sparkline per trend, drawn without animation (the path is there at once).
    expect(page.locator("[data-testid=trend-users] .recharts-area-curve")).to_have_count(1)
    assert len(trends.points) == 30
    page.goto(f"{app_server['base_url']}/admin?lang=ru")
    expect(page.get_by_role("heading", name="Последние 30 дней")).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("Новые пользователи")).to_be_visible()


def test_role_change_asks_first_and_cancel_keeps_the_role(page: Page, app_server):
    _admin(page, app_server, "/admin/users")
    _, student = new_user(app_server, "Rory Role")
    page.get_by_label("Search by email or name").fill(student)
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page.get_by_test_id("admin-user-row")).to_have_count(1)
    role = page.get_by_role("combobox", name=f"Role of {student}")
    role.click()
    page.get_by_role("option", name="Teacher").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Rory Role")
    expect(dialog).to_contain_text(student)
    expect(dialog.get_by_test_id("confirm-new-role")).to_have_text("Teacher")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(role).to_have_text("Student")
    assert _role(app_server, student) == "student"

    role.click()
    page.get_by_role("option", name="Admin").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Change role").click()
    expect(page.get_by_text("Role changed")).to_be_visible()
    expect(role).to_have_text("Administrator")
    assert _role(app_server, student) == "admin"


def test_role_confirmation_speaks_russian(page: Page, app_server):
    _admin(page, app_server, "/admin/users", lang="ru")
    _, student = new_user(app_server, "Рита Роль")
    page.get_by_label("Поиск по почте или имени").fill(student)
    page.get_by_role("button", name="Найти", exact=True).last.click()
    expect(page.get_by_test_id("admin-user-row")).to_have_count(1)
    page.get_by_role("combobox", name=f"Роль пользователя {student}").click()
    page.get_by_role("option", name="Преподаватель").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog.get_by_role("heading", name="Изменить роль?")).to_be_visible()
    expect(dialog).to_contain_text("Рита Роль")
    expect(dialog.get_by_test_id("confirm-new-role")).to_have_text("Преподаватель")
    dialog.get_by_role("button", name="Отмена").click()
    assert _role(app_server, student) == "student"


def test_audit_log_shows_one_compact_translated_row_per_event(page: Page, app_server):
    admin_id = _admin(page, app_server, "/admin/users")
    user_id, student = new_user(app_server, "<b>Bold</b> Bob")
    page.get_by_label("Search by email or name").fill(student)
    page.get_by_role("button", name="Search", exact=True).last.click()
    page.get_by_role("combobox", name=f"Role of {student}").click()
    page.get_by_role("option", name="Teacher").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Change role").click()
    expect(page.get_by_text("Role changed")).to_be_visible()

    page.goto(f"{app_server['base_url']}/admin/audit?table=user&row_id={user_id}")
    entries = page.get_by_test_id("audit-entry")
    expect(entries).to_have_count(2, timeout=SLOW)  # the insert, then the role update
    update = entries.first
    expect(update.get_by_test_id("audit-change")).to_have_text(["Role: student → teacher"])
    expect(update).to_contain_text(f"Ada Admin #{admin_id}")
    expect(update.get_by_test_id("audit-action").first).to_have_text("Changed")
    insert = entries.last
    expect(insert.get_by_test_id("audit-action").first).to_have_text("Created")
    expect(insert).to_contain_text("Fields: ")
    # The details are collapsed; opened, they list labelled fields with values as text.
    details_body = insert.locator("details table")
    expect(details_body).to_be_hidden()
    insert.get_by_text("All fields").click()
    expect(details_body).to_be_visible()
    expect(insert.get_by_role("rowheader", name="Name")).to_be_visible()
    expect(insert).to_contain_text("<b>Bold</b> Bob")
    assert insert.locator("b").count() == 0  # user data is never HTML
    expect(insert.get_by_role("rowheader", name="Password")).to_be_visible()
    expect(insert).to_contain_text("***")

    page.goto(f"{app_server['base_url']}/admin/audit?table=user&row_id={user_id}&lang=ru")
    expect(page.get_by_test_id("audit-change").first).to_have_text(
        "Роль: student → teacher", timeout=SLOW
    )
    expect(page.get_by_test_id("audit-entry").first).to_contain_text("Пользователь #")


def test_audit_page_of_twenty_events_stays_compact(page: Page, app_server):
    _admin(page, app_server, "/admin/audit")
    expect(page.get_by_test_id("audit-entry")).to_have_count(20, timeout=SLOW)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 3000, height


def test_reports_format_numbers_per_locale_and_translate_charts(page: Page, app_server):
    admin_id = _admin(page, app_server, "/admin/reports")
    today = datetime.now(UTC).date()
    with db_session(app_server) as session:
        sales = reports.sales_dynamics(
            session=session,
            actor_id=admin_id,
            date_from=today - timedelta(days=89),
            date_to=today,
            granularity="week",
        )
    revenue = reports.format_total([p.revenue for p in sales])
    orders = sum(p.orders for p in sales)
    expect(page.get_by_test_id("report-revenue")).to_have_text(
        format_price(revenue, "RUB", "en"), timeout=SLOW
    )
    expect(page.get_by_test_id("report-orders")).to_have_text(format_number(orders, "en"))
    expect(page.locator(".recharts-legend-item-text").first).to_be_visible()
    expect(page.locator(".recharts-legend-item-text", has_text="Paid orders")).to_have_count(1)
    expect(page.locator(".recharts-label", has_text="Period")).to_have_count(1)

    page.goto(f"{app_server['base_url']}/admin/reports?lang=ru")
    expect(page.get_by_test_id("report-revenue")).to_have_text(
        format_price(revenue, "RUB", "ru"), timeout=SLOW
    )
    expect(page.locator(".recharts-legend-item-text", has_text="Оплаченные заказы")).to_have_count(
        1
    )
    expect(page.locator(".recharts-label", has_text="Период")).to_have_count(1)
    # Hovering the chart shows the tooltip with the translated series and formatted value.
    box = page.locator(".recharts-wrapper").first.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
    tooltip = page.locator(".recharts-tooltip-wrapper").first
    expect(tooltip).to_contain_text("Выручка")
    expect(tooltip).to_contain_text("Оплаченные заказы")
    # The value is the state's formatted text: Russian decimals after a comma.
    expect(tooltip).to_contain_text(re.compile(r"Выручка\s*:\s*[\d\s]+,\d\d"))


def test_report_and_audit_dates_are_typed_in_the_language_order(page: Page, app_server):
    _admin(page, app_server, "/admin/reports", lang="ru")
    start = datetime.now(UTC).date() - timedelta(days=89)
    date_from = page.get_by_label("С даты")
    expect(date_from).to_have_value(start.strftime("%d.%m.%Y"), timeout=SLOW)
    date_from.fill("01.02.2020")
    page.get_by_role("main").get_by_role("button", name="Показать").click()
    csv = page.get_by_role("link", name="CSV").first
    expect(csv).to_have_attribute("href", re.compile(r"date_from=2020-02-01"))
    expect(page.get_by_label("С даты")).to_have_value("01.02.2020")
    # An English-order date on the Russian page is refused, not misread.
    page.get_by_label("С даты").fill("02/01/2020")
    page.get_by_role("main").get_by_role("button", name="Показать").click()
    expect(page.get_by_text("Формат: ДД.ММ.ГГГГ")).to_be_visible()
    # Under the field that is wrong, which is marked; the other one is not.
    expect(page.get_by_label("С даты")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("По дату")).to_have_attribute("aria-invalid", "false")

    page.goto(f"{app_server['base_url']}/admin/audit?lang=en")
    expect(page.get_by_test_id("audit-entry").first).to_be_visible(timeout=SLOW)
    page.get_by_label("From").fill("31.12.2026")
    page.get_by_role("main").get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("Format: MM/DD/YYYY")).to_be_visible()
    expect(page.get_by_test_id("audit-entry")).to_have_count(0)
    page.get_by_label("From").fill("12/31/2099")
    page.get_by_role("main").get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("Format: MM/DD/YYYY")).to_be_hidden()
    expect(page.get_by_test_id("audit-entry")).to_have_count(0)


# How many of the tables' row elements (`inside`: a selector, passed always: Playwright
# calls the function with null, not undefined, so a JS default never applied) are
# shown, and which of them end past their table's visible frame (Radix wraps a table in a
# scroll area: what is past its edge needs a sideways scroll to reach).
PAST_THE_FRAME = """(inside) => {
  const shown = [...document.querySelectorAll('main .rt-TableRoot')].flatMap(root =>
    [...root.querySelectorAll(inside)]
      .filter(control => control.getBoundingClientRect().width > 0)
      .map(control => [control.textContent.trim(),
                       Math.round(control.getBoundingClientRect().right
                                  - root.getBoundingClientRect().right)]));
  return {shown: shown.length, past: shown.filter(([, past]) => past > 0)};
}"""


def _past_the_frame(page: Page, inside: str = "tbody button, tbody a") -> list:
    """PAST_THE_FRAME's offenders, after checking that it measured something."""
    found = page.evaluate(PAST_THE_FRAME, inside)
    assert found["shown"] > 0, f"no {inside!r} shown in a table of {page.url}"
    return found["past"]


def test_the_users_list_fits_a_375px_phone_with_its_buttons_inside_the_table(
    page: Page, app_server
):
    """A long email breaks instead of widening its column (components/admin_list
    .person_cell): the row's Block button stays inside the table's frame."""
    page.set_viewport_size({"width": 375, "height": 800})
    new_user(app_server, "Maximiliana Longname-Rodriguez", locale="ru")
    _admin(page, app_server, "/admin/users", lang="ru")
    row = page.get_by_test_id("admin-user-row").filter(has_text="Maximiliana")
    expect(row).to_be_visible(timeout=SLOW)
    expect(row.get_by_role("button", name=re.compile("^Заблокировать"))).to_be_visible()
    assert _past_the_frame(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_admin_lists_fit_a_375px_phone_with_their_buttons_inside_the_table(
    page: Page, app_server
):
    """Orders, certificates, reviews, courses and enrolments of the demo data on a phone:
    the columns hidden there move into the row's first cell, and no row's button or link
    needs a sideways scroll to reach; nor does any cell of the reports' tables."""
    page.set_viewport_size({"width": 375, "height": 800})
    _admin(page, app_server, "/admin", lang="ru")
    for path, row_id in (
        ("/admin/orders", "admin-order-row"),
        ("/admin/certificates", "admin-certificate-row"),
        ("/admin/reviews", "admin-review-row"),
        ("/admin/courses", "admin-course-row"),
        ("/admin/enrollments", "admin-enrollment-row"),
    ):
        page.goto(f"{app_server['base_url']}{path}?lang=ru")
        expect(page.get_by_test_id(row_id).first).to_be_visible(timeout=SLOW)
        assert _past_the_frame(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    # The reports' tables: the completion rate and the spend stay in sight, the counts
    # beside them move under the course or the person.
    page.goto(f"{app_server['base_url']}/admin/reports?lang=ru")
    rate = page.get_by_role("progressbar").first
    expect(rate).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"^Записи: \d+ · Завершили: \d+$")).first).to_be_visible()
    assert _past_the_frame(page, "tbody td") == []
