"""What a visitor sees when an event fails because the database or Redis is unreachable
(restarting, failing over): a clear "try again in a few seconds" toast in both
languages, not Reflex's "An error occurred. Contact the website administrator."
The API answers the same situation with 503 `unavailable` (api/app.py)."""

import logging

import reflex as rx
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from reflex.app import default_backend_exception_handler
from reflex.event import EventSpec
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from edu_platform.i18n import translate

log = logging.getLogger(__name__)
_UNREACHABLE = (OperationalError, PoolTimeoutError, RedisConnectionError, RedisTimeoutError)


def is_outage(exception: Exception) -> bool:
    """The database or Redis could not be reached (nothing the visitor did wrong)."""
    if isinstance(exception, _UNREACHABLE):
        return True
    return isinstance(exception, DBAPIError) and bool(exception.connection_invalidated)


def outage_message() -> tuple[str, str]:
    """(title, description) in Russian and English: the handler does not know the
    visitor's language."""
    title = f"{translate('outage.title', 'ru')} / {translate('outage.title', 'en')}"
    description = f"{translate('outage.retry', 'ru')}\n{translate('outage.retry', 'en')}"
    return title, description


def backend_exception_handler(exception: Exception) -> EventSpec:
    """rx.App's backend_exception_handler: outages get the retry toast, the rest Reflex's."""
    if not is_outage(exception):
        return default_backend_exception_handler(exception)
    log.warning("event failed, service unreachable: %s", str(exception).splitlines()[0][:300])
    title, description = outage_message()
    return rx.toast.error(
        title,
        description=description,
        id="backend_error",
        position="top-center",
        fallback_to_alert=True,
    )
