"""Languages and formats in the browser (issue #14): the first paint is already in the
page's language, `?lang=` does not touch the saved profile language (the switch does),
translated titles and categories, plural forms, money, payment failure reasons, the
currency select and dates typed in the language's order."""

from __future__ import annotations

import re
import time
import uuid
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from edu_platform.i18n import CATALOGUE, format_price, translate, translate_plural
from edu_platform.models import Course, Payment, User
from edu_platform.services import orders
from tests.e2e.support import (
    SLOW,
    HeldScripts,
    db_session,
    new_user,
    shot,
    sign_in,
    sign_in_through_form,
)

# Every distinct text the page paints, and the tab's title: sampled in a
# requestAnimationFrame loop, which runs right before every frame is painted, from before
# the first one (installed before any page script runs). document.body.innerText leaves
# out text under `visibility: hidden`: the page is not showing it.
RECORDER = """
(() => {
  const seen = [];
  window.__shownTexts = seen;
  let last = null;
  const frame = () => {
    const body = document.body;
    const text = (body ? body.innerText : '') + '\\n<title>' + document.title;
    if (text !== last && seen.length < 400) { seen.push(text); last = text; }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
"""
# Interface messages that must never show on a page in the other language: the header,
# catalog, home and sign-in texts (course titles and descriptions are content and may be
# in either language).
UI_PREFIXES = ("nav.", "catalog.", "home.", "auth.", "search.", "a11y.title.", "footer.")


def _ui_texts(lang: str) -> set[str]:
    other = "en" if lang == "ru" else "ru"
    return {
        text
        for key, text in CATALOGUE[lang].items()
        if key.startswith(UI_PREFIXES)
        and len(text) >= 4
        and text != CATALOGUE[other][key]
        and "{" not in text
    }


def _shown_texts(page: Page) -> list[str]:
    return page.evaluate("window.__shownTexts")


def _settle(page: Page, text: str) -> None:
    """Wait until the page shows `text` and its state has arrived (hydrated, on_load run)."""
    expect(page.get_by_text(text, exact=True).first).to_be_visible(timeout=SLOW)
    expect(page.locator("html")).not_to_have_attribute("data-lang-wait", re.compile(".*"))
    page.wait_for_function("() => window.__reflex !== undefined", timeout=SLOW)
    page.wait_for_timeout(1000)


def _assert_never_shown(page: Page, wrong_lang: str) -> None:
    """No interface text of `wrong_lang` was ever shown, except words the settled page
    itself shows as content (a Russian course title on the English catalog)."""
    shown = _shown_texts(page)
    assert shown  # the recorder ran
    final = shown[-1]
    forbidden = {text for text in _ui_texts(wrong_lang) if text not in final}
    leaks = sorted({text for snapshot in shown for text in forbidden if text in snapshot})
    assert leaks == [], f"{wrong_lang} texts shown: {leaks[:10]}"


def _recording_page(browser: Browser, locale: str, width: int, height: int):
    """A page of a new browser context in `locale` that records every text it shows."""
    context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
    context.add_init_script(RECORDER)
    yield context.new_page()
    context.close()


@pytest.fixture
def ru_browser_page(browser: Browser):
    yield from _recording_page(browser, "ru-RU", 1280, 900)


@pytest.fixture
def en_browser_page(browser: Browser):
    yield from _recording_page(browser, "en-US", 375, 800)


def _course_slug(app_server, language: str) -> str:
    with db_session(app_server) as session:
        return session.scalar(
            select(Course.slug)
            .where(Course.is_published.is_(True), Course.language == language)
            .order_by(Course.id)
        )


@pytest.mark.parametrize(
    ("path", "settled_text"),
    [
        ("/catalog?lang=en", "Course catalog"),
        ("/?lang=en", "Learn something new every day"),
        ("/login?lang=en", "Sign in"),
        ("course", "Syllabus"),
    ],
)
def test_an_english_page_in_a_russian_browser_never_shows_russian(
    ru_browser_page: Page, app_server, path, settled_text
):
    page = ru_browser_page
    base = app_server["base_url"]
    if path == "course":
        path = f"/course/{_course_slug(app_server, 'ru')}?lang=en"
    else:
        # The prerendered HTML itself is Russian: shown at once, it would be a flash.
        html = page.request.get(f"{base}{path}").text()
        assert "Каталог" in html
    page.goto(f"{base}{path}")
    _settle(page, settled_text)
    shot(page, "en-desktop" + re.sub(r"\W+", "-", path.split("?")[0]))
    _assert_never_shown(page, "ru")
    assert _shown_texts(page)[0].split("\n<title>")[0].strip() == ""  # a blank first paint
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize(
    ("path", "settled_text"),
    [("/catalog?lang=ru", "Каталог курсов"), ("/?lang=ru", "Учитесь новому каждый день")],
)
def test_a_russian_page_in_an_english_browser_never_shows_english(
    en_browser_page: Page, app_server, path, settled_text
):
    page = en_browser_page
    page.goto(f"{app_server['base_url']}{path}")
    _settle(page, settled_text)
    shot(page, "ru-375" + re.sub(r"\W+", "-", path.split("?")[0]))
    _assert_never_shown(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "ru")


def test_an_english_browser_without_lang_gets_english_from_the_first_paint(
    en_browser_page: Page, app_server
):
    page = en_browser_page
    page.goto(f"{app_server['base_url']}/catalog")
    _settle(page, "Course catalog")
    _assert_never_shown(page, "ru")


def test_titles_follow_the_language(page: Page, app_server):
    base = app_server["base_url"]
    page.goto(f"{base}/catalog?lang=en")
    expect(page).to_have_title("Course catalog — EduPlatform", timeout=SLOW)
    page.goto(f"{base}/catalog?lang=ru")
    expect(page).to_have_title("Каталог курсов — EduPlatform", timeout=SLOW)
    page.goto(f"{base}/login?lang=en")
    expect(page).to_have_title("Sign in — EduPlatform", timeout=SLOW)
    # The switch changes the title of the page in place.
    page.get_by_role("group", name="Interface language").get_by_role("button", name="RU").click()
    expect(page).to_have_title("Вход — EduPlatform", timeout=SLOW)


def test_a_title_the_page_sets_while_its_language_loads_is_kept(page: Page, app_server):
    """The boot script holds the tab's title in the page's language until the state
    arrives (components/lang_boot.py), but only in place of the prerendered one: a course
    page that sets its course's name before the mark is removed keeps it (it once fell
    back to the generic title for good, and only sometimes)."""
    scripts = HeldScripts(page)  # no app script runs: the mark stays
    page.goto(f"{app_server['base_url']}/catalog?lang=en", wait_until="domcontentloaded")
    expect(page.locator("html")).to_have_attribute("data-lang-wait", "en")
    expect(page).to_have_title("Course catalog — EduPlatform")  # not the prerendered Russian
    title = page.evaluate(
        """async () => {
            document.title = "Python с нуля — EduPlatform";
            await new Promise((resolve) => setTimeout(resolve, 100));
            return document.title;
        }"""
    )
    assert title == "Python с нуля — EduPlatform"
    scripts.release()
    expect(page).to_have_title("Course catalog — EduPlatform", timeout=SLOW)


def test_an_unknown_path_is_titled_not_found_in_the_language_while_it_loads(page: Page, app_server):
    HeldScripts(page)  # no app script runs: the mark stays
    page.goto(f"{app_server['base_url']}/no-such-page?lang=en", wait_until="domcontentloaded")
    expect(page.locator("html")).to_have_attribute("data-lang-wait", "en")
    expect(page).to_have_title("Page not found — EduPlatform")


def _locale(app_server, user_id: int) -> str:
    with db_session(app_server) as session:
        return session.get(User, user_id).locale


def test_lang_in_a_link_changes_the_page_not_the_profile_and_the_switch_saves(
    page: Page, app_server
):
    base = app_server["base_url"]
    user_id, email = new_user(app_server, "Lena Lang", locale="ru")
    sign_in_through_form(page, base, email)  # through /login?lang=en
    expect(page.get_by_role("link", name="Catalog").first).to_be_visible(timeout=SLOW)
    assert _locale(app_server, user_id) == "ru"

    page.goto(f"{base}/catalog?lang=en")
    expect(page.get_by_role("heading", name="Course catalog")).to_be_visible(timeout=SLOW)
    # The tab keeps the link's language on its next pages, still without saving it.
    page.goto(f"{base}/my")
    expect(page.get_by_role("link", name="Catalog").first).to_be_visible(timeout=SLOW)
    assert _locale(app_server, user_id) == "ru"

    # A new tab has no ?lang=: the saved language.
    other = page.context.new_page()
    other.goto(f"{base}/catalog")
    expect(other.get_by_role("heading", name="Каталог курсов")).to_be_visible(timeout=SLOW)
    other.close()

    # The switch saves.
    page.get_by_role("group", name="Interface language").get_by_role("button", name="EN").click()
    deadline = time.monotonic() + 10
    while _locale(app_server, user_id) != "en" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _locale(app_server, user_id) == "en"
    fresh = page.context.new_page()
    fresh.goto(f"{base}/catalog")
    expect(fresh.get_by_role("heading", name="Course catalog")).to_be_visible(timeout=SLOW)
    fresh.close()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_course_page_counts_plurals_money_and_category_in_the_language(
    page: Page, app_server, lang
):
    slug = _course_slug(app_server, "ru")
    with db_session(app_server) as session:
        course = session.scalar(select(Course).where(Course.slug == slug))
        lessons, ratings = course.lessons_count, course.rating_count
        price, currency = Decimal(course.price), course.currency
        category = course.category_id
    page.goto(f"{app_server['base_url']}/course/{slug}?lang={lang}")
    main = page.get_by_role("main")
    expect(main.get_by_text(translate_plural("plural.lessons", lang, lessons)).first).to_be_visible(
        timeout=SLOW
    )
    expect(main.get_by_text(translate_plural("plural.ratings", lang, ratings))).to_be_visible()
    if price:
        expect(main.get_by_text(format_price(price, currency, lang)).first).to_be_visible()
    shot(page, f"course-{lang}")
    if category:
        with db_session(app_server) as session:
            from edu_platform.models import Category

            row = session.get(Category, category)
            name = row.name if lang == "ru" else (row.name_en or row.name)
        expect(main.get_by_text(f"/ {name}")).to_be_visible()


def test_catalog_categories_and_found_count_in_both_languages(page: Page, app_server):
    base = app_server["base_url"]
    page.goto(f"{base}/catalog?lang=en&category=programming")
    total_text = page.get_by_test_id("catalog-total")
    expect(total_text).to_have_text(re.compile(r"^\d+ courses? found$"), timeout=SLOW)
    # Shown, not only there: the English page stays hidden until it is live, and a
    # hidden element's innerText is "".
    expect(total_text).to_be_visible()
    total = int(re.sub(r"\D", "", total_text.inner_text()))
    expect(total_text).to_have_text(translate_plural("plural.courses_found", "en", total))
    expect(page.get_by_role("link", name=re.compile(r"^Programming"))).to_be_visible()
    page.goto(f"{base}/catalog?lang=ru&category=programming")
    expect(total_text).to_have_text(
        translate_plural("plural.courses_found", "ru", total), timeout=SLOW
    )
    expect(page.get_by_role("link", name=re.compile(r"^Программирование"))).to_be_visible()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_declined_payment_reads_as_a_sentence_on_checkout_and_orders(
    page: Page, app_server, lang
):
    base = app_server["base_url"]
    user_id, email = new_user(app_server, "Paula Payer", locale=lang)
    with db_session(app_server) as session:
        course = session.scalar(
            select(Course).where(Course.is_published.is_(True), Course.price > 0)
        )
        view, _ = orders.create_order(
            session=session,
            user_id=user_id,
            course_ids=[course.id],
            idempotency_key=uuid.uuid4().hex,
        )
        session.add(
            Payment(
                order_id=view.id,
                provider="test",
                provider_ref=f"e2e-{uuid.uuid4().hex}",
                status="failed",
                amount=view.total,
                currency=view.currency,
                error="card_declined",
            )
        )
        session.commit()
    sentence = translate("payment.reason.card_declined", lang)
    sign_in(page, base, email, next_path="/my/orders")
    page.goto(f"{base}/my/orders?lang={lang}")
    card = page.get_by_test_id("order-card").first
    expect(card.get_by_test_id("order-payment-error")).to_contain_text(sentence, timeout=SLOW)
    expect(card).to_contain_text(format_price(view.total, view.currency, lang).replace("\xa0", " "))
    expect(page.get_by_text("card_declined")).to_have_count(0)
    shot(page, f"orders-{lang}")
    page.goto(f"{base}/checkout/{view.id}?lang={lang}")
    expect(page.get_by_test_id("payment-error")).to_have_text(sentence, timeout=SLOW)


def test_course_form_offers_currencies_and_takes_dates_in_the_language_order(
    page: Page, app_server
):
    base = app_server["base_url"]
    _, email = new_user(app_server, "Cora Currency", role="teacher")
    sign_in(page, base, email, next_path="/teach")
    page.get_by_role("button", name="New course").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Title").fill(f"Money matters {uuid.uuid4().hex[:6]}")
    dialog.get_by_role("button", name="Create").click()
    expect(page).to_have_url(re.compile(r"/teach/course/\d+$"), timeout=SLOW)
    course_id = int(page.url.rstrip("/").rsplit("/", 1)[-1])

    page.goto(f"{base}/teach/course/{course_id}?lang=ru")
    currency = page.get_by_label("Валюта")
    expect(currency).to_be_visible(timeout=SLOW)
    currency.click()
    options = page.get_by_role("option")
    expect(options).to_have_text(
        [translate(f"currency.{code}", "ru") for code in ("RUB", "USD", "EUR")]
    )
    shot(page, "currency-select-ru")
    page.get_by_role("option", name=translate("currency.USD", "ru")).click()
    start = page.get_by_label("Дата начала")
    expect(start).to_have_attribute("placeholder", "ДД.ММ.ГГГГ")
    start.fill("2026-13-45")
    page.get_by_role("button", name="Сохранить настройки").click()
    expect(page.get_by_text("Введите дату в формате ДД.ММ.ГГГГ.")).to_be_visible(timeout=SLOW)
    start = page.get_by_label("Дата начала")
    start.fill("05.03.2026")
    page.get_by_role("button", name="Сохранить настройки").click()
    expect(page.get_by_text("Настройки сохранены")).to_be_visible(timeout=SLOW)
    with db_session(app_server) as session:
        course = session.get(Course, course_id)
        assert (course.currency, str(course.start_date)) == ("USD", "2026-03-05")
    # The same date in the English form reads month first.
    page.goto(f"{base}/teach/course/{course_id}?lang=en")
    expect(page.get_by_label("Start date")).to_have_value("03/05/2026", timeout=SLOW)
    shot(page, "course-form-en", at=page.get_by_label("Start date"))


def test_the_recorder_sees_a_flash_when_the_boot_script_is_misled(
    ru_browser_page: Page, app_server
):
    """The check can fail: a signed-in English user whose `lang` cookie was forged to "ru"
    gets a Russian first paint (the boot script trusts the cookie), then English from the
    state — and the recorder reports the Russian it saw."""
    page = ru_browser_page
    base = app_server["base_url"]
    _, email = new_user(app_server, "Flash Gordon", locale="en")
    sign_in(page, base, email)
    fresh = page.context.new_page()  # a new tab: no ?lang= of its own
    page.context.add_cookies([{"name": "lang", "value": "ru", "url": base}])
    fresh.goto(f"{base}/catalog")
    _settle(fresh, "Course catalog")
    with pytest.raises(AssertionError, match="ru texts shown"):
        _assert_never_shown(fresh, "ru")
    fresh.close()
