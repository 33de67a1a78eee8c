"""Blog, user-written materials and the Telegram WebApp page in a real browser against
the prod server: the blog list, a tag, a post whose XSS payload stays text, the RSS feed
on the same port; a student writes a material that another user finds under the
catalog's Materials filter; /tg at 375 px signs in with initData signed here."""

from __future__ import annotations

import json
import re
import time
import uuid
from xml.etree import ElementTree

from playwright.sync_api import Page, expect

from edu_platform.i18n import format_date
from edu_platform.models import utcnow
from edu_platform.services import blog, telegram
from tests.e2e.support import SLOW, db_session, new_user, sign_in

XSS = (
    "Intro paragraph.\n\n"
    '<img src=x onerror="window.__xss=1">\n\n'
    "<script>window.__xss=2</script>\n\n"
    "[click me](javascript:window.__xss=3)\n\n"
    "**bold words**"
)


def _post(app_server, author_id: int, **values):
    with db_session(app_server) as session:
        post = blog.create_post(session=session, actor_id=author_id, is_published=True, **values)
        session.commit()
        return post.slug


def test_blog_list_tag_post_with_an_xss_payload_and_the_rss_feed(page: Page, app_server):
    base = app_server["base_url"]
    teacher_id, _ = new_user(app_server, name="Tina Blogger", role="teacher")
    marker = uuid.uuid4().hex[:6]
    tag = f"e2e{marker}"
    plain = _post(app_server, teacher_id, title=f"Plain post {marker}", body="Hello", tags=[tag])
    risky = _post(
        app_server, teacher_id, title=f"Risky post {marker}", body=XSS, tags=[tag, "security"]
    )

    page.goto(f"{base}/blog?lang=en")
    expect(page.get_by_role("heading", name="Blog", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=f"Risky post {marker}")).to_be_visible(timeout=SLOW)

    page.get_by_role("link", name=re.compile(rf"^#\s?{tag}$")).first.click()
    expect(page).to_have_url(re.compile(rf"/blog\?tag={tag}"))
    cards = page.get_by_test_id("post-card")
    expect(cards).to_have_count(2)
    # Dates as a reader of the language reads them, not ISO.
    today = utcnow()
    expect(cards.first).to_contain_text(f"{today:%b} {today.day}, {today.year}")
    page.get_by_role("link", name=f"Plain post {marker}").click()
    expect(page).to_have_url(re.compile(rf"/blog/{plain}$"))
    expect(page.get_by_role("heading", name=f"Plain post {marker}")).to_be_visible()
    # The tab names the post.
    expect(page).to_have_title(f"Plain post {marker} — EduPlatform")
    page.goto(f"{base}/blog/{plain}?lang=ru")
    expect(page.get_by_text(format_date(today, "ru"))).to_be_visible(timeout=SLOW)

    page.goto(f"{base}/blog/{risky}?lang=en")
    body = page.get_by_test_id("post-body")
    expect(body).to_contain_text("Intro paragraph.", timeout=SLOW)
    # Raw HTML is shown as text, never turned into elements; the javascript: link is dropped.
    expect(body).to_contain_text('<img src=x onerror="window.__xss=1">')
    expect(body).to_contain_text("<script>window.__xss=2</script>")
    expect(body.locator("img")).to_have_count(0)
    expect(body.locator("script")).to_have_count(0)
    expect(body.locator("strong")).to_have_text("bold words")
    link = body.get_by_text("click me")
    expect(link).to_be_visible()
    assert "javascript" not in (link.get_attribute("href") or "")
    if link.get_attribute("href"):
        link.click()
    assert page.evaluate("window.__xss") is None
    expect(page.get_by_text("Tina Blogger")).to_be_visible()

    # The feed is served by the API on the same port, not swallowed by the pages.
    response = page.request.get(f"{base}/blog/rss.xml")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.body()).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert f"Risky post {marker}" in titles

    # The home page shows the latest posts.
    page.goto(f"{base}/?lang=en")
    latest = page.get_by_test_id("home-latest-posts")
    expect(latest.get_by_role("heading", name=f"Risky post {marker}")).to_be_visible(timeout=SLOW)

    # A post that is not there: a heading and the way back to all posts.
    page.goto(f"{base}/blog/no-such-post-{marker}?lang=en")
    missing = page.get_by_test_id("post-missing")
    expect(missing.get_by_role("heading", name="Post not found.")).to_be_visible(timeout=SLOW)
    missing.get_by_role("link", name="All posts").click()
    expect(page).to_have_url(re.compile(r"/blog/?$"))


def test_a_student_writes_a_material_and_another_user_finds_it_under_materials(
    new_context, app_server
):
    base = app_server["base_url"]
    _, author_email = new_user(app_server, name="Sasha Student")
    _, reader_email = new_user(app_server, name="Rita Reader")
    title = f"Git cheatsheet {uuid.uuid4().hex[:6]}"

    author = new_context().new_page()
    sign_in(author, base, author_email)
    author.goto(f"{base}/account/materials?lang=en")
    author.get_by_label("Title").fill(title)
    author.get_by_label("Short summary").fill("Everyday commands")
    author.get_by_role("button", name="Create").click()
    expect(author).to_have_url(re.compile(r"/account/materials/\d+$"), timeout=SLOW)
    expect(author.get_by_text("Published", exact=True)).to_be_visible(timeout=SLOW)
    author.locator("#new-lesson-title").fill("Committing")
    author.get_by_role("button", name="Add a lesson").click()
    lesson = author.get_by_test_id("material-lesson")
    expect(lesson).to_have_count(1, timeout=SLOW)
    lesson.get_by_label("Lesson text (Markdown)").fill("Run `git commit -m 'message'`.")
    author.get_by_test_id("material-save").click()
    expect(author.get_by_text("Saved.")).to_be_visible(timeout=SLOW)
    author.get_by_role("button", name="Preview").click()
    expect(author.get_by_test_id("material-preview").locator("code")).to_have_text(
        "git commit -m 'message'"
    )

    reader = new_context().new_page()
    sign_in(reader, base, reader_email)
    reader.goto(f"{base}/catalog?lang=en")
    reader.get_by_role("link", name=re.compile("^Materials")).click()
    expect(reader).to_have_url(re.compile(r"kind=material"))
    card = reader.get_by_test_id("course-card").filter(has_text=title)
    expect(card).to_be_visible(timeout=SLOW)
    expect(card.get_by_text("Material", exact=True)).to_be_visible()
    expect(card.get_by_text("Free")).to_be_visible()
    reader.get_by_role("link", name=re.compile("^Courses")).click()
    expect(reader.get_by_test_id("course-card").first).to_be_visible(timeout=SLOW)
    expect(reader.get_by_test_id("course-card").filter(has_text=title)).to_have_count(0)


def _telegram_stub(init_data: str) -> str:
    theme = {
        "bg_color": "#1c2733",
        "text_color": "#ffffff",
        "hint_color": "#7d8b99",
        "button_color": "#2ea6ff",
        "button_text_color": "#ffffff",
        "secondary_bg_color": "#232e3c",
    }
    return f"""
    window.__tgCalls = [];
    window.Telegram = {{ WebApp: {{
      initData: {json.dumps(init_data)},
      initDataUnsafe: {{}},
      themeParams: {json.dumps(theme)},
      ready() {{ window.__tgCalls.push('ready'); }},
      expand() {{ window.__tgCalls.push('expand'); }},
      close() {{ window.__tgCalls.push('close'); }},
      BackButton: {{
        show() {{ window.__tgCalls.push('back.show'); }},
        onClick(handler) {{ window.__tgBack = handler; }},
      }},
    }} }};
    """


def _signed_init_data(app_server, telegram_id: int) -> str:
    user = {"id": telegram_id, "first_name": "Иван", "last_name": "Петров", "language_code": "en"}
    fields = {
        "query_id": "AAE2E",
        "user": json.dumps(user, ensure_ascii=False, separators=(",", ":")),
        "auth_date": str(int(time.time())),
    }
    return telegram.sign_init_data(fields, app_server["env"]["TELEGRAM_BOT_TOKEN"])


def test_tg_page_at_375px_signs_in_with_init_data_in_telegram_colours(new_context, app_server):
    base = app_server["base_url"]
    context = new_context(viewport={"width": 375, "height": 740})
    telegram_id = int(time.time() * 1000) % 10**9
    context.add_init_script(_telegram_stub(_signed_init_data(app_server, telegram_id)))
    page = context.new_page()
    page.goto(f"{base}/tg?lang=en")
    expect(page.get_by_test_id("tg-hello")).to_have_text("Hello, Иван Петров", timeout=SLOW)
    assert re.search(r"/tg/?$", page.url)
    tg_page = page.get_by_test_id("tg-page")
    assert tg_page.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(28, 39, 51)"
    assert tg_page.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
    calls = page.evaluate("window.__tgCalls")
    assert {"ready", "expand", "back.show"} <= set(calls)
    # Telegram's back button is used; the page's own one is not shown.
    expect(page.get_by_role("button", name="Back")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for name in ("My learning", "Catalog", "Materials", "Blog", "Account"):
        expect(page.get_by_role("link", name=name)).to_be_in_viewport()
    page.get_by_role("link", name="Blog").click()
    expect(page).to_have_url(re.compile(r"/blog"))
    page.evaluate("window.__tgBack()")
    expect(page).to_have_url(re.compile(r"/tg/?$"))

    # Outside Telegram the page explains itself and offers the usual sign-in.
    plain = new_context(viewport={"width": 375, "height": 740}).new_page()
    plain.goto(f"{base}/tg?lang=en")
    expect(plain.get_by_test_id("tg-outside")).to_be_visible(timeout=SLOW)
    expect(plain.get_by_role("button", name="Back")).to_be_visible()
    assert plain.evaluate("document.documentElement.scrollWidth") <= 375
