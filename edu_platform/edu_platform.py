"""The Reflex app: theme, the API mounted on the same port, and every page's registration."""

from __future__ import annotations

import reflex as rx

from edu_platform import gc_tuning, outage, routes, state_failover
from edu_platform.api import create_api
from edu_platform.i18n import DEFAULT_LANGUAGE
from edu_platform.jobs import periodic
from edu_platform.pages.auth import login_page, register_page
from edu_platform.pages.home import home_page
from edu_platform.pages.not_found import not_found_page
from edu_platform.services import learning_events
from edu_platform.state.auth import AuthState
from edu_platform.state.home import HomeState
from edu_platform.state.i18n import LangState
from edu_platform.state.oauth import OAuthState
from edu_platform.web_security import SecurityMiddleware

api = create_api()
# Visitors' state lives in this process's heap: fewer collector passes (gc_tuning.py).
gc_tuning.tune()

app = rx.App(
    # The API mounted on the app, then security headers and the /_upload gate around all.
    api_transformer=[api, SecurityMiddleware],
    head_components=[rx.el.meta(name="description", content="EduPlatform — online courses")],
    # Contrast, focus ring, skip link, 320 px layout (components/a11y.py, issue #17).
    stylesheets=["/a11y.css"],
    # The prerendered page is in the default language; the client then follows LangState.
    html_lang=DEFAULT_LANGUAGE,
    # Database or Redis unreachable: "try again in a few seconds", not "contact the admin".
    backend_exception_handler=outage.backend_exception_handler,
)
# FastAPI's own lifespan does not run under Reflex unless handed over (TOOLCHAIN.md, 3).
app.register_lifespan_task(lambda: api.router.lifespan_context(api))
# Periodic jobs (hourly purge, ...) in the embedded shape; RQ workers run them with Redis.
app.register_lifespan_task(periodic.lifespan)
# Learning events are buffered in memory and bulk-inserted in the background.
app.register_lifespan_task(learning_events.lifespan)
# With state in Redis, a tab whose replica died keeps its state on the next replica.
state_failover.install()
app.register_lifespan_task(state_failover.lifespan)


def _on_load(*handlers):
    """Every page first settles the language (?lang=, cookie, browser) and who is signed in
    (whose saved language then wins)."""
    return [LangState.init_language, AuthState.load_user, *handlers]


app.add_page(home_page, route=routes.HOME, title="EduPlatform", on_load=_on_load(HomeState.load))
app.add_page(not_found_page, route="404", title="EduPlatform — 404", on_load=_on_load())
app.add_page(
    login_page, route=routes.LOGIN, title="EduPlatform — Sign in", on_load=_on_load(OAuthState.load)
)
app.add_page(
    register_page,
    route=routes.REGISTER,
    title="EduPlatform — Sign up",
    on_load=_on_load(OAuthState.load),
)

# --- OAuth pages (none: OAuth is API routes + buttons on the login page) ---
# --- account area pages ---
from edu_platform.pages.account import account_page, security_page  # noqa: E402
from edu_platform.pages.dashboard import dashboard_page, notifications_page  # noqa: E402
from edu_platform.pages.password_reset import forgot_page, reset_page  # noqa: E402
from edu_platform.pages.verify_email import verify_email_page  # noqa: E402
from edu_platform.state.account import AccountState, SecurityState, VerifyEmailState  # noqa: E402
from edu_platform.state.dashboard import DashboardState, NotificationsState  # noqa: E402
from edu_platform.state.password_reset import PasswordResetState  # noqa: E402

app.add_page(
    forgot_page,
    route=routes.FORGOT,
    title="EduPlatform — Forgot password",
    on_load=_on_load(PasswordResetState.load_forgot),
)
app.add_page(
    reset_page,
    route=routes.RESET,
    title="EduPlatform — New password",
    on_load=_on_load(PasswordResetState.load_reset),
)
app.add_page(
    verify_email_page,
    route=routes.VERIFY_EMAIL,
    title="EduPlatform — Email confirmation",
    on_load=_on_load(VerifyEmailState.load),
)
app.add_page(
    account_page,
    route=routes.ACCOUNT,
    title="EduPlatform — Account",
    on_load=_on_load(AccountState.load),
)
app.add_page(
    security_page,
    route=routes.ACCOUNT_SECURITY,
    title="EduPlatform — Security",
    on_load=_on_load(SecurityState.load),
)
app.add_page(
    dashboard_page,
    route=routes.MY,
    title="EduPlatform — My learning",
    on_load=_on_load(DashboardState.load),
)
app.add_page(
    notifications_page,
    route=routes.MY_NOTIFICATIONS,
    title="EduPlatform — Notifications",
    on_load=_on_load(NotificationsState.load),
)
# --- messages ---
from edu_platform.pages.inbox import inbox_page  # noqa: E402
from edu_platform.state.inbox import InboxState  # noqa: E402

for _route in (routes.MESSAGES, routes.MESSAGES_THREAD):
    app.add_page(
        inbox_page, route=_route, title="EduPlatform — Messages", on_load=_on_load(InboxState.load)
    )
# --- admin pages ---
from edu_platform.pages.admin import admin_overview_page, admin_users_page  # noqa: E402
from edu_platform.state.admin import AdminOverviewState, AdminUsersState  # noqa: E402

app.add_page(
    admin_overview_page,
    route=routes.ADMIN,
    title="EduPlatform — Admin",
    on_load=_on_load(AdminOverviewState.load),
)
app.add_page(
    admin_users_page,
    route=routes.ADMIN_USERS,
    title="EduPlatform — Admin: users",
    on_load=_on_load(AdminUsersState.load),
)
# --- catalog pages ---
from edu_platform.pages.catalog import catalog_page  # noqa: E402
from edu_platform.pages.course import course_page  # noqa: E402
from edu_platform.state.catalog import CatalogState  # noqa: E402
from edu_platform.state.course import CourseState  # noqa: E402

app.add_page(
    catalog_page,
    route=routes.CATALOG,
    title="EduPlatform — Catalog",
    on_load=_on_load(CatalogState.load),
)
app.add_page(
    course_page,
    route=routes.COURSE,
    title="EduPlatform — Course",
    on_load=_on_load(CourseState.load),
)
# --- learning pages ---
from edu_platform.pages.player import player_page, player_start_page  # noqa: E402
from edu_platform.state.player import PlayerState  # noqa: E402

app.add_page(
    player_start_page,
    route=routes.LEARN,
    title="EduPlatform — Learning",
    on_load=_on_load(PlayerState.open_course),
)
app.add_page(
    player_page,
    route=routes.LEARN_LESSON,
    title="EduPlatform — Lesson",
    on_load=_on_load(PlayerState.load),
)
# --- learning: archive ---
from edu_platform.pages.archive import archive_page  # noqa: E402
from edu_platform.state.archive import ArchiveState  # noqa: E402

app.add_page(
    archive_page,
    route=routes.MY_ARCHIVE,
    title="EduPlatform — Archive",
    on_load=_on_load(ArchiveState.load),
)
# --- commerce pages ---
from edu_platform.pages.commerce import cart_page, checkout_page, my_orders_page  # noqa: E402
from edu_platform.state.cart import CartState  # noqa: E402
from edu_platform.state.checkout import CheckoutState  # noqa: E402
from edu_platform.state.orders import OrdersState  # noqa: E402

app.add_page(
    cart_page, route=routes.CART, title="EduPlatform — Cart", on_load=_on_load(CartState.load)
)
app.add_page(
    checkout_page,
    route=routes.CHECKOUT,
    title="EduPlatform — Checkout",
    on_load=_on_load(CheckoutState.load),
)
app.add_page(
    my_orders_page,
    route=routes.MY_ORDERS,
    title="EduPlatform — My orders",
    on_load=_on_load(OrdersState.load),
)
# --- admin operations pages (audit log, reports) ---
from edu_platform.pages.admin_audit import admin_audit_page  # noqa: E402
from edu_platform.state.admin_audit import AdminAuditState  # noqa: E402

app.add_page(
    admin_audit_page,
    route=routes.ADMIN_AUDIT,
    title="EduPlatform — Admin: audit log",
    on_load=_on_load(AdminAuditState.load),
)
from edu_platform.pages.admin_reports import admin_reports_page  # noqa: E402
from edu_platform.state.admin_reports import AdminReportsState  # noqa: E402

app.add_page(
    admin_reports_page,
    route=routes.ADMIN_REPORTS,
    title="EduPlatform — Admin: reports",
    on_load=_on_load(AdminReportsState.load),
)
# --- certificate pages ---
from edu_platform.pages.certificates import (  # noqa: E402
    admin_certificates_page,
    my_certificates_page,
    verify_page,
)
from edu_platform.state.certificates import (  # noqa: E402
    AdminCertificatesState,
    MyCertificatesState,
    VerifyState,
)

app.add_page(
    my_certificates_page,
    route=routes.MY_CERTIFICATES,
    title="EduPlatform — My certificates",
    on_load=_on_load(MyCertificatesState.load),
)
app.add_page(
    verify_page,
    route=routes.VERIFY,
    title="EduPlatform — Certificate verification",
    on_load=_on_load(VerifyState.load),
)
app.add_page(
    admin_certificates_page,
    route=routes.ADMIN_CERTIFICATES,
    title="EduPlatform — Admin: certificates",
    on_load=_on_load(AdminCertificatesState.load),
)
# --- teaching: sessions and attendance ---
from edu_platform.pages.checkin import checkin_page  # noqa: E402
from edu_platform.pages.teach_sessions import teach_sessions_page  # noqa: E402
from edu_platform.state.checkin import CheckinState  # noqa: E402
from edu_platform.state.teach_sessions import TeachSessionsState  # noqa: E402

app.add_page(
    teach_sessions_page,
    route=routes.TEACH_SESSIONS,
    title="EduPlatform — Sessions",
    on_load=_on_load(TeachSessionsState.load),
)
app.add_page(
    checkin_page,
    route=routes.CHECKIN,
    title="EduPlatform — Check-in",
    on_load=_on_load(CheckinState.load),
)
# --- authoring pages ---
from edu_platform.pages.course_editor import course_editor_page  # noqa: E402
from edu_platform.pages.teach_courses import teach_courses_page  # noqa: E402
from edu_platform.state.course_editor import CourseEditorState  # noqa: E402
from edu_platform.state.teach_courses import TeachCoursesState  # noqa: E402

app.add_page(
    teach_courses_page,
    route=routes.TEACH,
    title="EduPlatform — Teaching",
    on_load=_on_load(TeachCoursesState.load),
)
app.add_page(
    course_editor_page,
    route=routes.TEACH_COURSE,
    title="EduPlatform — Course editor",
    on_load=_on_load(CourseEditorState.load),
)
# --- import pages ---
from edu_platform.pages.admin_imports import admin_import_page, admin_imports_page  # noqa: E402
from edu_platform.state.admin_imports import AdminImportsState, AdminImportState  # noqa: E402

app.add_page(
    admin_imports_page,
    route=routes.ADMIN_IMPORTS,
    title="EduPlatform — Admin: imports",
    on_load=_on_load(AdminImportsState.load),
)
app.add_page(
    admin_import_page,
    route=routes.ADMIN_IMPORT,
    title="EduPlatform — Admin: import",
    on_load=_on_load(AdminImportState.load),
)
# --- admin data pages ---
from edu_platform.pages.admin_courses import admin_courses_page  # noqa: E402
from edu_platform.pages.admin_enrollments import admin_enrollments_page  # noqa: E402
from edu_platform.pages.admin_orders import admin_orders_page  # noqa: E402
from edu_platform.pages.admin_reviews import admin_reviews_page  # noqa: E402
from edu_platform.pages.teach_analytics import teach_analytics_page  # noqa: E402
from edu_platform.pages.teach_learners import teach_learners_page  # noqa: E402
from edu_platform.state.admin_courses import AdminCoursesState  # noqa: E402
from edu_platform.state.admin_enrollments import AdminEnrollmentsState  # noqa: E402
from edu_platform.state.admin_orders import AdminOrdersState  # noqa: E402
from edu_platform.state.admin_reviews import AdminReviewsState  # noqa: E402
from edu_platform.state.teach_analytics import TeachAnalyticsState  # noqa: E402
from edu_platform.state.teach_learners import TeachLearnersState  # noqa: E402

app.add_page(
    admin_courses_page,
    route=routes.ADMIN_COURSES,
    title="EduPlatform — Admin: courses",
    on_load=_on_load(AdminCoursesState.load),
)
app.add_page(
    admin_orders_page,
    route=routes.ADMIN_ORDERS,
    title="EduPlatform — Admin: orders",
    on_load=_on_load(AdminOrdersState.load),
)
app.add_page(
    admin_enrollments_page,
    route=routes.ADMIN_ENROLLMENTS,
    title="EduPlatform — Admin: enrolments",
    on_load=_on_load(AdminEnrollmentsState.load),
)
app.add_page(
    admin_reviews_page,
    route=routes.ADMIN_REVIEWS,
    title="EduPlatform — Admin: reviews",
    on_load=_on_load(AdminReviewsState.load),
)
app.add_page(
    teach_learners_page,
    route=routes.TEACH_LEARNERS,
    title="EduPlatform — Learners",
    on_load=_on_load(TeachLearnersState.load),
)
for analytics_route in (routes.TEACH_ANALYTICS, routes.TEACH_ANALYTICS_ALIAS):
    app.add_page(
        teach_analytics_page,
        route=analytics_route,
        title="EduPlatform — Analytics",
        on_load=_on_load(TeachAnalyticsState.load),
    )

# --- coupons ---
from edu_platform.pages.admin_coupons import admin_coupons_page  # noqa: E402
from edu_platform.state.admin_coupons import AdminCouponsState  # noqa: E402

app.add_page(
    admin_coupons_page,
    route=routes.ADMIN_COUPONS,
    title="EduPlatform — Admin: coupons",
    on_load=_on_load(AdminCouponsState.load),
)

# --- webhooks ---
from edu_platform.pages.admin_webhooks import admin_webhooks_page  # noqa: E402
from edu_platform.state.admin_webhooks import AdminWebhooksState  # noqa: E402

app.add_page(
    admin_webhooks_page,
    route=routes.ADMIN_WEBHOOKS,
    title="EduPlatform — Admin: webhooks",
    on_load=_on_load(AdminWebhooksState.load),
)

# --- blog, user-written materials, Telegram WebApp ---
from edu_platform.components.layout import page  # noqa: E402
from edu_platform.pages.account import account_shell  # noqa: E402
from edu_platform.pages.blog import (  # noqa: E402
    blog_page,
    blog_post_page,
    my_posts_content,
    post_editor_content,
)
from edu_platform.pages.materials import (  # noqa: E402
    material_editor_content,
    my_materials_content,
)
from edu_platform.pages.telegram import telegram_page  # noqa: E402
from edu_platform.state.blog import (  # noqa: E402
    BlogPostState,
    BlogState,
    MyPostsState,
    PostEditorState,
)
from edu_platform.state.materials import MaterialEditorState, MyMaterialsState  # noqa: E402
from edu_platform.state.telegram import TgState  # noqa: E402


def _account_page(active: str, content):
    def account_area_page() -> rx.Component:
        return account_shell(active, content())

    account_area_page.__name__ = f"{active}_{content.__name__}"
    return page(account_area_page)


app.add_page(
    blog_page, route=routes.BLOG, title="EduPlatform — Blog", on_load=_on_load(BlogState.load)
)
app.add_page(
    blog_post_page,
    route=routes.BLOG_POST,
    title="EduPlatform — Blog",
    on_load=_on_load(BlogPostState.load),
)
app.add_page(
    _account_page("posts", my_posts_content),
    route=routes.MY_POSTS,
    title="EduPlatform — My blog posts",
    on_load=_on_load(MyPostsState.load),
)
app.add_page(
    _account_page("posts", post_editor_content),
    route=routes.EDIT_POST,
    title="EduPlatform — Blog post",
    on_load=_on_load(PostEditorState.load),
)
app.add_page(
    _account_page("materials", my_materials_content),
    route=routes.MY_MATERIALS,
    title="EduPlatform — My materials",
    on_load=_on_load(MyMaterialsState.load),
)
app.add_page(
    _account_page("materials", material_editor_content),
    route=routes.EDIT_MATERIAL,
    title="EduPlatform — Material",
    on_load=_on_load(MaterialEditorState.load),
)
app.add_page(
    telegram_page,
    route=routes.TELEGRAM_APP,
    title="EduPlatform — Telegram",
    on_load=_on_load(TgState.load),
)
# --- accessibility: every title in the visitor's language (after the last add_page) ---
from edu_platform.components.a11y import localise_titles  # noqa: E402

localise_titles(app)
