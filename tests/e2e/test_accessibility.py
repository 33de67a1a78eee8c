"""WCAG 2.1 AA in the browser (issue #17): axe-core on pages seen by a guest, a student,
a teacher and an admin in both languages; `<html lang>` and the translated title; the
layout at 320 px; sign-in, catalog filters, checkout and a quiz with the keyboard alone,
the focus visible at every stop.

axe-core comes from the npm registry, pinned in the Makefile (`make test` installs it
into .tools/). It is evaluated in the page through the DevTools protocol: the pages'
Content-Security-Policy allows no injected <script> element.
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from edu_platform import routes
from edu_platform.models import Course, Enrollment, Question, User
from edu_platform.seed.demo import DEMO_PASSWORD
from edu_platform.services import accounts
from edu_platform.settings import PROJECT_ROOT
from tests.e2e.support import (
    PASSWORD,
    SLOW,
    db_session,
    grant_final_quiz_course,
    sign_in,
)
from tests.support.cards import VALID_EXP

AXE_JS = PROJECT_ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("critical", "serious")
DEMO = {
    "student": "student@example.com",
    "teacher": "teacher@example.com",
    "admin": "admin@example.com",
}


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=SLOW)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: `make install-test` installs axe-core from npm")
    return AXE_JS.read_text()


@pytest.fixture(scope="module")
def subjects(app_server) -> dict[str, str]:
    """Paths with ids from the seeded database."""
    with db_session(app_server) as session:
        ru_course = session.scalar(
            select(Course.slug).where(Course.is_published.is_(True), Course.language == "ru")
        )
        en_course = session.scalar(
            select(Course.slug).where(Course.is_published.is_(True), Course.language == "en")
        )
        learning = session.scalar(
            select(Course.slug)
            .join(Enrollment, Enrollment.course_id == Course.id)
            .join(User, User.id == Enrollment.user_id)
            .where(User.email == DEMO["student"])
        )
        taught = session.scalar(
            select(Course.id)
            .join(User, User.id == Course.teacher_id)
            .where(User.email == DEMO["teacher"])
        )
    return {
        "ru_course": f"/course/{ru_course}",
        "en_course": f"/course/{en_course}",
        "learn": f"/learn/{learning}",
        "editor": f"/teach/course/{taught}",
    }


# Student and admin pages are checked on a 320 px wide phone, the others on a desktop.
VIEWPORT_WIDTH = {"guest": 1280, "student": 320, "teacher": 1280, "admin": 320}
# Per role: (path or subject key, UI language). About fifteen pages in all.
VISITS = {
    "guest": [
        (routes.HOME, "ru"),
        (routes.CATALOG, "en"),
        ("en_course", "ru"),  # English content inside the Russian interface
        ("ru_course", "en"),  # and the other way round
        (routes.LOGIN, "ru"),
    ],
    "student": [(routes.MY, "en"), ("learn", "ru"), (routes.ACCOUNT, "en")],
    "teacher": [(routes.TEACH, "ru"), ("editor", "en")],
    "admin": [
        (routes.ADMIN_USERS, "en"),
        (routes.ADMIN_REPORTS, "ru"),
        (routes.ADMIN, "en"),
        (routes.ADMIN_AUDIT, "ru"),
    ],
}


def settle(page: Page, lang: str) -> None:
    """The page has applied the language and finished loading its data: `<html lang>` is
    the language and `<html data-hydrated>` says the page's on_load handlers have run
    (components/a11y.py reveal_hook)."""
    page.wait_for_function(
        """(lang) => document.documentElement.lang === lang
            && document.documentElement.hasAttribute('data-hydrated')""",
        arg=lang,
        timeout=SLOW,
    )
    expect(page.get_by_role("main")).to_be_visible()
    expect(page.locator("main .rt-Skeleton")).to_have_count(0)


def axe_violations(page: Page, axe_source: str) -> list[str]:
    # A dialog or toast fading in has its colours blended with the page behind it until
    # the animation ends: axe would measure that contrast (a flaky "color-contrast").
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running'"
        " || a.effect?.getComputedTiming().iterations === Infinity)"
    )
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    results = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + n.failureSummary
                    .replace(/\\s+/g, ' ')).slice(0, 5),
            }));
        }""",
        AXE_TAGS,
    )
    return [
        f"{page.url}: [{v['impact']}] {v['id']} ({v['help']})\n      " + "\n      ".join(v["nodes"])
        for v in results
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("role", list(VISITS))
def test_no_serious_axe_violations(page: Page, app_server, axe_source, subjects, role: str) -> None:
    base = app_server["base_url"]
    width = VIEWPORT_WIDTH[role]
    page.set_viewport_size({"width": 1280, "height": 900})
    if role != "guest":
        sign_in(page, base, DEMO[role])
    page.set_viewport_size({"width": width, "height": 900})
    found: list[str] = []
    for target, lang in VISITS[role]:
        path = subjects.get(target, target)
        page.goto(f"{base}{path}?lang={lang}")
        settle(page, lang)
        # The title is translated: never the generic English one in Russian.
        title = page.title()
        assert title.endswith("— EduPlatform"), (path, title)
        if lang == "ru" and target in routes.__dict__.values():
            assert re.search("[а-яА-Я]", title), (path, title)
        found += axe_violations(page, axe_source)
        # WCAG 1.4.10: no horizontal scrolling.
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        if scroll_width > width:
            found.append(f"{page.url}: {scroll_width} px wide in a {width} px window")
    assert not found, "critical or serious violations\n" + "\n".join(found)


def test_course_page_names_the_course_and_marks_its_language(page: Page, app_server, subjects):
    base = app_server["base_url"]
    page.goto(f"{base}{subjects['ru_course']}?lang=en")
    settle(page, "en")
    heading = page.get_by_role("main").locator("h1").first
    expect(heading).to_have_attribute("lang", "ru")
    expect(page).to_have_title(heading.inner_text() + " — EduPlatform")
    # Switching the language rewrites <html lang> without a reload.
    page.get_by_role("button", name="RU", exact=True).first.click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")


@pytest.mark.parametrize("path", [routes.HOME, routes.CATALOG, "ru_course"])
def test_320px_wide_screen_has_no_horizontal_scroll(page: Page, app_server, subjects, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{app_server['base_url']}{subjects.get(path, path)}?lang=ru")
    settle(page, "ru")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{path}: the page is {width} px wide at 320 px"
    menu = page.get_by_role("button", name="Меню")
    box = menu.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, box


# --- the keyboard alone ---------------------------------------------------------------

FOCUS_JS = """() => {
    const el = document.activeElement;
    const fieldsets = [...document.querySelectorAll('main fieldset')];
    if (!el || el === document.body) {
        return {name: '', visible: false, ring: '', tag: 'body', type: '', group: -1};
    }
    const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
    const name = (el.getAttribute('aria-label') || label || el.innerText || el.value || '');
    // The ring is on the element or, for Radix text fields and radios, on a wrapper.
    let node = el, visible = false, ring = '';
    for (let i = 0; i < 3 && node && node !== document.body; i++, node = node.parentElement) {
        const style = getComputedStyle(node);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
        const shadow = style.boxShadow && style.boxShadow !== 'none';
        if (outline) ring = style.outlineColor;
        if (outline || (i === 0 && shadow)) { visible = true; break; }
    }
    return {name: name.trim().slice(0, 80), visible, ring, tag: el.tagName.toLowerCase(),
            type: el.getAttribute('role') || el.getAttribute('type') || '',
            group: fieldsets.indexOf(el.closest('fieldset'))};
}"""


def focused(page: Page) -> dict:
    return page.evaluate(FOCUS_JS)


def contrast_on_white(css_colour: str) -> float:
    """WCAG contrast of an opaque `rgb(r, g, b)` or `color(display-p3 r g b)` (Radix's
    colours where the screen supports P3, taken as sRGB: close enough) on the white page."""
    parts = [float(part) for part in re.findall(r"\d*\.?\d+", css_colour.split("p3")[-1])]
    scale = 1 if css_colour.startswith("color(") else 255
    red, green, blue = (part / scale * 255 for part in parts[:3])

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    return 1.05 / (luminance + 0.05)


def tab_to(page: Page, wanted, *, limit: int = 40) -> dict:
    """Presses Tab until the focused element matches `wanted` (a regex on its name, or a
    predicate); every stop on the way must show a focus indicator."""
    match = wanted if callable(wanted) else (lambda f: re.search(wanted, f["name"]))
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        stops.append(f"{stop['tag']}[{stop['type']}] {stop['name']!r}")
        assert stop["tag"] == "body" or stop["visible"], f"focus not visible on {stop}"
        if stop.get("ring"):  # WCAG 1.4.11: the ring itself at least 3:1
            assert contrast_on_white(stop["ring"]) >= 3, f"faint focus ring on {stop}"
        if match(stop):
            return stop
    raise AssertionError(f"{wanted!r} not reached in {limit} Tab presses: " + " → ".join(stops))


def test_keyboard_sign_in_with_skip_link(page: Page, app_server):
    page.goto(f"{app_server['base_url']}/login?lang=en&next=/my")
    settle(page, "en")
    first = tab_to(page, r"Skip to main content", limit=1)
    assert first["tag"] == "a"
    page.keyboard.press("Enter")
    # The skip link only moves the focus: no navigation (the router would drop ?next and
    # run the page's on_load again, its form disabled meanwhile).
    expect(page.locator("main")).to_be_focused()
    assert page.url.endswith("?lang=en&next=/my"), page.url
    tab_to(page, lambda f: f["type"] == "email", limit=5)
    page.keyboard.type(DEMO["student"])
    tab_to(page, lambda f: f["type"] == "password", limit=3)
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path.rstrip("/") == "/my")
    expect(page.locator(".account-name").first).to_be_visible()
    # Signed in, the student's saved language wins (Russian in the demo seed unless an
    # earlier test switched it).
    menu = re.compile(r"(account menu|меню аккаунта)$")
    expect(page.get_by_role("button", name=menu)).to_be_visible()


def test_keyboard_catalog_filter(page: Page, app_server):
    page.goto(f"{app_server['base_url']}/catalog?lang=en")
    settle(page, "en")
    tab_to(page, r"Skip to main content", limit=1)
    page.keyboard.press("Enter")
    # The first filter is a few stops into the main content, not 11 stops of header away.
    tab_to(page, r"^Beginner", limit=25)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"level=beginner"))
    legend = page.locator("fieldset.filter-group > legend", has_text="Level")
    expect(legend).to_have_count(1)
    expect(page.get_by_role("group", name="Level").get_by_role("link").first).to_be_visible()


def _fresh_user(app_server, name: str) -> tuple[int, str]:
    email = f"kb-{uuid.uuid4().hex[:10]}@example.com"
    with db_session(app_server) as session:
        user = accounts.register(
            session=session, email=email, password=PASSWORD, full_name=name, locale="en"
        )
        session.commit()
        return user.id, email


def _keyboard_sign_in(page: Page, base: str, email: str, next_path: str) -> None:
    page.goto(f"{base}/login?lang=en&next={next_path}")
    settle(page, "en")
    page.get_by_role("main").get_by_label("Email").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".account-name").first).to_be_visible()


def test_keyboard_checkout(page: Page, app_server):
    base = app_server["base_url"]
    _, email = _fresh_user(app_server, "Kim Keys")
    _keyboard_sign_in(page, base, email, "/course/fastapi-services")
    expect(page).to_have_url(re.compile(r"/course/fastapi-services"))
    settle(page, "en")
    tab_to(page, r"^Buy for", limit=60)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/cart$"))
    settle(page, "en")
    tab_to(page, r"^Checkout", limit=60)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/checkout/\d+$"))
    settle(page, "en")
    tab_to(page, r"^Card number", limit=60)
    page.keyboard.type("4242 4242 4242 4242")
    page.keyboard.press("Tab")
    page.keyboard.type(VALID_EXP)
    page.keyboard.press("Tab")
    page.keyboard.type("123")
    tab_to(page, r"^Pay", limit=10)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("payment-received")).to_contain_text("Payment received")


def test_keyboard_quiz(page: Page, app_server, axe_source):
    base = app_server["base_url"]
    user_id, email = _fresh_user(app_server, "Quinn Keys")
    with db_session(app_server) as session:
        course, quiz = grant_final_quiz_course(session, user_id)
        kinds = list(
            session.scalars(
                select(Question.kind).where(Question.quiz_id == quiz.id).order_by(Question.position)
            )
        )
        url = routes.learn_url(course.slug, quiz.lesson_id)
        session.commit()
    _keyboard_sign_in(page, base, email, f"/learn/{course.slug}")
    # A fresh learner's first lesson: the green "Mark as done" button passes axe's contrast.
    expect(page.get_by_role("button", name="Mark as done")).to_be_visible()
    assert not axe_violations(page, axe_source)
    page.goto(f"{base}{url}")
    expect(page.get_by_role("button", name="Start quiz")).to_be_visible()
    tab_to(page, r"^Start quiz", limit=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Submit answers")).to_be_visible()
    for index, kind in enumerate(kinds):
        # Forward through the questions (one fieldset each), answering the first control.
        control = {"single": "radio", "multiple": "checkbox"}.get(kind)
        tab_to(page, lambda f, i=index, c=control: f["group"] == i and (not c or f["type"] == c))
        if control:
            page.keyboard.press("Space")
        else:
            page.keyboard.type("42")
    tab_to(page, r"^Submit answers", limit=60)
    page.keyboard.press("Enter")
    # The confirmation dialog takes the focus (on "Back to the questions"); Tab reaches
    # its "Submit" and the focus stays inside the dialog.
    expect(page.get_by_role("alertdialog")).to_be_visible()
    assert not axe_violations(page, axe_source)
    tab_to(page, r"^Submit$", limit=3)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("quiz-score")).to_be_visible()
    expect(page.get_by_test_id("quiz-question-result")).to_have_count(len(kinds))
