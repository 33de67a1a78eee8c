"""/teach/course/<id>: the course editor — settings, banner, publishing, and the syllabus.

Every handler re-verifies the signed-in user and hands the ids it got (untrusted: any
client may send any) to services/authoring, which checks them against the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import reflex as rx

from edu_platform import db
from edu_platform.i18n import LANGUAGES, date_input_value, parse_date_input, translate
from edu_platform.routes import course_url
from edu_platform.services import authoring
from edu_platform.services.authoring import CategoryChoice, CourseSettings, ModuleRow
from edu_platform.services.errors import DomainError, Forbidden, NotFound
from edu_platform.settings import settings
from edu_platform.state.base import CHECKING, DENIED, OK, SIGN_IN, FeatureState, too_large

BANNER_UPLOAD_ID = "banner-upload"
NO_CATEGORY = "none"  # a Radix select item cannot have the empty value
SETTINGS_TEXT_FIELDS = ("title", "summary", "price", "points_per_visit")
# Typed in the language's order (RU 05.03.2026, EN 03/05/2026), stored as ISO dates.
SETTINGS_DATE_FIELDS = ("start_date", "end_date")


def _date_texts(iso: str) -> dict[str, str]:
    day = date.fromisoformat(iso) if iso else None
    return {lang: date_input_value(day, lang) for lang in LANGUAGES}


class CourseEditorState(FeatureState, rx.State):
    course_id: int = 0
    course_title: str = ""
    slug: str = ""
    # The settings form: text inputs are read from the submitted form; these hold what the
    # form starts with and the controlled parts (description, selects, switch).
    title: str = ""
    summary: str = ""
    description: str = ""
    category: str = NO_CATEGORY
    level: str = "beginner"
    language: str = "ru"
    price: str = "0.00"
    currency: str = "RUB"
    # The dates as each language's form shows them: {"ru": "05.03.2026", "en": "03/05/2026"}.
    start_date: dict[str, str] = {}
    end_date: dict[str, str] = {}
    points_per_visit: str = "0"
    require_sequential: bool = False
    is_published: bool = False
    banner_url: str = ""
    lessons_count: int = 0
    categories: list[CategoryChoice] = []
    field_errors: dict[str, str] = {}
    form_key: int = 0
    saving: bool = False
    publishing: bool = False
    publish_error: str = ""
    banner_error: str = ""
    banner_uploading: bool = False
    # The syllabus
    modules: list[ModuleRow] = []
    syllabus_error: str = ""
    module_error: str = ""
    module_form_key: int = 0
    lesson_errors: dict[str, str] = {}  # by module id
    busy: bool = False
    rename_id: int = 0
    rename_title: str = ""
    rename_error: str = ""
    confirm_kind: str = ""  # "module" | "lesson" while the delete dialog is open
    confirm_id: int = 0
    confirm_title: str = ""

    @rx.var
    def max_upload_bytes(self) -> int:
        return settings.max_upload_bytes

    @rx.var
    def max_upload_mb(self) -> int:
        return settings.max_upload_mb

    @rx.var
    def course_page_url(self) -> str:
        return course_url(self.slug) if self.slug else ""

    # --- plumbing ---------------------------------------------------------------------------

    def _show_settings(self, data: CourseSettings) -> None:
        self.course_id, self.course_title, self.slug = data.id, data.title, data.slug
        self.title, self.summary, self.description = data.title, data.summary, data.description
        self.category = data.category_id or NO_CATEGORY
        self.level, self.language = data.level, data.language
        self.price, self.currency = data.price, data.currency
        self.start_date, self.end_date = _date_texts(data.start_date), _date_texts(data.end_date)
        self.points_per_visit = str(data.points_per_visit)
        self.require_sequential, self.is_published = data.require_sequential, data.is_published
        self.banner_url, self.lessons_count = data.banner_url, data.lessons_count

    async def _reload_settings(self) -> None:
        ok, data = await self._try(authoring.course_settings, course_id=self.course_id)
        if ok:
            self._show_settings(data)

    async def reload_syllabus(self) -> None:
        ok, modules = await self._try(authoring.syllabus, course_id=self.course_id)
        if ok:
            self.modules = modules
        ok, data = await self._try(authoring.course_settings, course_id=self.course_id)
        if ok:
            self.lessons_count = data.lessons_count

    @rx.event
    async def load(self):
        self.access, self.modules, self.field_errors, self.lesson_errors = CHECKING, [], {}, {}
        self.publish_error = self.banner_error = self.syllabus_error = self.module_error = ""
        self.confirm_kind, self.rename_id = "", 0
        try:
            self.course_id = int(str(self.course_ref))
        except ValueError:
            self.course_id = 0
        if self.course_id <= 0:
            self.access = DENIED if await self._actor() is not None else SIGN_IN
            return
        ok, data = await self._try(authoring.course_settings, course_id=self.course_id)
        if not ok:
            if isinstance(data, NotFound | Forbidden):
                self.access = DENIED  # no such course, or not this user's to edit
            return
        self._show_settings(data)
        self.categories = await db.run(authoring.category_choices)
        ok, modules = await self._try(authoring.syllabus, course_id=self.course_id)
        self.modules = modules if ok else []
        self.form_key += 1
        self.access = OK

    # --- settings ---------------------------------------------------------------------------

    @rx.event
    def set_description(self, value: str):
        self.description = str(value)[:100_000]

    @rx.event
    def set_category(self, value: str):
        self.category = str(value)[:20]

    @rx.event
    def set_level(self, value: str):
        self.level = str(value)[:20]

    @rx.event
    def set_language(self, value: str):
        self.language = str(value)[:5]

    @rx.event
    def set_currency(self, value: str):
        self.currency = str(value)[:3]

    @rx.event
    def set_require_sequential(self, value: bool):
        self.require_sequential = bool(value)

    @rx.event
    async def save_settings(self, form_data: dict):
        changes: dict[str, Any] = {
            field: str(form_data.get(field, ""))[:2000] for field in SETTINGS_TEXT_FIELDS
        }
        lang = await self._lang()
        for field in SETTINGS_DATE_FIELDS:
            try:
                typed = parse_date_input(str(form_data.get(field, ""))[:40], lang)
            except ValueError:
                self.field_errors = {field: translate("authoring.error.date", lang)}
                return
            changes[field] = typed.isoformat() if typed else ""
        changes.update(
            currency=self.currency,
            description=self.description,
            category_id=None if self.category == NO_CATEGORY else self.category,
            level=self.level,
            language=self.language,
            require_sequential=self.require_sequential,
        )
        self.saving = True
        yield
        ok, result = await self._try(
            authoring.update_course, course_id=self.course_id, changes=changes
        )
        self.saving = False
        if not ok:
            if isinstance(result, DomainError):
                self.field_errors = {result.field or "title": await self._error_text(result)}
            return
        self.field_errors = {}
        await self._reload_settings()
        self.form_key += 1  # show the stored (normalised) values: "1990" → "1990.00"
        yield await self._toast("authoring.settings.saved")

    @rx.event
    async def toggle_published(self):
        self.publishing, self.publish_error = True, ""
        yield
        fn = authoring.unpublish_course if self.is_published else authoring.publish_course
        ok, result = await self._try(fn, course_id=self.course_id)
        self.publishing = False
        if not ok:
            if isinstance(result, DomainError):
                self.publish_error = await self._error_text(result)
            return
        self.is_published = result.is_published

    @rx.event
    async def upload_banner(self, files: list[rx.UploadFile]):
        """The browser's size limit is advisory (TOOLCHAIN.md, Reflex 7): checked again here."""
        lang = await self._lang()
        if not files:  # a refused file: the rejection's message stays (the events race)
            return
        self.banner_error = ""
        upload = files[0]
        limit = settings.max_upload_bytes
        if upload.size is not None and upload.size > limit:
            self.banner_error = _too_large(lang)
            return
        self.banner_uploading = True
        yield
        data = await upload.read(limit + 1)
        ok, result = await self._try(authoring.set_banner, course_id=self.course_id, data=data)
        self.banner_uploading = False
        if ok:
            self.banner_url = result
        elif isinstance(result, DomainError):
            self.banner_error = await self._error_text(result)

    @rx.event
    async def banner_rejected(self, rejected: list[dict]):
        self.banner_error = _rejected_text(
            rejected, await self._lang(), "authoring.error.banner_type"
        )

    @rx.event
    async def remove_banner(self):
        ok, _ = await self._try(authoring.remove_banner, course_id=self.course_id)
        if ok:
            self.banner_url, self.banner_error = "", ""

    # --- modules ----------------------------------------------------------------------------

    async def _syllabus_change(self, fn: Callable[..., Any], **kwargs: Any) -> bool:
        self.busy = True
        ok, result = await self._try(fn, **kwargs)
        self.busy = False
        self.syllabus_error = ""
        if not ok and isinstance(result, DomainError):
            self.syllabus_error = await self._error_text(result)
        await self.reload_syllabus()
        return ok

    @rx.event
    async def add_module(self, form_data: dict):
        ok, result = await self._try(
            authoring.add_module,
            course_id=self.course_id,
            title=str(form_data.get("module_title", ""))[:400],
        )
        if not ok:
            if isinstance(result, DomainError):
                self.module_error = await self._error_text(result)
            return
        self.module_error = ""
        self.module_form_key += 1
        await self.reload_syllabus()

    @rx.event
    def start_rename(self, module_id: int, title: str):
        self.rename_id, self.rename_title, self.rename_error = module_id, str(title)[:300], ""

    @rx.event
    def set_rename_title(self, value: str):
        self.rename_title = str(value)[:400]

    @rx.event
    def set_rename_open(self, value: bool):
        if not value:
            self.rename_id, self.rename_error = 0, ""

    @rx.event
    async def save_rename(self):
        ok, result = await self._try(
            authoring.rename_module, module_id=self.rename_id, title=self.rename_title
        )
        if not ok:
            if isinstance(result, DomainError):
                self.rename_error = await self._error_text(result)
            return
        self.rename_id, self.rename_error = 0, ""
        await self.reload_syllabus()

    @rx.event
    async def move_module(self, module_id: int, direction: str):
        await self._syllabus_change(authoring.move_module, module_id=module_id, direction=direction)

    # --- lessons ----------------------------------------------------------------------------

    @rx.event
    async def add_lesson(self, form_data: dict):
        key = str(form_data.get("module_id", ""))[:20]
        ok, result = await self._try(
            authoring.add_lesson,
            module_id=key,
            title=str(form_data.get("lesson_title", ""))[:400],
            kind=str(form_data.get("lesson_kind", "") or "text")[:20],
        )
        errors = {k: v for k, v in self.lesson_errors.items() if k != key}
        if not ok:
            if isinstance(result, DomainError):
                errors[key] = await self._error_text(result)
            self.lesson_errors = errors
            return
        self.lesson_errors = errors
        self.module_form_key += 1
        await self.reload_syllabus()

    @rx.event
    async def move_lesson(self, lesson_id: int, direction: str):
        await self._syllabus_change(authoring.move_lesson, lesson_id=lesson_id, direction=direction)

    @rx.event
    async def move_lesson_to(self, lesson_id: int, module_id: int):
        await self._syllabus_change(
            authoring.move_lesson_to_module, lesson_id=lesson_id, module_id=module_id
        )

    # --- deleting (confirmed in a dialog) ---------------------------------------------------

    @rx.event
    def ask_delete(self, kind: str, item_id: int, title: str):
        if kind in ("module", "lesson"):
            self.confirm_kind, self.confirm_id, self.confirm_title = kind, item_id, str(title)

    @rx.event
    def set_confirm_open(self, value: bool):
        if not value:
            self.confirm_kind, self.confirm_id = "", 0

    @rx.event
    async def confirm_delete(self):
        kind, item_id = self.confirm_kind, self.confirm_id
        self.confirm_kind, self.confirm_id = "", 0
        if kind == "module":
            await self._syllabus_change(authoring.delete_module, module_id=item_id)
        elif kind == "lesson":
            await self._syllabus_change(authoring.delete_lesson, lesson_id=item_id)


def _too_large(lang: str) -> str:
    return translate("authoring.error.file_too_large", lang, mb=settings.max_upload_mb)


def _rejected_text(rejected: list[dict], lang: str, type_key: str) -> str:
    """Why the browser refused a file (size or type), in the page's language."""
    return _too_large(lang) if too_large(rejected) else translate(type_key, lang)
