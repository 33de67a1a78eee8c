"""In-app notifications and their e-mail copies, written in the caller's transaction.

Kinds (API.md): order_paid, enrollment, certificate_ready, announcement,
session_reminder, new_message. In-app notifications are always on; each kind's e-mail
copy follows the user's preference (`notification_preference` rows; without one the
default: on for certificate_ready, session_reminder and announcement, off for the
rest). The triggers
keep the catalogue keys and values a notification is written from (`message`), so a list
shows it in the reader's language of the moment; the stored title and body (and the
e-mail) are in the recipient's language when it came. The services call the trigger
helpers below beside the domain event of the same change, so a rolled-back change
notifies nobody.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from edu_platform import routes
from edu_platform.i18n import format_datetime, format_price, translate
from edu_platform.models import (
    Course,
    Notification,
    NotificationPreference,
    Order,
    OrderItem,
    User,
    utcnow,
)
from edu_platform.services import paging
from edu_platform.services.errors import Invalid
from edu_platform.services.mail import queue_mail
from edu_platform.services.records import record_from
from edu_platform.settings import settings

ORDER_PAID = "order_paid"
ENROLLMENT = "enrollment"
CERTIFICATE_READY = "certificate_ready"
ANNOUNCEMENT = "announcement"
SESSION_REMINDER = "session_reminder"
NEW_MESSAGE = "new_message"
KINDS: tuple[str, ...] = (
    ORDER_PAID,
    ENROLLMENT,
    CERTIFICATE_READY,
    ANNOUNCEMENT,
    SESSION_REMINDER,
    NEW_MESSAGE,
)
# A teacher's announcement is e-mailed too unless the learner turns it off (issue 6: "an
# in-app notification and an email").
EMAIL_BY_DEFAULT = frozenset({CERTIFICATE_READY, SESSION_REMINDER, ANNOUNCEMENT})
MAX_IDS = 1000


# --- preferences --------------------------------------------------------------------------


def email_preferences(*, session: Session, user_id: int) -> dict[str, bool]:
    """{kind: e-mail wanted} for every kind (defaults filled in)."""
    chosen = dict(
        session.execute(
            select(NotificationPreference.kind, NotificationPreference.email).where(
                NotificationPreference.user_id == user_id
            )
        ).all()
    )
    return {kind: bool(chosen.get(kind, kind in EMAIL_BY_DEFAULT)) for kind in KINDS}


def set_email_preferences(
    *, session: Session, user_id: int, preferences: Mapping[str, Any]
) -> dict[str, bool]:
    """Store the e-mail choice of each kind in `preferences`; all the user's choices."""
    unknown = sorted(set(preferences) - set(KINDS))
    if unknown:
        raise Invalid(f"unknown notification kind {unknown[0]}", field="preferences")
    rows = {
        row.kind: row
        for row in session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user_id)
        )
    }
    for kind, wanted in preferences.items():
        row = rows.get(kind) or NotificationPreference(user_id=user_id, kind=kind)
        row.email = bool(wanted)
        session.add(row)
    session.flush()
    return email_preferences(session=session, user_id=user_id)


def wants_email_of(session: Session, user_ids: Sequence[int], kind: str) -> dict[int, bool]:
    """{user id: e-mail wanted} for `kind`, for many users at once (chunked IN lists)."""
    chosen: dict[int, bool] = {}
    for start in range(0, len(user_ids), MAX_IDS):
        chunk = list(user_ids[start : start + MAX_IDS])
        rows = session.execute(
            select(NotificationPreference.user_id, NotificationPreference.email).where(
                NotificationPreference.kind == kind, NotificationPreference.user_id.in_(chunk)
            )
        )
        chosen.update({int(user_id): bool(email) for user_id, email in rows})
    default = kind in EMAIL_BY_DEFAULT
    return {user_id: bool(chosen.get(user_id, default)) for user_id in user_ids}


def _wants_email(session: Session, user_id: int, kind: str) -> bool:
    return wants_email_of(session, [user_id], kind)[user_id]


# --- writing ------------------------------------------------------------------------------


def notify(
    session: Session,
    *,
    user_id: int,
    kind: str,
    title: str,
    body: str = "",
    link: str | None = None,
    email: str | None = None,
    message: dict[str, Any] | None = None,
    wants_email: bool | None = None,
    flush: bool = True,
) -> Notification:
    """One notification (and its e-mail when the user wants that kind by mail;
    `wants_email` when the caller read the choice already). `flush=False` for a caller
    that writes many and flushes once."""
    if kind not in KINDS:
        raise Invalid(f"unknown notification kind {kind}", field="kind")
    row = Notification(
        user_id=user_id,
        kind=kind,
        title=title[:300],
        body=body,
        link=link or None,
        message=message,
    )
    session.add(row)
    if wants_email is None:
        wants_email = _wants_email(session, user_id, kind)
    if wants_email:
        address = email or session.scalar(select(User.email).where(User.id == user_id))
        if address:
            url = f"{settings.public_url.rstrip('/')}{link}" if link else ""
            text = "\n\n".join(part for part in (body, url) if part)
            queue_mail(
                session=session, to=address, subject=title, body=f"{text}\n\n— EduPlatform\n"
            )
    if flush:
        session.flush()
    return row


# --- texts in any language ---------------------------------------------------------------


def _message(title_key: str, body_key: str | None = None, **params: object) -> dict[str, Any]:
    """What `render` turns into a title and body. A value is text or a number, a moment
    {"at": ISO 8601} or an amount {"money": [amount, currency]}, formatted when shown."""
    return {"title": title_key, "body": body_key, "params": params}


def _at(moment: datetime) -> dict[str, str]:
    return {"at": moment.isoformat()}


def _money(amount: object, currency: str) -> dict[str, list[str]]:
    return {"money": [str(amount), currency]}


def _value(value: object, lang: str) -> object:
    if isinstance(value, dict) and "at" in value:
        return format_datetime(datetime.fromisoformat(str(value["at"])), lang)
    if isinstance(value, dict) and "money" in value:
        amount, currency = value["money"]
        return format_price(amount, currency, lang)
    return value


def render(message: dict[str, Any], lang: str) -> tuple[str, str | None]:
    """(title, body) of a `_message` in `lang`; body None when a person wrote it."""
    params = {name: _value(value, lang) for name, value in (message.get("params") or {}).items()}

    def written(key: str) -> str:  # every placeholder filled, or KeyError
        return translate(key, lang).format(**params)

    body_key = message.get("body")
    return written(str(message["title"]))[:300], written(str(body_key)) if body_key else None


def _notify_rendered(
    session: Session,
    *,
    user_id: int,
    kind: str,
    lang: str,
    message: dict[str, Any],
    link: str,
    email: str,
    body: str = "",
) -> Notification:
    title, rendered_body = render(message, lang)
    return notify(
        session,
        user_id=user_id,
        kind=kind,
        title=title,
        body=body if rendered_body is None else rendered_body,
        link=link,
        email=email,
        message=message,
    )


def _recipient(session: Session, user_id: int) -> tuple[str, str]:
    """(e-mail, language) of a user."""
    email, locale = session.execute(select(User.email, User.locale).where(User.id == user_id)).one()
    return email, str(locale)


def _course(session: Session, course_id: int) -> tuple[str, str]:
    title, slug = session.execute(
        select(Course.title, Course.slug).where(Course.id == course_id)
    ).one()
    return title, slug


# --- triggers (called beside the domain events of the same change) ----------------------


def order_paid(session: Session, order_id: int) -> Notification:
    order = session.get(Order, order_id)
    titles = list(
        session.scalars(
            select(Course.title)
            .join(OrderItem, OrderItem.course_id == Course.id)
            .where(OrderItem.order_id == order_id)
            .order_by(OrderItem.id)
        )
    )
    email, lang = _recipient(session, order.user_id)
    return _notify_rendered(
        session,
        user_id=order.user_id,
        kind=ORDER_PAID,
        lang=lang,
        message=_message(
            "notify.order_paid.title",
            "notify.order_paid.body",
            number=order.id,
            total=_money(order.total, order.currency),
            courses=", ".join(titles),
        ),
        link=routes.MY_ORDERS,
        email=email,
    )


def enrollment_created(session: Session, enrollment: Any) -> Notification:
    title, slug = _course(session, enrollment.course_id)
    email, lang = _recipient(session, enrollment.user_id)
    return _notify_rendered(
        session,
        user_id=enrollment.user_id,
        kind=ENROLLMENT,
        lang=lang,
        message=_message("notify.enrollment.title", "notify.enrollment.body", course=title),
        link=routes.learn_url(slug),
        email=email,
    )


def certificate_ready(session: Session, certificate: Any) -> Notification:
    email, lang = _recipient(session, certificate.user_id)
    return _notify_rendered(
        session,
        user_id=certificate.user_id,
        kind=CERTIFICATE_READY,
        lang=lang,
        message=_message(
            "notify.certificate.title",
            "notify.certificate.body",
            course=certificate.course_title,
            serial=certificate.serial,
        ),
        link=routes.MY_CERTIFICATES,
        email=email,
    )


def session_reminder(
    session: Session, *, user_id: int, course_id: int, title: str, starts_at: datetime, hours: int
) -> Notification:
    course_title, slug = _course(session, course_id)
    email, lang = _recipient(session, user_id)
    key = "notify.reminder.title_day" if hours >= 24 else "notify.reminder.title_hour"
    return _notify_rendered(
        session,
        user_id=user_id,
        kind=SESSION_REMINDER,
        lang=lang,
        message=_message(
            key, "notify.reminder.body", session=title, course=course_title, starts=_at(starts_at)
        ),
        link=routes.course_url(slug),
        email=email,
    )


def new_message(
    session: Session, *, recipient_id: int, sender_name: str, text: str, conversation_id: int
) -> Notification:
    email, lang = _recipient(session, recipient_id)
    preview = " ".join(text.split())
    if len(preview) > 200:
        preview = preview[:199] + "…"
    return _notify_rendered(
        session,
        user_id=recipient_id,
        kind=NEW_MESSAGE,
        lang=lang,
        message=_message("notify.message.title", sender=sender_name),
        body=preview,
        link=routes.conversation_url(conversation_id),
        email=email,
    )


# --- reading ------------------------------------------------------------------------------


@dataclass
class NotificationOut:
    id: int
    kind: str
    title: str
    body: str
    link: str | None
    created_at: datetime
    read_at: datetime | None


@dataclass
class NotificationList(paging.Page[NotificationOut]):
    unread: int = 0


def unread_count(*, session: Session, user_id: int) -> int:
    return (
        session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user_id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def list_notifications(
    *,
    session: Session,
    user_id: int,
    unread: bool = False,
    page: int = 1,
    per_page: int = 20,
    lang: str | None = None,
) -> NotificationList:
    """The user's notifications, newest first (only the unread ones when asked), written
    in `lang` (the page's language; the user's own by default) where they can be."""
    if lang is None:
        lang = str(session.scalar(select(User.locale).where(User.id == user_id)) or "")
    where = [Notification.user_id == user_id]
    if unread:
        where.append(Notification.read_at.is_(None))
    query = (
        select(Notification)
        .where(*where)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    found = paging.fetch(session, query, page, per_page).map(lambda row: _out(row, lang))
    return NotificationList(
        found.items,
        found.total,
        found.page,
        found.per_page,
        unread=unread_count(session=session, user_id=user_id),
    )


def _out(row: Notification, lang: str) -> NotificationOut:
    title, body = row.title, None
    if row.message:
        try:
            title, body = render(row.message, lang)
        except (KeyError, IndexError, ValueError, TypeError):
            # A key renamed or a value changed since the row was written: the words it
            # was written with still read well (a list must never fail for one row).
            title, body = row.title, None
    return record_from(
        NotificationOut, row, title=title, body=(row.body or "") if body is None else body
    )


def mark_read(
    *, session: Session, user_id: int, ids: Iterable[int] | None = None, all: bool = False
) -> int:
    """Mark the user's notifications `ids` (or all of them) read; how many stay unread.

    Ids of other users' notifications are ignored (nothing of theirs changes)."""
    where = [Notification.user_id == user_id, Notification.read_at.is_(None)]
    if not all:
        wanted = sorted({int(value) for value in (ids or ())})
        if not wanted:
            raise Invalid("give ids or all: true", field="ids")
        if len(wanted) > MAX_IDS:
            raise Invalid(f"at most {MAX_IDS} ids", field="ids")
        where.append(Notification.id.in_(wanted))
    session.execute(update(Notification).where(*where).values(read_at=utcnow()))
    return unread_count(session=session, user_id=user_id)
