"""Accessibility building blocks shared by every page (WCAG 2.1 AA, issue #17).

- `link_button`: a link that looks like a button — one element, one Tab stop (never an
  `<a>` around a `<button>`).
- `named_progress`: a progress bar with an accessible name ("5 stars: 67 %").
- `star_rating`: stars as one image with its text alternative.
- `document_lang`: keeps `<html lang>` equal to the interface language (Reflex writes
  the attribute once, statically), and shows a page the boot script hid until its
  language arrived (components/lang_boot.py).
- `localise_titles`: every page's `<title>` in the visitor's language, specific where the
  page knows its subject (the course's name on a course page).
- `skip_link`: the first Tab stop of a page, to `#main-content`.
"""

from __future__ import annotations

import dataclasses

import reflex as rx
from reflex_base.utils.format import format_route
from reflex_base.vars.base import Var, VarData
from reflex_components_core.react_router.dom import ReactRouterLink

from edu_platform import routes
from edu_platform.components.i18n import tr
from edu_platform.state.i18n import LangState

APP_NAME = "EduPlatform"
MAIN_ID = "main-content"
# Set by the language boot script while a page waits for its language
# (components/lang_boot.py); removed by `document_lang` once the state arrived.
WAIT_ATTRIBUTE = "data-lang-wait"


HYDRATED_ATTRIBUTE = "data-hydrated"


def reveal_hook(is_hydrated: rx.Var) -> str:
    """A React effect that shows the page once the state (and its language) arrived, and
    marks `<html data-hydrated>` while the page's on_load handlers have run (browser tests
    wait for it instead of guessing from the text)."""
    return (
        "useEffect(() => { const root = document.documentElement; "
        f"if ({is_hydrated!s}) {{ root.removeAttribute('{WAIT_ATTRIBUTE}'); "
        f"root.setAttribute('{HYDRATED_ATTRIBUTE}', ''); }} "
        f"else {{ root.removeAttribute('{HYDRATED_ATTRIBUTE}'); }} }}, [{is_hydrated!s}])"
    )


def link_button(*children, href, is_external: bool = False, **button_props) -> rx.Component:
    """A client-side link styled as a Radix button (the button's `asChild`)."""
    link_props = {"target": "_blank", "rel": "noopener"} if is_external else {}
    return rx.button(
        ReactRouterLink.create(*children, to=href, **link_props), as_child=True, **button_props
    )


def named_progress(value, label, **props) -> rx.Component:
    """A progress bar whose accessible name says what it measures."""
    return rx.progress(value=value, aria_label=label, **props)


def star_rating(count, size: int = 14) -> rx.Component:
    """Five stars, `count` of them filled, announced as one image ("Rating: 4 out of 5")."""
    return rx.hstack(
        *[
            rx.icon(
                "star",
                size=size,
                color=rx.color("amber", 9),
                fill=rx.cond(count >= n, rx.color("amber", 9), "none"),
                aria_hidden="true",
            )
            for n in range(1, 6)
        ],
        spacing="0",
        role="img",
        aria_label=tr("a11y.rating") + ": " + count.to_string() + " " + tr("a11y.of_five"),
    )


def skip_link() -> rx.Component:
    return rx.el.a(tr("a11y.skip"), href=f"#{MAIN_ID}", class_name="skip-link")


# The skip link moves the focus itself. Reflex renders the link as a router link, whose
# click handler would navigate to "#main-content" as a new route: the query (?next=…) is
# dropped and the page's on_load runs again, disabling its forms meanwhile. Listening in
# the capture phase cancels the click before the router sees it.
SKIP_LINK_HOOK = (
    "useEffect(() => { const onClick = (event) => { "
    "const link = event.target.closest && event.target.closest('a.skip-link'); "
    f"const main = document.getElementById('{MAIN_ID}'); "
    "if (!link || !main) return; event.preventDefault(); main.focus(); main.scrollIntoView(); }; "
    "document.addEventListener('click', onClick, true); "
    "return () => document.removeEventListener('click', onClick, true); }, [])"
)


# A region that scrolls sideways (a wide table on a phone) must be reachable with the
# keyboard (WCAG 2.1.1): scrollable Radix scroll-area viewports become Tab stops, and stop
# being ones when the window grows wide enough.
SCROLL_REGION_HOOK = (
    "useEffect(() => { const mark = () => { "
    "document.querySelectorAll('.rt-ScrollAreaViewport').forEach((el) => { "
    "const scrolls = el.scrollWidth > el.clientWidth + 1 "
    "|| el.scrollHeight > el.clientHeight + 1; "
    "if (scrolls && !el.hasAttribute('tabindex')) { "
    "el.tabIndex = 0; el.dataset.a11yScroll = '1'; } "
    "else if (!scrolls && el.dataset.a11yScroll) { el.removeAttribute('tabindex'); "
    "delete el.dataset.a11yScroll; } }); }; "
    "let queued = false; const soon = () => { if (queued) return; queued = true; "
    "requestAnimationFrame(() => { queued = false; mark(); }); }; "
    "const observer = new MutationObserver(soon); "
    "observer.observe(document.body, {childList: true, subtree: true}); "
    "window.addEventListener('resize', soon); mark(); "
    "return () => { observer.disconnect(); window.removeEventListener('resize', soon); }; }, [])"
)


class _DocumentLang(rx.Fragment):
    """Renders nothing; its hooks write the interface language into `<html lang>`, make
    the skip link move the focus and sideways-scrolling regions reachable by keyboard."""

    def add_hooks(self) -> list[str | Var]:
        lang = LangState.lang
        hydrated = rx.State.is_hydrated
        hook = (
            f"useEffect(() => {{ if ({lang!s}) document.documentElement.lang = {lang!s}; }}, "
            f"[{lang!s}])"
        )
        return [
            Var(
                hook,
                _var_data=VarData.merge(
                    lang._get_all_var_data(), VarData(imports={"react": ["useEffect"]})
                ),
            ),
            Var(
                reveal_hook(hydrated),
                _var_data=VarData.merge(
                    hydrated._get_all_var_data(), VarData(imports={"react": ["useEffect"]})
                ),
            ),
            Var(SKIP_LINK_HOOK, _var_data=VarData(imports={"react": ["useEffect"]})),
            Var(SCROLL_REGION_HOOK, _var_data=VarData(imports={"react": ["useEffect"]})),
        ]


def document_lang() -> rx.Component:
    return _DocumentLang.create()


def page_title(key: str) -> rx.Var:
    """ "<page> — EduPlatform" in the interface language."""
    return tr(key) + f" — {APP_NAME}"


def titled(subject: rx.Var, key: str) -> rx.Var:
    """The subject's name when the page has loaded it, else the generic title."""
    return rx.cond(subject != "", subject + f" — {APP_NAME}", page_title(key)).to(str)


# Each route's title message (a11y.title.<name>); a page missing here fails the unit test.
TITLE_KEYS: dict[str, str] = {
    routes.HOME: "home",
    "404": "not_found",
    routes.LOGIN: "login",
    routes.REGISTER: "register",
    routes.FORGOT: "forgot",
    routes.RESET: "reset",
    routes.VERIFY_EMAIL: "verify_email",
    routes.ACCOUNT: "account",
    routes.ACCOUNT_SECURITY: "security",
    routes.MY: "my",
    routes.MY_COMPLETED: "my_completed",
    routes.MY_NOTIFICATIONS: "notifications",
    routes.ADMIN: "admin",
    routes.ADMIN_USERS: "admin_users",
    routes.CATALOG: "catalog",
    routes.COURSE: "course",
    routes.LEARN: "learn",
    routes.LEARN_LESSON: "lesson",
    routes.MY_ARCHIVE: "archive",
    routes.CART: "cart",
    routes.CHECKOUT: "checkout",
    routes.MY_ORDERS: "orders",
    routes.ADMIN_AUDIT: "admin_audit",
    routes.ADMIN_REPORTS: "admin_reports",
    routes.MY_CERTIFICATES: "certificates",
    routes.VERIFY: "verify",
    routes.ADMIN_CERTIFICATES: "admin_certificates",
    routes.TEACH_SESSIONS: "sessions",
    routes.CHECKIN: "checkin",
    routes.TEACH: "teach",
    routes.TEACH_COURSE: "course_editor",
    routes.ADMIN_IMPORTS: "admin_imports",
    routes.ADMIN_IMPORT: "admin_import",
    routes.ADMIN_COURSES: "admin_courses",
    routes.ADMIN_ORDERS: "admin_orders",
    routes.ADMIN_ENROLLMENTS: "admin_enrollments",
    routes.ADMIN_REVIEWS: "admin_reviews",
    routes.TEACH_LEARNERS: "learners",
    routes.TEACH_ANALYTICS: "analytics",
    routes.TEACH_ANALYTICS_ALIAS: "analytics",
    routes.ADMIN_COUPONS: "admin_coupons",
    routes.ADMIN_WEBHOOKS: "admin_webhooks",
    routes.MESSAGES: "messages",
    routes.MESSAGES_THREAD: "messages",
    routes.BLOG: "blog",
    routes.BLOG_POST: "blog_post",
    routes.MY_POSTS: "my_posts",
    routes.EDIT_POST: "edit_post",
    routes.MY_MATERIALS: "my_materials",
    routes.EDIT_MATERIAL: "edit_material",
    routes.TELEGRAM_APP: "telegram",
    routes.TEACHER_PAGE: "teacher",
}


def _specific_titles() -> dict[str, rx.Var]:
    """Pages whose title names their subject once loaded."""
    from edu_platform.state.blog import BlogPostState
    from edu_platform.state.course import CourseState
    from edu_platform.state.player import PlayerState
    from edu_platform.state.teacher_page import TeacherPageState

    course_title = rx.cond(CourseState.card.is_none(), "", CourseState.card.title).to(str)
    lesson_title = rx.cond(
        PlayerState.lesson.is_none(),
        PlayerState.course_title,
        PlayerState.lesson.title + " · " + PlayerState.course_title,
    ).to(str)
    teacher_name = rx.cond(
        TeacherPageState.teacher.is_none(), "", TeacherPageState.teacher.name
    ).to(str)
    return {
        routes.COURSE: titled(course_title, "a11y.title.course"),
        routes.TEACHER_PAGE: titled(teacher_name, "a11y.title.teacher"),
        routes.LEARN: titled(PlayerState.course_title, "a11y.title.learn"),
        routes.LEARN_LESSON: titled(lesson_title, "a11y.title.lesson"),
        routes.BLOG_POST: titled(
            rx.cond(BlogPostState.found, BlogPostState.post_title, "").to(str),
            "a11y.title.blog_post",
        ),
    }


def title_for(route: str) -> rx.Var:
    """The generic title of a registered route (as Reflex stores it: "course/[slug]")."""
    keys = {format_route(path): name for path, name in TITLE_KEYS.items()}
    key = keys.get(format_route(route))
    if key is None:
        raise KeyError(f"route {route!r} has no title in components/a11y.py TITLE_KEYS")
    return page_title(f"a11y.title.{key}")


def localise_titles(app: rx.App) -> None:
    """Replaces every registered page's static English title by one in the visitor's
    language (and the subject's name where known). Call once, after the last add_page.

    Reflex renders a page's title as a `<title>` element, which may hold a var; the
    registered pages are reached through `App._unevaluated_pages` (Reflex 0.10).
    """
    specific = {format_route(path): title for path, title in _specific_titles().items()}
    pages = app._unevaluated_pages
    for route, page in list(pages.items()):
        title = specific.get(route)
        if title is None:
            title = title_for(route)
        pages[route] = dataclasses.replace(page, title=title)


def accessible_upload(*children, label, **props) -> rx.Component:
    """`rx.upload.root` with one Tab stop (the button inside; the drop zone itself is not
    focusable) and a named file input (react-dropzone's hidden <input type=file>)."""
    props.setdefault("no_keyboard", True)
    upload = rx.upload.root(*children, **props)
    zone = upload.children[0]
    file_input = zone.children[0]
    file_input.custom_attrs["aria-label"] = label
    return upload
