"""The one base a feature state mixes in: who is asking, in which language, and how a
service is called on their behalf.

    class AdminCoursesState(FeatureState, rx.State):
        ...
        @rx.event
        async def archive(self, course_id: int):
            outcome = await self._call(admin_courses.archive, course_id=course_id)
            if not outcome.ok:
                return outcome.feedback          # a toast, or None: the page shows "denied"
            return await self._toast("admin_data.courses.archived")

- `_current_user_id()` re-checks the session cookie against the database on every call (a Reflex
  handler can be called by any client); `_actor()` does the same and switches the page to
  the sign-in panel when nobody is signed in.
- `_call(fn, **kwargs)` runs the service through `db.run` with `actor_id=<verified id>`
  inside `acting_as(...)` (the audit trail records who did it). The service checks the
  role against the row it touches; `Forbidden` (`_denied_errors()`) switches the page to
  the "access denied" panel, any other `DomainError` becomes an error toast.
- `_lang()`, `_text(key)`, `_error_text(error)`, `_money(amount, currency)`: the visitor's
  language and texts from the message catalogue, formatting from i18n.py.

`VisitorState` is that base without the access panel (no state var: it adds nothing to
what the browser is sent), for the learner's pages, which send a guest to the sign-in page
and show a refusal next to the form rather than as "access denied":

    class CartState(VisitorState, rx.State):
        @rx.event
        async def checkout(self):
            user_id = await self._current_user_id()
            if user_id is None:
                return login_redirect(routes.CART)
            outcome = await self._run_as(user_id, cart.checkout, coupon_code=...)
            if not outcome.ok:
                self.error = outcome.message     # or: return outcome.feedback (a toast)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from edu_platform import db
from edu_platform.audit import acting_as
from edu_platform.i18n import format_price, has_key, translate
from edu_platform.services.accounts import CurrentUser
from edu_platform.services.errors import DomainError, Forbidden
from edu_platform.state.auth import AuthState
from edu_platform.state.i18n import LangState

# Access to a protected page: checking (before on_load answers), ok, denied, signin.
CHECKING, OK, DENIED, SIGN_IN = "checking", "ok", "denied", "signin"


async def verified_user(state: rx.State) -> CurrentUser | None:
    """Whoever holds `state`, the session cookie re-checked against the database."""
    return await (await state.get_state(AuthState)).verified_user()


async def verified_user_id(state: rx.State) -> int | None:
    user = await verified_user(state)
    return user.id if user else None


def valid_id(value: object) -> int | None:
    """`value` as a row id when it is a positive int (a browser argument is untrusted)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return None
    return value


@dataclass
class Outcome:
    """What `_call` gives back: the service's value, or the error and what to show."""

    ok: bool
    value: Any = None
    error: DomainError | None = None
    # The event to return from the handler (an error toast), or None when the page itself
    # already shows why (the sign-in or access-denied panel).
    feedback: Any = None
    # The error's text in the visitor's language ("" when it went well).
    message: str = ""


def error_message(error: DomainError, lang: str) -> str:
    """The translated message of a domain error, its {placeholders} filled; a key the
    catalogue lacks, or placeholders its params do not fill, read as "invalid"."""
    key = error.message_key if has_key(error.message_key) else "error.invalid"
    try:
        return translate(key, lang, **error.params)
    except (KeyError, IndexError):
        return translate(key, lang) if not error.params else translate("error.invalid", lang)


def too_large(rejected: list[dict]) -> bool:
    """Whether the browser refused a file (an upload's on_drop_rejected list) for its size
    rather than its type."""
    codes = {
        str(error.get("code", ""))
        for item in rejected or []
        if isinstance(item, dict)
        for error in item.get("errors", []) or []
        if isinstance(error, dict)
    }
    return "file-too-large" in codes


def form_errors(error: DomainError | None, message: str) -> tuple[str, dict[str, str]]:
    """A form's (message, {field: message}) after a call: the error's text (`message`) goes
    next to the field it names, else above the form; both empty when there is no error."""
    if error is None:
        return "", {}
    if error.field:
        return "", {error.field: message}
    return message, {}


class VisitorState(rx.State, mixin=True):
    """Who is asking, in which language, and calling a service as them (no state vars)."""

    # --- who is asking -----------------------------------------------------------------

    async def _current_user(self) -> CurrentUser | None:
        return await verified_user(self)

    async def _current_user_id(self) -> int | None:
        return await verified_user_id(self)

    async def _current_role(self) -> str:
        """The signed-in user's role ("" for a guest). Display only: services decide."""
        user = await self._current_user()
        return user.role if user else ""

    # --- language and texts ------------------------------------------------------------

    async def _lang(self) -> str:
        return (await self.get_state(LangState)).lang

    async def _text(self, key: str, **params: object) -> str:
        return translate(key, await self._lang(), **params)

    async def _error_text(self, error: DomainError) -> str:
        return error_message(error, await self._lang())

    async def _money(self, amount: object, currency: str) -> str:
        return format_price(amount, currency, await self._lang())

    async def _toast(self, key: str, **params: object):
        return rx.toast.success(await self._text(key, **params))

    async def _error_toast(self, key: str, **params: object):
        return rx.toast.error(await self._text(key, **params))

    # --- calling a service as a verified user ------------------------------------------

    async def _run_as(
        self,
        user_id: int | None,
        fn: Callable[..., Any],
        /,
        *,
        actor_arg: str = "user_id",
        read_only: bool = False,
        **kwargs: Any,
    ) -> Outcome:
        """Run `fn(session=..., <actor_arg>=user_id, **kwargs)` with the audit actor set.

        `user_id` comes from `_current_user_id()` (verified in this handler; None for a guest,
        whom the service refuses). A DomainError
        comes back in the outcome with its text (`message`) and an error toast (`feedback`).
        """
        try:
            with acting_as(user_id):
                value = await db.run(fn, read_only=read_only, **{actor_arg: user_id}, **kwargs)
        except DomainError as error:
            message = await self._error_text(error)
            return Outcome(ok=False, error=error, feedback=rx.toast.error(message), message=message)
        return Outcome(ok=True, value=value)


class FeatureState(VisitorState, mixin=True):
    """`VisitorState` with the page's access panel: checking, ok, denied or sign-in."""

    access: str = CHECKING

    async def _actor(self) -> int | None:
        """The verified user id, or None after switching the page to the sign-in panel."""
        user_id = await self._current_user_id()
        if user_id is None:
            self._deny(SIGN_IN)
        return user_id

    # --- access ------------------------------------------------------------------------

    def _clear_rows(self) -> None:
        """Drop every private value the page holds (override in the page state)."""

    def _denied_errors(self) -> tuple[type[DomainError], ...]:
        """Errors meaning "this visitor may not see the page" (default: Forbidden)."""
        return (Forbidden,)

    def _deny(self, access: str) -> None:
        self.access = access
        self._clear_rows()

    # --- calling a service as this actor -----------------------------------------------

    async def _call(
        self,
        fn: Callable[..., Any],
        /,
        *,
        actor_arg: str = "actor_id",
        read_only: bool = False,
        denied: tuple[type[DomainError], ...] | None = None,
        **kwargs: Any,
    ) -> Outcome:
        """Run `fn(session=..., <actor_arg>=<verified user id>, **kwargs)` as that user.

        `denied`: the errors that switch the page to "access denied" (default
        `_denied_errors()`; `()` for a form that shows every error next to a field).
        """
        refusals: tuple[type[DomainError], ...] = (
            self._denied_errors() if denied is None else denied
        )
        actor_id = await self._actor()
        if actor_id is None:
            return Outcome(ok=False)
        outcome = await self._run_as(
            actor_id, fn, actor_arg=actor_arg, read_only=read_only, **kwargs
        )
        if isinstance(outcome.error, refusals):
            self._deny(DENIED)
            outcome.feedback = None
        return outcome

    async def _try(self, fn: Callable[..., Any], /, **kwargs: Any) -> tuple[bool, Any]:
        """`_call` for editors that show any domain error next to its field: (True, value),
        (False, the DomainError), or (False, None) when nobody is signed in."""
        outcome = await self._call(fn, denied=(), **kwargs)
        return outcome.ok, outcome.value if outcome.ok else outcome.error
