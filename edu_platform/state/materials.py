""" "My materials" (/account/materials) and the material editor
(/account/materials/[material_id]): title, summary and Markdown lessons."""

from __future__ import annotations

import reflex as rx

from edu_platform import db, routes
from edu_platform.services import materials
from edu_platform.services.errors import DomainError
from edu_platform.services.materials import MaterialLesson, MaterialRow
from edu_platform.state.auth import login_redirect
from edu_platform.state.base import Outcome, VisitorState


class MyMaterialsState(VisitorState, rx.State):
    rows: list[MaterialRow] = []
    loaded: bool = False
    creating: bool = False
    form_error: str = ""

    @rx.event
    async def load(self):
        self.loaded, self.form_error = False, ""
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.MY_MATERIALS)
        self.rows = await db.run(materials.my_materials, user_id=user_id)
        self.loaded = True

    @rx.event
    async def create(self, form_data: dict):
        self.form_error = ""
        user_id = await self._current_user_id()
        if user_id is None:
            yield login_redirect(routes.MY_MATERIALS)
            return
        self.creating = True
        yield
        outcome = await self._run_as(
            user_id,
            materials.create_material,
            actor_arg="actor_id",
            title=str(form_data.get("title", ""))[:300],
            summary=str(form_data.get("summary", ""))[:1000],
        )
        self.creating, self.form_error = False, outcome.message
        if not outcome.ok:
            return
        course = outcome.value
        assert course.id is not None  # stored
        yield rx.redirect(routes.edit_material_url(course.id))


class MaterialEditorState(VisitorState, rx.State):
    editing_id: int = 0
    course_slug: str = ""
    title: str = ""
    summary: str = ""
    lessons: list[MaterialLesson] = []
    is_published: bool = False
    is_hidden: bool = False
    new_lesson: str = ""
    preview: bool = False
    loaded: bool = False
    missing: bool = False
    saving: bool = False
    form_error: str = ""

    async def _fill(self, user_id: int, material_id: object) -> None:
        draft = await db.run(materials.material_draft, actor_id=user_id, material_id=material_id)
        self.editing_id, self.course_slug = draft.id, draft.slug
        self.title, self.summary, self.lessons = draft.title, draft.summary, draft.lessons
        self.is_published, self.is_hidden = draft.is_published, draft.is_hidden

    @rx.event
    async def load(self):
        self.loaded, self.missing, self.preview, self.form_error = False, False, False, ""
        raw = str(self.material_id or "")[:20]  # the [material_id] route parameter
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.edit_material_url(raw))
        try:
            await self._fill(user_id, raw)
        except DomainError:
            self.missing = True
        self.loaded = True

    @rx.event
    def set_title(self, value: str):
        self.title = str(value)[:300]

    @rx.event
    def set_summary(self, value: str):
        self.summary = str(value)[:1000]

    @rx.event
    def set_new_lesson(self, value: str):
        self.new_lesson = str(value)[:300]

    @rx.event
    def set_lesson_title(self, index: int, value: str):
        if 0 <= index < len(self.lessons):
            self.lessons[index].title = str(value)[:300]
            self.lessons = list(self.lessons)

    @rx.event
    def set_lesson_body(self, index: int, value: str):
        if 0 <= index < len(self.lessons):
            self.lessons[index].body = str(value)[:100_000]
            self.lessons = list(self.lessons)

    @rx.event
    def toggle_preview(self):
        self.preview = not self.preview

    async def _save(self, user_id: int) -> Outcome:
        return await self._run_as(
            user_id,
            materials.save_material,
            actor_arg="actor_id",
            material_id=self.editing_id,
            title=self.title,
            summary=self.summary,
            lessons=[
                {"id": lesson.id, "title": lesson.title, "body": lesson.body}
                for lesson in self.lessons
            ],
        )

    @rx.event
    async def save(self):
        self.form_error = ""
        user_id = await self._current_user_id()
        if user_id is None:
            return
        self.saving = True
        yield
        outcome = await self._save(user_id)
        self.saving, self.form_error = False, outcome.message
        if outcome.ok:
            yield await self._toast("materials.saved")

    @rx.event
    async def add_lesson(self):
        self.form_error = ""
        user_id = await self._current_user_id()
        if user_id is None:
            return
        outcome = await self._save(user_id)
        if outcome.ok:
            outcome = await self._run_as(
                user_id,
                materials.add_lesson,
                actor_arg="actor_id",
                material_id=self.editing_id,
                title=self.new_lesson,
            )
        if not outcome.ok:
            self.form_error = outcome.message
            return
        self.new_lesson = ""
        await self._fill(user_id, self.editing_id)

    @rx.event
    async def delete_lesson(self, lesson_id: int):
        user_id = await self._current_user_id()
        if user_id is None:
            return
        outcome = await self._run_as(
            user_id, materials.delete_lesson, actor_arg="actor_id", lesson_id=lesson_id
        )
        if not outcome.ok:
            self.form_error = outcome.message
            return
        await self._fill(user_id, self.editing_id)
