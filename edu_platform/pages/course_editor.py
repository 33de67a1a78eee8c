"""/teach/course/<id>: the course editor (settings, banner, publishing, syllabus)."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.authoring_forms import labelled_switch, markdown_editor
from edu_platform.components.buttons import submit_button, upload_button, upload_row
from edu_platform.components.forms import (
    error_of,
    error_text,
    form_error,
    form_field,
    keyed,
    labelled_field,
    select_field,
)
from edu_platform.components.i18n import tr
from edu_platform.components.page_parts import field_grid, two_columns
from edu_platform.components.teach_layout import teach_page
from edu_platform.i18n import CURRENCIES
from edu_platform.pages.course_syllabus import syllabus
from edu_platform.pages.teach_courses import status_badge
from edu_platform.state.course_editor import BANNER_UPLOAD_ID, NO_CATEGORY, CourseEditorState
from edu_platform.state.i18n import LangState

S = CourseEditorState
BANNER_TYPES = {"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"]}
LEVELS = ("beginner", "intermediate", "advanced")
LANGUAGES = ("ru", "en")


# --- settings -------------------------------------------------------------------------------


def banner_block() -> rx.Component:
    # The banner and its placeholder take the same 2:1 box.
    box = {"width": "100%", "max_width": "480px", "border_radius": "8px"}
    return blocks.column(
        rx.text(tr("authoring.field.banner"), size="2", weight="medium"),
        rx.cond(
            S.banner_url != "",
            rx.image(
                src=S.banner_url,
                alt=tr("authoring.field.banner"),
                style={"aspect_ratio": "2 / 1", "object_fit": "cover"},
                **box,
            ),
            rx.center(
                rx.icon("image", size=32, color=rx.color("gray", 8)),
                style={"aspect_ratio": "2 / 1"},
                background=rx.color("gray", 3),
                **box,
            ),
        ),
        upload_row(
            upload_button(
                BANNER_UPLOAD_ID,
                "authoring.banner.upload",
                BANNER_TYPES,
                S.max_upload_bytes,
                S.upload_banner,
                S.banner_rejected,
                loading=S.banner_uploading,
                variant="surface",
            ),
            S.banner_url != "",
            "authoring.banner.remove",
            S.remove_banner,
        ),
        blocks.size_limit("authoring.banner.hint", S.max_upload_mb, "authoring.mb"),
        error_text(S.banner_error),
        spacing="2",
    )


def date_field(name: str, dates: rx.Var) -> rx.Component:
    """An optional date of the course settings form, typed in the visitor's format
    (`dates`: the stored date written in each language)."""
    return labelled_field(
        name,
        f"authoring.field.{name}",
        S.field_errors,
        required=False,
        default_value=dates[LangState.lang].to(str),
        placeholder=tr("locale.date_placeholder"),
        hint_key="locale.date_hint",
    )


def setting_select(name: str, options: list[tuple[str, str]]) -> rx.Component:
    """A select bound to the course setting `name` (the state's field and its setter)."""
    return select_field(
        f"course-{name}",
        f"authoring.field.{name}",
        options,
        value=getattr(S, name),
        on_change=getattr(S, f"set_{name}"),
        error=error_of(S.field_errors, name),
    )


def settings_form() -> rx.Component:
    errors = S.field_errors
    categories = rx.select.root(
        rx.select.trigger(id="course-category", width="100%"),
        rx.select.content(
            rx.select.item(tr("authoring.field.no_category"), value=NO_CATEGORY),
            rx.foreach(
                S.categories,
                lambda c: rx.select.item(c.names[LangState.lang].to(str), value=c.id),
            ),
        ),
        value=S.category,
        on_change=S.set_category,
    )
    return rx.card(
        rx.form(
            blocks.column(
                rx.heading(tr("authoring.settings.title"), size="4"),
                labelled_field("title", "authoring.field.title", errors, default_value=S.title),
                labelled_field(
                    "summary",
                    "authoring.field.summary",
                    errors,
                    required=False,
                    default_value=S.summary,
                ),
                markdown_editor(
                    "course-description",
                    "authoring.field.description",
                    S.description,
                    S.set_description,
                    errors,
                    "description",
                ),
                field_grid(
                    form_field(
                        "course-category",
                        "authoring.field.category",
                        categories,
                        error=error_of(errors, "category_id"),
                    ),
                    setting_select("level", keyed("authoring.level", LEVELS)),
                    setting_select("language", keyed("authoring.language", LANGUAGES)),
                    labelled_field(
                        "price",
                        "authoring.field.price",
                        errors,
                        default_value=S.price,
                        hint_key="authoring.field.price_hint",
                    ),
                    setting_select("currency", keyed("currency", CURRENCIES)),
                    labelled_field(
                        "points_per_visit",
                        "authoring.field.points_per_visit",
                        errors,
                        type_="number",
                        default_value=S.points_per_visit,
                    ),
                    date_field("start_date", S.start_date),
                    date_field("end_date", S.end_date),
                    columns=rx.breakpoints(initial="1", sm="2", md="3"),
                ),
                labelled_switch(
                    "course-sequential",
                    "authoring.field.require_sequential",
                    S.require_sequential,
                    S.set_require_sequential,
                ),
                banner_block(),
                submit_button("authoring.settings.save", loading=S.saving, size="3"),
                spacing="4",
            ),
            method="post",
            on_submit=S.save_settings,
            no_validate=True,
            reset_on_submit=False,
            # Remounted with the stored values after a save and in the other language's
            # date order after a language switch.
            key=S.form_key.to_string() + LangState.lang,
        ),
        width="100%",
    )


def publish_bar() -> rx.Component:
    return blocks.stacked_card(
        blocks.toolbar(
            blocks.row(
                blocks.muted(tr("authoring.status.label")),
                rx.box(status_badge(S.is_published), data_testid="course-status"),
                blocks.muted(
                    tr("authoring.status.lessons"),
                    " ",
                    S.lessons_count,
                ),
            ),
            rx.spacer(),
            blocks.icon_link_button(
                "eye", "authoring.view_page", S.course_page_url, size="2", is_external=True
            ),
            rx.button(
                rx.cond(S.is_published, tr("authoring.unpublish"), tr("authoring.publish")),
                on_click=S.toggle_published,
                loading=S.publishing,
                variant=rx.cond(S.is_published, "soft", "solid"),
                color_scheme=rx.cond(S.is_published, "amber", "green"),
                size="2",
            ),
        ),
        form_error(S.publish_error),
    )


def content() -> rx.Component:
    return blocks.column(
        publish_bar(),
        two_columns(settings_form(), syllabus(), wide_from="lg", spacing="5", align_items="start"),
        spacing="4",
    )


course_editor_page = teach_page(S, "", content)
