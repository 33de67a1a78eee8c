"""Every page of the app in one table: route → page function → its on_load handlers.

edu_platform.py registers each entry (every page's on_load first settles the language and
who is signed in, then runs the entry's handlers); its title comes from
components/a11y.py (TITLE_KEYS: the route's `a11y.title.*` message, in the visitor's
language). A new page is one row here, its route in routes.py and its title key there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from edu_platform import routes
from edu_platform.components.layout import framed_page
from edu_platform.pages.account import account_shell
from edu_platform.pages.account_profile import account_page
from edu_platform.pages.account_security import security_page
from edu_platform.pages.admin import admin_overview_page, admin_users_page
from edu_platform.pages.admin_audit import admin_audit_page
from edu_platform.pages.admin_coupons import admin_coupons_page
from edu_platform.pages.admin_courses import admin_courses_page
from edu_platform.pages.admin_enrollments import admin_enrollments_page
from edu_platform.pages.admin_imports import admin_import_page, admin_imports_page
from edu_platform.pages.admin_orders import admin_orders_page
from edu_platform.pages.admin_reports import admin_reports_page
from edu_platform.pages.admin_reviews import admin_reviews_page
from edu_platform.pages.admin_webhooks import admin_webhooks_page
from edu_platform.pages.archive import archive_page
from edu_platform.pages.auth import login_page, register_page
from edu_platform.pages.blog import blog_page, blog_post_page, my_posts_content, post_editor_content
from edu_platform.pages.catalog import catalog_page
from edu_platform.pages.certificates import (
    admin_certificates_page,
    my_certificates_page,
    verify_page,
)
from edu_platform.pages.checkin import checkin_page
from edu_platform.pages.commerce import cart_page, checkout_page, my_orders_page
from edu_platform.pages.course import course_page
from edu_platform.pages.course_editor import course_editor_page
from edu_platform.pages.dashboard import completed_page, dashboard_page
from edu_platform.pages.home import home_page
from edu_platform.pages.inbox import inbox_page
from edu_platform.pages.materials import material_editor_content, my_materials_content
from edu_platform.pages.not_found import not_found_page
from edu_platform.pages.notifications import notifications_page
from edu_platform.pages.password_reset import forgot_page, reset_page
from edu_platform.pages.player import player_page, player_start_page
from edu_platform.pages.teach_analytics import teach_analytics_page
from edu_platform.pages.teach_courses import teach_courses_page
from edu_platform.pages.teach_learners import teach_learners_page
from edu_platform.pages.teach_sessions import teach_sessions_page
from edu_platform.pages.teacher import teacher_page
from edu_platform.pages.telegram import telegram_page
from edu_platform.pages.verify_email import verify_email_page
from edu_platform.state.account import AccountState, SecurityState, VerifyEmailState
from edu_platform.state.admin import AdminOverviewState, AdminUsersState
from edu_platform.state.admin_audit import AdminAuditState
from edu_platform.state.admin_certificates import AdminCertificatesState
from edu_platform.state.admin_coupons import AdminCouponsState
from edu_platform.state.admin_courses import AdminCoursesState
from edu_platform.state.admin_enrollments import AdminEnrollmentsState
from edu_platform.state.admin_imports import AdminImportsState, AdminImportState
from edu_platform.state.admin_orders import AdminOrdersState
from edu_platform.state.admin_reports import AdminReportsState
from edu_platform.state.admin_reviews import AdminReviewsState
from edu_platform.state.admin_webhooks import AdminWebhooksState
from edu_platform.state.archive import ArchiveState
from edu_platform.state.blog import BlogPostState, BlogState, MyPostsState, PostEditorState
from edu_platform.state.cart import CartState
from edu_platform.state.catalog import CatalogState
from edu_platform.state.certificates import MyCertificatesState, VerifyState
from edu_platform.state.checkin import CheckinState
from edu_platform.state.checkout import CheckoutState
from edu_platform.state.course import CourseState
from edu_platform.state.course_editor import CourseEditorState
from edu_platform.state.dashboard import DashboardState, NotificationsState
from edu_platform.state.home import HomeState
from edu_platform.state.inbox import InboxState
from edu_platform.state.materials import MaterialEditorState, MyMaterialsState
from edu_platform.state.oauth import OAuthState
from edu_platform.state.orders import OrdersState
from edu_platform.state.password_reset import PasswordResetState
from edu_platform.state.player import PlayerState
from edu_platform.state.quiz import QuizState
from edu_platform.state.teach_analytics import TeachAnalyticsState
from edu_platform.state.teach_courses import TeachCoursesState
from edu_platform.state.teach_learners import TeachLearnersState
from edu_platform.state.teach_sessions import TeachSessionsState
from edu_platform.state.teacher_page import TeacherPageState
from edu_platform.state.telegram import TgState


@dataclass(frozen=True)
class Entry:
    route: str
    page: Callable[[], rx.Component]
    on_load: tuple[Any, ...] = ()


def entry(route: str, page: Callable[[], rx.Component], *on_load: Any) -> Entry:
    return Entry(route, page, on_load)


def _account_page(active: str, content: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
    """A page of the account area: the account shell around `content` (blog posts,
    materials)."""
    return framed_page(lambda body: account_shell(active, body), content)


my_posts_page = _account_page("posts", my_posts_content)
post_editor_page = _account_page("posts", post_editor_content)
my_materials_page = _account_page("materials", my_materials_content)
material_editor_page = _account_page("materials", material_editor_content)

# One row a page; kept one line each (the table reads as a table).
# fmt: off
PAGES: tuple[Entry, ...] = (
    entry(routes.HOME, home_page, HomeState.load),
    entry("404", not_found_page),
    entry(routes.LOGIN, login_page, OAuthState.load),
    entry(routes.REGISTER, register_page, OAuthState.load),
    entry(routes.FORGOT, forgot_page, PasswordResetState.load_forgot),
    entry(routes.RESET, reset_page, PasswordResetState.load_reset),
    entry(routes.VERIFY_EMAIL, verify_email_page, VerifyEmailState.load),
    entry(routes.ACCOUNT, account_page, AccountState.load),
    entry(routes.ACCOUNT_SECURITY, security_page, SecurityState.load),
    entry(routes.MY, dashboard_page, DashboardState.load),
    entry(routes.MY_COMPLETED, completed_page, DashboardState.load),
    entry(routes.MY_NOTIFICATIONS, notifications_page, NotificationsState.load),
    entry(routes.MESSAGES, inbox_page, InboxState.load),
    entry(routes.MESSAGES_THREAD, inbox_page, InboxState.load),
    entry(routes.ADMIN, admin_overview_page, AdminOverviewState.load),
    entry(routes.ADMIN_USERS, admin_users_page, AdminUsersState.load),
    entry(routes.CATALOG, catalog_page, CatalogState.load),
    entry(routes.COURSE, course_page, CourseState.load),
    entry(routes.TEACHER_PAGE, teacher_page, TeacherPageState.load),
    entry(routes.LEARN, player_start_page, PlayerState.open_course),
    entry(routes.LEARN_LESSON, player_page, PlayerState.load, QuizState.load_with_player),
    entry(routes.MY_ARCHIVE, archive_page, ArchiveState.load),
    entry(routes.CART, cart_page, CartState.load),
    entry(routes.CHECKOUT, checkout_page, CheckoutState.load),
    entry(routes.MY_ORDERS, my_orders_page, OrdersState.load),
    entry(routes.ADMIN_AUDIT, admin_audit_page, AdminAuditState.load),
    entry(routes.ADMIN_REPORTS, admin_reports_page, AdminReportsState.load),
    entry(routes.MY_CERTIFICATES, my_certificates_page, MyCertificatesState.load),
    entry(routes.VERIFY, verify_page, VerifyState.load),
    entry(routes.ADMIN_CERTIFICATES, admin_certificates_page, AdminCertificatesState.load),
    entry(routes.TEACH_SESSIONS, teach_sessions_page, TeachSessionsState.load),
    entry(routes.CHECKIN, checkin_page, CheckinState.load),
    entry(routes.TEACH, teach_courses_page, TeachCoursesState.load),
    entry(routes.TEACH_COURSE, course_editor_page, CourseEditorState.load),
    entry(routes.ADMIN_IMPORTS, admin_imports_page, AdminImportsState.load),
    entry(routes.ADMIN_IMPORT, admin_import_page, AdminImportState.load),
    entry(routes.ADMIN_COURSES, admin_courses_page, AdminCoursesState.load),
    entry(routes.ADMIN_ORDERS, admin_orders_page, AdminOrdersState.load),
    entry(routes.ADMIN_ENROLLMENTS, admin_enrollments_page, AdminEnrollmentsState.load),
    entry(routes.ADMIN_REVIEWS, admin_reviews_page, AdminReviewsState.load),
    entry(routes.TEACH_LEARNERS, teach_learners_page, TeachLearnersState.load),
    entry(routes.TEACH_ANALYTICS, teach_analytics_page, TeachAnalyticsState.load),
    entry(routes.TEACH_ANALYTICS_ALIAS, teach_analytics_page, TeachAnalyticsState.load),
    entry(routes.ADMIN_COUPONS, admin_coupons_page, AdminCouponsState.load),
    entry(routes.ADMIN_WEBHOOKS, admin_webhooks_page, AdminWebhooksState.load),
    entry(routes.BLOG, blog_page, BlogState.load),
    entry(routes.BLOG_POST, blog_post_page, BlogPostState.load),
    entry(routes.MY_POSTS, my_posts_page, MyPostsState.load),
    entry(routes.EDIT_POST, post_editor_page, PostEditorState.load),
    entry(routes.MY_MATERIALS, my_materials_page, MyMaterialsState.load),
    entry(routes.EDIT_MATERIAL, material_editor_page, MaterialEditorState.load),
    entry(routes.TELEGRAM_APP, telegram_page, TgState.load),
)
# fmt: on
