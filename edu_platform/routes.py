"""Route constants and URL builders: the one place that knows the site's paths."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

HOME = "/"
CATALOG = "/catalog"
COURSE = "/course/[slug]"
CART = "/cart"
CHECKOUT = "/checkout/[order_id]"
LEARN = "/learn/[slug]"
# Route parameters become vars on every state: names no state uses for its own vars.
LEARN_LESSON = "/learn/[slug]/[lesson_ref]"
MY = "/my"
MY_ARCHIVE = "/my/archive"
MY_COMPLETED = "/my/completed"
MY_CERTIFICATES = "/my/certificates"
MY_ORDERS = "/my/orders"
MY_NOTIFICATIONS = "/my/notifications"
ACCOUNT = "/account"
ACCOUNT_SECURITY = "/account/security"
LOGIN = "/login"
REGISTER = "/register"
# Where the sign-in and sign-up forms post when JavaScript is not (yet) running.
FORM_SIGN_IN = "/api/auth/sign-in"
FORM_SIGN_UP = "/api/auth/sign-up"
# Their refusal comes back as /login?error=<code>#nojs-error-<code>: the fragment
# names the message that CSS :target shows in a page without JavaScript (pages/auth.py).
NO_SCRIPT_ERROR_ID_PREFIX = "nojs-error-"
FORGOT = "/forgot"
RESET = "/reset/[token]"
VERIFY = "/verify/[serial]"
VERIFY_EMAIL = "/verify-email/[token]"
CHECKIN = "/checkin/[token]"
TEACH = "/teach"
ADMIN = "/admin"
ADMIN_USERS = "/admin/users"
API_DOCS = "/api/docs"
BLOG = "/blog"
BLOG_POST = "/blog/[slug]"
MY_POSTS = "/account/posts"
EDIT_POST = "/account/posts/[post_id]"
MY_MATERIALS = "/account/materials"
EDIT_MATERIAL = "/account/materials/[material_id]"
TELEGRAM_APP = "/tg"


def _segment(value: Any) -> Any:
    """A path segment: quoted text, or (in a component) a Var of it as it is, so that the
    same helper builds a link in Python and in the browser."""
    if isinstance(value, str | int):
        return quote(str(value))
    # A number Var becomes text in the browser; a string Var is used as it is.
    return value.to_string() if getattr(value, "_var_type", str) in (int, float) else value


def _path(*parts: Any) -> Any:
    """ "/" + the segments joined by "/": text, or a Var when one of them is a Var."""
    path: Any = ""
    for part in parts:
        path = path + "/" + part
    return path


def course_url(slug: Any) -> Any:
    return _path("course", _segment(slug))


def learn_url(slug: Any, lesson_id: Any = None) -> Any:
    if lesson_id is None:
        return _path("learn", _segment(slug))
    return _path("learn", _segment(slug), _segment(lesson_id))


def verify_url(serial: str) -> str:
    return f"/verify/{quote(serial)}"


def catalog_url(**params: object) -> str:
    """/catalog with the given filters in the query string (empty values dropped)."""
    query = {key: value for key, value in params.items() if value not in (None, "", False)}
    return f"{CATALOG}?{urlencode(query)}" if query else CATALOG


def reset_url(token: str) -> str:
    return f"/reset/{quote(token)}"


def verify_email_url(token: str) -> str:
    return f"/verify-email/{quote(token)}"


def checkout_url(order_id: int) -> str:
    return f"/checkout/{int(order_id)}"


ADMIN_AUDIT = "/admin/audit"
ADMIN_REPORTS = "/admin/reports"
ADMIN_CERTIFICATES = "/admin/certificates"
TEACH_COURSE = "/teach/course/[course_ref]"
TEACH_LEARNERS = "/teach/course/[course_ref]/learners"
TEACH_SESSIONS = "/teach/course/[course_ref]/sessions"
TEACH_ANALYTICS = "/teach/course/[course_ref]/analytics"
# The address the analytics issue names; served by the same page.
TEACH_ANALYTICS_ALIAS = "/teach/courses/[course_ref]/analytics"


def teach_course_url(course_id: int, section: str = "") -> str:
    """/teach/course/<id>[/learners|/sessions]."""
    return f"/teach/course/{course_id}" + (f"/{section}" if section else "")


ADMIN_IMPORTS = "/admin/imports"
ADMIN_IMPORT = "/admin/imports/[import_ref]"


def admin_import_url(job_id: int) -> str:
    return f"/admin/imports/{int(job_id)}"


ADMIN_COURSES = "/admin/courses"
ADMIN_ORDERS = "/admin/orders"
ADMIN_ENROLLMENTS = "/admin/enrollments"
ADMIN_REVIEWS = "/admin/reviews"
ADMIN_WEBHOOKS = "/admin/webhooks"
ADMIN_COUPONS = "/admin/coupons"


MESSAGES = "/messages"
MESSAGES_THREAD = "/messages/[conversation_ref]"


def conversation_url(conversation_ref: Any) -> Any:
    """A conversation's page (`conversation_ref`: its id, or the path segment as given:
    "u<user id>", "teacher-<course slug>")."""
    return _path("messages", _segment(conversation_ref))


def blog_url(*, tag: str = "", q: str = "", page: int = 1) -> str:
    query = {"tag": tag, "q": q, "page": page if page > 1 else ""}
    query = {key: value for key, value in query.items() if value not in ("", None)}
    return f"{BLOG}?{urlencode(query)}" if query else BLOG


def post_url(slug: Any) -> Any:
    return _path("blog", _segment(slug))


def edit_post_url(post_id: int | str) -> str:
    return f"/account/posts/{post_id}"


def edit_material_url(material_id: int | str) -> str:
    return f"/account/materials/{material_id}"


def complete_url(ticket: str, next_path: str) -> str:
    """The one-time link that swaps a sign-in ticket for the session cookie."""
    return f"/api/auth/complete?ticket={quote(ticket)}&next={quote(next_path or '/')}"


def safe_next(next_path: str | None) -> str:
    """Only same-site relative paths: an open redirect would make phishing links."""
    if (
        next_path
        and next_path.startswith("/")
        and not next_path.startswith("//")
        and "\\" not in next_path
    ):
        return next_path
    return "/"


TEACHER_PAGE = "/teachers/[teacher_ref]"


def teacher_url(teacher_id: Any) -> Any:
    """The public page of a teacher: /teachers/<id>."""
    return _path("teachers", _segment(teacher_id))


# --- links into the API and its sign-in routes (downloads, full-page posts) -----------------


def oauth_start_url(provider: str, next_path: str, *, link: bool = False) -> str:
    """Start signing in (or, `link`, linking an account) with an OAuth provider."""
    prefix = "link=1&" if link else ""
    return f"/api/auth/oauth/{quote(provider)}/start?{prefix}next={quote(safe_next(next_path))}"


def logout_url(next_path: str = LOGIN) -> str:
    return f"/api/auth/logout?next={quote(safe_next(next_path))}"


def learners_csv_url(course_id: int) -> str:
    return f"/api/v1/courses/{int(course_id)}/learners?format=csv"


def import_errors_csv_url(job_id: int) -> str:
    return f"/api/v1/imports/{int(job_id)}/errors?format=csv"


def import_template_url(kind: str) -> str:
    return f"/api/v1/imports/templates/{quote(kind)}"


def report_csv_url(report: str, **params: object) -> str:
    """An admin report as CSV (`sales-dynamics`, `top-courses`, `user-activity`); empty
    parameters are dropped."""
    query = {key: value for key, value in params.items() if value not in (None, "")}
    return f"/api/v1/reports/{quote(report)}?{urlencode({**query, 'format': 'csv'})}"
