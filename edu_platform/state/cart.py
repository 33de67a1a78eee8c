"""The cart page (/cart), the header's cart count, and the course page's action button.

Messages are kept as catalogue keys (`coupon_error_key`, …) and rendered with
`components.i18n.tr_var(key, ...)`, so they follow a language switch.
"""

from __future__ import annotations

import reflex as rx

from edu_platform import db, routes
from edu_platform.i18n import price_labels
from edu_platform.services import cart, enrollment
from edu_platform.services.cart import CartView
from edu_platform.services.errors import DomainError
from edu_platform.state.auth import login_redirect
from edu_platform.state.base import Outcome, VisitorState
from edu_platform.state.orders import LineDisplay, line_display

MAX_CODE_INPUT = 64


def _as_id(value) -> int | None:
    """A positive integer id from an untrusted handler argument, else None."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class CartState(VisitorState, rx.State):
    lines: list[LineDisplay] = []
    subtotal: dict[str, str] = {}
    discount: dict[str, str] = {}
    total: dict[str, str] = {}
    has_discount: bool = False
    coupon_code: str = ""  # the applied code
    coupon_error_key: str = ""
    error_key: str = ""
    loading: bool = True
    checking_out: bool = False
    applying: bool = False
    count: int = 0

    def _show(self, view: CartView) -> None:
        self.lines = [line_display(item, view.currency) for item in view.items]
        self.subtotal = price_labels(view.subtotal, view.currency)
        self.discount = price_labels(view.discount, view.currency, minus=True)
        self.total = price_labels(view.total, view.currency)
        self.has_discount = view.discount > 0
        self.coupon_code = view.coupon_code
        self.count = len(view.items)

    async def _refresh(self, user_id: int) -> None:
        """Re-read the cart; a coupon that stopped working is dropped with its reason."""
        try:
            view = await db.run(
                cart.get_cart, user_id=user_id, coupon_code=self.coupon_code or None
            )
        except DomainError as error:
            if error.field != "coupon_code":
                raise
            self.coupon_code = ""
            self.coupon_error_key = error.message_key
            view = await db.run(cart.get_cart, user_id=user_id)
        self._show(view)

    @rx.event
    async def load(self):
        self.error_key = ""
        self.checking_out = False
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.CART)
        await self._refresh(user_id)
        self.loading = False

    @rx.event
    async def load_count(self):
        """For the header badge."""
        user_id = await self._current_user_id()
        count = 0 if user_id is None else await db.run(cart.count_items, user_id=user_id)
        if count != self.count:  # runs on every page: send the count only when it changes
            self.count = count

    @rx.event
    async def remove(self, course_id: int):
        user_id, course = await self._current_user_id(), _as_id(course_id)
        if user_id is None:
            return login_redirect(routes.CART)
        if course is None:
            return
        await db.run(cart.remove_from_cart, user_id=user_id, course_id=course)
        await self._refresh(user_id)
        return rx.toast.info(await self._text("commerce.toast.removed"))

    @rx.event
    async def apply_coupon(self, form_data: dict):
        user_id = await self._current_user_id()
        if user_id is None:
            yield login_redirect(routes.CART)
            return
        code = str(form_data.get("coupon_code", ""))[:MAX_CODE_INPUT].strip()
        self.coupon_error_key = ""
        if not code:  # "Apply" on an empty box: say what is missing, under the box
            self.coupon_error_key = "commerce.coupon.empty"
            return
        self.applying = True
        yield
        try:
            view = await db.run(cart.get_cart, user_id=user_id, coupon_code=code or None)
        except DomainError as error:
            self.coupon_error_key = error.message_key
            self.applying = False
            return
        self._show(view)
        self.applying = False

    @rx.event
    async def clear_coupon(self):
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.CART)
        self.coupon_code = ""
        self.coupon_error_key = ""
        await self._refresh(user_id)

    @rx.event
    async def checkout(self):
        """Create (or find again) the pending order for this cart and open its payment page."""
        user_id = await self._current_user_id()
        if user_id is None:
            yield login_redirect(routes.CART)
            return
        self.error_key = ""
        self.checking_out = True
        yield
        outcome = await self._run_as(user_id, cart.checkout, coupon_code=self.coupon_code or None)
        if (error := outcome.error) is not None:
            self.checking_out = False
            if error.field == "coupon_code":
                self.coupon_error_key = error.message_key
                self.coupon_code = ""
            else:
                self.error_key = error.message_key
            await self._refresh(user_id)
            return
        yield rx.redirect(routes.checkout_url(outcome.value.id))


class CourseActionState(VisitorState, rx.State):
    """Handlers of `components.course_actions.course_action_button`."""

    enrolled_ids: list[int] = []  # courses this visitor enrolled in on this page
    busy_id: int = 0

    async def _course_step(self, course_id: int, slug: str, service_fn, after):
        """Sign-in first for a visitor (back to the course page after it); for a user,
        `service_fn(course_id=...)` run as them while the course's button spins, then the
        event `after(course, outcome)` gives back."""
        course, slug = _as_id(course_id), str(slug or "")[:200]
        user_id = await self._current_user_id()
        if user_id is None:
            yield login_redirect(routes.course_url(slug))
            return
        if course is None:
            return
        self.busy_id = course
        yield
        outcome = await self._run_as(user_id, service_fn, course_id=course)
        self.busy_id = 0
        yield await after(course, outcome)

    async def _after_enrol(self, course: int, outcome: Outcome):
        if not outcome.ok:
            return outcome.feedback
        self.enrolled_ids = [*self.enrolled_ids, course]
        return await self._toast("commerce.toast.enrolled")

    async def _after_add_to_cart(self, course: int, outcome: Outcome):
        if (error := outcome.error) is not None:
            if error.message_key == "commerce.already_owned":
                self.enrolled_ids = [*self.enrolled_ids, course]
            return outcome.feedback
        (await self.get_state(CartState)).count = outcome.value
        return rx.redirect(routes.CART)

    @rx.event
    async def enrol_free(self, course_id: int, slug: str):
        steps = self._course_step(course_id, slug, enrollment.enroll_free, self._after_enrol)
        async for update in steps:
            yield update

    @rx.event
    async def buy(self, course_id: int, slug: str):
        steps = self._course_step(course_id, slug, cart.add_to_cart, self._after_add_to_cart)
        async for update in steps:
            yield update
