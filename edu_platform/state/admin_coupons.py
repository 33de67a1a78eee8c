"""/admin/coupons: every coupon with its use count; create one, turn one off or on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

import reflex as rx

from edu_platform.i18n import parse_date_input
from edu_platform.models import CouponKind
from edu_platform.services import coupon_admin, coupons
from edu_platform.services.errors import DomainError, Invalid
from edu_platform.state.admin_lists import ListPager, choice, day, text_input
from edu_platform.state.base import form_errors

KINDS = tuple(k.value for k in CouponKind)


@dataclass
class CouponItem:
    id: int
    code: str
    discount: str
    course: str
    expires: str
    used: str
    is_active: bool
    status: str  # coupons.usable_status: active | inactive | expired | used_up


def _end_of_day(form_data: dict, lang: str) -> datetime | None:
    """The last moment (UTC) of the day typed in the language's order ('31.12.2026')."""
    try:
        day = parse_date_input(text_input(form_data, "expires_at", 20), lang)
        return datetime.combine(day, time.max, tzinfo=UTC) if day else None
    except ValueError:
        raise Invalid(
            "bad date", message_key="coupons.error.expires_at", field="expires_at"
        ) from None


class AdminCouponsState(ListPager, rx.State):
    rows: list[CouponItem] = []
    q: str = ""
    saving: bool = False
    form_key: int = 0  # bumped after a create to reset the form's fields
    # The create form's messages under their fields ({form field name: message}); one
    # without a field goes above the form.
    field_errors: dict[str, str] = {}
    form_message: str = ""
    # The course box's suggestions as the admin types (coupon_admin.course_choices).
    course_choices: list[coupon_admin.CourseChoice] = []

    async def _fetch(self, user_id: int) -> None:
        lang = await self._lang()
        items = await self._read_page(
            coupon_admin.admin_coupons,
            user_id,
            q=self.q,
        )
        site_wide = await self._text("coupons.site_wide")
        no_limit = await self._text("coupons.no_limit")
        no_expiry = await self._text("coupons.no_expiry")
        rows, now = [], datetime.now(UTC)
        for row in items:
            discount = (
                f"{row.value.normalize():f} %"
                if row.kind == CouponKind.PERCENT
                else await self._money(row.value, "RUB")
            )
            limit = str(row.usage_limit) if row.usage_limit is not None else no_limit
            rows.append(
                CouponItem(
                    id=row.id,
                    code=row.code,
                    discount=discount,
                    course=f"#{row.course_id} {row.course_title}" if row.course_id else site_wide,
                    expires=day(row.valid_until, lang) or no_expiry,
                    used=f"{row.used_count} / {limit}",
                    is_active=row.is_active,
                    status=coupons.usable_status(row, now=now),
                )
            )
        self.rows = rows

    @rx.event
    async def create(self, form_data: dict):
        try:
            values = {
                "code": text_input(form_data, "code", 100),
                "kind": choice(form_data.get("kind", ""), KINDS, ""),
                "value": text_input(form_data, "value", 20).replace(",", "."),
                # "12", "#12" or a slug: the service finds the course (coupon_admin).
                "course_ref": text_input(form_data, "course_id", 200),
                "valid_until": _end_of_day(form_data, await self._lang()),
                "usage_limit": text_input(form_data, "max_uses", 20),  # read by the service
            }
        except Invalid as error:
            await self._show_form_error(error)
            return
        self.field_errors, self.form_message = {}, ""
        self.saving = True
        yield
        try:
            outcome = await self._call(coupon_admin.create_coupon, **values)
        finally:
            self.saving = False
        if not outcome.ok:
            if outcome.error is not None:
                await self._show_form_error(outcome.error)
            else:
                yield outcome.feedback
            return
        self.form_key += 1
        self.current_page = 1
        await self._refresh()
        yield await self._toast("coupons.created")

    @rx.event
    async def suggest_courses(self, text: str):
        """Fill the course box's suggestions with the courses matching what is typed."""
        if not isinstance(text, str):
            return
        outcome = await self._call(coupon_admin.course_choices, q=text[:200], read_only=True)
        self.course_choices = outcome.value if outcome.ok else []

    async def _show_form_error(self, error: DomainError) -> None:
        """The refusal under the field it names (the service names the form's fields), or
        above the form; the form keeps what was typed."""
        self.form_message, self.field_errors = form_errors(error, await self._error_text(error))

    @rx.event
    async def set_active(self, coupon_id: int, active: bool):
        self._busy(coupon_id)
        yield
        yield await self._mutate(
            coupon_admin.update_coupon,
            done_key="coupons.enabled" if active is True else "coupons.disabled",
            coupon_id=self.busy_id,
            changes={"is_active": active is True},
        )
