"""/account cards: the time zone (a native select of IANA zones) and a teacher's bio."""

from __future__ import annotations

import zoneinfo

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.buttons import save_row, submit_button
from edu_platform.components.forms import area_field, form_field
from edu_platform.components.i18n import tr
from edu_platform.components.time_zone import zone_probe
from edu_platform.state.auth import AuthState
from edu_platform.state.profile_extras import ProfileExtrasState as S

# Region/City names (and UTC), including the aliases some browsers report.
_NAMED = (
    name
    for name in zoneinfo.available_timezones()
    if "/" in name and not name.startswith(("SystemV/", "posix/", "right/"))
)
ZONE_CHOICES = ["UTC", *sorted(_NAMED)]


def time_zone_form() -> rx.Component:
    control = rx.el.select(
        rx.el.option(tr("teacher.time_zone.unset"), value=""),
        *[rx.el.option(name.replace("_", " "), value=name) for name in ZONE_CHOICES],
        id="field-time_zone",
        name="time_zone",
        value=S.time_zone,
        on_change=S.choose_zone,
        aria_invalid=rx.cond(S.zone_error != "", "true", "false"),
        class_name="rt-reset rt-SelectTrigger rt-r-size-3 rt-variant-surface",
        style={"width": "100%", "max_width": "100%"},
    )
    return blocks.post_form(
        S.save_zone,
        form_field(
            "field-time_zone",
            "teacher.time_zone.field",
            control,
            error=S.zone_error,
            hint_key="teacher.time_zone.hint",
        ),
        save_row(
            submit_button("teacher.time_zone.save", variant="soft"),
            S.zone_saved,
            "teacher.profile.saved",
        ),
        spacing="2",
        data_testid="time-zone-form",
    )


def bio_form() -> rx.Component:
    """A teacher's bio (Markdown), shown on their course pages and public page."""
    return blocks.post_form(
        S.save_bio,
        area_field(
            "field-bio",
            "teacher.profile.bio",
            error=S.bio_error,
            hint_key="teacher.profile.bio_hint",
            name="bio",
            default_value=S.bio,
            rows="5",
            max_length=2000,
        ),
        save_row(
            submit_button("teacher.profile.save"),
            S.bio_saved,
            "teacher.profile.saved",
            rx.spacer(),
            rx.link(tr("teacher.profile.public_page"), href=S.public_url, size="2"),
        ),
        spacing="2",
        key=S.bio_form_key.to_string(),
        data_testid="bio-form",
    )


def profile_extras() -> rx.Component:
    """The time-zone card for everyone, the bio card for teachers (once loaded)."""
    return rx.fragment(
        zone_probe(S.load),
        rx.cond(
            S.loaded,
            rx.fragment(
                blocks.section_card("teacher.time_zone.card", time_zone_form()),
                rx.cond(
                    AuthState.is_teacher,
                    blocks.section_card("teacher.profile.title", bio_form()),
                ),
            ),
        ),
    )
